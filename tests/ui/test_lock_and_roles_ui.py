"""Security first in the window: while the screen is locked (暂离) no shortcut and no menu reaches
anything but the PIN field; Setup → Devices is not offered to roles that cannot use it; the
journal tab's messages are shown in the journal tab."""
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog

from tests.ui.test_cash_teller_window import open_till, sign_in, wait_idle

# keys a person might try on top of every shortcut the window declares
EXTRA_KEYS = [f"F{n}" for n in range(1, 13)] + ["Ctrl+Tab", "Escape", "Alt+T", "Alt+S", "Alt+L", "Ctrl+R", "Ctrl+W"]


def every_shortcut(win) -> list[str]:
    keys = set(EXTRA_KEYS)
    for action in win.findChildren(QAction):
        keys |= {seq.toString() for seq in action.shortcuts()}
    for shortcut in win.findChildren(QShortcut):
        keys.add(shortcut.key().toString())
    keys.discard("")
    return sorted(keys)


def visible_dialogs():
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def lock(qtbot, win):
    win.actions["lock"].trigger()
    wait_idle(qtbot, win)
    assert win.stack.currentWidget() is win.lock_page and win.session.locked


def press_everything_on_the_lock_screen(qtbot, win):
    reached = []
    for key in every_shortcut(win):
        combo = QKeySequence(key)[0]
        qtbot.keyClick(win.lock_page.pin, combo.key(), combo.keyboardModifiers())
        wait_idle(qtbot, win)
        if win.stack.currentWidget() is not win.lock_page or visible_dialogs() or not win.session.locked:
            reached.append(key)
            for dialog in visible_dialogs():
                dialog.reject()
            win.stack.setCurrentWidget(win.lock_page)
    return reached


def test_no_shortcut_reaches_past_the_lock_screen_of_a_cash_teller(qtbot, window):
    sign_in(qtbot, window)
    open_till(qtbot, window, {"N10000": 10})  # F8 (close till) and F7 (sell back) now have work to do
    lock(qtbot, window)
    assert not window.menuBar().isEnabled()
    assert "F8" in every_shortcut(window) and "F5" in every_shortcut(window)
    assert press_everything_on_the_lock_screen(qtbot, window) == []
    window.lock_page.pin.clear()
    qtbot.keyClicks(window.lock_page.pin, "111111")
    qtbot.keyClick(window.lock_page.pin, Qt.Key_Return)
    wait_idle(qtbot, window)
    assert window.stack.currentWidget() is window.workspace and window.menuBar().isEnabled()
    qtbot.keyClick(window.workspace, Qt.Key_F8)  # unlocked, the same key works again
    assert isinstance(window.dialog, QDialog) and window.dialog.isVisible()
    window.dialog.reject()


def test_no_shortcut_reaches_past_the_lock_screen_of_a_supervisor(qtbot, window):
    sign_in(qtbot, window, "0A1B2C3E01", "900001")
    lock(qtbot, window)
    assert press_everything_on_the_lock_screen(qtbot, window) == []


def test_a_dialog_open_when_the_screen_locks_is_closed(qtbot, window):
    sign_in(qtbot, window)
    window.actions["open_till"].trigger()
    assert window.dialog.isVisible()
    window._on_idle_timer_timeout()
    wait_idle(qtbot, window)
    assert window.stack.currentWidget() is window.lock_page and not visible_dialogs()


def test_setup_devices_is_offered_only_to_whom_may_use_it(qtbot, window):
    devices = window.device_actions
    assert devices.menu.menuAction().isVisible()  # before sign-in: IT sets the workstation up
    sign_in(qtbot, window)  # cash teller
    assert not devices.menu.menuAction().isVisible() and not devices.devices_action.isVisible()
    window.actions["sign_off"].trigger()
    wait_idle(qtbot, window)
    assert devices.menu.menuAction().isVisible()
    sign_in(qtbot, window, "0A1B2C3E01", "900001")  # cash-area head
    assert devices.menu.menuAction().isVisible() and devices.devices_action.isEnabled()


def test_the_till_menu_is_not_shown_where_it_never_applies(qtbot, window):
    sign_in(qtbot, window, "0A1B2C3D06", "666666")  # lobby manager
    assert not window.till_menu.menuAction().isVisible()
    window.actions["sign_off"].trigger()
    wait_idle(qtbot, window)
    sign_in(qtbot, window)
    assert window.till_menu.menuAction().isVisible()


def test_journal_messages_are_shown_in_the_journal_tab(qtbot, window):
    sign_in(qtbot, window)
    workspace = window.workspace
    workspace.tabs.setCurrentWidget(workspace.journal)
    before = workspace.form.message.text()
    workspace.journal.reprint.click()
    assert workspace.journal.message_label.text()
    assert workspace.form.message.text() == before


def test_a_lobby_manager_cannot_reprint_another_tellers_receipt_from_the_journal(qtbot, window):
    from decimal import Decimal

    from teller.domain.denominations import Breakdown
    from teller.services.credentials import Credentials

    services = window.services
    teller = services.sessions.sign_in(Credentials("0A1B2C3D01", "111111"))
    services.till.open(teller, Breakdown({"N10000": 5}, services.ctx.settings.denominations),
                       Credentials("0A1B2C3D01", "111111"), Credentials("0A1B2C3E01", "900001"))
    posted = services.cash.post(teller, "1001", "44010001000000017", Decimal("100"),
                                Breakdown({"N10000": 1}, services.ctx.settings.denominations), "张伟")
    services.sessions.sign_off(teller)
    sign_in(qtbot, window, "0A1B2C3D06", "666666")
    from widgets.lobby_workspace import LobbyWorkspace

    desk = window.workspace
    assert isinstance(desk, LobbyWorkspace) and not hasattr(desk, "journal")  # the lobby has no journal tab
    shown = []
    window.receipt_shown.connect(shown.append)
    window.print_receipt(posted.outcome.seq, reprint=True)  # and the service refuses the reprint itself
    wait_idle(qtbot, window)
    assert shown == [] and desk.message.text()
