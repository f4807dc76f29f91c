"""The two stores as the services see them: a unit of work with one repository per aggregate.

Every SQL statement of the program lives in teller/store/ (the repositories in
teller/store/repos/ and the hot path's hand-written SQL). A service receives a
`WorkstationStore` and/or a `BranchStore` (and ports) in its constructor and writes

    with self.workstation.transaction() as unit:      # one commit, or nothing
        entry = unit.journal.append(...)
        unit.outbox.add(...)

    with self.branch.reading() as unit:                # read-only look
        staff = unit.staff.by_badge(uid)

A repository is a small class constructed with the unit's SQLAlchemy Session; its methods
are named in the branch's words and return rows or plain values. It is declared on the
unit class below with `repository(SomeRepository)`; the unit builds it on first use.
SQLite and PostgreSQL sit behind the same repository methods; where they differ (locking,
upserts, notifications) the repository decides, never the service.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any, Generic, Iterator, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from teller.store.repos.business_day import BusinessDayRepository
from teller.store.repos.recon import ReconRepository
from teller.store.database import BranchUnreachable, is_unreachable, make_sessionmaker, unreachable_message
from teller.store.repos.day_reports import DayReportRepository
from teller.store.repos.held_postings import HeldPostingRepository
from teller.store.repos.lobby import LobbyRepository
from teller.store.repos.noncash_postings import NoncashPostingRepository
from teller.store.repos.vouchers import VoucherRepository
from teller.store.repos.clearing_batches import ClearingBatchRepository
from teller.store.repos.clearing_records import ClearingRecordRepository
from teller.store.repos.enterprise_statements import EnterpriseStatementRepository
from teller.store.repos.seal_cards import SealCardRepository
from teller.store.repos.seal_use import SealUseRepository
from teller.store.repos.vault_runs import VaultRunRepository
from teller.store.repos.authorisation_notices import AuthorisationNotices
from teller.store.repos.authorisation_requests import AuthorisationRequests
from teller.store.repos.cash_totals import CashTotals, CustomerCashTallies
from teller.store.repos.staff import StaffAndBadges
from teller.store.driver import DriverSQL
from teller.store.repos.journal import BranchJournalRepository, JournalRepository, JournalSigner
from teller.store.repos.journal_sync import JournalSyncRepository
from teller.store.repos.outbox import OutboxRepository
from teller.store.repos.printing import PassbookRepository, PrintJobRepository
from teller.store.repos.reference import (BranchReferenceRepository, BranchSeedRepository,
                                          ReferenceCacheRepository)
from teller.store.repos.till import TillRepository, VaultRepository

R = TypeVar("R")


class repository(Generic[R]):  # noqa: N801 - used like a field declaration
    """Declares a repository on a unit: `journal = repository(JournalRepository)`."""

    def __init__(self, cls: type[R]):
        self.cls = cls
        self.name = ""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, unit: "Unit | None", owner=None) -> R:
        if unit is None:
            return self  # type: ignore[return-value]
        built = unit._repositories.get(self.name)
        if built is None:
            built = unit._repositories[self.name] = unit.build(self.cls)
        return built


class Unit:
    """One transaction on one store; the repositories taken from it share that transaction."""

    def __init__(self, session: Session):
        self.session = session
        self._repositories: dict[str, Any] = {}

    def build(self, cls):
        return cls(self.session)


class WorkstationUnit(Unit):
    """Repositories of the workstation store (SQLite per workstation, any SQLAlchemy URL in tests)."""

    journal = repository(JournalRepository)
    outbox = repository(OutboxRepository)
    till = repository(TillRepository)
    passbooks = repository(PassbookRepository)
    print_jobs = repository(PrintJobRepository)
    reference = repository(ReferenceCacheRepository)

    def __init__(self, session: Session, signer: JournalSigner | None = None):
        super().__init__(session)
        self.signer = signer

    def build(self, cls):
        if cls is JournalRepository:
            return cls(self.session, self.signer)
        return cls(self.session)

    noncash_postings = repository(NoncashPostingRepository)
    clearing_records = repository(ClearingRecordRepository)
    authorisation_notices = repository(AuthorisationNotices)
    cash_totals = repository(CashTotals)


class BranchUnit(Unit):
    """Repositories of the branch store (PostgreSQL, or SQLite for one workstation)."""

    lobby = repository(LobbyRepository)
    day_reports = repository(DayReportRepository)
    vouchers = repository(VoucherRepository)
    held_postings = repository(HeldPostingRepository)
    seal_cards = repository(SealCardRepository)
    clearing_batches = repository(ClearingBatchRepository)
    enterprise_statements = repository(EnterpriseStatementRepository)
    vault_runs = repository(VaultRunRepository)
    seal_use = repository(SealUseRepository)
    business_days = repository(BusinessDayRepository)
    recon = repository(ReconRepository)
    authorisation_requests = repository(AuthorisationRequests)
    staff = repository(StaffAndBadges)
    cash_totals = repository(CashTotals)  # over the replicated journals
    customer_cash = repository(CustomerCashTallies)
    journal = repository(BranchJournalRepository)
    journal_sync = repository(JournalSyncRepository)
    vault = repository(VaultRepository)
    reference = repository(BranchReferenceRepository)
    seed = repository(BranchSeedRepository)


class PostingUnit:
    """The posting hot path's transaction: journal, outbox and till on the driver connection,
    no ORM session (see bench/posting.py)."""

    def __init__(self, driver: DriverSQL, signer: JournalSigner):
        self.journal = JournalRepository(None, signer, driver)
        self.outbox = OutboxRepository(None, driver)
        self.till = TillRepository(None, driver)


U = TypeVar("U", bound=Unit)


class _Store(Generic[U]):
    unit_class: type[U]

    def __init__(self, engine: Engine):
        self.engine = engine
        self.sessions = make_sessionmaker(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[U]:
        """One durable transaction: committed when the block ends, rolled back on an exception."""
        with self.sessions.begin() as session:
            yield self.unit_class(session)

    @contextmanager
    def reading(self) -> Iterator[U]:
        """A look without writing (nothing is committed)."""
        with self.sessions() as session:
            yield self.unit_class(session)

    def dispose(self) -> None:
        self.engine.dispose()


class WorkstationStore(_Store[WorkstationUnit]):
    unit_class = WorkstationUnit

    def __init__(self, engine: Engine, signer: JournalSigner | None = None):
        super().__init__(engine)
        self.signer = signer
        self._sqlite = engine.dialect.name == "sqlite"
        self._qmark = engine.dialect.paramstyle == "qmark"
        # the posting hot path keeps one driver connection of its own (a pooled one, checked out
        # once): no pool hand-out per posting, and SQLite's statement cache stays warm
        self._posting_lock = threading.Lock()
        self._posting_conn = None

    @contextmanager
    def transaction(self) -> Iterator[WorkstationUnit]:
        with self.sessions.begin() as session:
            yield WorkstationUnit(session, self.signer)

    @contextmanager
    def reading(self) -> Iterator[WorkstationUnit]:
        with self.sessions() as session:
            yield WorkstationUnit(session, self.signer)

    @contextmanager
    def posting(self) -> Iterator[PostingUnit]:
        """One durable write transaction for the posting hot path (commit or nothing)."""
        if self.signer is None:
            raise RuntimeError("this workstation store has no journal signer")
        with self._posting_lock:
            if self._posting_conn is None:
                self._posting_conn = self.engine.raw_connection()
            pooled = self._posting_conn
            conn = pooled.driver_connection
            if self._sqlite:
                self._settle(lambda: conn.execute("BEGIN IMMEDIATE"))
            try:
                yield PostingUnit(DriverSQL(conn, self._qmark), self.signer)
            except BaseException:
                self._settle(lambda: conn.execute("ROLLBACK") if self._sqlite else conn.rollback())
                raise
            self._settle(lambda: conn.execute("COMMIT") if self._sqlite else conn.commit())

    def _settle(self, step) -> None:
        """BEGIN, COMMIT or ROLLBACK on the posting connection; one that fails is never reused."""
        try:
            step()
        except BaseException:
            self._drop_posting_connection()
            raise

    def _drop_posting_connection(self) -> None:
        pooled, self._posting_conn = self._posting_conn, None
        if pooled is not None:
            try:
                pooled.invalidate()
            except Exception:  # noqa: BLE001 - it is being thrown away
                pass

    def dispose(self) -> None:
        with self._posting_lock:
            if self._posting_conn is not None:
                self._posting_conn.close()
                self._posting_conn = None
        super().dispose()


class BranchStore(_Store[BranchUnit]):
    unit_class = BranchUnit

    @contextmanager
    def required(self, what: str, write: bool = False) -> Iterator[BranchUnit]:
        """For work that exists only at the branch: with the branch store down the person is told
        what waits for it (BranchUnreachable), not shown a database error."""
        try:
            with (self.transaction() if write else self.reading()) as unit:
                yield unit
        except DBAPIError as exc:
            if not is_unreachable(exc):
                raise
            raise BranchUnreachable(f"{what} needs the branch server, which cannot be reached now "
                                    f"({unreachable_message(exc)}). Try again when the status bar shows "
                                    "the branch online.") from exc
