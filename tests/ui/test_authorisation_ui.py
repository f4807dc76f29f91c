"""Authorisation in the real windows, by keyboard: the large-cash form and the local
authorisation dialog at the counter; a remote reversal approved from the supervisor's
workspace on another workstation sharing the branch store."""
import pytest
from PySide6.QtCore import Qt

from tests.ui.test_cash_teller_window import RICH, open_till, post, sign_in, wait_idle
from tests.ui.windows import open_window
from widgets.authorisation_dialog import AuthorisationDialog
from widgets.large_cash_dialog import LargeCashDialog
from widgets.remote_wait import RemoteWaitDialog
from widgets.supervisor_workspace import SupervisorWorkspace


@pytest.fixture
def supervisor_window(qtbot, make_workstation, core_gateway, tmp_path, window):
    """A second workstation (WS02) on the same branch store, for the supervisor."""

    ws = make_workstation(core_gateway, f"sqlite:///{tmp_path / 'branch.sqlite'}", "WS02")
    win = open_window(qtbot, ws, tmp_path / "printed2", active=False)  # the counter keeps the keyboard
    yield win
    win.runner.wait()


def test_large_withdrawal_asks_for_id_then_the_cash_heads_badge(qtbot, window):
    sign_in(qtbot, window)
    open_till(qtbot, window, {"N10000": 700})
    post(qtbot, window, "1002", RICH, "60,000", {"N10000": 600})
    dialog = window.dialog
    assert isinstance(dialog, LargeCashDialog)
    qtbot.keyClicks(dialog.id_number, "11010519491231002")  # a wrong check digit first
    qtbot.keyClick(dialog.id_number, Qt.Key_Return)
    qtbot.keyClicks(dialog.purpose, "buying a car")
    qtbot.keyClick(dialog.purpose, Qt.Key_Return)
    assert dialog.isVisible() and dialog.message.text()
    dialog.id_number.setText("11010519491231002X")
    qtbot.keyClick(dialog.purpose, Qt.Key_Return)
    wait_idle(qtbot, window)
    prompt = window.dialog
    assert isinstance(prompt, AuthorisationDialog)
    what = prompt.what_label.text()
    for expected in ("T001", "440100*******0017", "60,000.00", "人民币陆万元整", "50,000.00"):
        assert expected in what, what
    qtbot.keyClicks(prompt.supervisor_badge, "0A1B2C3E01")
    qtbot.keyClicks(prompt.supervisor_pin, "900001")
    qtbot.keyClick(prompt.supervisor_pin, Qt.Key_Return)
    wait_idle(qtbot, window)
    wait_idle(qtbot, window)
    assert "Approved" in window.workspace.form.message.text(), window.workspace.form.message.text()
    qtbot.waitUntil(lambda: window.workspace.till.count("N10000") == 100, timeout=5000)


def test_remote_reversal_approved_from_the_supervisor_workspace(qtbot, window, supervisor_window):
    sign_in(qtbot, window)
    open_till(qtbot, window, {"N10000": 10})
    post(qtbot, window, "1001", RICH, "200", {"N10000": 2})
    sign_in(qtbot, supervisor_window, "0A1B2C3F01", "900003")
    desk = supervisor_window.workspace
    assert isinstance(desk, SupervisorWorkspace)

    journal = window.workspace.journal
    window.workspace.tabs.setCurrentWidget(journal)
    qtbot.keyClicks(journal.code, "1001")
    qtbot.keyClick(journal.code, Qt.Key_Return)
    wait_idle(qtbot, window)
    journal.table.selectRow(1)  # the posting (newest first: host_approved, posting)
    assert journal.table.item(1, 3).text() == "Posting"
    qtbot.keyClicks(journal.reason, "wrong account")
    journal.reverse.click()
    wait_idle(qtbot, window)
    prompt = window.dialog
    assert isinstance(prompt, AuthorisationDialog)
    assert "branch manager" in prompt.what_label.text() and "Reversal of posting" in prompt.what_label.text()
    with qtbot.waitSignal(desk.new_request, timeout=5000):  # the supervisor's cue
        prompt.remote_button.click()
        wait_idle(qtbot, window)
    assert isinstance(window.dialog, RemoteWaitDialog)
    assert desk.cue.isVisible() and desk.pending.rowCount() == 1
    supervisor_window.activateWindow()
    qtbot.waitUntil(supervisor_window.isActiveWindow, timeout=5000)
    desk.pending.selectRow(0)
    qtbot.keyClick(desk.pending, Qt.Key_F5)
    wait_idle(qtbot, supervisor_window)
    assert "approved" in desk.message.text()
    qtbot.waitUntil(lambda: "reversed" in journal.message_label.text(), timeout=10000)  # in the journal tab
    assert "posted" in journal.message_label.text()
    qtbot.waitUntil(lambda: window.workspace.till.count("N10000") == 10, timeout=5000)
    wait_idle(qtbot, window)
    details = [journal.table.item(r, 7).text() for r in range(journal.table.rowCount())]
    assert any("REVERSED" in d for d in details), details
    assert desk.decisions.rowCount() == 1
