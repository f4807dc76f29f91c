"""Runs a Qt program and reports when its first window is first painted.

    python bench/first_paint.py reference
    python bench/first_paint.py program [teller-workstation arguments...]

Prints `first-paint <seconds>` to stderr: the age of this process (from its creation by the
kernel, so the interpreter's own start counts) at the first Paint event of a widget of
its first shown window. `reference` is the smallest PySide6 program (QApplication, an empty QWidget shown)
and quits at once after that paint; `program` is `widgets.app.main` (the desktop program's
entry point) given the arguments, and quits after that paint once the workstation behind the
window is built.

Both are measured by the same code, from the same event, so their ratio means the same on a
quiet machine and on a loaded one. Only the standard library is imported before PySide6, so
this wrapper adds nothing to what is measured.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

_STARTED = time.perf_counter()


def process_age() -> float:
    """Seconds since the kernel created this process (Linux /proc), else since this module ran."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        start = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19]) / ticks
        return float(Path("/proc/uptime").read_text().split()[0]) - start
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _STARTED


def watch_first_paint(app, on_paint) -> object:
    """Calls on_paint(seconds) once, at the first Paint event of a widget in a shown window (a
    main window with a central widget may never get one itself: its children cover it)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QWidget

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if not self.done and event.type() == QEvent.Type.Paint and isinstance(obj, QWidget):
                self.done = True
                on_paint(process_age())
            return False

    watcher = FirstPaint()
    app.installEventFilter(watcher)
    return watcher


def report(seconds: float) -> None:
    print(f"first-paint {seconds:.4f}", file=sys.stderr, flush=True)


def reference() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv[:1])

    def painted(seconds: float) -> None:
        report(seconds)
        QTimer.singleShot(0, app.quit)

    _watcher = watch_first_paint(app, painted)
    window = QWidget()
    window.show()
    return app.exec()


def program(argv: list[str]) -> int:
    """The desktop program's entry point with ARGV; quits after its first paint, once the
    workstation behind the window is built (its background start-up finished), so that nothing
    is cut off half-way. (`--measure-startup` of the program reports at its first timer, which
    may come before any paint, and quits without painting: it is not used here.)"""
    # the program creates its QApplication only if there is none: make it here, with the watcher
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(["teller-workstation"])

    def painted(seconds: float) -> None:
        report(seconds)
        QTimer.singleShot(0, quit_when_started)

    def quit_when_started() -> None:
        for window in app.topLevelWidgets():
            runner = getattr(window, "runner", None)  # widgets.main_window.MainWindow's start-up work
            if runner is not None:
                runner.wait()
        app.quit()

    _watcher = watch_first_paint(app, painted)
    from widgets.app import main

    return main(argv)


if __name__ == "__main__":
    which, rest = sys.argv[1], sys.argv[2:]
    sys.exit(reference() if which == "reference" else program(rest))
