"""The real main window on a given workstation, shown and ready (its background start done):
what every window test starts from."""
from __future__ import annotations


def open_window(qtbot, ws, printed_dir, *, demo_badges=None, active: bool = True):
    """`active`: also made the active window, for tests that type into it; a second desk in the
    same test stays in the background so that the first keeps the keyboard."""
    from devices.printer.simulated import SimulatedVoucherPrinter
    from widgets.main_window import MainWindow

    printer = SimulatedVoucherPrinter(printed_dir)
    win = MainWindow(lambda: (ws, printer), language="en", demo_badges=demo_badges, show_previews=False)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.ready, timeout=10000):
        win.show()
    if active:
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow, timeout=5000)
    return win
