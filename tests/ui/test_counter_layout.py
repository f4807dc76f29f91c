"""Information where a teller needs it: the header band, the balance dialog with counts and amounts,
amounts right-aligned and formatted on leaving the field, each shortcut once in the menus, the
status bar cleared at sign-off, late background results dropped once their screen is gone, and
the one style sheet."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from tests.ui.test_cash_teller_window import RICH, open_till, post, sign_in, wait_idle


def test_header_band_names_branch_day_person_role_and_clock(qtbot, window):
    window.set_language("zh_CN")
    try:
        sign_in(qtbot, window)
        assert window.header_branch.text() == "城东支行营业室"
        assert window.header_date.text() == "营业日期 2026-11-23"
        assert window.header_person.text() == "王芳 · 现金柜员"
        assert window.header_clock.text() == "09:30:00"  # the workstation's (injected) clock
        window.actions["sign_off"].trigger()
        wait_idle(qtbot, window)
        assert window.header_person.text() == ""
    finally:
        window.set_language("en")


def test_balance_dialog_shows_count_amount_difference_and_totals_uncut(qtbot, window):
    sign_in(qtbot, window)
    open_till(qtbot, window, {"N10000": 20, "N5000": 3, "C50": 4})
    window.actions["balance"].trigger()
    wait_idle(qtbot, window)
    dialog = window.dialog
    table = dialog.table
    rows = {table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, 6)] for r in range(table.rowCount())}
    assert rows["100 yuan note"] == ["20", "2,000.00", "20", "2,000.00", "0.00"]
    assert rows["0.5 yuan coin"] == ["4", "2.00", "4", "2.00", "0.00"]
    assert rows["Total"][1] == rows["Total"][3] == "2,152.00"
    # every row and column fits: nothing to scroll
    assert table.verticalScrollBar().maximum() == 0 and table.horizontalScrollBar().maximum() == 0
    assert all(table.columnWidth(c) > 0 for c in range(table.columnCount()))
    assert table.width() >= sum(table.columnWidth(c) for c in range(table.columnCount()))
    assert table.item(0, 2).textAlignment() & Qt.AlignRight
    dialog.reject()


def test_amount_is_right_aligned_and_formatted_on_leaving_the_field(qtbot, window):
    sign_in(qtbot, window)
    form = window.workspace.form
    assert form.amount.alignment() & Qt.AlignRight
    form.amount.setFocus()
    qtbot.keyClicks(form.amount, "3000")
    qtbot.keyClick(form.amount, Qt.Key_Return)
    assert form.amount.text() == "3,000.00"
    form.amount.setText("12abc")
    form.amount.editingFinished.emit()
    assert form.amount.text() == "12abc"  # not an amount: left as typed for the message to explain


def test_each_shortcut_is_shown_once(qtbot, window):
    sign_in(qtbot, window)
    for action in window.findChildren(QAction):
        keys = [seq.toString() for seq in action.shortcuts()]
        for key in keys:
            assert key not in action.text(), f"{action.text()!r} repeats its shortcut {key}"


def test_status_bar_says_receipt_printed_and_is_cleared_at_sign_off(qtbot, window):
    sign_in(qtbot, window)
    open_till(qtbot, window, {"N10000": 5})
    post(qtbot, window, "1001", RICH, "100", {"N10000": 1})
    qtbot.waitUntil(lambda: "Receipt printed" in window.receipt_link.text(), timeout=10000)
    assert "href=" in window.receipt_link.text() and str(window.printer.out_dir) not in \
        window.receipt_link.text().split("href=")[0]
    window.statusBar().showMessage("a message for the teller")
    window.actions["sign_off"].trigger()
    wait_idle(qtbot, window)
    assert window.statusBar().currentMessage() == "" and window.receipt_link.text() == ""


def test_a_supervisor_refresh_arriving_after_sign_off_is_dropped(qtbot, window):
    import threading

    sign_in(qtbot, window, "0A1B2C3E01", "900001")
    wait_idle(qtbot, window)
    desk = window.workspace
    gate = threading.Event()
    shown = []
    desk._show = lambda result: shown.append(result)
    window.run(lambda: (gate.wait(10), ([], [], [], {}))[1], desk._show, None, owner=desk)  # slow read
    window.services.sessions.sign_off(window.session)
    window._on_signed_off(None)  # the teller signed off while the read was still out
    gate.set()
    wait_idle(qtbot, window)
    qtbot.wait(50)
    assert window.session is None and shown == []  # the result for the gone screen never reached it


def test_the_style_sheet_is_one_file_loaded_by_the_app(qapp):
    from widgets.style import apply_style, style_sheet

    before = qapp.styleSheet()
    try:
        apply_style(qapp)
        assert qapp.styleSheet() == style_sheet() and "#header_band" in style_sheet()
    finally:
        qapp.setStyleSheet(before)
    assert QApplication.instance() is qapp
