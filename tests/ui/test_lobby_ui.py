"""The lobby manager's workspace (大堂经理), by keyboard: tickets with a pre-filled form, the live
queue board, a VIP alert, a complaint from record to reply; in Chinese, the service names."""
from PySide6.QtCore import Qt

from tests.ui.test_cash_teller_window import sign_in, wait_idle
from widgets.lobby_workspace import LobbyWorkspace


def cells(table):
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_lobby_manager_issues_tickets_sees_the_board_and_records_a_complaint(qtbot, window):
    sign_in(qtbot, window, badge="0A1B2C3D06", pin="666666")  # 杨敏 Yang Min, lobby manager
    desk = window.workspace
    assert isinstance(desk, LobbyWorkspace)
    wait_idle(qtbot, window)
    assert desk.service.hasFocus()

    # a cash deposit pre-filled at the lobby: service "Cash", customer, account, 1001, amount, Enter
    desk.service.setCurrentIndex(desk.service.findData("cash"))
    desk.form_code.setCurrentIndex(desk.form_code.findData("1001"))
    desk.customer.setText("张伟")  # typed through an input method; QTest types ASCII only
    qtbot.keyClicks(desk.account, "44010001000000017")
    qtbot.keyClicks(desk.form_amount, "3,000")
    qtbot.keyClick(desk.form_amount, Qt.Key_Return)
    wait_idle(qtbot, window)
    assert desk.last_ticket.text() == "A001", desk.message.text()
    assert desk.form_amount.text() == "" and desk.customer.text() == ""
    qtbot.keyClick(desk.service, Qt.Key_F2)  # a second cash ticket, no form
    wait_idle(qtbot, window)
    assert desk.last_ticket.text() == "A002"
    qtbot.keyClick(desk.service, Qt.Key_F5)
    wait_idle(qtbot, window)
    assert cells(desk.board_table)[0] == ["Cash", "2", "A001"]

    # a bad amount: refused with the reason, nothing issued
    desk.form_code.setCurrentIndex(desk.form_code.findData("1001"))
    qtbot.keyClicks(desk.account, "44010001000000017")
    qtbot.keyClicks(desk.form_amount, "12.345")
    qtbot.keyClick(desk.form_amount, Qt.Key_Return)
    wait_idle(qtbot, window)
    assert desk.last_ticket.text() == "A002" and "amount" in desk.message.text().lower()

    # a complaint: F6 records it, F7 adds the reply
    qtbot.keyClick(desk.service, Qt.Key_Tab, Qt.ControlModifier)
    assert desk.tabs.currentIndex() == 1  # Ctrl+Tab: the next tab
    desk.tabs.setCurrentIndex(2)
    desk.complainant.setText("王五")
    desk.subject.setText("等候时间过长")
    qtbot.keyClick(desk.subject, Qt.Key_Return)
    wait_idle(qtbot, window)
    assert desk.message.text() == "Complaint 1 recorded."
    assert [row[2:] for row in cells(desk.complaint_table)] == [["王五", "等候时间过长", "open"]]
    desk.complaint_table.selectRow(0)
    desk.step_kind.setCurrentIndex(desk.step_kind.findData("reply"))
    desk.step_text.setText("已致歉")
    qtbot.keyClick(desk.step_text, Qt.Key_Return)
    wait_idle(qtbot, window)
    assert [row[4] for row in cells(desk.complaint_table)] == ["replied"]
    report = cells(desk.report_table)
    assert report[0][:5] == ["Cash", "2", "0", "0", "2"]
    assert "Complaints today: 1 (open: 1)" in desk.report_summary.text()


def test_the_counter_calls_the_next_ticket_and_gets_the_prefilled_form_and_the_vip_notice(qtbot, window):
    from teller.services.credentials import Credentials

    ws = window.services
    manager = ws.sessions.sign_in(Credentials("0A1B2C3D06", "666666"))
    ws.lobby.register_vip(manager, "张伟", "platinum", account="44010001000000017")
    ticket = ws.lobby.issue_ticket(manager, "cash", form=("1002", "44010001000000017", "3000"))
    ws.lobby.customer_seen(account="44010001000000017")
    ws.sessions.sign_off(manager)

    sign_in(qtbot, window)  # 王芳, cash teller
    desk = window.workspace
    assert desk.queue.current.text() == "—" and not desk.queue.done_button.isEnabled()
    qtbot.keyClick(desk.form.code, Qt.Key_F3)
    wait_idle(qtbot, window)
    assert desk.queue.current.text() == ticket.number
    assert "张伟" in desk.queue.vip.text()
    form = desk.form
    assert (form.code.text(), form.account.text(), form.amount.text()) == ("1002", "44010001000000017", "3,000.00")
    qtbot.keyClick(desk.form.code, Qt.Key_F3)  # one ticket at a time: F3 does nothing while serving
    wait_idle(qtbot, window)
    assert desk.queue.current.text() == ticket.number
    qtbot.keyClick(desk.form.code, Qt.Key_F4)
    wait_idle(qtbot, window)
    assert desk.queue.current.text() == "—"
    assert ws.lobby.service_report().lines[0].served == 1
    qtbot.keyClick(desk.form.code, Qt.Key_F3)
    wait_idle(qtbot, window)
    assert "Nobody is waiting" in form.message.text()
