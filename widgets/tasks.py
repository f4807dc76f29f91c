"""Background work off the UI thread, with success and failure called back on the UI thread.

One worker thread: database and network calls run in order, never two at once, and a
window never freezes while the core answers.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._relay = fn, relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the window
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


class BackgroundRunner(QObject):
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()

    def run(self, fn: Callable[[], Any], on_success: Callable[[Any], None],
            on_failure: Callable[[Exception], None], owner: QObject | None = None) -> None:
        """`owner`: the screen the result is for; once it is gone (deleted, or `stopped` after a
        sign-off) the result is dropped instead of reaching widgets that no longer exist."""
        relay = _Relay(self)  # a child: if the window goes first, late results are dropped with it
        self._relays.add(relay)

        def finish(callback, value):
            self._relays.discard(relay)
            relay.deleteLater()
            if not self._relays:
                self.busy_changed.emit(False)
            if owner is not None and (not shiboken6.isValid(owner) or getattr(owner, "stopped", False)):
                log.debug("result for a screen that is gone dropped")
                return
            callback(value)

        relay.succeeded.connect(lambda value: finish(on_success, value))
        relay.failed.connect(lambda exc: finish(on_failure, exc))
        self.busy_changed.emit(True)
        self._pool.start(_Job(fn, relay))

    @property
    def busy(self) -> bool:
        return bool(self._relays)

    def wait(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)
