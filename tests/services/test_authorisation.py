"""Authorisation with real parts: two workstations (own SQLite stores) on one branch store —
PostgreSQL as in a branch, and SQLite — the real core emulator, local and remote approval,
the approve race, expiry, cancellation and every refusal."""
import threading
from decimal import Decimal

import pytest
from sqlalchemy import select

from teller.domain.denominations import Breakdown
from teller.domain.errors import PermissionDenied, SelfAuthorisation
from teller.services.authorisation import (LocalApproval, NeedsAuthorisation, RemoteApproval,
                                           RequestAlreadyDecided, RequestNotUsable)
from teller.services.credentials import Credentials
from teller.services.large_cash import CustomerIdentity, IdentityRequired
from teller.services.staff import enrol_badge, enrol_staff
from teller.store.models import WorkstationJournal

TELLER = Credentials("0A1B2C3D01", "111111")
CASH_HEAD = Credentials("0A1B2C3E01", "900001")
NONCASH_HEAD = Credentials("0A1B2C3E02", "900002")
MANAGER = Credentials("0A1B2C3F01", "900003")
RICH = "44010001000000017"


def cash(ws, **counts):
    return Breakdown(counts, ws.ctx.settings.denominations)


def journal(ws, kind=None):
    with ws.ctx.workstation_db() as db:
        rows = db.execute(select(WorkstationJournal).order_by(WorkstationJournal.seq)).scalars().all()
    return [r for r in rows if kind is None or r.kind == kind]


@pytest.fixture
def branch(make_workstation, core_gateway, branch_url):
    """The maker's workstation WS01 with an open till, and the supervisors' WS02 and WS03."""
    maker = make_workstation(core_gateway, branch_url, "WS01")
    desk = make_workstation(core_gateway, branch_url, "WS02")
    other = make_workstation(core_gateway, branch_url, "WS03")
    session = maker.sessions.sign_in(TELLER)
    maker.till.open(session, cash(maker, N10000=1000), TELLER, CASH_HEAD)
    return maker, session, desk, other


ID = CustomerIdentity("resident_id", "11010519491231002X", "buying a car")


def test_large_withdrawal_needs_the_customers_id_and_the_cash_head_at_the_counter(branch):
    maker, session, *_ = branch
    with pytest.raises(IdentityRequired):
        maker.cash.post(session, "1002", RICH, Decimal("60000"), cash(maker, N10000=600))
    with pytest.raises(NeedsAuthorisation) as asked:
        maker.cash.post(session, "1002", RICH, Decimal("60000"), cash(maker, N10000=600), customer=ID)
    need = asked.value.need
    assert need.decision.outcome == "local" and need.account_masked == "440100*******0017"
    assert any("60,000.00" in r for r in need.decision.reasons)
    with pytest.raises(PermissionDenied):  # the non-cash head may not authorise cash
        maker.cash.post(session, "1002", RICH, Decimal("60000"), cash(maker, N10000=600),
                        approval=LocalApproval(NONCASH_HEAD), customer=ID)
    with pytest.raises(SelfAuthorisation):
        maker.cash.post(session, "1002", RICH, Decimal("60000"), cash(maker, N10000=600),
                        approval=LocalApproval(TELLER), customer=ID)
    result = maker.cash.post(session, "1002", RICH, Decimal("60000"), cash(maker, N10000=600),
                             approval=LocalApproval(CASH_HEAD), customer=ID)
    assert result.outcome.status == "approved"
    granted = journal(maker, "authorised_locally")[-1]
    assert '"authoriser":"S001"' in granted.payload and granted.teller_id == "T001"
    posting = journal(maker, "posting")[-1].payload
    assert '"authorised_by":"S001"' in posting and '"id_number":"11010519491231002X"' in posting


def test_large_cash_sums_the_customers_day(branch):
    maker, session, *_ = branch
    assert maker.cash.authorisation_need(session, "1001", RICH, Decimal("30000")) is None
    maker.cash.post(session, "1001", RICH, Decimal("30000"), cash(maker, N10000=300))
    need = maker.cash.authorisation_need(session, "1001", RICH, Decimal("20000"))
    assert need is not None and "large_cash_report" in need.decision.flags
    # another customer is not affected
    assert maker.cash.authorisation_need(session, "1001", "44010001000000033", Decimal("20000")) is None


def test_a_supervisor_who_is_also_the_maker_cannot_authorise(branch, memory_keyring):
    maker, _, *_ = branch
    with maker.ctx.branch_tx() as db:
        enrol_staff(db, staff_id="X001", name="Dual role", roles=["cash_teller", "cash_head"], pin="123123")
        enrol_badge(db, staff_id="X001", uid="0A0A0A0A0A", now="t")
    dual = Credentials("0A0A0A0A0A", "123123")
    maker.sessions.sign_off(branch[1])
    session = maker.sessions.sign_in(dual)
    maker.till.open(session, cash(maker, N10000=700), dual, CASH_HEAD)
    with pytest.raises(SelfAuthorisation):
        maker.cash.post(session, "1002", RICH, Decimal("60000"), cash(maker, N10000=600),
                        approval=LocalApproval(dual), customer=ID)


def deposit(maker, session, amount="500"):
    return maker.cash.post(session, "1001", RICH, Decimal(amount), cash(maker, N10000=int(Decimal(amount)) // 100))


def test_reversal_approved_remotely_by_the_branch_manager(branch, core_gateway):
    maker, session, desk, _ = branch
    original = deposit(maker, session)
    balance = core_gateway.get_account(RICH).balance_fen
    with pytest.raises(NeedsAuthorisation) as asked:
        maker.reversal.reverse(session, original.outcome.seq, "wrong account", None)
    need = asked.value.need
    assert need.decision.outcome == "remote"
    request_id = maker.authorisation.request_remote(session, need)

    manager = desk.sessions.sign_in(MANAGER)
    pending = desk.authorisation.pending_for(manager)
    assert [r.id for r in pending] == [request_id] and pending[0].maker_id == "T001"
    cash_head = desk.sessions  # a cash head does not see a level-2 request
    head_desk = branch[3]
    head = head_desk.sessions.sign_in(CASH_HEAD)
    assert head_desk.authorisation.pending_for(head) == []
    with pytest.raises(PermissionDenied):
        head_desk.authorisation.decide(head, request_id, True)

    desk.authorisation.decide(manager, request_id, True)
    assert maker.authorisation.state_of(request_id).state == "approved"
    done = maker.reversal.reverse(session, original.outcome.seq, "wrong account", RemoteApproval(request_id))
    assert done.outcome.status == "approved"
    assert core_gateway.get_account(RICH).balance_fen == balance - 50000
    assert maker.till.position(session).count("N10000") == 1000
    assert maker.till.balance(session).balanced
    assert maker.reversal.reversed_seqs([original.outcome.seq]) == {original.outcome.seq}
    # both parties in both journals
    assert '"authoriser":"M001"' in journal(maker, "authorisation_used")[-1].payload
    assert '"maker":"T001"' in journal(desk, "authorisation_approved")[-1].payload
    # an approval is used once
    with pytest.raises(RequestNotUsable):
        maker.authorisation.require(session, need, RemoteApproval(request_id))
    del cash_head


def test_reversal_refusals(branch, clock):
    maker, session, *_ = branch
    from teller.services.reversal import ReversalRefused

    first = deposit(maker, session)
    rejected = maker.cash.post(session, "1002", "44010001000000058", Decimal("500"), cash(maker, N10000=5))
    assert rejected.outcome.status == "rejected"
    with pytest.raises(ReversalRefused, match="not posted at the core"):
        maker.reversal.check(rejected.outcome.seq)
    with pytest.raises(ReversalRefused, match="not a posting"):
        maker.reversal.check(first.outcome.outcome_seq)
    clock.advance(days=1)
    with pytest.raises(ReversalRefused, match="reversal_other_day"):
        maker.reversal.check(first.outcome.seq)


def test_reversing_twice_and_reversing_a_reversal_are_refused(branch, make_workstation):
    maker, session, desk, _ = branch
    from teller.services.reversal import ReversalRefused

    original = deposit(maker, session)
    need = maker.reversal.need(session, original.outcome.seq)
    request_id = maker.authorisation.request_remote(session, need)
    manager = desk.sessions.sign_in(MANAGER)
    desk.authorisation.decide(manager, request_id, True)
    done = maker.reversal.reverse(session, original.outcome.seq, "duplicate", RemoteApproval(request_id))
    with pytest.raises(ReversalRefused, match="already reversed"):
        maker.reversal.check(original.outcome.seq)
    with pytest.raises(ReversalRefused, match="itself a reversal"):
        maker.reversal.check(done.outcome.seq)


def test_two_supervisors_approve_at_once_exactly_one_wins(branch):
    maker, session, desk, other = branch
    with other.ctx.branch_tx() as db:
        enrol_staff(db, staff_id="M002", name="Deputy manager", roles=["branch_manager"], pin="900004")
        enrol_badge(db, staff_id="M002", uid="0A1B2C3F02", now="t")
    original = deposit(maker, session)
    request_id = maker.authorisation.request_remote(session, maker.reversal.need(session, original.outcome.seq))
    first = desk.sessions.sign_in(MANAGER)
    second = other.sessions.sign_in(Credentials("0A1B2C3F02", "900004"))
    results, barrier = {}, threading.Barrier(2)

    def approve(ws, who):
        barrier.wait()
        try:
            ws.authorisation.decide(who, request_id, True)
            results[who.teller_id] = "won"
        except RequestAlreadyDecided as exc:
            results[who.teller_id] = exc.message

    threads = [threading.Thread(target=approve, args=a) for a in ((desk, first), (other, second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results.values()).count("won") == 1, results
    loser = next(v for v in results.values() if v != "won")
    assert "already approved" in loser
    winner = next(k for k, v in results.items() if v == "won")
    assert maker.authorisation.state_of(request_id).decided_by == winner


def test_request_expires_and_can_be_cancelled(branch, clock):
    maker, session, desk, _ = branch
    original = deposit(maker, session)
    need = maker.reversal.need(session, original.outcome.seq)
    expiring = maker.authorisation.request_remote(session, need)
    manager = desk.sessions.sign_in(MANAGER)
    clock.advance(seconds=maker.ctx.settings.auth_request_expiry_seconds + 1)
    assert maker.authorisation.outcome_for_maker(session, expiring).state == "expired"
    maker.authorisation.outcome_for_maker(session, expiring)  # seen twice, journaled once
    assert len(journal(maker, "authorisation_expired_seen")) == 1
    with pytest.raises(RequestAlreadyDecided, match="expired"):
        desk.authorisation.decide(manager, expiring, True)
    with pytest.raises(RequestNotUsable, match="expired"):
        maker.reversal.reverse(session, original.outcome.seq, "late", RemoteApproval(expiring))

    cancelled = maker.authorisation.request_remote(session, need)
    maker.authorisation.cancel(session, cancelled)
    assert desk.authorisation.pending_for(manager) == []
    with pytest.raises(RequestAlreadyDecided, match="cancelled"):
        desk.authorisation.decide(manager, cancelled, True)
    assert journal(maker, "authorisation_cancelled")


def test_rejection_needs_a_reason_and_reaches_the_maker(branch):
    maker, session, desk, _ = branch
    original = deposit(maker, session)
    request_id = maker.authorisation.request_remote(session, maker.reversal.need(session, original.outcome.seq))
    manager = desk.sessions.sign_in(MANAGER)
    from teller.domain.errors import TellerError
    with pytest.raises(TellerError, match="reason"):
        desk.authorisation.decide(manager, request_id, False, "")
    desk.authorisation.decide(manager, request_id, False, "customer not present")
    row = maker.authorisation.outcome_for_maker(session, request_id)
    assert (row.state, row.decided_by, row.decision_reason) == ("rejected", "M001", "customer not present")
    assert '"authoriser":"M001"' in journal(maker, "authorisation_rejected_seen")[-1].payload
    assert '"reason":"customer not present"' in journal(desk, "authorisation_rejected")[-1].payload


def test_after_hours_posting_needs_the_branch_manager(branch, clock):
    maker, session, *_ = branch
    clock.current = clock.current.replace(hour=18)
    with pytest.raises(NeedsAuthorisation) as asked:
        deposit(maker, session)
    assert asked.value.need.decision.level == 2


def test_customer_identity_is_checked_before_the_posting():
    from teller.services.identity import InvalidIdNumber

    assert CustomerIdentity.checked("resident_id", "110105 19491231 002x", "car").id_number == "11010519491231002X"
    with pytest.raises(InvalidIdNumber):
        CustomerIdentity.checked("resident_id", "110105194912310021", "car")
    with pytest.raises(IdentityRequired, match="purpose"):
        CustomerIdentity.checked("passport", "E12345678", " ")


def test_authorisation_log_of_the_day_per_supervisor(branch):
    from printing.authorisation_log import render_authorisation_log

    maker, session, desk, _ = branch
    maker.cash.post(session, "1002", RICH, Decimal("60000"), cash(maker, N10000=600),
                    approval=LocalApproval(CASH_HEAD), customer=ID)
    original = deposit(maker, session)
    request_id = maker.authorisation.request_remote(session, maker.reversal.need(session, original.outcome.seq))
    manager = desk.sessions.sign_in(MANAGER)
    desk.authorisation.decide(manager, request_id, False, "not today")
    day = maker.ctx.business_date()
    everyone = desk.authorisation.log_lines(day)
    assert [(l.mode, l.state, l.authoriser.split()[0]) for l in everyone] == [("local", "used", "S001"),
                                                                                ("remote", "rejected", "M001")]
    assert [l.request_id for l in desk.authorisation.log_lines(day, "M001")] == [request_id]
    assert render_authorisation_log("bank", "branch", day, "M001", everyone).startswith(b"%PDF")


def test_teller_status_board_and_forced_sign_off(branch):
    maker, session, desk, _ = branch
    head = desk.sessions.sign_in(CASH_HEAD)
    board = {t.staff_id: t for t in desk.supervision.teller_board()}
    assert board["T001"].state == "signed_in" and board["T001"].till_open and board["T001"].workstation == "WS01"
    assert board["T002"].state == "signed_off" and not board["T002"].till_open
    assert "S001" not in board  # supervisors are not on the tellers' board
    maker.sessions.lock(session)
    assert {t.staff_id: t for t in desk.supervision.teller_board()}["T001"].state == "locked"
    with pytest.raises(NeedsAuthorisation):
        desk.supervision.force_sign_off(head, "T001", None)
    with pytest.raises(SelfAuthorisation):
        desk.supervision.force_sign_off(head, "T001", LocalApproval(CASH_HEAD))
    desk.supervision.force_sign_off(head, "T001", LocalApproval(MANAGER))
    assert {t.staff_id: t for t in desk.supervision.teller_board()}["T001"].state == "signed_off"
    assert '"approved_by":"M001"' in journal(desk, "forced_sign_off")[-1].payload


def test_branch_manager_overrides_the_rules_and_the_change_is_journaled(branch):
    from teller.domain.errors import ConfigurationError
    from teller.services.policy_rules import change_rules

    maker, session, desk, _ = branch
    override = '[[codes.1002.bands]]\nup_to = "10000.00"\nlevel = 0\n[[codes.1002.bands]]\nlevel = 1\nmode = "local"\n'
    head = desk.sessions.sign_in(CASH_HEAD)
    with pytest.raises(PermissionDenied):
        change_rules(desk.ctx, head, override)
    desk.sessions.sign_off(head)
    manager = desk.sessions.sign_in(MANAGER)
    with pytest.raises(ConfigurationError):
        change_rules(desk.ctx, manager, '[codes.1002]\nbands = "lots"\n')
    assert maker.cash.authorisation_need(session, "1002", RICH, Decimal("20000")) is None
    change_rules(desk.ctx, manager, override)
    maker.authorisation.reload_policy()
    need = maker.cash.authorisation_need(session, "1002", RICH, Decimal("20000"))
    assert need is not None and need.decision.outcome == "local"
    assert journal(desk, "policy_changed")[-1].teller_id == "M001"


def test_supervisors_see_each_tellers_offline_exposure(make_workstation, branch_url, stopped_core):
    from teller.sync.core_client import HttpCoreGateway

    maker = make_workstation(stopped_core.gateway(), branch_url, "WS01")
    desk = make_workstation(stopped_core.gateway(), branch_url, "WS02")
    session = maker.sessions.sign_in(TELLER)
    maker.till.open(session, cash(maker, N10000=20), TELLER, CASH_HEAD)
    maker.cash.post(session, "1001", RICH, Decimal("300"), cash(maker, N10000=3))
    maker.cash.post(session, "1002", RICH, Decimal("500"), cash(maker, N10000=5))
    maker.replicator.push()
    board = {t.staff_id: t for t in desk.supervision.teller_board()}
    assert board["T001"].offline_fen == 80000 and desk.supervision.branch_offline_exposure() == 80000
    with stopped_core.restart() as core:
        maker.ctx.core = HttpCoreGateway(core.url)
        maker.outbox.resolve_pending(ignore_backoff=True)
    maker.replicator.push()
    assert {t.staff_id: t for t in desk.supervision.teller_board()}["T001"].offline_fen == 0
