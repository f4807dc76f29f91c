"""Sign-in with badge + PIN, lockout, blacklist, one teller at one workstation, screen lock."""
import pytest
from sqlalchemy import select

from teller.domain.errors import (AlreadySignedIn, BadgeBlacklisted, BadgeLocked, NotSignedIn,
                                  PermissionDenied, SelfAuthorisation, SessionLocked, UnknownBadge,
                                  WrongPin)
from teller.services.credentials import Credentials
from teller.services.demo import DEMO_LOST_BADGE
from teller.store.models import WorkstationJournal

TELLER = Credentials("0A1B2C3D01", "111111")
OTHER_TELLER = Credentials("0A1B2C3D02", "222222")
CASH_HEAD = Credentials("0A1B2C3E01", "900001")


def journal_kinds(ws):
    with ws.ctx.workstation_db() as db:
        return [r.kind for r in db.execute(select(WorkstationJournal).order_by(WorkstationJournal.seq)).scalars()]


def test_sign_in_with_badge_and_pin(workstation):
    session = workstation.sessions.sign_in(TELLER)
    assert session.teller_id == "T001"
    assert "cash_teller" in {r.value for r in session.staff.roles}
    assert journal_kinds(workstation) == ["sign_in"]


def test_badge_uid_is_case_and_space_insensitive(workstation):
    assert workstation.sessions.sign_in(Credentials(" 0a1b2c3d01 ", "111111")).teller_id == "T001"


def test_three_wrong_pins_lock_the_badge_until_a_supervisor_unlocks_it(workstation):
    sessions = workstation.sessions
    with pytest.raises(WrongPin) as first:
        sessions.sign_in(Credentials(TELLER.badge_uid, "000000"))
    assert first.value.attempts_left == 2
    with pytest.raises(WrongPin):
        sessions.sign_in(Credentials(TELLER.badge_uid, "000001"))
    with pytest.raises(BadgeLocked):
        sessions.sign_in(Credentials(TELLER.badge_uid, "000002"))
    # now even the right PIN is refused
    with pytest.raises(BadgeLocked, match="supervisor must unlock"):
        sessions.sign_in(TELLER)
    assert "badge_locked" in journal_kinds(workstation)
    # a teller cannot unlock a badge; the owner cannot unlock their own
    with pytest.raises(PermissionDenied):
        sessions.unlock_badge(OTHER_TELLER, TELLER.badge_uid)
    sessions.unlock_badge(CASH_HEAD, TELLER.badge_uid)
    assert sessions.sign_in(TELLER).teller_id == "T001"
    assert "badge_unlocked" in journal_kinds(workstation)


def test_correct_pin_resets_the_wrong_pin_count(workstation):
    sessions = workstation.sessions
    for _ in range(2):
        with pytest.raises(WrongPin):
            sessions.sign_in(Credentials(TELLER.badge_uid, "999999"))
    session = sessions.sign_in(TELLER)
    sessions.sign_off(session)
    with pytest.raises(WrongPin) as again:
        sessions.sign_in(Credentials(TELLER.badge_uid, "999999"))
    assert again.value.attempts_left == 2


def test_blacklisted_badge_is_refused_with_its_own_message(workstation):
    with pytest.raises(BadgeBlacklisted, match="reported lost"):
        workstation.sessions.sign_in(Credentials(DEMO_LOST_BADGE, "111111"))


def test_unknown_badge(workstation):
    with pytest.raises(UnknownBadge):
        workstation.sessions.sign_in(Credentials("FFFFFFFFFF", "111111"))


def test_supervisor_blacklists_a_lost_badge(workstation):
    workstation.sessions.blacklist_badge(CASH_HEAD, OTHER_TELLER.badge_uid)
    with pytest.raises(BadgeBlacklisted):
        workstation.sessions.sign_in(OTHER_TELLER)


def test_supervisor_cannot_unlock_own_badge(workstation):
    with pytest.raises(SelfAuthorisation):
        workstation.sessions.unlock_badge(CASH_HEAD, CASH_HEAD.badge_uid)


def test_one_teller_at_one_workstation(make_workstation, core_gateway, branch_url):
    ws1 = make_workstation(core_gateway, branch_url, "WS01")
    ws2 = make_workstation(core_gateway, branch_url, "WS02")
    ws1.sessions.sign_in(TELLER)
    with pytest.raises(AlreadySignedIn, match="WS01"):
        ws2.sessions.sign_in(TELLER)
    with pytest.raises(AlreadySignedIn):
        ws1.sessions.sign_in(OTHER_TELLER)
    assert ws2.sessions.sign_in(OTHER_TELLER).workstation_id == "WS02"


def test_sign_off_ends_the_session(workstation):
    session = workstation.sessions.sign_in(TELLER)
    workstation.sessions.sign_off(session)
    with pytest.raises(NotSignedIn):
        workstation.sessions.require_active(session)
    assert journal_kinds(workstation) == ["sign_in", "sign_off"]


def test_temporary_lock_needs_the_same_tellers_pin(workstation):
    sessions = workstation.sessions
    session = sessions.sign_in(TELLER)
    sessions.lock(session, reason="idle")
    with pytest.raises(SessionLocked):
        sessions.require_active(session)
    with pytest.raises(WrongPin):
        sessions.unlock(session, "222222")  # another teller's PIN does not open it
    sessions.unlock(session, "111111")
    assert sessions.require_active(session) is session
    assert journal_kinds(workstation)[-2:] == ["screen_locked", "screen_unlocked"]


def test_pin_is_never_stored_in_clear(workstation):
    from teller.store.models import Staff

    with workstation.ctx.branch_db() as db:
        hashes = [s.pin_hash for s in db.execute(select(Staff)).scalars()]
    assert all(h.startswith("scrypt$") and "111111" not in h for h in hashes)
    assert "111111" not in repr(TELLER)


def test_sign_off_made_elsewhere_takes_effect_after_the_recheck_time(make_workstation, core_gateway, branch_url):
    from teller.store.models import SignIn

    ws = make_workstation(core_gateway, branch_url, overrides={"workstation": {"sign_in_recheck_seconds": 0}})
    session = ws.sessions.sign_in(TELLER)
    with ws.ctx.branch_tx() as db:  # e.g. a supervisor's forced sign-off at close
        db.delete(db.get(SignIn, "T001"))
    with pytest.raises(NotSignedIn, match="signed off"):
        ws.sessions.require_active(session)
