"""The exception queue (异常队列): postings the core refused after the cash had moved offline,
and the supervisor's workflow for each — contact the customer (联系客户), reverse (异常冲回: the
cash comes back over the counter, or a refused deposit's cash is handed back), or write the
loss off (损失核销) with the branch manager's authorisation.

Nothing here is stored as a status: an exception is the outbox's `host_rejected_after_offline`
journal entry, and each step is a new journal entry naming the exception's key (the origin
workstation's idempotency key, unique branch-wide): `exception_contacted`,
`exception_reversed`, `exception_written_off`. The state is derived from those entries.

Where things happen:
- the list is branch-wide: the branch store's copy of every workstation's journal
  (teller.sync.branch_sync) plus this workstation's own entries not pushed yet;
- a contact may be recorded at any supervisor's workstation;
- reverse and write off happen at the workstation that holds the item: its outbox row and the
  till are there, so the journal entry, the till movement and taking the item out of the
  queue are one workstation transaction, and an item is resolved exactly once.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from teller.domain.denominations import Breakdown
from teller.domain.errors import TellerError, TillNotOpen
from teller.domain.masking import mask_number
from teller.domain.money import format_amount
from teller.domain.roles import SUPERVISOR_ROLES
from teller.services.authorisation import AuthorisationService, LocalApproval, RemoteApproval
from teller.services.context import WorkstationContext
from teller.services.credentials import require_roles
from teller.services.session import SessionService, TellerSession
from teller.services.till import TillService
from teller.store.database import is_database_error
from teller.store.repos.journal import JournalEntry
from teller.store.stores import WorkstationUnit
from teller.sync.outbox import OutboxDispatcher

REFUSED = "host_rejected_after_offline"
KEY_REUSED = "host_key_reused"  # teller.sync.outbox: the core holds another posting under the key
CONTACTED, REVERSED, WRITTEN_OFF = "exception_contacted", "exception_reversed", "exception_written_off"
_KINDS = (REFUSED, KEY_REUSED, CONTACTED, REVERSED, WRITTEN_OFF)
_ORIGINS = {REFUSED: "refused", KEY_REUSED: "key_reused"}  # the entries that put an item in the queue
CONTACT_CHANNELS = ("phone", "sms", "in_person", "letter")


class ExceptionRefused(TellerError):
    code = "exception_refused"


class ExceptionNotFound(TellerError):
    code = "exception_not_found"


@dataclass(frozen=True)
class Contact:
    at: str
    by: str
    workstation_id: str
    channel: str
    note: str


@dataclass(frozen=True)
class Resolution:
    kind: str  # reversed | written_off | no_cash (a reused key found while the teller waited: nothing moved)
    at: str
    business_date: str
    by: str
    authorised_by: str | None
    reason: str


@dataclass(frozen=True)
class QueueItem:
    """One exception as the supervisor sees it."""

    key: str
    workstation_id: str
    seq: int  # the original posting's journal entry at its workstation
    teller_id: str
    tx_code: str
    direction: str  # of the original posting: debit = cash was paid out
    account_masked: str
    amount_fen: int
    reason: str  # the core's
    refused_at: str
    business_date: str
    # refused | no_answer (a poison item: the core never gave an answer) | key_reused (the core holds
    # another posting under the key: ours was never posted there)
    kind: str = "refused"
    contacts: tuple[Contact, ...] = ()
    resolution: Resolution | None = None

    @property
    def state(self) -> str:
        if self.resolution is not None:
            return self.resolution.kind
        return "contacted" if self.contacts else "open"

    @property
    def is_open(self) -> bool:
        return self.resolution is None


@dataclass(frozen=True)
class TellerExceptions:
    """A teller's open exceptions (any day) and what was written off today: the exposure board."""

    open_count: int = 0
    open_fen: int = 0
    written_off_fen: int = 0


_Entry = JournalEntry


def known_entries(ctx: WorkstationContext) -> list[_Entry]:
    """The exception entries of the whole branch (its journal copy) and this workstation's own,
    which may not be pushed yet. The branch store down: this workstation's only."""
    found: dict[tuple[str, int], _Entry] = {}
    if not ctx.branch_status.known_down:
        try:
            with ctx.branch.reading() as unit:
                found.update(((e.workstation_id, e.seq), e) for e in unit.journal.of_kinds(_KINDS))
        except Exception as exc:  # noqa: BLE001 - only database errors are taken, see below
            if not is_database_error(exc):
                raise
            ctx.branch_status.failed(exc)
    with ctx.workstation.reading() as unit:
        found.update(((e.workstation_id, e.seq), e)
                     for e in unit.journal.of_kinds(_KINDS, workstation_id=ctx.workstation_id))
    return [found[k] for k in sorted(found)]


def build_queue(ctx: WorkstationContext, entries: list[_Entry]) -> dict[str, QueueItem]:
    """Every exception by key, with its contacts and resolution, from the journal entries."""
    steps: dict[str, list[_Entry]] = defaultdict(list)
    for entry in entries:
        if entry.kind not in _ORIGINS:
            steps[entry.payload.get("key", "")].append(entry)
    queue = {}
    for entry in (e for e in entries if e.kind in _ORIGINS):
        key = entry.payload["key"]
        contacts, resolution = [], None
        if entry.kind == KEY_REUSED and not entry.payload.get("cash_moved", True):
            resolution = Resolution("no_cash", entry.recorded_at, entry.business_date, entry.teller_id, None,
                                    "the teller was told at once: no cash moved")
        for step in sorted(steps.get(key, ()), key=lambda s: s.recorded_at):
            if step.kind == CONTACTED:
                contacts.append(Contact(step.recorded_at, step.teller_id, step.workstation_id,
                                        step.payload.get("channel", ""), step.payload.get("note", "")))
            elif resolution is None:  # at most one: the outbox row guards it (see module docstring)
                resolution = Resolution("reversed" if step.kind == REVERSED else "written_off", step.recorded_at,
                                        step.business_date, step.teller_id, step.payload.get("authorised_by"),
                                        step.payload.get("reason", ""))
        # the outbox journals the core's answer under the posting's teller
        queue[key] = QueueItem(key, entry.workstation_id, entry.refers_to, entry.teller_id, entry.tx_code,
                               ctx.settings.catalogue.get(entry.tx_code).direction, mask_number(entry.account),
                               entry.amount_fen, entry.payload.get("reason") or "", entry.recorded_at,
                               entry.business_date, _ORIGINS[entry.kind], tuple(contacts), resolution)
    return queue


def exception_totals(ctx: WorkstationContext) -> dict[str, TellerExceptions]:
    """Per teller: open exceptions (count, amount) and today's write-offs, branch-wide."""
    today = ctx.business_date()
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for item in build_queue(ctx, known_entries(ctx)).values():
        if item.is_open:
            totals[item.teller_id][0] += 1
            totals[item.teller_id][1] += item.amount_fen
        elif item.resolution.kind == "written_off" and item.resolution.business_date == today:
            totals[item.teller_id][2] += item.amount_fen
    return {teller: TellerExceptions(*values) for teller, values in totals.items()}


class ExceptionQueueService:
    def __init__(self, ctx: WorkstationContext, sessions: SessionService, till: TillService,
                 outbox: OutboxDispatcher, authorisation: AuthorisationService):
        self.ctx, self.sessions, self.till, self.outbox = ctx, sessions, till, outbox
        self.authorisation = authorisation

    # -- reading ------------------------------------------------------------------------------
    def staff_names(self) -> dict[str, str]:
        """Names for the staff ids on the screens (journal, board, queue): a courtesy that never
        waits for a branch known to be down, and finds none when it is."""
        if self.ctx.branch_status.known_down:
            return {}
        try:
            with self.ctx.branch.reading() as unit:
                return unit.reference.staff_names()
        except Exception as exc:  # noqa: BLE001 - only a store that does not answer is tolerated
            if not is_database_error(exc):
                raise
            self.ctx.branch_status.failed(exc)
            return {}

    def exceptions(self, business_date: str | None = None) -> list[QueueItem]:
        """Open exceptions of any day, then those resolved on `business_date` (today), oldest first."""
        day = business_date or self.ctx.business_date()
        items = self._queue()
        shown = [i for i in items.values() if i.is_open or i.resolution.business_date == day]
        return sorted(shown, key=lambda i: (not i.is_open, i.refused_at))

    def day_report(self, business_date: str) -> list[QueueItem]:
        """The day's exceptions and resolutions: refused, contacted or resolved that day."""
        return sorted((i for i in self._queue().values()
                       if i.business_date == business_date or any(c.at[:10] == business_date for c in i.contacts)
                       or (i.resolution and i.resolution.business_date == business_date)),
                      key=lambda i: i.refused_at)

    def _queue(self) -> dict[str, QueueItem]:
        queue = build_queue(self.ctx, known_entries(self.ctx))
        for failed in self.outbox.exceptions():  # poison items: no answer from the core, listed here only
            if failed.key not in queue:
                queue[failed.key] = QueueItem(
                    failed.key, self.ctx.workstation_id, failed.journal_seq, failed.teller_id, failed.tx_code,
                    failed.direction, mask_number(failed.account), failed.amount_fen, failed.reason or "",
                    failed.updated_at, failed.updated_at[:10], "no_answer",
                    tuple(self._local_contacts(failed.key)))
        return queue

    def _local_contacts(self, key: str) -> list[Contact]:
        with self.ctx.workstation.reading() as unit:
            entries = unit.journal.of_kinds((CONTACTED,), workstation_id=self.ctx.workstation_id)
        return [Contact(e.recorded_at, e.teller_id, e.workstation_id, e.payload.get("channel", ""),
                        e.payload.get("note", "")) for e in entries if e.payload.get("key") == key]

    def item(self, key: str) -> QueueItem:
        found = self._queue().get(key)
        if found is None:
            raise ExceptionNotFound(f"{key} is not in the exception queue: only postings the core refused "
                                    "after the cash moved offline are resolved here.")
        return found

    # -- the supervisor's steps -------------------------------------------------------------------
    def record_contact(self, session: TellerSession, key: str, channel: str, note: str) -> Contact:
        """Who contacted the customer, when, how and what came of it; the item stays open."""
        self._require_supervisor(session, "record a customer contact for an exception")
        item = self._open_item(key)
        if channel not in CONTACT_CHANNELS:
            raise ExceptionRefused(f"Say how the customer was contacted ({', '.join(CONTACT_CHANNELS)}).")
        if not note.strip():
            raise ExceptionRefused("Write down what the customer said (the outcome of the contact).")
        here = item.workstation_id == self.ctx.workstation_id
        with self.ctx.workstation.transaction() as unit:
            entry = unit.journal.append(teller_id=session.teller_id, kind=CONTACTED,
                                        refers_to=item.seq if here else None,
                                    payload={"key": key, "workstation": item.workstation_id, "seq": item.seq,
                                             "channel": channel, "note": note.strip()})
        return Contact(entry.recorded_at, session.teller_id, self.ctx.workstation_id, channel, note.strip())

    def reverse(self, session: TellerSession, key: str, reason: str,
                approval: LocalApproval | RemoteApproval | None) -> int:
        """The customer brought the cash back (an offline withdrawal) or takes back a refused
        deposit: the cash moves in (or out of) the teller's till here and the item is closed.
        Returns the journal seq of the reversal entry."""
        item, posting = self._resolvable(session, key, reason, "reverse")
        cash = Breakdown(posting.payload["denominations"], self.ctx.settings.denominations)
        coming_in = item.direction == "debit"
        self._till_for(item, cash, coming_in)  # refused before a supervisor is asked for a PIN
        authoriser = self._authorise(session, "exception_reverse", item, posting, approval)
        with self.ctx.workstation.transaction() as unit:
            self._close(unit, item, "exception_reversed")
            till = self._till_for(item, cash, coming_in, unit)
            entry = unit.journal.append(teller_id=session.teller_id, kind=REVERSED, tx_code=item.tx_code,
                                        account=posting.account, amount_fen=item.amount_fen, refers_to=item.seq,
                                    payload={"key": key, "reason": reason.strip(), "authorised_by": authoriser,
                                             "till": till, "till_teller": item.teller_id,
                                             "till_direction": "in" if coming_in else "out",
                                             "denominations": cash.to_json_dict()})
            TillService.add_movements(unit, till, entry.seq, cash, 1 if coming_in else -1, "effective")
        return entry.seq

    def write_off(self, session: TellerSession, key: str, reason: str,
                  approval: LocalApproval | RemoteApproval | None) -> int:
        """损失核销: the branch absorbs the loss of cash paid out offline; the maker and the
        authoriser are both named. Returns the journal seq of the write-off entry."""
        item, posting = self._resolvable(session, key, reason, "write off")
        if item.direction != "debit":
            raise ExceptionRefused(f"{key} is a deposit the core refused: its cash is in the till, so there is no "
                                   "loss to write off. Hand the cash back to the customer (reverse).")
        authoriser = self._authorise(session, "write_off", item, posting, approval)
        with self.ctx.workstation.transaction() as unit:
            self._close(unit, item, "written_off")
            entry = unit.journal.append(teller_id=session.teller_id, kind=WRITTEN_OFF, tx_code=item.tx_code,
                                        account=posting.account, amount_fen=item.amount_fen, refers_to=item.seq,
                                    payload={"key": key, "reason": reason.strip(), "authorised_by": authoriser,
                                             "maker": session.teller_id, "teller": item.teller_id})
        return entry.seq

    # -- checks -----------------------------------------------------------------------------------
    def _require_supervisor(self, session: TellerSession, purpose: str) -> None:
        self.sessions.require_active(session)
        require_roles(session.staff, SUPERVISOR_ROLES, purpose)

    def _open_item(self, key: str) -> QueueItem:
        item = self.item(key)
        if not item.is_open:
            done = item.resolution
            if done.kind == "no_cash":
                raise ExceptionRefused(f"No cash moved for {key}: the teller was told at once that it was not posted, "
                                       "so there is nothing to settle. The core holds another posting under its key: "
                                       "tell the branch IT support (a workstation store restored from a backup?).")
            verb = "reversed" if done.kind == "reversed" else "written off"
            raise ExceptionRefused(f"{key} was already {verb} by {done.by} at {done.at[11:19]} "
                                   f"({done.business_date}); it is closed.")
        return item

    def _resolvable(self, session: TellerSession, key: str, reason: str, verb: str) -> tuple[QueueItem, _Entry]:
        self._require_supervisor(session, f"{verb} an exception")
        item = self._open_item(key)
        if item.workstation_id != self.ctx.workstation_id:
            raise ExceptionRefused(f"{key} is held at workstation {item.workstation_id} with its till: "
                                   f"{verb} it there.")
        if item.kind == "no_answer":
            raise ExceptionRefused(f"The core never answered for {key}; it may be posted there. Settle it with "
                                   "the core before reversing or writing it off.")
        if not reason.strip():
            raise ExceptionRefused(f"Give the reason to {verb} {key}.")
        with self.ctx.workstation.reading() as unit:
            [posting] = unit.journal.of_kinds(("posting",), workstation_id=self.ctx.workstation_id, seq=item.seq)
        return item, posting

    def _authorise(self, session: TellerSession, operation: str, item: QueueItem, posting: _Entry,
                   approval) -> str | None:
        need = self.authorisation.need(session, operation, item.amount_fen, posting.account)
        authoriser = self.authorisation.require(session, need, approval)
        return authoriser.staff_id if authoriser else None

    def _close(self, unit: WorkstationUnit, item: QueueItem, state: str) -> None:
        if not self.outbox.close_exception(unit, item.key, state):
            raise ExceptionRefused(f"{item.key} was resolved meanwhile; it is no longer in the queue.")

    def _till_for(self, item: QueueItem, cash: Breakdown, coming_in: bool, unit: WorkstationUnit | None = None) -> int:
        """The till of the original teller, open at this workstation, that takes (or gives) the cash."""
        if unit is None:
            with self.ctx.workstation.reading() as own:
                return self._till_for(item, cash, coming_in, own)
        till = unit.till.open_till(item.teller_id)
        if till is None:
            raise TillNotOpen(f"Teller {item.teller_id}'s till is not open at this workstation: open it to "
                              f"{'take the cash back' if coming_in else 'hand the cash back'} "
                              f"({format_amount(item.amount_fen)}).")
        if not coming_in:
            self.till.may_pay_out(unit, till.id, cash)
        return till.id
