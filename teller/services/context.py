"""What every service at one workstation shares: settings, the two stores, the journal, the core, the clock."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterator

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from teller.config import Settings
from teller.ports import Clock, CoreGateway
from teller.services.journal import Journal
from teller.store.database import BranchUnreachable, dbapi, is_unreachable, raw_transaction, unreachable_message
from teller.store.stores import BranchStore, WorkstationStore


class BranchStatus:
    """Whether the branch store answered at the last look: None before the first, True, False.

    Shared by the link, which looks at start and on every catch-up, and the services that have
    a fallback here (badge + PIN on the cached copy, the sign-in register's backlog). While the
    branch is known to be down they go straight to the workstation store: on a network that
    drops packets each connection attempt would cost up to [branch] connect_timeout_s. Only the
    link's catch-up, and actions that need the branch (remote approval, custody), try to
    connect; a fallback call that finds the branch gone marks it down for the others."""

    def __init__(self) -> None:
        self.online: bool | None = None
        self.problem = ""

    @property
    def known_down(self) -> bool:
        return self.online is False

    def saw(self, problem: str | None) -> None:
        """The result of a look: None when the branch answered, else why not."""
        self.online, self.problem = not problem, problem or ""

    def failed(self, exc: BaseException) -> None:
        """A call with a fallback here found the branch store unreachable."""
        if is_unreachable(exc):
            self.saw(unreachable_message(exc))


@dataclass
class WorkstationContext:
    settings: Settings
    workstation_db: sessionmaker[Session]
    branch_db: sessionmaker[Session]
    journal: Journal
    core: CoreGateway
    clock: Clock
    branch_status: BranchStatus = field(default_factory=BranchStatus)
    # --- issue 10 hook (recon helper): the branch's business day, when wired -------------------
    # A teller.services.business_day.BusinessDayService; None keeps the clock's date.
    business_day: Any = None
    # keys the workstation's copy of the staff's PIN verifiers (teller.domain.pin.keyed_verifier)
    pin_cache_key: bytes = field(default=b"", repr=False)

    @cached_property
    def workstation(self) -> WorkstationStore:
        """The workstation store as units of work with repositories (issue 13)."""
        return WorkstationStore(self.workstation_db.kw["bind"])

    @cached_property
    def branch(self) -> BranchStore:
        return BranchStore(self.branch_db.kw["bind"])

    @property
    def workstation_id(self) -> str:
        return self.settings.workstation_id

    def business_date(self) -> str:
        if self.business_day is not None:  # issue 10 hook: the open day; refused when it is closed
            return self.business_day.current_business_date()
        return self.clock.now().date().isoformat()

    def now_text(self) -> str:
        return self.clock.now().isoformat(timespec="seconds")

    @contextmanager
    def workstation_tx(self) -> Iterator[Session]:
        """One durable transaction on the workstation store (commit or nothing)."""
        with self.workstation_db.begin() as db:
            yield db

    @contextmanager
    def workstation_raw_tx(self) -> Iterator:
        """The hot path's transaction: plain SQL on the SQLite connection (see record_posting)."""
        with raw_transaction(self.workstation_db.kw["bind"]) as conn:
            yield conn

    @contextmanager
    def branch_tx(self) -> Iterator[Session]:
        with self.branch_db.begin() as db:
            yield db

    @contextmanager
    def branch_required(self, what: str, write: bool = False) -> Iterator[Session]:
        """For work that exists only at the branch (custody register, review of postings): with the
        branch store down the person is told what waits for it (BranchUnreachable), not shown a
        database error. Services with a fallback (sign-in, local approval) use branch_tx."""
        try:
            with (self.branch_db.begin() if write else self.branch_db()) as db:
                yield db
        except DBAPIError as exc:
            if not is_unreachable(exc):
                raise
            raise BranchUnreachable(f"{what} needs the branch server, which cannot be reached now "
                                    f"({unreachable_message(exc)}). Try again when the status bar shows "
                                    "the branch online.") from exc

    def record(self, db: Session, teller_id: str, kind: str, **fields):
        """A journal entry for today, in the caller's workstation transaction."""
        day = self.business_day.last_business_date() if self.business_day is not None else None  # issue 10 hook
        return self.journal.append(dbapi(db), teller_id=teller_id, kind=kind,
                                   business_date=day or self.business_date(), **fields)
