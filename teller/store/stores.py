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
            built = unit._repositories[self.name] = self.cls(unit.session)
        return built


class Unit:
    """One transaction on one store; the repositories taken from it share that transaction."""

    def __init__(self, session: Session):
        self.session = session
        self._repositories: dict[str, Any] = {}


class WorkstationUnit(Unit):
    """Repositories of the workstation store (SQLite per workstation)."""

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
