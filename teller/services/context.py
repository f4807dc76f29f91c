"""What every service at one workstation shares: settings, the two stores, the journal, the core, the clock."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from teller.config import Settings
from teller.ports import Clock, CoreGateway
from teller.services.journal import Journal
from teller.store.database import BranchUnreachable, dbapi, is_unreachable, raw_transaction, unreachable_message


@dataclass
class WorkstationContext:
    settings: Settings
    workstation_db: sessionmaker[Session]
    branch_db: sessionmaker[Session]
    journal: Journal
    core: CoreGateway
    clock: Clock

    @property
    def workstation_id(self) -> str:
        return self.settings.workstation_id

    def business_date(self) -> str:
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
        return self.journal.append(dbapi(db), teller_id=teller_id, kind=kind,
                                   business_date=self.business_date(), **fields)
