"""The reviewer's workspace (复核), by keyboard: the branch's postings of the day, F5 pass, F6 return
with a reason, and the refusals shown in the message line (own posting, already reviewed)."""
from decimal import Decimal

from PySide6.QtCore import Qt

from teller.services.credentials import Credentials
from teller.services.staff import enrol_badge, enrol_staff
from tests.services.test_review import CASH_HEAD, RICH, cash
from tests.ui.test_cash_teller_window import sign_in, wait_idle
from widgets.review_workspace import ReviewWorkspace


def post_at_branch(ws, teller, *yuans):
    """A teller posts deposits at this workstation and signs off; the journal reaches the branch."""
    session = ws.sessions.sign_in(teller)
    ws.till.open(session, cash(ws, N10000=100), teller, CASH_HEAD)
    seqs = [ws.cash.post(session, "1001", RICH, Decimal(y), cash(ws, N10000=int(y) // 100)).outcome.seq
            for y in yuans]
    ws.sessions.sign_off(session)
    assert ws.replicator.push().ok
    return seqs


def rows(desk):
    return [[desk.table.item(r, c).text() for c in range(desk.table.columnCount())]
            for r in range(desk.table.rowCount())]


def test_reviewer_passes_and_returns_postings_by_keyboard(qtbot, window, make_workstation, core_gateway, tmp_path):
    first, second, third = post_at_branch(window.services, Credentials("0A1B2C3D01", "111111"), "1200", "300", "500")
    sign_in(qtbot, window, badge="0A1B2C3D04", pin="444444")  # 刘洋 Liu Yang, reviewer
    desk = window.workspace
    assert isinstance(desk, ReviewWorkspace)
    wait_idle(qtbot, window)
    assert [r[1:] for r in rows(desk)] == [
        [f"WS01-{first}", "T001", "1001 Cash deposit", "440100*******0017", "1,200.00", "in"],
        [f"WS01-{second}", "T001", "1001 Cash deposit", "440100*******0017", "300.00", "in"],
        [f"WS01-{third}", "T001", "1001 Cash deposit", "440100*******0017", "500.00", "in"]]
    assert desk.summary.text() == "Waiting for review today: 3 · passed: 0 · returned: 0"

    qtbot.keyClick(desk.table, Qt.Key_F5)  # pass the first
    wait_idle(qtbot, window)
    assert desk.message.text() == f"Posting WS01-{first} passed."
    assert desk.table.rowCount() == 2

    qtbot.keyClick(desk.table, Qt.Key_F6)  # return needs a reason: the reason field takes the focus
    assert "Type the reason" in desk.message.text() and desk.reason.hasFocus()
    qtbot.keyClicks(desk.reason, "amount differs from the voucher")
    qtbot.keyClick(desk.reason, Qt.Key_Return)
    wait_idle(qtbot, window)
    assert desk.message.text() == f"Posting WS01-{second} returned to T001."
    assert [r[1] for r in rows(desk)] == [f"WS01-{third}"]
    assert desk.summary.text() == "Waiting for review today: 1 · passed: 1 · returned: 1"
    assert desk.table.hasFocus()

    # meanwhile another reviewer decides the last one at their own workstation
    other = make_workstation(core_gateway, f"sqlite:///{tmp_path / 'branch.sqlite'}", "WS02")
    with other.ctx.branch_tx() as db:
        enrol_staff(db, staff_id="T010", name="T010 test", roles=["reviewer"], pin="101010")
        enrol_badge(db, staff_id="T010", uid="0A1B2C3D10", now="test")
    other.review.pass_posting(other.sessions.sign_in(Credentials("0A1B2C3D10", "101010")), "WS01", third)
    qtbot.keyClick(desk.table, Qt.Key_F5)
    wait_idle(qtbot, window)
    assert f"WS01-{third} was already reviewed: passed by T010" in desk.message.text()
    wait_idle(qtbot, window)
    assert desk.table.rowCount() == 0


def test_a_reviewer_who_posted_is_refused_their_own_posting(qtbot, window):
    ws = window.services
    with ws.ctx.branch_tx() as db:
        enrol_staff(db, staff_id="T009", name="T009 双岗", roles=["cash_teller", "reviewer"], pin="909090")
        enrol_badge(db, staff_id="T009", uid="0A1B2C3D09", now="test")
    (own,) = post_at_branch(ws, Credentials("0A1B2C3D09", "909090"), "400")
    sign_in(qtbot, window, badge="0A1B2C3D09", pin="909090")
    desk = window.workspace
    wait_idle(qtbot, window)
    assert [r[1:3] for r in rows(desk)] == [[f"WS01-{own}", "T009"]]
    qtbot.keyClick(desk.table, Qt.Key_F5)
    wait_idle(qtbot, window)
    assert desk.message.text() == ("Self-authorisation refused: A reviewer never reviews their own postings: "
                                   "another reviewer must check them.")
    assert desk.table.rowCount() == 1
