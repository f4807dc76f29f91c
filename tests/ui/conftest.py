import os

import pytest

from tests.ui.windows import open_window

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def window(qtbot, make_workstation, core_gateway, tmp_path):
    """The real main window on a workstation with the demo branch and the real core emulator."""
    from teller.services.demo import DEMO_STAFF

    ws = make_workstation(core_gateway, f"sqlite:///{tmp_path / 'branch.sqlite'}")
    win = open_window(qtbot, ws, tmp_path / "printed", demo_badges=[(p.name, p.badge) for p in DEMO_STAFF])
    yield win
    win.runner.wait()


@pytest.fixture
def escp_printer(qtbot, window):
    """A real ESC/P voucher printer on the window, over raw TCP to a local printer peer."""
    from devices.printer.escp_printer import EscpVoucherPrinter
    from tests.printing.printer_peers import TcpPrinter

    peer = TcpPrinter()
    peer.start()
    options = {"transport": "tcp", "host": "127.0.0.1", "port": peer.port, "timeout": 2}
    window.devices.install("printer", EscpVoucherPrinter.from_options(options), "escp", options)
    qtbot.waitUntil(lambda: getattr(window.printer, "name", "") == "escp", timeout=5000)
    yield peer
    peer.stop()
