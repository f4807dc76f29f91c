"""The posting path at any hour: what happens depends on the workstation's clock and the branch's
business hours, never on the machine's time of day or time zone. Run at 03:00, 12:00 and 23:59
branch time, on a machine whose zone is far from the branch's, against the real core emulator
and both kinds of branch store."""
import time
from decimal import Decimal

import pytest
from sqlalchemy import select

from teller.domain.denominations import Breakdown
from teller.services.authorisation import NeedsAuthorisation, RemoteApproval
from teller.services.credentials import Credentials
from teller.store.models import WorkstationJournal
from tests.clocks import at_hour

TELLER = Credentials("0A1B2C3D01", "111111")
CASH_HEAD = Credentials("0A1B2C3E01", "900001")
MANAGER = Credentials("0A1B2C3F01", "900003")
RICH = "44010001000000017"
ALL_DAY = {"branch": {"business_hours": "00:00-23:59:59.999999"}}
HOURS = [(3, 0), (12, 0), (23, 59)]


@pytest.fixture(autouse=True)
def machine_far_from_the_branch(monkeypatch):
    """The machine's local time 20 hours away from the branch's (+08:00): a test that read the
    machine's hour instead of the clock would see another hour, and often another date."""
    monkeypatch.setenv("TZ", "Etc/GMT+12")  # UTC-12 (POSIX sign)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def deposit(ws, session, approval=None):
    return ws.cash.post(session, "1001", RICH, Decimal("500"),
                        Breakdown({"N10000": 5}, ws.ctx.settings.denominations), approval=approval)


def postings(ws):
    with ws.ctx.workstation_db() as db:
        rows = db.execute(select(WorkstationJournal).order_by(WorkstationJournal.seq)).scalars().all()
    return [r for r in rows if r.kind == "posting"]


def open_counter(make_workstation, core_gateway, branch_url, overrides=None):
    ws = make_workstation(core_gateway, branch_url, "WS01", overrides)
    session = ws.sessions.sign_in(TELLER)
    ws.till.open(session, Breakdown({"N10000": 100}, ws.ctx.settings.denominations), TELLER, CASH_HEAD)
    return ws, session


@pytest.mark.parametrize("hour,minute", HOURS, ids=[f"{h:02d}{m:02d}" for h, m in HOURS])
def test_posting_follows_the_clock_and_the_branch_hours_not_the_machine(
        hour, minute, clock, make_workstation, core_gateway, branch_url):
    clock.current = at_hour(hour, minute)
    ws, session = open_counter(make_workstation, core_gateway, branch_url)
    after_hours = not (8 * 60 + 30 <= hour * 60 + minute < 17 * 60 + 30)  # defaults.toml: 08:30-17:30
    if not after_hours:
        assert deposit(ws, session).outcome.status == "approved"
    else:
        with pytest.raises(NeedsAuthorisation) as asked:
            deposit(ws, session)
        decision = asked.value.need.decision
        assert decision.level == 2 and "posting outside business hours" in decision.reasons
        desk = make_workstation(core_gateway, branch_url, "WS02")
        request_id = ws.authorisation.request_remote(session, asked.value.need)
        desk.authorisation.decide(desk.sessions.sign_in(MANAGER), request_id, True)
        assert deposit(ws, session, RemoteApproval(request_id)).outcome.status == "approved"
    [entry] = postings(ws)
    assert entry.business_date == "2026-11-23"  # the clock's date at the branch, not the machine's


@pytest.mark.parametrize("hour,minute", HOURS, ids=[f"{h:02d}{m:02d}" for h, m in HOURS])
def test_a_branch_open_all_day_posts_at_any_hour_without_authorisation(
        hour, minute, clock, make_workstation, core_gateway, branch_url):
    clock.current = at_hour(hour, minute)
    ws, session = open_counter(make_workstation, core_gateway, branch_url, ALL_DAY)
    assert deposit(ws, session).outcome.status == "approved"
    assert len(postings(ws)) == 1
