"""The custody tab (印章与重要物品保管) of the non-cash head's workspace, by keyboard: take a seal out
with its keeper's badge, hand it over under dual control, see the 印押证分管 refusal, lock in."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox

from tests.ui.test_cash_teller_window import sign_in, wait_idle
from widgets.credentials_dialog import CredentialsDialog
from widgets.custody_tab import CustodyTab


def present(qtbot, win, badge, pin):
    dialog = win.dialog
    assert isinstance(dialog, CredentialsDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.supervisor_badge, badge)
    qtbot.keyClicks(dialog.supervisor_pin, pin)
    qtbot.keyClick(dialog.supervisor_pin, Qt.Key_Return)
    wait_idle(qtbot, win)


def select(tab, name):
    row = next(r for r in range(tab.table.rowCount()) if tab.table.item(r, 0).text() == name)
    tab.table.setCurrentCell(row, 0)
    tab.table.setFocus()


def state_of(tab, name):
    row = next(r for r in range(tab.table.rowCount()) if tab.table.item(r, 0).text() == name)
    return tab.table.item(row, 2).text(), tab.table.item(row, 3).text()


def open_custody(qtbot, win):
    sign_in(qtbot, win, badge="0A1B2C3E02", pin="900002")  # non-cash head, keeps the voucher stock
    desk = win.workspace
    assert isinstance(desk.custody, CustodyTab)
    desk.tabs.setCurrentWidget(desk.custody)
    wait_idle(qtbot, win)
    return desk, desk.custody


def test_seal_taken_out_handed_over_and_locked_in_by_keyboard(qtbot, window):
    desk, tab = open_custody(qtbot, window)
    assert tab.table.rowCount() == 5
    assert state_of(tab, "现金清讫章") == ("T001 王芳 Wang Fang", "Locked in the vault box")
    assert tab.missing.text() == "All items are locked in the vault box."

    select(tab, "现金清讫章")
    qtbot.keyClick(tab.table, Qt.Key_F4)  # take out: its keeper T001 presents a badge
    assert window.dialog.findChild(QGroupBox).title() == "Keeper T001 王芳 Wang Fang"
    present(qtbot, window, "0A1B2C3D01", "111111")
    wait_idle(qtbot, window)
    assert "taken out" in desk.message.text()
    assert state_of(tab, "现金清讫章")[1] == "With its keeper"
    assert "现金清讫章" in tab.missing.text() and "end of day waits" in tab.missing.text()

    select(tab, "现金清讫章")
    qtbot.keyClicks(tab.note, "post change")
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key_F3)  # hand over: keeper T001, then receiver T002
    present(qtbot, window, "0A1B2C3D01", "111111")
    present(qtbot, window, "0A1B2C3D02", "222222")
    wait_idle(qtbot, window)
    assert "handed over to T002" in desk.message.text()
    assert state_of(tab, "现金清讫章")[0] == "T002 李娜 Li Na"

    select(tab, "现金清讫章")
    qtbot.keyClick(tab.table, Qt.Key_F12)  # lock in: the new keeper presents a badge
    present(qtbot, window, "0A1B2C3D02", "222222")
    wait_idle(qtbot, window)
    assert state_of(tab, "现金清讫章")[1] == "Locked in the vault box"
    assert tab.missing.text() == "All items are locked in the vault box."
    lines = window.services.custody.register_lines()
    assert [(l.event, l.keeper_id, l.receiver_id, l.witness_id, l.note) for l in lines] == [
        ("taken_out", "T001", None, "S002", ""), ("handed_over", "T001", "T002", "S002", "post change"),
        ("locked_in", "T002", None, "S002", "")]
    # the day's register goes to the workstation's document printer
    tab.print_register.setFocus()
    qtbot.keyClick(tab.print_register, Qt.Key_Space)
    wait_idle(qtbot, window)
    assert "custody-register-" in desk.message.text()
    assert list(window.printer.out_dir.glob("custody-register-*.pdf"))


def test_keeper_of_a_seal_is_refused_the_blank_voucher_stock(qtbot, window):
    desk, tab = open_custody(qtbot, window)
    select(tab, "重要空白凭证库箱")
    qtbot.keyClick(tab.table, Qt.Key_F4)  # the signed-in head keeps it: no badge asked
    wait_idle(qtbot, window)
    assert state_of(tab, "重要空白凭证库箱")[1] == "With its keeper"
    select(tab, "重要空白凭证库箱")
    qtbot.keyClick(tab.table, Qt.Key_F3)
    assert window.dialog.findChild(QGroupBox).title() == "Receiver"
    present(qtbot, window, "0A1B2C3D01", "111111")  # T001 keeps 现金清讫章
    wait_idle(qtbot, window)
    text = desk.message.text()
    assert text.startswith("Not permitted:") and "keeper of seal may not also keep blank voucher" in text
    assert state_of(tab, "重要空白凭证库箱")[0] == "S002 孙丽 Sun Li"


def test_custody_tab_is_only_for_the_keepers_of_the_registers(qtbot, window):
    sign_in(qtbot, window, badge="0A1B2C3E01", pin="900001")  # cash head
    assert window.workspace.custody is None
    assert all(window.workspace.tabs.tabText(i) != "Seals and important items"
               for i in range(window.workspace.tabs.count()))
