"""What every service at one workstation shares: settings, the two stores, the journal, the core, the clock."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from teller.config import Settings
from teller.ports import Clock, CoreGateway
from teller.store.link import BranchStatus
from teller.store.repos.journal import JournalRepository, JournalSigner
from teller.store.stores import BranchStore, WorkstationStore

__all__ = ["BranchStatus", "WorkstationContext"]


class WorkstationContext:
    """What every service at one workstation shares: settings, the two stores, the journal signer,
    the core and the clock. New code takes `workstation` / `branch` (teller.store.stores) and works
    through their repositories; `workstation_db`, `branch_db`, `workstation_tx`, `branch_tx`,
    `branch_required` and `record` remain for the services not moved yet (issue 13)."""

    def __init__(self, settings: Settings, workstation: WorkstationStore, branch: BranchStore,
                 journal: JournalSigner, core: CoreGateway, clock: Clock,
                 branch_status: BranchStatus | None = None, *, business_day: Any = None,
                 pin_cache_key: bytes = b""):
        self.settings, self.workstation, self.branch = settings, workstation, branch
        self.journal, self.core, self.clock = journal, core, clock
        self.branch_status = branch_status or BranchStatus()
        # the branch's business day (teller.services.business_day.BusinessDayService); None: the clock's date
        self.business_day = business_day
        # keys the workstation's copy of the staff's PIN verifiers (teller.domain.pin.keyed_verifier)
        self.pin_cache_key = pin_cache_key

    @property
    def workstation_id(self) -> str:
        return self.settings.workstation_id

    def business_date(self) -> str:
        if self.business_day is not None:  # the open day; refused when it is closed
            return self.business_day.current_business_date()
        return self.clock.now().date().isoformat()

    def now_text(self) -> str:
        return self.clock.now().isoformat(timespec="seconds")

    # -- the old session-level API, for the services not moved to repositories yet ----------
    @property
    def workstation_db(self):
        return self.workstation.sessions

    @property
    def branch_db(self):
        return self.branch.sessions

    @branch_db.setter
    def branch_db(self, sessions) -> None:
        """Points the context at another branch store (tests: a branch server that went away)."""
        self.branch = BranchStore(sessions.kw["bind"])

    @contextmanager
    def workstation_tx(self) -> Iterator:
        """One durable transaction on the workstation store (commit or nothing)."""
        with self.workstation.sessions.begin() as db:
            yield db

    @contextmanager
    def branch_tx(self) -> Iterator:
        with self.branch.sessions.begin() as db:
            yield db

    @contextmanager
    def branch_required(self, what: str, write: bool = False) -> Iterator:
        """BranchStore.required, handing out the unit's Session."""
        with self.branch.required(what, write) as unit:
            yield unit.session

    def record(self, db, teller_id: str, kind: str, **fields):
        """A journal entry for today, in the caller's workstation transaction (a Session)."""
        day = self.business_day.last_business_date() if self.business_day is not None else None
        return JournalRepository(db, self.journal).append(teller_id=teller_id, kind=kind,
                                                          business_date=day or self.business_date(), **fields)
