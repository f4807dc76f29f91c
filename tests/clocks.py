"""Clocks for tests and benchmarks that never read the machine's time of day.

`ManualClock` (tests/conftest.py) stands still until a test moves it. `ShiftedClock` runs at real
speed but from a chosen moment, so a burst of postings, back-off timers and time-outs behave as
in real life while the date and hour are fixed by the test: the same in a child process (give it
`clock.spec()`, rebuild it with `ShiftedClock.from_spec`), whatever the machine's hour or TZ.
"""
from __future__ import annotations

import datetime as dt
import time

BRANCH_TZ = dt.timezone(dt.timedelta(hours=8))  # the demo branch's offset (Asia/Shanghai, no DST)
MID_MORNING = dt.datetime(2026, 11, 23, 9, 30, tzinfo=BRANCH_TZ)  # a Monday, inside business hours


def at_hour(hour: int, minute: int = 0, day: dt.datetime = MID_MORNING) -> dt.datetime:
    """The same business date as `day` at HH:MM branch time."""
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)


class ShiftedClock:
    """Reads `start` at the real instant `anchor` (seconds since the epoch; default: now) and runs
    on at real speed from there."""

    def __init__(self, start: dt.datetime = MID_MORNING, anchor: float | None = None):
        if start.tzinfo is None:
            raise ValueError("ShiftedClock needs a timezone-aware start")
        self.start = start
        self.anchor = time.time() if anchor is None else anchor

    def now(self) -> dt.datetime:
        return self.start + dt.timedelta(seconds=time.time() - self.anchor)

    def spec(self) -> str:
        """This clock as one command-line argument, for a child process."""
        return f"{self.start.isoformat()}@{self.anchor!r}"

    @classmethod
    def from_spec(cls, spec: str) -> "ShiftedClock":
        start, anchor = spec.rsplit("@", 1)
        return cls(dt.datetime.fromisoformat(start), float(anchor))
