"""The exception queue tab of the supervisor's workspace, by keyboard, on the real window: an
offline withdrawal the core refused once it was back is listed; the cash-area head records a
contact, then writes the loss off with the branch manager's badge and PIN."""
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from teller.domain.denominations import Breakdown
from teller.services.credentials import Credentials
from teller.sync.core_client import HttpCoreGateway
from tests.ui.test_cash_teller_window import sign_in, wait_idle
from tests.ui.windows import open_window
from widgets.authorisation_dialog import AuthorisationDialog
from widgets.exceptions_tab import ExceptionsTab

TELLER, CASH_HEAD = Credentials("0A1B2C3D01", "111111"), Credentials("0A1B2C3E01", "900001")
POOR = "44010001000000058"  # holds 100.00


@pytest.fixture
def refused_window(qtbot, make_workstation, stopped_core, tmp_path):
    """WS01 after T001 paid 500.00 offline from POOR and the core, back, refused it; the window
    shows the sign-in page for the supervisor."""
    ws = make_workstation(stopped_core.gateway(), f"sqlite:///{tmp_path / 'branch.sqlite'}")
    teller = ws.sessions.sign_in(TELLER)
    notes = lambda n: Breakdown({"N10000": n}, ws.ctx.settings.denominations)  # noqa: E731
    ws.till.open(teller, notes(20), TELLER, CASH_HEAD)
    assert ws.cash.post(teller, "1002", POOR, Decimal("500"), notes(5)).outcome.status == "offline_accepted"
    with stopped_core.restart() as core:
        ws.ctx.core = HttpCoreGateway(core.url)
        ws.outbox.resolve_pending()
        ws.sessions.sign_off(teller)
        win = open_window(qtbot, ws, tmp_path / "printed")
        yield win
        win.runner.wait()


def open_exceptions_tab(qtbot, win) -> ExceptionsTab:
    desk = win.workspace
    tab = desk.exceptions
    desk.tabs.setFocus()
    while desk.tabs.currentWidget() is not tab:  # Ctrl+Tab through the workspace's tabs
        qtbot.keyClick(desk.tabs, Qt.Key_Tab, Qt.ControlModifier)
    wait_idle(qtbot, win)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=5000)
    return tab


def test_contact_then_write_off_by_keyboard(qtbot, refused_window):
    win = refused_window
    sign_in(qtbot, win, "0A1B2C3E01", "900001")
    tab = open_exceptions_tab(qtbot, win)
    cells = [tab.table.item(0, c).text() for c in range(tab.table.columnCount())]
    assert cells[0] == "WS01-3" and cells[3] == "王芳 Wang Fang" and cells[5] == "500.00"  # a name, not T001
    assert "Insufficient funds in the account" in cells and "Open" in cells and "0058" in cells[4]
    assert "1 open, 500.00" in tab.summary.text()
    # a contact: how (the channel box) and what the customer said, Enter records it
    tab.channel.setFocus()
    qtbot.keyClick(tab.channel, Qt.Key_Tab)
    assert tab.note.hasFocus()
    qtbot.keyClicks(tab.note, "no answer, voicemail left")
    qtbot.keyClick(tab.note, Qt.Key_Return)
    wait_idle(qtbot, win)
    qtbot.waitUntil(lambda: "Customer contacted" in tab.table.item(0, 8).text(), timeout=5000)
    assert "voicemail" in tab.table.item(0, 9).text()
    assert "Contact with the customer recorded" in win.workspace.message.text()
    # write off: nothing happens without a reason, then the branch manager authorises here
    qtbot.keyClick(tab.reason, Qt.Key_W, Qt.ControlModifier)
    wait_idle(qtbot, win)
    assert "reason" in win.workspace.message.text()
    qtbot.keyClicks(tab.reason, "customer unreachable for 30 days")
    qtbot.keyClick(tab.reason, Qt.Key_W, Qt.ControlModifier)
    wait_idle(qtbot, win)
    prompt = win.dialog
    assert isinstance(prompt, AuthorisationDialog) and "500.00" in prompt.what_label.text()
    qtbot.keyClicks(prompt.supervisor_badge, "0A1B2C3E01")  # the maker's own badge: refused
    qtbot.keyClicks(prompt.supervisor_pin, "900001")
    qtbot.keyClick(prompt.supervisor_pin, Qt.Key_Return)
    wait_idle(qtbot, win)
    assert "own transaction" in win.workspace.message.text()
    qtbot.keyClick(tab.reason, Qt.Key_W, Qt.ControlModifier)
    wait_idle(qtbot, win)
    prompt = win.dialog
    qtbot.keyClicks(prompt.supervisor_badge, "0A1B2C3F01")
    qtbot.keyClicks(prompt.supervisor_pin, "900003")
    qtbot.keyClick(prompt.supervisor_pin, Qt.Key_Return)
    wait_idle(qtbot, win)
    wait_idle(qtbot, win)
    qtbot.waitUntil(lambda: "Written off" in tab.table.item(0, 8).text(), timeout=5000)
    assert "WS01-3 written off" in win.workspace.message.text()
    assert "赵强 Zhao Qiang/周建国 Zhou Jianguo" in tab.table.item(0, 8).text()
    assert "written off today: 500.00" in tab.summary.text()
    qtbot.waitUntil(lambda: "written off today 500.00" in win.workspace.exposure.text(), timeout=5000)
    # the day's report goes to the workstation's document printer
    tab.print_report.setFocus()
    qtbot.keyClick(tab.print_report, Qt.Key_Space)
    wait_idle(qtbot, win)
    assert "exception-queue-" in win.workspace.message.text()
    assert list(win.printer.out_dir.glob("exception-queue-*.pdf"))


def test_the_tab_offers_exactly_the_services_contact_channels():
    from teller.services.exceptions import CONTACT_CHANNELS
    from widgets.exceptions_tab import CHANNELS

    assert tuple(CHANNELS) == CONTACT_CHANNELS
