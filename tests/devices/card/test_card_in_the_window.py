"""The virtual card inserted into the vpcd reader through pcscd fills the deposit form:
the PAN shown masked, the account behind it looked up at the core, the deposit posted to
that account, and the PAN nowhere in the journal or the receipt."""
import os

import pytest
from PySide6.QtCore import Qt

from devices.card.virtual_card import VirtualCard
from tests.ui.windows import open_window

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
PAN = "6217000010001234567"  # linked to 44010001000000017 in the core emulator's demo


@pytest.fixture
def window(qtbot, make_workstation, core_gateway, tmp_path, pcscd):
    from devices.card.pcsc import PcscCardReader

    ws = make_workstation(core_gateway, f"sqlite:///{tmp_path / 'branch.sqlite'}")
    win = open_window(qtbot, ws, tmp_path / "printed", active=False)
    win.devices.install("card", PcscCardReader(), "pcsc", {})
    yield win
    win.devices.stop()
    win.runner.wait()


def test_inserting_the_card_fills_the_account_with_the_masked_number(qtbot, window, pcscd, tmp_path):
    from sqlalchemy import select

    from teller.store.models import WorkstationJournal
    from tests.ui.test_cash_teller_window import open_till, sign_in, wait_idle

    sign_in(qtbot, window)
    open_till(qtbot, window, {"N10000": 10})
    form = window.workspace.form
    qtbot.keyClicks(form.code, "1001")
    qtbot.keyClick(form.code, Qt.Key_Return)
    card = VirtualCard(pan=PAN, holder_name="ZHANG/WEI").insert(port=pcscd.port)
    try:
        qtbot.waitUntil(lambda: form.account.text() == "621700*********4567", timeout=15000)
        qtbot.waitUntil(lambda: "张伟" in form.account_name.text(), timeout=5000)
        assert form.account.isReadOnly()
        qtbot.keyClicks(form.amount, "100")
        qtbot.keyClick(form.amount, Qt.Key_Return)
        form.cash.spins["N10000"].setValue(1)
        qtbot.keyClick(form.cash.spins["C10"], Qt.Key_F5)
        wait_idle(qtbot, window)
        wait_idle(qtbot, window)
        assert "Approved" in form.message.text(), form.message.text()
    finally:
        card.remove()
        pcscd.wait_slot(pcscd.slot0, present=False)
    with window.services.ctx.workstation_db() as db:
        accounts = {r.account for r in db.execute(select(WorkstationJournal)).scalars() if r.account}
        payloads = " ".join(r.payload for r in db.execute(select(WorkstationJournal)).scalars())
    assert accounts == {"44010001000000017"} and PAN not in payloads
