"""Keyboard-wedge badge readers: a USB reader that "types" the badge number and Enter
(protocols.md §4). Telling it from a person typing is a matter of speed: the reader's
keystrokes come a few milliseconds apart, a person's a hundred or more.

UID mapping. Our badge UIDs are 10 hex characters: the RDM6300's version byte and the
32-bit tag. A wedge reader types only the 32-bit tag, as 10 zero-padded decimal digits,
so the version byte is unknown; we take it as "00":

    "3808980205"  (tag 0xE3086CED)  ->  "00E3086CED"

A badge enrolled from an RDM6300 reading ("62E3086CED") therefore needs a second
enrolment as "00E3086CED" to be usable on a wedge reader. Ten digits are always read as
decimal when they fit in 32 bits (that is what wedge readers send); ten characters with
hex letters, or ten digits above 4294967295, are taken as a hex UID and pass through.
"""
from __future__ import annotations

import time
from typing import Callable

UID_LENGTH = 10
MAX_TAG = 0xFFFFFFFF
_HEX = frozenset("0123456789ABCDEFabcdef")


def wedge_uid(text: str) -> str | None:
    """The 10-hex UID for what a wedge reader typed, or None if it is not a badge number."""
    if len(text) != UID_LENGTH or not set(text) <= _HEX:
        return None
    if text.isdigit() and int(text) <= MAX_TAG:
        return f"00{int(text):08X}"
    return text.upper()


class WedgeDetector:
    """Fed every keystroke of a field; says at Enter whether a reader typed it.

    A burst is a run of characters each less than `max_gap_s` after the one before; a long
    pause starts a new burst (whatever a person typed before a badge is swiped does not
    spoil the reading). Enter yields a UID only when the burst is exactly 10 digits or
    10 hex characters and Enter itself came fast too."""

    def __init__(self, max_gap_s: float = 0.05, clock: Callable[[], float] = time.monotonic):
        self.max_gap_s = max_gap_s
        self._clock = clock
        self._burst: list[str] = []
        self._last: float | None = None

    def reset(self) -> None:
        """A key that is not part of a badge number (Backspace, arrows, Tab): a person editing."""
        self._burst.clear()
        self._last = None

    def _fast(self, at: float) -> bool:
        return self._last is not None and at - self._last < self.max_gap_s

    def key(self, char: str, at: float | None = None) -> None:
        at = self._clock() if at is None else at
        if not self._fast(at):
            self._burst.clear()
        self._burst.append(char)
        self._last = at

    def enter(self, at: float | None = None) -> str | None:
        at = self._clock() if at is None else at
        uid = wedge_uid("".join(self._burst)) if self._fast(at) else None
        self.reset()
        return uid
