"""A workstation starts while the branch server (PostgreSQL) is down, works from what it kept
(staff, badges, PIN hashes, the authorisation overrides), and when the branch is back the
sign-in register is back-filled, the journal replicated and the rules refreshed. A sign-in
made offline by a teller who meanwhile signed in elsewhere is reported, not overwritten.

The branch is the real PostgreSQL server behind a socat port the test opens and closes
(tests/services/branch_door.py); the core is the real emulator process."""
from decimal import Decimal

import pytest
from sqlalchemy import func, inspect, select

from teller.config import load_settings
from teller.domain.denominations import Breakdown
from teller.domain.errors import NotSignedIn
from teller.services.credentials import Credentials
from teller.services.policy_rules import change_rules
from teller.services.workstation import build_workstation
from teller.store.database import make_engine, open_store_when_reached
from teller.store.models import BranchJournal, SignIn, WorkstationJournal
from teller.store.secrets import KeyringSecretStore
from teller.store.sync_models import SyncReport
from teller.sync.branch_link import branch_unreachable
from teller.sync.reference_sync import NeverSynced
from tests.services.branch_door import BranchDoor

TELLER = Credentials("0A1B2C3D01", "111111")
OTHER_TELLER = Credentials("0A1B2C3D02", "222222")
CASH_HEAD = Credentials("0A1B2C3E01", "900001")
MANAGER = Credentials("0A1B2C3F01", "900003")
RICH = "44010001000000017"


def bands_1002(level0_up_to: str) -> str:
    """An override: withdrawals up to the amount need nobody, above it the cash head at the desk."""
    return (f'[[codes.1002.bands]]\nup_to = "{level0_up_to}"\nlevel = 0\n'
            '[[codes.1002.bands]]\nlevel = 1\nmode = "local"\n')


def notes(ws, **counts):
    return Breakdown(counts, ws.ctx.settings.denominations)


@pytest.fixture
def door(pg_url):
    door = BranchDoor(pg_url)
    yield door
    door.close()


@pytest.fixture
def start(teller_home, clock):
    """Starts WS01 again on its own workstation store, with the branch store at `url`."""
    started = []

    def start_(core_gateway, url, workstation_id="WS01"):
        settings = load_settings(teller_home, {"workstation": {"id": workstation_id, "sign_in_recheck_seconds": 0},
                                               "branch": {"connect_timeout_s": 1}})
        ws = build_workstation(settings, core_gateway, KeyringSecretStore(), clock, branch_url=url)
        started.append(ws)
        return ws

    yield start_
    for ws in started:
        ws.close()


@pytest.fixture
def synced_once(make_workstation, core_gateway, pg_url):
    """WS01 ran once with the branch up: the manager set the rules, the teller's till is open,
    and the reference data and rules were copied down. Then the program was closed."""
    ws = make_workstation(core_gateway, pg_url, "WS01")
    manager = ws.sessions.sign_in(MANAGER)
    change_rules(ws.ctx, manager, bands_1002("10000.00"))
    ws.sessions.sign_off(manager)
    session = ws.sessions.sign_in(TELLER)
    ws.till.open(session, notes(ws, N10000=100), TELLER, CASH_HEAD)
    ws.sessions.sign_off(session)
    assert ws.link.catch_up().online
    ws.close()


def register(pg_url) -> dict[str, tuple[str, bool]]:
    engine = make_engine(pg_url)
    with engine.connect() as conn:
        rows = {r.staff_id: (r.workstation_id, r.locked) for r in conn.execute(select(SignIn))}
    engine.dispose()
    return rows


def branch_head(pg_url, workstation_id="WS01") -> int:
    engine = make_engine(pg_url)
    with engine.connect() as conn:
        head = conn.execute(select(func.max(BranchJournal.seq)).where(BranchJournal.workstation_id == workstation_id))
        head = head.scalar()
    engine.dispose()
    return head


def local_journal(ws):
    with ws.ctx.workstation_db() as db:
        return list(db.execute(select(WorkstationJournal).order_by(WorkstationJournal.seq)).scalars())


def needs_head_for_20000(ws, session) -> bool:
    need = ws.cash.authorisation_need(session, "1002", RICH, Decimal("20000"))
    return need is not None and need.decision.outcome == "local"


def test_starts_with_the_branch_down_works_and_catches_up_when_it_returns(
        synced_once, start, door, core_gateway, make_workstation, pg_url):
    ws = start(core_gateway, door.url)  # nothing listens there: the branch server is down
    assert ws.link.online is False and "unreachable" in ws.link.problem

    session = ws.sessions.sign_in(TELLER)  # badge + PIN from the copy kept here
    assert needs_head_for_20000(ws, session)  # the branch's rules in force, from the copy kept here
    deposit = ws.cash.post(session, "1001", RICH, Decimal("300"), notes(ws, N10000=3))
    assert deposit.outcome.status == "approved"  # the core answers; only the branch is away
    ws.sessions.lock(session)
    ws.sessions.unlock(session, TELLER.pin)
    assert "T001" not in register(pg_url)

    # meanwhile the manager loosens the rules at the branch, from another workstation
    desk = make_workstation(core_gateway, pg_url, "WS02")
    manager = desk.sessions.sign_in(MANAGER)
    change_rules(desk.ctx, manager, bands_1002("50000.00"))

    door.open()  # the branch server is back
    report = ws.link.catch_up()
    assert report.online and report.came_back and report.policy_refreshed
    assert report.register.applied == 1 and report.register.conflicts == ()
    assert register(pg_url)["T001"] == ("WS01", False)  # back-filled: T001 works at WS01
    assert branch_head(pg_url) == local_journal(ws)[-1].seq  # every entry made offline is at the branch
    assert not needs_head_for_20000(ws, session)  # the rules changed meanwhile are in force here now
    ws.sessions.require_active(session)  # the teller goes on working: the register agrees
    sign_in = [e for e in local_journal(ws) if e.kind == "sign_in"][-1]
    assert '"branch_offline":true' in sign_in.payload


def test_offline_sign_off_removes_the_stale_sign_in_and_the_next_teller_is_registered(
        synced_once, start, door, core_gateway, pg_url):
    door.open()
    ws = start(core_gateway, door.url)
    assert ws.link.online is True
    first = ws.sessions.sign_in(TELLER)
    assert register(pg_url)["T001"] == ("WS01", False)
    door.close()  # the branch server goes down while T001 is signed in
    ws.sessions.sign_off(first)
    second = ws.sessions.sign_in(OTHER_TELLER)
    ws.sessions.lock(second)
    assert register(pg_url) == {"T001": ("WS01", False)}  # the branch cannot know yet
    assert not ws.link.catch_up().online

    door.open()
    report = ws.link.catch_up()
    assert report.online and report.came_back and report.register.applied == 2
    assert register(pg_url) == {"T002": ("WS01", True)}  # T001's stale row gone; T002 here, screen locked


def test_a_teller_who_signed_in_elsewhere_meanwhile_is_reported_not_overwritten(
        synced_once, start, door, core_gateway, make_workstation, pg_url):
    ws = start(core_gateway, door.url)
    session = ws.sessions.sign_in(TELLER)  # offline at WS01
    other = make_workstation(core_gateway, pg_url, "WS02")
    other.sessions.sign_in(TELLER)  # the branch knows only this one

    door.open()
    report = ws.link.catch_up()
    (conflict,) = report.register.conflicts
    assert conflict.staff_id == "T001" and conflict.elsewhere == "WS02"
    assert "WS02" in conflict.message and "supervisor" in conflict.message
    assert register(pg_url)["T001"] == ("WS02", False)  # not overwritten
    entry = [e for e in local_journal(ws) if e.kind == "sign_in_conflict"][-1]
    assert entry.teller_id == "T001" and '"elsewhere":"WS02"' in entry.payload
    assert branch_head(pg_url) >= entry.seq  # the supervisor's journal view at the branch has it
    engine = make_engine(pg_url)
    with engine.connect() as conn:
        reported = conn.execute(select(SyncReport.kind, SyncReport.problem)
                                .where(SyncReport.workstation_id == "WS01")).all()
    engine.dispose()
    assert reported == [("sign_in_conflict", conflict.message)]
    with pytest.raises(NotSignedIn):  # the sign-in here ends; the teller is at WS02
        ws.sessions.require_active(session)
    assert ws.link.catch_up().register.conflicts == ()  # reported once


def test_a_workstation_that_never_synced_refuses_to_start_with_the_branch_down_and_says_why(
        start, door, core_gateway):
    with pytest.raises(NeverSynced) as refused:
        start(core_gateway, door.url)
    message = str(refused.value)
    assert "never copied" in message and "WS01" in message and "branch server is reachable" in message


def test_the_branch_store_is_migrated_when_it_is_first_reached(tmp_path):
    url = f"sqlite:///{tmp_path / 'share' / 'branch.sqlite'}"  # the branch share is not mounted yet
    engine = open_store_when_reached(url, "branch", 1)
    assert "unable to open" in branch_unreachable(engine)
    (tmp_path / "share").mkdir()
    assert branch_unreachable(engine) is None
    assert {"sign_in", "journal", "policy_override"} <= set(inspect(engine).get_table_names())
    engine.dispose()
