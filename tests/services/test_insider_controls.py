"""Issue 14: controls that hold against a determined insider, each tried the way the attacker
did, on SQLite and PostgreSQL branch stores, with the real core emulator. Races run as threads
released together by a barrier and repeat, so they failed reliably before the fixes."""
import threading
from decimal import Decimal

import pytest

from teller.domain.denominations import Breakdown
from teller.services.authorisation import LocalApproval, NeedsAuthorisation, RemoteApproval, RequestNotUsable
from teller.services.credentials import Credentials
from teller.services.reversal import ReversalRefused

TELLER = Credentials("0A1B2C3D01", "111111")
CASH_HEAD = Credentials("0A1B2C3E01", "900001")
MANAGER = Credentials("0A1B2C3F01", "900003")
RICH = "44010001000000017"


def cash(ws, **counts):
    return Breakdown(counts, ws.ctx.settings.denominations)


@pytest.fixture
def branch(make_workstation, core_gateway, branch_url):
    """The maker's workstation WS01 with an open till, and the manager signed in at WS02."""
    maker = make_workstation(core_gateway, branch_url, "WS01")
    desk = make_workstation(core_gateway, branch_url, "WS02")
    session = maker.sessions.sign_in(TELLER)
    maker.till.open(session, cash(maker, N10000=1000), TELLER, CASH_HEAD)
    manager = desk.sessions.sign_in(MANAGER)
    return maker, session, desk, manager


def race(*calls):
    """Runs the calls at the same moment in threads; returns each one's result or exception."""
    results, barrier = [None] * len(calls), threading.Barrier(len(calls))

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the test looks at what each one got
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def approved_request(maker, session, desk, manager, need):
    request_id = maker.authorisation.request_remote(session, need)
    desk.authorisation.decide(manager, request_id, True)
    return request_id


# -- 1. one posting reversed twice -------------------------------------------------------------

def test_a_posting_is_reversed_once_when_two_reversals_race(branch, core_gateway):
    maker, session, desk, manager = branch
    for attempt in range(3):
        before = core_gateway.get_account(RICH).balance_fen
        original = maker.cash.post(session, "1001", RICH, Decimal("500"), cash(maker, N10000=5))
        seq = original.outcome.seq
        approvals = [approved_request(maker, session, desk, manager, maker.reversal.need(session, seq))
                     for _ in range(2)]
        results = race(*(lambda a=a: maker.reversal.reverse(session, seq, "wrong account", RemoteApproval(a))
                         for a in approvals))
        done = [r for r in results if not isinstance(r, Exception)]
        refused = [r for r in results if isinstance(r, Exception)]
        assert len(done) == 1 and len(refused) == 1, (attempt, results)
        assert isinstance(refused[0], ReversalRefused) and "already reversed" in refused[0].message
        assert core_gateway.get_account(RICH).balance_fen == before, attempt  # +500 then -500 once
        assert maker.till.balance(session).balanced
    assert maker.till.position(session).count("N10000") == 1000


# -- 6. one remote approval used twice -----------------------------------------------------------

def test_a_remote_approval_is_used_once_when_two_uses_race(branch):
    maker, session, desk, manager = branch
    original = maker.cash.post(session, "1001", RICH, Decimal("500"), cash(maker, N10000=5))
    need = maker.reversal.need(session, original.outcome.seq)
    for attempt in range(5):
        request_id = approved_request(maker, session, desk, manager, need)
        results = race(*[lambda: maker.authorisation.require(session, need, RemoteApproval(request_id))] * 2)
        used = [r for r in results if not isinstance(r, Exception)]
        assert len(used) == 1, (attempt, results)
        assert used[0].staff_id == "M001"
        assert isinstance(next(r for r in results if isinstance(r, Exception)), RequestNotUsable)


# -- 3. an approval is bound to the full account, not its masked form ---------------------------

def test_an_approval_for_one_account_is_refused_on_another_with_the_same_mask(branch):
    maker, session, desk, manager = branch
    twin = "44010099999990017"  # masked exactly like RICH
    need = maker.authorisation.need(session, "1002", 25_000_000, RICH)
    other = maker.authorisation.need(session, "1002", 25_000_000, twin)
    assert need.decision.outcome == "remote" and need.account_masked == other.account_masked
    request_id = approved_request(maker, session, desk, manager, need)
    with pytest.raises(RequestNotUsable, match="another request"):
        maker.authorisation.require(session, other, RemoteApproval(request_id))
    assert maker.authorisation.require(session, need, RemoteApproval(request_id)).staff_id == "M001"


def test_an_approval_is_bound_to_the_workstation_it_was_asked_at(branch, make_workstation, core_gateway,
                                                                  branch_url):
    maker, session, desk, manager = branch
    need = maker.authorisation.need(session, "1002", 25_000_000, RICH)
    request_id = approved_request(maker, session, desk, manager, need)
    elsewhere = make_workstation(core_gateway, branch_url, "WS03")
    maker.sessions.sign_off(session)
    moved = elsewhere.sessions.sign_in(TELLER)
    with pytest.raises(RequestNotUsable, match="another request"):
        elsewhere.authorisation.require(moved, elsewhere.authorisation.need(moved, "1002", 25_000_000, RICH),
                                        RemoteApproval(request_id))


# -- 7. approvals expire and never cross a business day ------------------------------------------

def test_an_approval_not_used_in_time_expires(branch, clock):
    maker, session, desk, manager = branch
    need = maker.authorisation.need(session, "1002", 25_000_000, RICH)
    request_id = approved_request(maker, session, desk, manager, need)
    clock.advance(minutes=maker.ctx.settings.auth_approval_valid_minutes + 1)
    with pytest.raises(RequestNotUsable, match="expired"):
        maker.authorisation.require(session, need, RemoteApproval(request_id))
    assert maker.authorisation.state_of(request_id).state == "expired"


def test_an_approval_never_crosses_the_business_day(branch, clock):
    maker, session, desk, manager = branch
    clock.current = clock.current.replace(hour=23, minute=58)
    request_id = approved_request(maker, session, desk, manager,
                                  maker.authorisation.need(session, "1002", 25_000_000, RICH))
    clock.advance(minutes=3)  # within approval_valid_minutes, but the next day
    with pytest.raises(RequestNotUsable, match="expired"):
        maker.authorisation.require(session, maker.authorisation.need(session, "1002", 25_000_000, RICH),
                                    RemoteApproval(request_id))
    clock.advance(days=3)
    with pytest.raises(RequestNotUsable, match="expired"):
        maker.authorisation.require(session, maker.authorisation.need(session, "1002", 25_000_000, RICH),
                                    RemoteApproval(request_id))
