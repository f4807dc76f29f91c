"""Reference data down from the branch store, and sign-in while the branch store is down:
the cached staff and badges (PIN hashes, blacklist) serve the counter, the journal keeps
growing here, and a badge blacklisted at the branch is refused after the next contact."""
import pytest

from teller.domain.errors import BadgeBlacklisted, BadgeLocked, WrongPin
from teller.services.credentials import Credentials
from teller.store.database import make_engine, make_sessionmaker

TELLER = Credentials("0A1B2C3D01", "111111")
OTHER = Credentials("0A1B2C3D02", "222222")
CASH_HEAD = Credentials("0A1B2C3E01", "900001")


def branch_goes_down(ws):
    """The branch server stops answering (a closed port): every branch call fails to connect."""
    ws.ctx.branch_db = make_sessionmaker(make_engine("postgresql+psycopg://nobody@127.0.0.1:1/branch"))


def test_pull_copies_staff_and_badges_once_per_version(workstation):
    first = workstation.reference.pull()
    assert first.status == "updated" and workstation.reference.pull().status == "current"
    workstation.sessions.blacklist_badge(CASH_HEAD, OTHER.badge_uid)
    assert workstation.reference.pull().status == "updated"


def test_sign_in_and_work_while_the_branch_store_is_down(workstation):
    workstation.reference.pull()
    workstation.sessions.blacklist_badge(CASH_HEAD, OTHER.badge_uid)
    workstation.reference.pull()  # the blacklist reaches this workstation on its next contact
    branch_goes_down(workstation)
    session = workstation.sessions.sign_in(TELLER)
    assert session.teller_id == "T001"
    workstation.sessions.require_active(session)
    with pytest.raises(BadgeBlacklisted):
        workstation.sessions.sign_in(OTHER)
    # wrong PINs still lock the badge, on the cached copy
    for pin in ("000000", "000001"):
        with pytest.raises(WrongPin):
            workstation.sessions.check_credentials(Credentials(CASH_HEAD.badge_uid, pin))
    with pytest.raises(BadgeLocked):
        workstation.sessions.check_credentials(Credentials(CASH_HEAD.badge_uid, "000002"))
    workstation.sessions.lock(session)
    workstation.sessions.unlock(session, "111111")
    workstation.sessions.sign_off(session)
    from sqlalchemy import select

    from teller.store.models import WorkstationJournal
    with workstation.ctx.workstation_db() as db:
        kinds = [r.kind for r in db.execute(select(WorkstationJournal).order_by(WorkstationJournal.seq)).scalars()]
    assert kinds[-5:] == ["sign_in", "badge_locked", "screen_locked", "screen_unlocked", "sign_off"]


def test_local_authorisation_works_while_the_branch_store_is_down(workstation):
    from decimal import Decimal

    from teller.domain.denominations import Breakdown
    from teller.services.authorisation import LocalApproval
    from teller.services.large_cash import CustomerIdentity

    workstation.reference.pull()
    session = workstation.sessions.sign_in(TELLER)
    cash = Breakdown({"N10000": 700}, workstation.ctx.settings.denominations)
    workstation.till.open(session, cash, TELLER, CASH_HEAD)
    branch_goes_down(workstation)
    result = workstation.cash.post(session, "1002", "44010001000000017", Decimal("60000"),
                                   Breakdown({"N10000": 600}, workstation.ctx.settings.denominations),
                                   approval=LocalApproval(CASH_HEAD),
                                   customer=CustomerIdentity("resident_id", "11010519491231002X", "car"))
    assert result.outcome.status == "approved"


def test_pull_copies_the_branch_rules_and_says_when_they_changed(workstation):
    from teller.services.policy_rules import cached_override, change_rules

    workstation.reference.pull()
    assert cached_override(workstation.ctx).rules is None  # no override at the branch yet
    assert workstation.reference.pull().policy_changed is False
    manager = workstation.sessions.sign_in(Credentials("0A1B2C3F01", "900003"))
    override = '[[codes.1002.bands]]\nup_to = "10000.00"\nlevel = 0\n[[codes.1002.bands]]\nlevel = 1\nmode = "local"\n'
    change_rules(workstation.ctx, manager, override)
    assert workstation.reference.pull().policy_changed is True
    kept = cached_override(workstation.ctx)
    assert kept.rules == override and kept.version is not None
    assert workstation.reference.pull().policy_changed is False
