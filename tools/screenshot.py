"""Regenerates docs/screenshots/: drives the demo window offscreen (with the workstation's style
sheet, at a counter monitor's 1366x768) through the main screens and saves one PNG per screen and
language: sign-in, the cash workspace after a deposit, the journal, the balance (轧账) dialog, the
close-till prompt, the lock screen and the supervisor's tabs.

    QT_QPA_PLATFORM=offscreen TELLER_KEYRING_PASSWORD=dev .venv/bin/python tools/screenshot.py [OUT_DIR [LANGUAGE]]

Without a language both zh_CN and en are shot; OUT_DIR defaults to docs/screenshots.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication


def pump(app, ms=300):
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_idle(app, win):
    for _ in range(1200):  # a busy machine: up to a minute
        pump(app, 50)
        if not win.runner.busy:
            return


def shoot(language: str, out: Path) -> None:
    from teller.services.demo import DEMO_STAFF
    from widgets.app import make_bootstrap
    from widgets.i18n import install_language
    from widgets.main_window import MainWindow

    from widgets.style import apply_style

    app = QApplication.instance() or QApplication([])
    install_language(app, language)
    apply_style(app)
    home = Path(tempfile.mkdtemp())
    win = MainWindow(make_bootstrap(home, True, None), language=language,
                     demo_badges=[(p.name, p.badge) for p in DEMO_STAFF], show_previews=False)
    win.resize(1366, 768)
    win.show()
    wait_idle(app, win)
    win.sign_in_page.badge.setEditText("0A1B2C3D01")
    win.grab().save(str(out / f"signin_{language}.png"))
    win.sign_in_page.pin.setText("111111")
    win.sign_in_page._on_button_clicked()
    wait_idle(app, win)
    from teller.domain.denominations import Breakdown
    from teller.services.credentials import Credentials
    cash = Breakdown({"N10000": 50, "N5000": 10}, win.services.ctx.settings.denominations)
    win.services.till.open(win.session, cash, Credentials("0A1B2C3D01", "111111"), Credentials("0A1B2C3E01", "900001"))
    form = win.workspace.form
    form.code.setText("1001")
    form._on_code_return_pressed()
    form.account.setText("44010001000000017")
    form._on_account_return_pressed()
    wait_idle(app, win)
    form.amount.setText("1,250.50")
    form.cash.spins["N10000"].setValue(12)
    form.cash.spins["N5000"].setValue(1)
    form.cash.spins["C50"].setValue(1)
    win.workspace._on_form_submit_requested()
    wait_idle(app, win)
    form.code.setText("1002")
    form._on_code_return_pressed()
    form.account.setText("44010001000000017")
    form.amount.setText("3,000")
    form.cash.spins["N10000"].setValue(30)
    pump(app, 200)
    win.grab().save(str(out / f"workspace_{language}.png"))
    desk = win.workspace
    desk.tabs.setCurrentWidget(desk.journal)
    desk.journal.search.click()
    wait_idle(app, win)
    pump(app, 200)
    win.grab().save(str(out / f"journal_{language}.png"))
    desk.tabs.setCurrentWidget(desk.form)
    win.till_actions.balance()
    wait_idle(app, win)
    pump(app, 200)
    win.dialog.grab().save(str(out / f"balance_{language}.png"))
    win.dialog.reject()
    win.till_actions.close_till()
    win.dialog.editor.spins["N10000"].setValue(62)
    win.dialog.editor.spins["N5000"].setValue(11)
    win.dialog.accept()
    wait_idle(app, win)
    pump(app, 300)
    win.dialog.grab().save(str(out / f"close_prompt_{language}.png"))
    win.dialog.reject()
    wait_idle(app, win)
    win.actions["lock"].trigger()
    wait_idle(app, win)
    pump(app, 200)
    win.grab().save(str(out / f"lock_{language}.png"))
    win.lock_page.pin.setText("111111")
    win.lock_page._on_pin_return_pressed()
    wait_idle(app, win)
    win.actions["sign_off"].trigger()
    wait_idle(app, win)
    win.sign_in_page.badge.setEditText("0A1B2C3E01")
    win.sign_in_page.pin.setText("900001")
    win.sign_in_page._on_button_clicked()
    wait_idle(app, win)
    sup = win.workspace
    for index, name in ((0, "pending"), (2, "tellers")):
        sup.tabs.setCurrentIndex(index)
        wait_idle(app, win)
        pump(app, 200)
        win.grab().save(str(out / f"supervisor_{name}_{language}.png"))
    win.actions["sign_off"].trigger()
    wait_idle(app, win)
    win.close()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "docs" / "screenshots")
    target.mkdir(parents=True, exist_ok=True)
    for language in sys.argv[2:3] or ["zh_CN", "en"]:
        shoot(language, target)
