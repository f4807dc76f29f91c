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


# -- 4. unlock lifts only a PIN lock; a blacklist is lifted by its own operation --------------------

LOST = "0A1B2C3D99"  # the demo's blacklisted badge of T001
NONCASH_HEAD = Credentials("0A1B2C3E02", "900002")


def kinds(ws, kind):
    from teller.store.models import WorkstationJournal as J

    with ws.ctx.workstation_db() as db:
        return [r for r in db.query(J).order_by(J.seq) if r.kind == kind]


def test_unlock_does_not_lift_a_blacklist_and_reinstating_needs_the_manager_and_a_reason(workstation):
    from teller.domain.errors import BadgeBlacklisted, PermissionDenied

    sessions = workstation.sessions
    with pytest.raises(PermissionDenied, match="blacklisted"):
        sessions.unlock_badge(CASH_HEAD, LOST)
    with pytest.raises(BadgeBlacklisted):
        sessions.sign_in(Credentials(LOST, "111111"))
    with pytest.raises(PermissionDenied):  # level 2: a cash head may not
        sessions.reinstate_badge(CASH_HEAD, LOST, "found in the drawer")
    with pytest.raises(PermissionDenied, match="reason"):
        sessions.reinstate_badge(MANAGER, LOST, " ")
    assert sessions.reinstate_badge(MANAGER, LOST, "found in the drawer").staff_id == "M001"
    assert sessions.sign_in(Credentials(LOST, "111111")).teller_id == "T001"
    entry = kinds(workstation, "badge_reinstated")[-1]
    assert entry.teller_id == "M001" and '"reason":"found in the drawer"' in entry.payload
    line = workstation.staff.register()[-1]
    assert (line.change, line.badge_uid, line.old_value, line.new_value, line.authorised_by) == (
        "badge_reinstated", LOST, "blacklisted", "active", "M001")


# -- 8. the branch's overrides apply to badge operations ------------------------------------------

def test_branch_overrides_apply_to_unlock_and_blacklist(workstation):
    from teller.domain.errors import BadgeLocked, PermissionDenied, WrongPin
    from teller.services.policy_rules import change_rules

    manager = workstation.sessions.sign_in(MANAGER)
    change_rules(workstation.ctx, manager, '[operations.pin_unlock]\nlevel = 2\nmode = "local"\n'
                                           '[operations.badge_blacklist]\nlevel = 2\nmode = "local"\n')
    workstation.authorisation.reload_policy()
    workstation.sessions.sign_off(manager)
    for pin in ("000000", "000001", "000002"):
        with pytest.raises((WrongPin, BadgeLocked)):
            workstation.sessions.sign_in(Credentials(TELLER.badge_uid, pin))
    with pytest.raises(PermissionDenied):
        workstation.sessions.unlock_badge(CASH_HEAD, TELLER.badge_uid)
    with pytest.raises(PermissionDenied):
        workstation.sessions.blacklist_badge(CASH_HEAD, "0A1B2C3D02")
    workstation.sessions.unlock_badge(MANAGER, TELLER.badge_uid)
    assert workstation.sessions.sign_in(TELLER).teller_id == "T001"


# -- 5. staff and role changes: authorised, journaled, registered ---------------------------------

def test_enrolling_a_manager_needs_the_manager_and_a_second_supervisor(workstation):
    from teller.domain.errors import AuthorisationRequired, PermissionDenied

    staff = workstation.staff
    new = dict(staff_id="M009", name="New manager", roles=["branch_manager"], pin="246810", badge="0A1B2C3F09")
    with pytest.raises(AuthorisationRequired):
        staff.enrol(**new, authoriser=None)
    with pytest.raises(PermissionDenied):  # a cash head is not the branch manager
        staff.enrol(**new, authoriser=CASH_HEAD, second=NONCASH_HEAD)
    with pytest.raises(AuthorisationRequired, match="second supervisor"):
        staff.enrol(**new, authoriser=MANAGER)
    with pytest.raises(PermissionDenied):  # the second one is a supervisor, not a teller
        staff.enrol(**new, authoriser=MANAGER, second=TELLER)
    done = staff.enrol(**new, authoriser=MANAGER, second=CASH_HEAD)
    assert (done.authorised_by, done.second_by) == ("M001", "S001")
    assert workstation.sessions.sign_in(Credentials("0A1B2C3F09", "246810")).teller_id == "M009"
    entry = kinds(workstation, "staff_enrolled")[-1]
    assert entry.teller_id == "M001" and '"second":"S001"' in entry.payload and '"staff":"M009"' in entry.payload
    assert [(c.change, c.staff_id, c.authorised_by, c.second_by) for c in staff.register()][-2:] == [
        ("enrolled", "M009", "M001", "S001"), ("badge_enrolled", "M009", "M001", "S001")]


def test_role_changes_are_authorised_and_nobody_changes_their_own(workstation):
    from teller.domain.errors import AuthorisationRequired, PermissionDenied, SelfAuthorisation

    staff = workstation.staff
    done = staff.change_roles("T002", ["cash_teller", "reviewer"], authoriser=MANAGER, reason="covers review")
    assert done.roles == "cash_teller,reviewer" and done.second_by is None
    with pytest.raises(PermissionDenied):
        staff.change_roles("T002", ["cash_teller"], authoriser=CASH_HEAD)
    with pytest.raises(AuthorisationRequired):  # promoting to a supervisor role needs a second one
        staff.change_roles("T002", ["cash_head"], authoriser=MANAGER)
    with pytest.raises(SelfAuthorisation):
        staff.change_roles("M001", ["branch_manager", "cash_head"], authoriser=MANAGER, second=CASH_HEAD)
    staff.change_roles("T002", ["cash_head"], authoriser=MANAGER, second=NONCASH_HEAD)
    line = staff.register()[-1]
    assert (line.old_value, line.new_value, line.authorised_by, line.second_by) == (
        "cash_teller,reviewer", "cash_head", "M001", "S002")
    assert '"old_roles":"cash_teller,reviewer"' in kinds(workstation, "staff_roles_changed")[-1].payload


def test_the_staff_change_register_refuses_update_and_delete(workstation):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    workstation.staff.change_roles("T002", ["cash_teller", "reviewer"], authoriser=MANAGER)
    for statement in ("UPDATE staff_change SET authorised_by = 'T002'", "DELETE FROM staff_change"):
        with pytest.raises(DBAPIError, match="append-only"):
            with workstation.ctx.branch_tx() as db:
                db.execute(text(statement))


# -- 10. a stolen workstation file: owner-only, and no verifier to search -------------------------

def test_a_workstation_file_is_owner_only_and_holds_no_searchable_pin_verifier(workstation, teller_home):
    import sqlite3
    import stat

    from teller.domain.pin import verify_pin

    assert workstation.reference.pull().status in ("updated", "current")
    workstation.sessions.sign_in(MANAGER)  # the WAL and SHM files exist now
    assert stat.S_IMODE(teller_home.stat().st_mode) == 0o700
    files = sorted(p.name for p in teller_home.iterdir() if ".sqlite" in p.name)
    assert {"workstation-WS01.sqlite", "workstation-WS01.sqlite-wal", "workstation-WS01.sqlite-shm"} <= set(files)
    for name in files:
        assert stat.S_IMODE((teller_home / name).stat().st_mode) == 0o600, name
    with sqlite3.connect(teller_home / "workstation-WS01.sqlite") as stolen:
        (copy,) = stolen.execute("SELECT pin_hash FROM ref_staff WHERE staff_id = 'M001'").fetchone()
    assert copy.startswith("scrypt-hmac$")
    assert not verify_pin("900003", copy)  # the file alone gives nothing to compare a guess with
    assert verify_pin("900003", copy, key=workstation.ctx.pin_cache_key)


def test_an_existing_world_readable_store_is_made_owner_only(tmp_path):
    import stat

    from teller.store.database import make_engine

    path = tmp_path / "old.sqlite"
    path.write_bytes(b"")
    path.chmod(0o644)
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect():
        pass
    engine.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# -- 9. large cash split across counters ---------------------------------------------------------

def test_large_cash_split_across_two_counters_needs_the_id_before_any_journal_push(make_workstation, core_gateway,
                                                                                    branch_url):
    from teller.services.large_cash import IdentityRequired

    first = make_workstation(core_gateway, branch_url, "WS01")
    second = make_workstation(core_gateway, branch_url, "WS02")
    other_teller = Credentials("0A1B2C3D02", "222222")
    one = first.sessions.sign_in(TELLER)
    first.till.open(one, cash(first, N10000=10), TELLER, CASH_HEAD)
    two = second.sessions.sign_in(other_teller)
    second.till.open(two, cash(second, N10000=10), other_teller, CASH_HEAD)
    first.cash.post(one, "1001", RICH, Decimal("40000"), cash(first, N10000=400))
    need = second.cash.authorisation_need(two, "1001", RICH, Decimal("40000"))  # WS01 has pushed nothing
    assert need is not None and "id_required" in need.decision.flags
    with pytest.raises(IdentityRequired):
        second.cash.post(two, "1001", RICH, Decimal("40000"), cash(second, N10000=400))
    # the other direction and another customer are not affected
    assert second.cash.authorisation_need(two, "1001", "44010001000000033", Decimal("40000")) is None
    # after WS01's push the replicated journal and the tally agree: counted once, not twice
    first.replicator.push()
    assert second.cash.totals.customer_cash(RICH, "credit") == 4_000_000


# -- lower: amounts checked by the service, not only the screen ----------------------------------

@pytest.mark.parametrize("amount", ["0", "1000000000000", "1000000000000000", "100000000000000000"])
def test_cash_post_refuses_zero_and_amounts_over_the_maximum(branch, amount):
    from teller.domain.errors import InvalidAmount
    from teller.store.models import WorkstationJournal as J

    maker, session, *_ = branch
    with maker.ctx.workstation_db() as db:
        before = db.query(J).count()
    for post in (maker.cash.post, maker.cash.record_posting):
        with pytest.raises(InvalidAmount):
            post(session, "1001", RICH, Decimal(amount), cash(maker))
    with maker.ctx.workstation_db() as db:
        assert db.query(J).count() == before
