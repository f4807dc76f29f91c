"""The simulated badge reader for demo, training and tests: `present(uid)` stands for a badge
held to the reader. Like a real reader it calls back from its own thread, so code that
would only work on the caller's thread fails here too."""
from __future__ import annotations

import logging
import queue
import threading
from typing import Callable

from teller.domain.errors import TellerError

log = logging.getLogger(__name__)
_HEX = frozenset("0123456789ABCDEF")


class SimulatedBadgeReader:
    """teller.ports.BadgeReader without hardware."""

    kind = "badge"
    name = "simulated"

    def __init__(self):
        self._queue: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self.state = "stopped"

    @classmethod
    def is_usable(cls, options: dict | None = None) -> tuple[bool, str]:
        return True, "no hardware: badges are presented on screen"

    @classmethod
    def from_options(cls, options: dict) -> SimulatedBadgeReader:
        return cls()

    def start(self, on_badge: Callable[[str], None],
              on_state: Callable[[str, str], None] | None = None) -> None:
        if self._thread is not None:
            raise RuntimeError("badge reader already started")
        self._queue = queue.Queue()
        self._thread = threading.Thread(target=self._run, args=(self._queue, on_badge, on_state),
                                        daemon=True, name="simulated-badge-reader")
        self._thread.start()
        self._queue.put(("state", "connected"))

    def stop(self) -> None:
        if self._thread is None:
            return
        self._queue.put(("stop", None))
        self._thread.join(5)
        self._thread = None
        self.state = "stopped"

    def present(self, uid: str) -> None:
        """A badge held to the reader; delivered to `on_badge` from the reader's thread."""
        uid = uid.strip().upper()
        if len(uid) != 10 or not set(uid) <= _HEX:
            raise TellerError(f"a badge UID is 10 hex characters, not {uid!r}")
        if self._thread is None:
            raise TellerError("the simulated badge reader is not started")
        self._queue.put(("badge", uid))

    def _run(self, jobs: queue.Queue, on_badge, on_state) -> None:
        while True:
            job, value = jobs.get()
            if job == "stop":
                return
            try:
                if job == "state":
                    self.state = value
                    if on_state is not None:
                        on_state(value, "simulated")
                else:
                    on_badge(value)
            except Exception:  # noqa: BLE001 - a UI bug must not kill the reader thread
                log.exception("simulated badge reader callback failed")
