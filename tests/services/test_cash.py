"""Till open with dual control, deposits and withdrawals against the real core emulator,
the till per denomination, 轧账, blind close with over/short, core rejections and outages."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from teller.domain.denominations import Breakdown
from teller.domain.errors import (AuthorisationRequired, BreakdownMismatch, InsufficientTillCash,
                                  PermissionDenied, SelfAuthorisation, TillNotOpen, WrongPin)
from teller.services.credentials import Credentials
from teller.store.models import Handover, OutboxItem, VaultHolding, WorkstationJournal

TELLER = Credentials("0A1B2C3D01", "111111")
CASH_HEAD = Credentials("0A1B2C3E01", "900001")
NONCASH_HEAD = Credentials("0A1B2C3E02", "900002")
RICH = "44010001000000017"  # demo accounts of the core emulator


def cash(ws, **counts):
    return Breakdown(counts, ws.ctx.settings.denominations)


@pytest.fixture
def signed_in(workstation):
    return workstation.sessions.sign_in(TELLER)


@pytest.fixture
def open_till(workstation, signed_in):
    workstation.till.open(signed_in, cash(workstation, N10000=100, N5000=20, N1000=50, C100=20), TELLER, CASH_HEAD)
    return signed_in


def journal(ws):
    with ws.ctx.workstation_db() as db:
        return list(db.execute(select(WorkstationJournal).order_by(WorkstationJournal.seq)).scalars())


def test_open_till_needs_both_badges_and_moves_vault_cash(workstation, signed_in):
    with workstation.ctx.branch_db() as db:
        before = db.get(VaultHolding, "N10000").count
    with pytest.raises(WrongPin):
        workstation.till.open(signed_in, cash(workstation, N10000=10), Credentials(TELLER.badge_uid, "000000"),
                              CASH_HEAD)
    with pytest.raises(PermissionDenied):  # a non-cash head may not hand over vault cash
        workstation.till.open(signed_in, cash(workstation, N10000=10), TELLER, NONCASH_HEAD)
    with pytest.raises(SelfAuthorisation):
        workstation.till.open(signed_in, cash(workstation, N10000=10), TELLER, TELLER)
    workstation.till.open(signed_in, cash(workstation, N10000=10), TELLER, CASH_HEAD)
    assert workstation.till.position(signed_in).to_json_dict() == {"N10000": 10}
    with workstation.ctx.branch_db() as db:
        assert db.get(VaultHolding, "N10000").count == before - 10
        handover = db.execute(select(Handover)).scalar_one()
    assert (handover.kind, handover.teller_id, handover.supervisor_id) == ("till_open", "T001", "S001")
    assert journal(workstation)[-1].kind == "till_opened"


def test_deposit_is_approved_and_moves_the_till(workstation, open_till, core_gateway):
    before = core_gateway.get_account(RICH).balance_fen
    result = workstation.cash.post(open_till, "1001", RICH, Decimal("1250.50"),
                                   cash(workstation, N10000=12, N5000=1, C50=1))
    assert result.outcome.status == "approved"
    assert core_gateway.get_account(RICH).balance_fen == before + 125050
    position = workstation.till.position(open_till)
    assert position.count("N10000") == 112 and position.count("C50") == 1
    kinds = [e.kind for e in journal(workstation)]
    assert kinds[-2:] == ["posting", "host_approved"]
    assert workstation.till.balance(open_till).balanced


def test_withdrawal_pays_out_by_denomination(workstation, open_till, core_gateway):
    before = core_gateway.get_account(RICH).balance_fen
    result = workstation.cash.post(open_till, "1002", RICH, Decimal("300"), cash(workstation, N10000=2, N5000=2))
    assert result.outcome.status == "approved"
    assert core_gateway.get_account(RICH).balance_fen == before - 30000
    assert workstation.till.position(open_till).count("N5000") == 18


def test_withdrawal_over_the_tills_cash_of_a_denomination_is_refused_before_the_core(workstation, open_till):
    with pytest.raises(InsufficientTillCash, match="20"):
        workstation.cash.post(open_till, "1002", RICH, Decimal("100"), cash(workstation, N2000=5))
    assert [e.kind for e in journal(workstation)][-1] == "till_opened"  # nothing recorded


def test_breakdown_must_match_the_amount(workstation, open_till):
    with pytest.raises(BreakdownMismatch):
        workstation.cash.post(open_till, "1001", RICH, Decimal("100"), cash(workstation, N5000=1))


def test_no_posting_without_an_open_till(workstation, signed_in):
    with pytest.raises(TillNotOpen):
        workstation.cash.post(signed_in, "1001", RICH, Decimal("100"), cash(workstation, N10000=1))


@pytest.mark.parametrize("account, reason", [
    ("44010001000000058", "insufficient_funds"),  # the demo account with 100.00
    ("44010001000000000", "unknown_account"),
    ("44010001000000041", "frozen_account"),
])
def test_core_rejection_is_shown_and_journaled_and_nothing_moves(workstation, open_till, account, reason):
    before = workstation.till.position(open_till)
    result = workstation.cash.post(open_till, "1002", account, Decimal("500"), cash(workstation, N10000=5))
    assert result.outcome.status == "rejected" and result.outcome.reason == reason
    assert workstation.till.position(open_till) == before
    last = journal(workstation)[-1]
    assert last.kind == "host_rejected" and reason in last.payload
    with workstation.ctx.workstation_db() as db:
        assert db.execute(select(OutboxItem.state)).scalars().all() == ["rejected"]
    assert workstation.till.balance(open_till).balanced


def test_core_not_running_deposit_accepted_offline_withdrawal_refused(make_workstation, branch_url, stopped_core):
    from teller.sync.core_client import HttpCoreGateway

    ws = make_workstation(stopped_core.gateway(), branch_url)
    session = ws.sessions.sign_in(TELLER)
    ws.till.open(session, cash(ws, N10000=40), TELLER, CASH_HEAD)
    deposit = ws.cash.post(session, "1001", RICH, Decimal("200"), cash(ws, N10000=2))
    assert deposit.outcome.status == "offline_accepted" and deposit.warnings
    # over the offline limit for one withdrawal (2,000.00): refused, nothing paid
    withdrawal = ws.cash.post(session, "1002", RICH, Decimal("2500"), cash(ws, N10000=25))
    assert withdrawal.outcome.status == "offline_refused"
    assert ws.till.position(session).count("N10000") == 42
    with ws.ctx.workstation_db() as db:
        states = dict(db.execute(select(OutboxItem.direction, OutboxItem.state)).all())
    assert states == {"credit": "offline_accepted", "debit": "needs_reversal"}

    # the core comes back on the same ledger: the deposit is sent once, the withdrawal reversed
    with stopped_core.restart() as core:
        ws.ctx.core = HttpCoreGateway(core.url)
        before = ws.ctx.core.get_account(RICH).balance_fen
        assert ws.outbox.resolve_pending() == {"settled": 2, "failed": 0, "waiting": 0}
        assert ws.outbox.resolve_pending()["settled"] == 0
        assert ws.ctx.core.get_account(RICH).balance_fen == before + 20000
    from teller.core.ledger import Ledger

    ledger = Ledger(stopped_core.db_path)
    statuses = {p.key: p.status for p in ledger.ledger_entries()}
    ledger.close()
    # the deposit once, approved; the refused withdrawal either never arrived or was reversed
    assert statuses.get(deposit.outcome.key) == "approved"
    assert statuses.get(withdrawal.outcome.key) in (None, "reversed")
    assert ws.till.balance(session).balanced


def test_offline_withdrawals_are_paid_within_the_limits_and_settled_once_later(make_workstation, branch_url, stopped_core):
    from teller.core.ledger import Ledger
    from teller.sync.core_client import HttpCoreGateway

    ws = make_workstation(stopped_core.gateway(), branch_url, overrides={"offline": {"withdrawal_daily_limit": "3000.00"}})
    session = ws.sessions.sign_in(TELLER)
    ws.till.open(session, cash(ws, N10000=100), TELLER, CASH_HEAD)
    paid = [ws.cash.post(session, "1002", RICH, Decimal("1500"), cash(ws, N10000=15)) for _ in range(2)]
    assert [p.outcome.status for p in paid] == ["offline_accepted", "offline_accepted"]
    third = ws.cash.post(session, "1002", RICH, Decimal("100"), cash(ws, N10000=1))  # 3,100 > 3,000 today
    assert third.outcome.status == "offline_refused"
    other = ws.cash.post(session, "1002", "44010001000000033", Decimal("200"), cash(ws, N10000=2))
    assert other.outcome.status == "offline_refused"  # the teller's daily total is reached, any account
    assert ws.till.position(session).count("N10000") == 70

    with stopped_core.restart() as core:
        ws.ctx.core = HttpCoreGateway(core.url)
        before = ws.ctx.core.get_account(RICH).balance_fen
        ws.outbox.resolve_pending(ignore_backoff=True)
        assert ws.ctx.core.get_account(RICH).balance_fen == before - 300000
    ledger = Ledger(stopped_core.db_path)
    statuses = {p.key: p.status for p in ledger.ledger_entries()}
    ledger.close()
    assert [statuses[p.outcome.key] for p in paid] == ["approved", "approved"]
    assert statuses.get(third.outcome.key) in (None, "reversed")
    assert ws.till.balance(session).balanced


def test_offline_withdrawal_the_core_refuses_later_goes_to_the_exception_queue(make_workstation, branch_url, stopped_core):
    from teller.sync.core_client import HttpCoreGateway

    ws = make_workstation(stopped_core.gateway(), branch_url)
    session = ws.sessions.sign_in(TELLER)
    ws.till.open(session, cash(ws, N10000=10), TELLER, CASH_HEAD)
    paid = ws.cash.post(session, "1002", "44010001000000058", Decimal("200"), cash(ws, N10000=2))  # has 100.00
    assert paid.outcome.status == "offline_accepted"
    with stopped_core.restart() as core:
        ws.ctx.core = HttpCoreGateway(core.url)
        ws.outbox.resolve_pending(ignore_backoff=True)
    [failed] = ws.outbox.exceptions()
    assert failed.key == paid.outcome.key and "insufficient_funds" in (failed.reason or "")
    assert journal(ws)[-1].kind == "host_rejected_after_offline"


def test_holding_limit_warns_and_sell_back_returns_cash_to_the_vault(make_workstation, core_gateway, branch_url):
    ws = make_workstation(core_gateway, branch_url, overrides={"till": {"holding_limit": "10000.00"}})
    session = ws.sessions.sign_in(TELLER)
    ws.till.open(session, cash(ws, N10000=90), TELLER, CASH_HEAD)
    result = ws.cash.post(session, "1001", RICH, Decimal("2000"), cash(ws, N10000=20))
    assert any("holding limit" in w for w in result.warnings)
    ws.till.sell_back(session, cash(ws, N10000=50), TELLER, CASH_HEAD)
    assert ws.till.position(session).count("N10000") == 60
    assert ws.till.balance(session).balanced


def test_blind_close_with_an_over_needs_the_cash_head(workstation, open_till):
    position = workstation.till.position(open_till)
    counted = position + cash(workstation, N500=1)  # 5 yuan over (长款)
    assessment = workstation.till.count_at_close(open_till, counted)
    assert assessment.difference_fen == 500
    with pytest.raises(AuthorisationRequired):
        workstation.till.close(open_till, counted, TELLER, None)
    with pytest.raises(PermissionDenied):
        workstation.till.close(open_till, counted, TELLER, NONCASH_HEAD)
    workstation.till.close(open_till, counted, TELLER, CASH_HEAD)
    kinds = [e.kind for e in journal(workstation)]
    assert kinds[-3:] == ["blind_count", "over", "till_closed"]
    assert workstation.till.position(open_till) is None
    with workstation.ctx.branch_db() as db:
        close = db.execute(select(Handover).where(Handover.kind == "till_close")).scalar_one()
    assert close.over_short_fen == 500 and close.amount_fen == counted.total_fen()


def test_blind_count_is_journaled_before_the_expected_amount_is_known(workstation, open_till):
    counted = cash(workstation, N10000=100)
    workstation.till.count_at_close(open_till, counted)
    entry = journal(workstation)[-1]
    assert entry.kind == "blind_count" and entry.amount_fen == 1000000
    assert "expected" not in entry.payload


def test_while_the_core_is_offline_postings_over_the_offline_limit_need_an_override(make_workstation, branch_url, stopped_core):
    from teller.services.authorisation import LocalApproval, NeedsAuthorisation

    ws = make_workstation(stopped_core.gateway(), branch_url)
    session = ws.sessions.sign_in(TELLER)
    ws.till.open(session, cash(ws, N10000=10), TELLER, CASH_HEAD)
    assert ws.cash.authorisation_need(session, "1001", RICH, Decimal("30000")) is None  # online so far
    ws.cash.post(session, "1001", RICH, Decimal("100"), cash(ws, N10000=1))  # finds the core down
    need = ws.cash.authorisation_need(session, "1001", RICH, Decimal("30000"))
    assert need is not None and any("offline" in r for r in need.decision.reasons)
    assert ws.cash.authorisation_need(session, "1001", RICH, Decimal("1000")) is None  # within the limit
    with pytest.raises(NeedsAuthorisation):
        ws.cash.post(session, "1001", RICH, Decimal("30000"), cash(ws, N10000=300))
    result = ws.cash.post(session, "1001", RICH, Decimal("30000"), cash(ws, N10000=300),
                          approval=LocalApproval(CASH_HEAD))
    assert result.outcome.status == "offline_accepted"
