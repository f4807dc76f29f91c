"""Developer tool: drives the demo window offscreen through a teller's first minutes and saves
screenshots (sign-in, workspace after a deposit, close-till prompt) in both languages.

    QT_QPA_PLATFORM=offscreen TELLER_KEYRING_PASSWORD=dev .venv/bin/python tools/screenshot.py OUT_DIR
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
    for _ in range(200):
        pump(app, 50)
        if not win.runner.busy:
            return


def shoot(language: str, out: Path) -> None:
    from teller.services.demo import DEMO_STAFF
    from widgets.app import make_bootstrap
    from widgets.i18n import install_language
    from widgets.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    install_language(app, language)
    home = Path(tempfile.mkdtemp())
    win = MainWindow(make_bootstrap(home, True, None), language=language,
                     demo_badges=[(p.name, p.badge) for p in DEMO_STAFF], show_previews=False)
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
    win.till_actions.close_till()
    win.dialog.editor.spins["N10000"].setValue(62)
    win.dialog.editor.spins["N5000"].setValue(11)
    win.dialog.accept()
    wait_idle(app, win)
    pump(app, 300)
    win.dialog.grab().save(str(out / f"close_prompt_{language}.png"))
    win.close()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    target.mkdir(parents=True, exist_ok=True)
    shoot(sys.argv[2] if len(sys.argv) > 2 else "zh_CN", target)
