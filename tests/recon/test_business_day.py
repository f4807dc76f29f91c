"""The business day is a state of the branch store, opened and closed by the branch manager
(badge + PIN), never by the clock; postings carry it and nothing lands on a closed day."""
from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from sqlalchemy import select

from teller.domain.denominations import Breakdown
from teller.domain.errors import PermissionDenied, WrongPin
from teller.services.business_day import BusinessDayClosed, BusinessDayRefused
from teller.services.credentials import Credentials
from teller.store.models import OutboxItem, WorkstationJournal
from teller.store.stores import BranchStore
from tests.recon.conftest import CASH_HEAD, MANAGER, TELLER, business_day_for

RICH = "44010001000000017"


def journal(ws):
    with ws.ctx.workstation_db() as db:
        return list(db.execute(select(WorkstationJournal).order_by(WorkstationJournal.seq)).scalars())


def cash(ws, **counts):
    return Breakdown(counts, ws.ctx.settings.denominations)


def test_no_day_open_means_no_business_date(business_day):
    with pytest.raises(BusinessDayClosed):
        business_day.current_business_date()


def test_only_the_branch_manager_opens_and_closes(business_day):
    with pytest.raises(PermissionDenied):
        business_day.open(CASH_HEAD, "2026-11-23")
    with pytest.raises(WrongPin):
        business_day.open(Credentials(MANAGER.badge_uid, "000000"), "2026-11-23")
    assert business_day.open_day() is None
    day = business_day.open(MANAGER, "2026-11-23")
    manager_id = business_day.verify(MANAGER).staff_id
    assert (day.business_date, day.state, day.opened_by) == ("2026-11-23", "open", manager_id)
    with pytest.raises(PermissionDenied):
        business_day.close(TELLER, "2026-11-23")
    assert business_day.current_business_date() == "2026-11-23"


def test_the_day_does_not_follow_the_clock(workstation, business_day, clock):
    business_day.open(MANAGER, "2026-11-23")
    clock.advance(days=2)  # the clock says 25 November: the branch is still on the 23rd
    assert workstation.ctx.business_date() == "2026-11-23"
    business_day.close(MANAGER, "2026-11-23")
    business_day.open(MANAGER, "2026-11-24")  # the manager decides the next day, not the clock
    assert workstation.ctx.business_date() == "2026-11-24"


def test_days_open_once_in_order_and_one_at_a_time(business_day):
    business_day.open(MANAGER, "2026-11-23")
    with pytest.raises(BusinessDayRefused, match="still open"):
        business_day.open(MANAGER, "2026-11-24")
    business_day.close(MANAGER, "2026-11-23")
    with pytest.raises(BusinessDayRefused, match="not open"):
        business_day.close(MANAGER, "2026-11-23")
    for earlier in ("2026-11-23", "2026-11-22"):
        with pytest.raises(BusinessDayRefused, match="not after"):
            business_day.open(MANAGER, earlier)
    with pytest.raises(BusinessDayRefused, match="not a date"):
        business_day.open(MANAGER, "23/11/2026")


def test_postings_carry_the_open_day_and_nothing_lands_on_a_closed_day(workstation, business_day, clock):
    business_day.open(MANAGER, "2026-11-20")  # a day that is not the clock's
    session = workstation.sessions.sign_in(TELLER)
    workstation.till.open(session, cash(workstation, N10000=50), TELLER, CASH_HEAD)
    posted = workstation.cash.post(session, "1001", RICH, Decimal("100"), cash(workstation, N10000=1))
    assert posted.outcome.status == "approved"
    entries = journal(workstation)
    assert [e.business_date for e in entries if e.kind == "posting"] == ["2026-11-20"]
    business_day.close(MANAGER, "2026-11-20")
    before = len(journal(workstation))
    with pytest.raises(BusinessDayClosed):
        workstation.cash.post(session, "1001", RICH, Decimal("100"), cash(workstation, N10000=1))
    after = journal(workstation)
    assert [e.kind for e in after[before:]] == []  # no posting, no outbox row
    with workstation.ctx.workstation_db() as db:
        assert len(db.execute(select(OutboxItem)).scalars().all()) == 1


def test_opening_and_closing_are_journaled(workstation, business_day):
    business_day.open(MANAGER, "2026-11-23")
    business_day.close(MANAGER, "2026-11-23")
    entries = [(e.kind, e.business_date, e.teller_id) for e in journal(workstation)
               if e.kind.startswith("business_day")]
    assert [k for k, _, _ in entries] == ["business_day_opened", "business_day_closed"]
    assert {d for _, d, _ in entries} == {"2026-11-23"}
    assert len({t for _, _, t in entries}) == 1


def test_sign_in_on_a_closed_day_is_dated_with_the_last_day(workstation, business_day):
    business_day.open(MANAGER, "2026-11-20")
    business_day.close(MANAGER, "2026-11-20")
    workstation.sessions.sign_in(TELLER)
    assert journal(workstation)[-1].business_date == "2026-11-20"


def test_the_checklist_blocks_the_close(workstation):
    service = business_day_for(workstation, blockers=lambda d: [f"till of T001 not closed ({d})"])
    service.open(MANAGER, "2026-11-23")
    with pytest.raises(BusinessDayRefused, match="till of T001 not closed"):
        service.close(MANAGER, "2026-11-23")
    assert service.current_business_date() == "2026-11-23"


def test_two_managers_opening_at_once_open_one_day(workstation, business_day):
    other = business_day_for(workstation)
    outcomes, barrier = [], threading.Barrier(2)

    def attempt(service, date):
        barrier.wait()
        try:
            outcomes.append(service.open(MANAGER, date).business_date)
        except BusinessDayRefused as exc:
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=attempt, args=(s, d))
               for s, d in ((business_day, "2026-11-23"), (other, "2026-11-24"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes, key=str).count("BusinessDayRefused") == 1
    with BranchStore(workstation.branch_engine).reading() as unit:
        assert unit.business_days.open_day() is not None
