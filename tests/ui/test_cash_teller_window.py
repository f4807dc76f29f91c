"""The cash teller's day in the real window, driven by keyboard offscreen: sign in, open the
till under dual control, deposit, withdraw, watch the till, close with an over."""
from PySide6.QtCore import Qt

from widgets.count_dialog import CountDialog
from widgets.credentials_dialog import CredentialsDialog

RICH = "44010001000000017"


def wait_idle(qtbot, win):
    qtbot.waitUntil(lambda: not win.runner.busy, timeout=15000)
    if not win.isActiveWindow() and not (win.dialog and win.dialog.isVisible()):
        win.activateWindow()  # offscreen, a closed dialog does not hand activation back by itself
        qtbot.waitUntil(win.isActiveWindow, timeout=5000)


def sign_in(qtbot, win, badge="0A1B2C3D01", pin="111111"):
    page = win.sign_in_page
    page.badge.setEditText(badge)
    qtbot.keyClicks(page.pin, pin)
    qtbot.keyClick(page.pin, Qt.Key_Return)
    wait_idle(qtbot, win)


def fill_count(qtbot, dialog, counts):
    for denom, n in counts.items():
        spin = dialog.editor.spins[denom]
        spin.setValue(n)
    dialog.accept()


def fill_credentials(qtbot, dialog, teller_pin, badge, pin):
    qtbot.keyClicks(dialog.teller_pin, teller_pin)
    qtbot.keyClick(dialog.teller_pin, Qt.Key_Return)
    qtbot.keyClicks(dialog.supervisor_badge, badge)
    qtbot.keyClicks(dialog.supervisor_pin, pin)
    qtbot.keyClick(dialog.supervisor_pin, Qt.Key_Return)


def open_till(qtbot, win, counts):
    win.actions["open_till"].trigger()
    assert isinstance(win.dialog, CountDialog)
    fill_count(qtbot, win.dialog, counts)
    assert isinstance(win.dialog, CredentialsDialog)
    fill_credentials(qtbot, win.dialog, "111111", "0A1B2C3E01", "900001")
    wait_idle(qtbot, win)
    wait_idle(qtbot, win)


def post(qtbot, win, code, account, amount, counts):
    form = win.workspace.form
    qtbot.keyClicks(form.code, code)
    qtbot.keyClick(form.code, Qt.Key_Return)
    qtbot.keyClicks(form.account, account)
    qtbot.keyClick(form.account, Qt.Key_Return)
    wait_idle(qtbot, win)
    qtbot.keyClicks(form.amount, amount)
    qtbot.keyClick(form.amount, Qt.Key_Return)
    for denom, n in counts.items():
        form.cash.spins[denom].setValue(n)
    qtbot.keyClick(form.cash.spins["C10"], Qt.Key_F5)
    wait_idle(qtbot, win)
    wait_idle(qtbot, win)


def test_wrong_pin_and_blacklisted_badge_are_shown(qtbot, window):
    sign_in(qtbot, window, pin="000000")
    assert "Wrong PIN" in window.sign_in_page.message.text()
    assert "2 attempt" in window.sign_in_page.message.text()
    sign_in(qtbot, window, badge="0A1B2C3D99", pin="111111")
    assert "blacklisted" in window.sign_in_page.message.text()
    assert window.stack.currentWidget() is window.sign_in_page


def test_cash_teller_day(qtbot, window):
    win = window
    sign_in(qtbot, win)
    assert win.stack.currentWidget() is win.workspace
    open_till(qtbot, win, {"N10000": 50, "N5000": 10, "N1000": 20})
    till = win.workspace.till
    qtbot.waitUntil(lambda: till.count("N10000") == 50, timeout=5000)

    post(qtbot, win, "1001", RICH, "1,250", {"N10000": 12, "N5000": 1})
    form = win.workspace.form
    assert "Approved" in form.message.text(), form.message.text()
    qtbot.waitUntil(lambda: till.count("N10000") == 62 and till.count("N5000") == 11, timeout=5000)

    post(qtbot, win, "1002", RICH, "300", {"N10000": 2, "N5000": 2})
    assert "Approved" in form.message.text(), form.message.text()
    qtbot.waitUntil(lambda: till.count("N10000") == 60 and till.count("N5000") == 9, timeout=5000)

    # over the account's balance: the core's reason is shown and the till does not move
    post(qtbot, win, "1002", "44010001000000058", "500", {"N10000": 5})
    assert "Insufficient funds" in form.message.text()
    assert till.count("N10000") == 60

    # close with 10 yuan over: blind count first, then the authorisation prompt
    win.actions["close_till"].trigger()
    assert isinstance(win.dialog, CountDialog)
    assert "6,650" not in win.dialog.note.text()  # blind: the expected 6,650.00 is not shown before the count
    fill_count(qtbot, win.dialog, {"N10000": 60, "N5000": 9, "N1000": 21})
    wait_idle(qtbot, win)
    prompt = win.dialog
    assert isinstance(prompt, CredentialsDialog)
    assert "OVER" in prompt.what_label.text() and "10.00" in prompt.what_label.text()
    fill_credentials(qtbot, prompt, "111111", "0A1B2C3E01", "900001")
    wait_idle(qtbot, win)
    wait_idle(qtbot, win)
    assert "Till closed" in form.message.text(), form.message.text()
    assert "not open" in till.total.text()


def test_malformed_amount_is_refused_in_the_form(qtbot, window):
    sign_in(qtbot, window)
    form = window.workspace.form
    qtbot.keyClicks(form.code, "1001")
    qtbot.keyClick(form.code, Qt.Key_Return)
    qtbot.keyClicks(form.amount, "12.345")
    qtbot.keyClick(form.amount, Qt.Key_Return)
    assert "Invalid amount" in form.message.text()


def test_lock_and_unlock_with_own_pin(qtbot, window):
    sign_in(qtbot, window)
    qtbot.keyClick(window, Qt.Key_F9)
    window.actions["lock"].trigger()
    wait_idle(qtbot, window)
    assert window.stack.currentWidget() is window.lock_page
    qtbot.keyClicks(window.lock_page.pin, "222222")
    qtbot.keyClick(window.lock_page.pin, Qt.Key_Return)
    wait_idle(qtbot, window)
    assert window.stack.currentWidget() is window.lock_page
    qtbot.keyClicks(window.lock_page.pin, "111111")
    qtbot.keyClick(window.lock_page.pin, Qt.Key_Return)
    wait_idle(qtbot, window)
    assert window.stack.currentWidget() is window.workspace


def test_idle_time_locks_the_screen(qtbot, window):
    sign_in(qtbot, window)
    window.idle_timer.start(50)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.lock_page, timeout=3000)


def test_a_change_of_the_core_link_is_announced(qtbot, window):
    window.set_link_state("offline", 3)
    assert "OFFLINE" in window.link_label.text() and "3" in window.link_label.text()
    assert "does not answer" in window.statusBar().currentMessage()
    window.statusBar().clearMessage()
    window.set_link_state("offline", 4)  # no change of state: no new announcement
    assert window.statusBar().currentMessage() == ""
    window.set_link_state("online")
    assert "back online" in window.statusBar().currentMessage()


def test_the_core_link_shows_degraded_and_catching_up(qtbot, window):
    window.set_link_state("degraded", 2)
    assert window.link_label.text() == "Core: degraded (2 waiting for a retry)"
    assert "answers with errors" in window.statusBar().currentMessage()
    window.set_link_state("offline", 7)
    window.set_link_state("catching_up", 7)
    assert window.link_label.text() == "Core: catching up (7 to send)"
    assert "back online" in window.statusBar().currentMessage()
    window.set_link_state("online")
    assert window.link_label.text() == "Core: online"
