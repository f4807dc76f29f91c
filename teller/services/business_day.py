"""The business day (营业日) as a state of the branch store: the branch manager opens it and
closes it with badge + PIN; the clock decides nothing. Postings carry the open day and nothing
lands on a closed one (`current_business_date()` refuses when no day is open).

Wiring: `WorkstationContext.business_day = service` (the hook marked in teller.services.context)
makes `ctx.business_date()` the branch's open day. With the branch store unreachable the day
last seen open at this workstation is used (offline postings keep their day)."""
from __future__ import annotations

import datetime as dt
from typing import Callable

from teller.domain.errors import TellerError
from teller.domain.roles import Role
from teller.ports import Clock
from teller.services.credentials import Credentials, StaffMember, require_roles
from teller.store.database import BranchUnreachable
from teller.store.repos.business_day import AnotherDayOpen, DayState
from teller.store.stores import BranchStore

MANAGER_ROLES = frozenset({Role.BRANCH_MANAGER})
# a journal entry at this workstation: (staff_id, kind, business_date, payload)
JournalPort = Callable[[str, str, str, dict], None]
# the end-of-day checklist: what still blocks closing this day (each line names its blocker)
BlockersPort = Callable[[str], list[str]]


class BusinessDayClosed(TellerError):
    code = "business_day_closed"


class BusinessDayRefused(TellerError):
    code = "business_day_refused"


def _valid_date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except (TypeError, ValueError):
        raise BusinessDayRefused(f"{text!r} is not a date (YYYY-MM-DD).") from None


class BusinessDayService:
    def __init__(self, branch: BranchStore, clock: Clock, workstation_id: str,
                 verify: Callable[[Credentials], StaffMember], journal: JournalPort,
                 blockers: BlockersPort | None = None):
        self.branch, self.clock, self.workstation_id = branch, clock, workstation_id
        self.verify, self.journal, self.blockers = verify, journal, blockers
        self._last_seen_open: str | None = None

    def _manager(self, creds: Credentials, purpose: str) -> StaffMember:
        manager = self.verify(creds)
        require_roles(manager, MANAGER_ROLES, purpose)
        return manager

    def _now(self) -> str:
        return self.clock.now().isoformat(timespec="seconds")

    # -- reading -------------------------------------------------------------------------
    def open_day(self) -> DayState | None:
        with self.branch.required("The business day") as unit:
            day = unit.business_days.open_day()
        self._last_seen_open = day.business_date if day else None
        return day

    def day(self, business_date: str) -> DayState | None:
        with self.branch.required("The business day") as unit:
            return unit.business_days.day(business_date)

    def current_business_date(self) -> str:
        """The open business day; BusinessDayClosed when none is open (nothing may be posted)."""
        try:
            day = self.open_day()
        except BranchUnreachable:
            if self._last_seen_open is None:
                raise
            return self._last_seen_open
        if day is None:
            raise BusinessDayClosed("The business day is closed: the branch manager opens the next one "
                                    "before anything is posted.")
        return day.business_date

    def last_business_date(self) -> str:
        """The open day, else the latest day (closed), else the clock's date: the date of the
        entries that are not postings (sign-in, sign-off) on a closed day."""
        try:
            with self.branch.required("The business day") as unit:
                open_day = unit.business_days.open_day()
                latest = open_day.business_date if open_day else unit.business_days.latest_date()
        except BranchUnreachable:
            latest = self._last_seen_open
        return latest or self.clock.now().date().isoformat()

    def require_open(self, business_date: str) -> None:
        """Refuses work for a day that is not the open one (a closed day, or one not yet opened)."""
        if self.current_business_date() != business_date:
            raise BusinessDayClosed(f"The business day {business_date} is not open: nothing lands on it.")

    # -- opening and closing ---------------------------------------------------------------
    def open(self, manager_creds: Credentials, business_date: str) -> DayState:
        """The branch manager opens the business day; days only move forward, one at a time."""
        business_date = _valid_date(business_date)
        manager = self._manager(manager_creds, "open the business day")
        with self.branch.required("Opening the business day", write=True) as unit:
            days = unit.business_days
            current = days.open_day()
            if current is not None:
                raise BusinessDayRefused(f"The business day {current.business_date} is still open: "
                                         "close it first.")
            latest = days.latest_date()
            if latest is not None and business_date <= latest:
                raise BusinessDayRefused(f"The business day {business_date} is not after the last one "
                                         f"({latest}): a day is opened once, in order.")
            try:
                opened = days.open(business_date, manager.staff_id, self._now(), self.workstation_id)
            except AnotherDayOpen:
                raise BusinessDayRefused("Another business day was opened at the same moment.") from None
        self._last_seen_open = business_date
        self.journal(manager.staff_id, "business_day_opened", business_date, {"business_date": business_date})
        return opened

    def close(self, manager_creds: Credentials, business_date: str) -> DayState:
        """The branch manager closes the open day once nothing blocks it (the checklist)."""
        business_date = _valid_date(business_date)
        manager = self._manager(manager_creds, "close the business day")
        blockers = self.blockers(business_date) if self.blockers else []
        if blockers:
            raise BusinessDayRefused(f"The business day {business_date} cannot close yet: " + "; ".join(blockers))
        with self.branch.required("Closing the business day", write=True) as unit:
            days = unit.business_days
            if not days.close(business_date, manager.staff_id, self._now(), self.workstation_id):
                raise BusinessDayRefused(f"The business day {business_date} is not open.")
            closed = days.day(business_date)
        self._last_seen_open = None
        self.journal(manager.staff_id, "business_day_closed", business_date, {"business_date": business_date})
        return closed


def workstation_journal(ctx) -> JournalPort:
    """The journal port on a WorkstationContext: one entry in the workstation's own journal."""

    def record(staff_id: str, kind: str, business_date: str, payload: dict) -> None:
        with ctx.workstation.transaction() as unit:
            unit.journal.append(teller_id=staff_id, kind=kind, business_date=business_date, payload=payload)

    return record

