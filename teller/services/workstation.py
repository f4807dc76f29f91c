"""Wires one workstation's services: stores, journal key, core gateway, clock.

Both composition roots (the desktop program and teller-admin) build through here.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from teller.config import Settings, load_lobby_services
from teller.domain.permissions import may, require_permission
from teller.ports import Clock, CoreGateway, SystemClock
from teller.services.authorisation import AuthorisationService
from teller.services.cash import CashService
from teller.services.context import WorkstationContext
from teller.services.custody import CustodyService
from teller.services.day_close import DayCloseChecklist
from teller.services.day_reports import DayReportService
from teller.services.exceptions import ExceptionQueueService
from teller.services.credentials import carry_offline_pin_checks, forget_carried, waiting_pin_checks
from teller.services.journal import JournalQuery, JournalSigner
from teller.services.lobby import LobbyService
from teller.services.policy_rules import cached_override, load_policy, override_at_branch, remember_override
from teller.services.receipts import ReceiptService
from teller.services.reversal import ReversalService
from teller.services.review import ReviewService
from teller.services.session import SessionService
from teller.services.staff import StaffService
from teller.services.supervision import SupervisionService
from teller.services.till import TillService
from teller.store.database import open_store, open_store_when_reached
from teller.store.secrets import journal_mac_key, pin_cache_key
from teller.store.stores import BranchStore, WorkstationStore
from teller.sync.branch_link import BranchLink, branch_unreachable
from teller.sync.branch_sync import JournalReplicator
from teller.sync.outbox import OutboxDispatcher
from teller.sync.reference_sync import PinChecks, PolicyCopy, ReferenceSync


@dataclass(frozen=True)
class JournalPage:
    """Journal entries found, and which of the postings among them were reversed since."""

    rows: list
    reversed_seqs: set[int]


@dataclass
class Workstation:
    ctx: WorkstationContext
    sessions: SessionService
    till: TillService
    cash: CashService
    outbox: OutboxDispatcher
    receipts: ReceiptService
    authorisation: AuthorisationService
    reversal: ReversalService
    supervision: SupervisionService
    replicator: JournalReplicator
    reference: ReferenceSync
    workstation_engine: object  # sqlalchemy Engine (the stores' own, disposed on close)
    branch_engine: object
    mac_key: bytes
    # the incompatible-duty registers need only the stores and the sign-in checks
    custody: CustodyService = field(init=False)
    review: ReviewService = field(init=False)
    staff: StaffService = field(init=False)  # enrolment and role changes, authorised and registered
    exceptions: ExceptionQueueService = field(init=False)  # the outbox's exception queue, for supervisors
    link: BranchLink = field(init=False)  # the branch store's link: online or not, catch up when back
    lobby: LobbyService = field(init=False)  # queue tickets, VIP alerts, complaints (大堂)
    day_reports: DayReportService = field(init=False)  # the end-of-day reports (日终报表)
    day_close: DayCloseChecklist = field(init=False)  # what still keeps the business day open

    def __post_init__(self) -> None:
        self.custody = CustodyService(self.ctx, self.sessions)
        self.review = ReviewService(self.ctx, self.sessions)
        self.staff = StaffService(self.ctx, self.sessions, self.authorisation)
        self.exceptions = ExceptionQueueService(self.ctx, self.sessions, self.till, self.outbox, self.authorisation)
        branch = self.ctx.branch
        self.lobby = LobbyService(self.ctx, self.sessions, branch, load_lobby_services())
        self.day_reports = DayReportService(self.ctx, self.sessions, branch)
        self.day_close = DayCloseChecklist(self.ctx, branch, self.custody, self.review, self.exceptions,
                                           self.replicator)
        self.link = BranchLink(self.branch_engine, self.reference, self.sessions.register, self.replicator,
                               self.authorisation, self.ctx.branch_status)

    def search_journal(self, staff, query: JournalQuery) -> JournalPage:
        """A teller sees their own entries, a supervisor everyone's."""
        require_permission(staff, "view_journal")
        query = query if may(staff, "view_journal_of_others") else replace(query, teller_id=staff.staff_id)
        with self.ctx.workstation.reading() as unit:
            rows = unit.journal.search(self.ctx.workstation_id, query)
        return JournalPage(rows, self.reversal.reversed_seqs([r.seq for r in rows if r.kind == "posting"]))

    def close(self) -> None:
        self.ctx.workstation.dispose()
        self.ctx.branch.dispose()


def build_workstation(settings: Settings, core: CoreGateway, secret_store, clock: Clock | None = None,
                      branch_url: str | None = None) -> Workstation:
    clock = clock or SystemClock()
    ws_engine = open_store(settings.workstation_store_url, "workstation")
    # the branch store may be down now: migrated when first reached, meanwhile the copies kept here serve
    br_engine = open_store_when_reached(branch_url or settings.branch_store_url, "branch",
                                        float(settings.branch["connect_timeout_s"]))
    key = journal_mac_key(secret_store, settings.workstation_id)
    signer = JournalSigner(settings.workstation_id, key, clock)
    ctx = WorkstationContext(settings, WorkstationStore(ws_engine, signer), BranchStore(br_engine), signer, core, clock,
                             pin_cache_key=pin_cache_key(secret_store, settings.workstation_id))
    reference = ReferenceSync(
        ctx, PinChecks(waiting=waiting_pin_checks, carry=carry_offline_pin_checks, forget=forget_carried),
        PolicyCopy(at_branch=lambda: override_at_branch(ctx), cached=lambda: cached_override(ctx),
                   remember=lambda override: remember_override(ctx, override)))
    branch_problem = branch_unreachable(br_engine)
    if branch_problem:
        reference.require_copy(branch_problem)  # never synced: a clear refusal, not a screen nobody can sign in to
    sessions = SessionService(ctx)
    till = TillService(ctx, sessions)
    outbox = OutboxDispatcher(ctx)
    authorisation = AuthorisationService(ctx, sessions, load_policy(ctx, from_branch=not branch_problem))
    cash = CashService(ctx, sessions, till, outbox, authorisation)
    ws = Workstation(ctx, sessions, till, cash, outbox, ReceiptService(ctx), authorisation,
                     ReversalService(ctx, sessions, cash, authorisation),
                     SupervisionService(ctx, sessions, authorisation), JournalReplicator(ctx),
                     reference, ws_engine, br_engine, key)
    ws.link.started(branch_problem)
    return ws
