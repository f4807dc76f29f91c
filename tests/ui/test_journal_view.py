"""The journal tab: search by code, account and amount, then reprint a receipt with its preview."""
from pathlib import Path

from PySide6.QtCore import Qt

from tests.ui.test_cash_teller_window import RICH, open_till, post, sign_in, wait_idle
from widgets.receipt_preview import ReceiptPreview


def test_search_the_journal_and_reprint_a_receipt(qtbot, window):
    sign_in(qtbot, window)
    open_till(qtbot, window, {"N10000": 10})
    window.show_previews = True
    with qtbot.waitSignal(window.receipt_shown, timeout=20000) as printed:
        post(qtbot, window, "1001", RICH, "200", {"N10000": 2})
    first = printed.args[0]
    assert isinstance(first, ReceiptPreview) and first.where.text().endswith(".pdf")

    journal = window.workspace.journal
    window.workspace.tabs.setCurrentWidget(journal)
    qtbot.keyClicks(journal.code, "1001")
    qtbot.keyClicks(journal.amount, "200")
    qtbot.keyClick(journal.amount, Qt.Key_Return)
    wait_idle(qtbot, window)
    kinds = [journal.table.item(r, 3).text() for r in range(journal.table.rowCount())]
    assert kinds == ["Posted by the core", "Posting"]  # event names, not raw codes
    accounts = {journal.table.item(r, 5).text() for r in range(journal.table.rowCount())}
    assert accounts == {"440100*******0017"}  # masked on screen

    journal.table.selectRow(1)
    with qtbot.waitSignal(window.receipt_shown, timeout=20000) as reprinted:
        journal.reprint.click()
    preview = reprinted.args[0]
    path = Path(preview.where.text().split(" ", 2)[-1])
    assert path.name.endswith("-reprint.pdf") and path.exists()


def test_bad_amount_in_the_journal_search_is_explained(qtbot, window):
    sign_in(qtbot, window)
    journal = window.workspace.journal
    qtbot.keyClicks(journal.amount, "abc")
    qtbot.keyClick(journal.amount, Qt.Key_Return)
    assert "letters are not allowed" in journal.message_label.text()  # said in the journal tab
    assert window.workspace.form.message.text() == ""
    assert not window.runner.busy  # nothing was searched
