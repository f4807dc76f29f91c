"""A zh_CN user never meets an English word or a raw code: every screen and dialog of the window is
rendered in Chinese (cash teller with a posting, the journal, the passbook, the till dialogs, the
lock screen, the supervisor's tabs, the reviewer, Setup → Devices) and every text a person can
see is searched for Latin words outside an allow-list (account numbers, WS01, F-keys, people's
and customers' names as the branch spells them)."""
import re

from PySide6.QtWidgets import (QAbstractButton, QComboBox, QDialog, QGroupBox, QLabel, QLineEdit, QMenu,
                               QTableWidget, QTabWidget, QWidget)

from teller.services.demo import DEMO_STAFF
from tests.ui.test_cash_teller_window import RICH, open_till, post, sign_in, wait_idle

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# what may stay Latin in a Chinese UI: workstation ids, key names, the currency code on money
ALLOWED = {"WS", "Ctrl", "Esc", "Tab", "Alt", "Enter", "CNY",
           "English"}  # the language menu offers each language in its own words
# Setup → Devices shows the plugin and option names as config.toml spells them ([devices.card] plugin = "pcsc")
CONFIG_WORDS = {"simulated", "pcsc", "escp", "rdm", "transport", "port", "host", "path", "baudrate", "forms_dir",
                "reader", "serial", "tcp", "file", "timeout", "read_timeout", "out_dir"}
# people's names as the branch enrolled them ("王芳 Wang Fang") and the customers' names at the core
NAMES = {word for p in DEMO_STAFF for word in p.name.split()[1:]} | {"ZHANG", "WEI", "LI", "NA", "CHEN", "JING"}


def visible_texts(root: QWidget) -> list[str]:
    texts = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) and w is not root:
            continue
        if isinstance(w, QLabel):
            texts.append(re.sub(r"<[^>]+>", " ", w.text()))
        elif isinstance(w, QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QTableWidget):
            for c in range(w.columnCount()):
                header = w.horizontalHeaderItem(c)
                texts.append(header.text() if header else "")
                texts += [w.item(r, c).text() for r in range(w.rowCount()) if w.item(r, c)]
        elif isinstance(w, QMenu):
            texts.append(w.title())
            texts += [a.text() for a in w.actions()]
    return texts


def latin_words(texts) -> set[str]:
    found = set()
    for text in texts:
        found |= set(LATIN_WORD.findall(text or "")) - ALLOWED - NAMES
    return found


def check(screen: str, root: QWidget, problems: dict, allowed=frozenset()) -> None:
    words = latin_words(visible_texts(root)) - set(allowed)
    if words:
        problems[screen] = sorted(words)


def test_every_screen_and_dialog_in_chinese(qtbot, window):
    win, problems = window, {}
    win.set_language("zh_CN")
    check("sign-in", win, problems)
    sign_in(qtbot, win)
    open_till(qtbot, win, {"N10000": 20})
    post(qtbot, win, "1001", RICH, "300", {"N10000": 3})
    desk = win.workspace
    check("cash workspace", win, problems)
    for menu in win.menuBar().findChildren(QMenu):
        check(f"menu {menu.title()}", menu, problems)
    desk.tabs.setCurrentWidget(desk.journal)
    desk.journal.search.click()
    wait_idle(qtbot, win)
    check("journal", win, problems)
    desk.tabs.setCurrentWidget(desk.passbook)
    check("passbook", win, problems)
    win.actions["balance"].trigger()
    wait_idle(qtbot, win)
    check("balance dialog", win.dialog, problems)
    win.dialog.reject()
    win.actions["close_till"].trigger()
    check("count dialog", win.dialog, problems)
    win.dialog.reject()
    win.actions["sell_back"].trigger()
    win.dialog.editor.spins["N10000"].setValue(1)
    win.dialog.accept()
    check("dual control prompt", win.dialog, problems)
    win.dialog.reject()
    wait_idle(qtbot, win)
    win.actions["lock"].trigger()
    wait_idle(qtbot, win)
    check("lock screen", win, problems)
    qtbot.keyClicks(win.lock_page.pin, "222222")
    win.lock_page._on_pin_return_pressed()
    wait_idle(qtbot, win)
    check("lock screen, wrong PIN", win, problems)
    win.lock_page.pin.setText("111111")
    win.lock_page._on_pin_return_pressed()
    wait_idle(qtbot, win)
    win.actions["sign_off"].trigger()
    wait_idle(qtbot, win)
    sign_in(qtbot, win, "0A1B2C3D01", "000000")
    check("sign-in, wrong PIN", win, problems)
    win.sign_in_page.pin.clear()
    sign_in(qtbot, win, "0A1B2C3E01", "900001")  # cash-area head
    sup = win.workspace
    for index in range(sup.tabs.count()):
        sup.tabs.setCurrentIndex(index)
        wait_idle(qtbot, win)
        check(f"supervisor tab {sup.tabs.tabText(index)}", win, problems)
    win.device_actions.devices_action.trigger()
    wait_idle(qtbot, win)
    qtbot.waitUntil(lambda: win.dialog.save_button.isEnabled(), timeout=10000)
    check("devices dialog", win.dialog, problems, CONFIG_WORDS)
    win.dialog.reject()
    win.actions["sign_off"].trigger()
    wait_idle(qtbot, win)
    sign_in(qtbot, win, "0A1B2C3D04", "444444")  # reviewer
    wait_idle(qtbot, win)
    check("reviewer", win, problems)
    win.actions["sign_off"].trigger()
    wait_idle(qtbot, win)
    sign_in(qtbot, win, "0A1B2C3D06", "666666")  # lobby manager
    lobby = win.workspace
    lobby.customer.setText("张伟")
    lobby._on_issue_clicked()
    wait_idle(qtbot, win)
    for index in range(lobby.tabs.count()):
        lobby.tabs.setCurrentIndex(index)
        lobby.refresh()
        wait_idle(qtbot, win)
        check(f"lobby tab {lobby.tabs.tabText(index)}", win, problems)
    win.set_language("en")
    assert problems == {}, "\n".join(f"{screen}: {', '.join(words)}" for screen, words in problems.items())
