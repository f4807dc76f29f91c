"""Passbook update at the counter on an ESC/P printer: postings on the account wait for the
passbook, 补登 prints them from the next free line, asks to turn the page when it is full,
and goes on from line 1 of the next page."""
from PySide6.QtWidgets import QMessageBox

from teller.services.passbook import PassbookService
from tests.printing.printer_peers import wait_for
from tests.ui.test_cash_teller_window import RICH, open_till, post, sign_in, wait_idle


def test_passbook_update_turns_the_page(qtbot, window, escp_printer):
    peer = escp_printer
    sign_in(qtbot, window)
    open_till(qtbot, window, {"N10000": 10})
    # a passbook already printed up to the last line of page 3
    PassbookService(window.services.ctx, None, staff=window.session.staff).open_passbook("PB001", RICH, page=3,
                                                                          next_line=20)
    for amount in ("100", "200"):
        post(qtbot, window, "1001", RICH, amount, {"N10000": int(amount) // 100})
    panel = window.workspace.passbook
    window.workspace.tabs.setCurrentWidget(panel)
    panel.passbook.setText("PB001")
    with qtbot.waitSignal(panel.updated, timeout=15000) as first:
        panel.update_button.click()
    assert first.args[0].status == "turn_page" and first.args[0].lines_printed == 1
    question = window.dialog
    assert isinstance(question, QMessageBox) and "next page" in question.text()
    with qtbot.waitSignal(panel.updated, timeout=15000) as second:
        question.done(QMessageBox.Ok)
    result = second.args[0]
    assert (result.status, result.lines_printed, result.page, result.next_line, result.unprinted) == \
        ("printed", 1, 4, 2, 0)
    wait_for(lambda: len(peer.jobs) >= 4, what="two vouchers and two passbook jobs")
    with qtbot.waitSignal(panel.updated, timeout=15000) as again:
        panel.update_button.click()
    assert again.args[0].status == "nothing_to_print"  # nothing printed twice
    wait_idle(qtbot, window)
