"""The outbox to the core: send a recorded posting, settle its outcome, resolve what is left.

Every posting is recorded locally first (journal + outbox + pending till movements,
one transaction). Whatever happens after that, the key is asked for at the core
before anything is sent again, so nothing is posted twice:
- approved: the till movements become effective, the approval is journaled;
- rejected: the movements are voided, the core's reason is journaled;
- no answer: a deposit is accepted offline (cash taken, sent later); a withdrawal is
  refused (no cash paid) and the core is told to reverse the key, in case the
  unanswered request did arrive (timeout reversal, 冲正).

The background resolver retries open items with exponential backoff (per item
`next_attempt_at`: 1 s doubling up to 5 min), keeps per-account order (an item is
not sent while an earlier open item of the same account waits), and moves what
cannot be finished to the exception queue (state `failed` with `failed_reason`):
a posting the core refuses after the cash was taken offline, or a poison item that
keeps failing with a non-availability error (key conflict, bad request, an answer
this client cannot read). A failed item never blocks later items of its account.

The core's answer for a key counts only when the posting behind the key is this item (account,
direction, amount, code, workstation, teller); a key the core holds for another posting (a
workstation store restored from an old backup repeats its sequence numbers) sends the item to
the exception queue at once, journaled `host_key_reused`, its pending till movements voided: never
resent, never taken as done, and a timeout reversal names what it reverses so another posting under
the key is never undone. Found while the teller waits (HTTP 409 to the first post, or the answer
asked for), the teller is told at once (`KeyReused`); found by the resolver, it counts as failed.
A set-aside item holds back nothing: per-account order is for items still in flight.
"""
from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from teller.domain.errors import CoreUnavailable, TellerError
from teller.ports import CorePosting
from teller.store.models import OutboxItem, TillMovement, WorkstationJournal
from teller.sync.core_client import IdempotencyConflict, KeyReused, PostingAtCore

OPEN_STATES = ("pending", "unknown", "offline_accepted", "needs_reversal")
# a failed item a supervisor resolved (teller.services.exceptions): the cash came back, or the loss was written off
RESOLVED_STATES = ("exception_reversed", "written_off")

BACKOFF_BASE_S = 1.0  # first retry delay; doubles per attempt
BACKOFF_CAP_S = 300.0  # at most 5 minutes between attempts
POISON_ATTEMPTS = 5  # attempts after which a non-availability error sends an item to the exception queue
SETTLE_BATCH = 100  # answers settled per workstation transaction by the resolver


def _protocol_error_class():
    try:  # the HTTP adapter's "answer this client cannot read": a non-availability error here
        from teller.sync.core_client import CoreProtocolError
        return CoreProtocolError
    except ImportError:  # pragma: no cover
        return ()


_PROTOCOL_ERRORS = _protocol_error_class()


def backoff_delay(attempts: int) -> float:
    """Seconds to wait before the next attempt after `attempts` failed ones (1, 2, 4, ... capped)."""
    return min(BACKOFF_CAP_S, BACKOFF_BASE_S * (2 ** max(0, min(attempts - 1, 30))))


def _utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class PostingOutcome:
    seq: int  # the posting's journal entry
    key: str
    status: str  # approved | rejected | offline_accepted | refused_offline
    reason: str | None = None
    balance_fen: int | None = None
    outcome_seq: int | None = None


@dataclass(frozen=True)
class OutboxException:
    """One entry of the exception queue, for the supervisor."""

    key: str
    journal_seq: int
    account: str
    direction: str
    amount_fen: int
    tx_code: str
    teller_id: str
    attempts: int
    reason: str | None
    updated_at: str


class _Blocked(Exception):
    """An earlier open item of the same account could not be finished (foreground send)."""


class OutboxDispatcher:
    def __init__(self, ctx):
        self.ctx = ctx
        # one sender at a time: the foreground send and the background resolver never
        # work on the same item at once, so a `pending` item seen by the resolver is
        # a leftover of a crash, not an item in flight.
        self._lock = threading.Lock()
        # what the last contact with the core showed; the authorisation policy's "offline"
        self.core_online = True
        self.backlog = 0  # open items left in the resolver's current round (read by the status bar)

    # -- the foreground: the teller waits for this ------------------------------
    def send(self, key: str) -> PostingOutcome:
        with self._lock:
            item = self._item(key)
            try:
                self._finish_earlier(item)
            except (CoreUnavailable, _Blocked) as exc:  # never overtake an earlier posting
                return self._go_offline(item, str(exc))
            try:
                answer = self._answer_while_waiting(item)
            except CoreUnavailable as first_error:
                return self._go_offline(item, str(first_error))
            except KeyReused as exc:  # set aside already; the teller is told what to do with the cash
                raise KeyReused(f"Not posted: {exc.message}. Pay out or take in no cash for it.") from None
            return self._settle(item, answer)

    def _answer_while_waiting(self, item: OutboxItem) -> CorePosting:
        """The first post; without an answer the key is asked for before anything is resent. A key
        the core holds for another posting (HTTP 409, or another posting behind the answer) sets
        the item aside (`KeyReused`); the core staying unreachable raises the first error."""
        try:
            return self._unless_key_reused(item, lambda: self._post(item))
        except CoreUnavailable as first_error:
            answer = self._ask_then_resend(item)
            if answer is None:
                raise first_error from None
            return answer

    def _finish_earlier(self, item: OutboxItem) -> None:
        """Per-account order: earlier open items of the account are finished first (backoff or not)."""
        with self.ctx.workstation_db() as db:
            earlier = list(db.execute(select(OutboxItem).where(
                OutboxItem.state.in_(OPEN_STATES), OutboxItem.account == item.account,
                OutboxItem.id < item.id).order_by(OutboxItem.id)).scalars())
        for prior in earlier:
            try:
                answer = self._answer_for(prior)
            except CoreUnavailable as exc:
                if not isinstance(exc, _PROTOCOL_ERRORS):
                    raise  # the core is down: the resolver's backoff schedule is left as it is
                failed = self._record_failures([(prior, exc.message, True)])
                if not failed:
                    raise _Blocked(f"an earlier posting of this account ({prior.idempotency_key}) "
                                   f"is waiting: {exc.message}") from None
                continue
            except TellerError as exc:
                if not self._record_failures([(prior, exc.message, True)]):
                    raise _Blocked(f"an earlier posting of this account ({prior.idempotency_key}) "
                                   f"is waiting: {exc.message}") from None
                continue
            self._settle_many([(prior, answer)])

    def _post(self, item: OutboxItem) -> CorePosting:
        return self.ctx.core.post(key=item.idempotency_key, account=item.account, direction=item.direction,
                                  amount_fen=item.amount_fen, tx_code=item.tx_code,
                                  workstation=self.ctx.workstation_id, teller=item.teller_id)

    def _ask_then_resend(self, item: OutboxItem) -> CorePosting | None:
        try:
            return self._ask_then_post(item)
        except CoreUnavailable:
            return None

    def _ask_then_post(self, item: OutboxItem) -> CorePosting:
        """The core's answer for the item's key, once the posting behind the key is known to be
        this item; the item is sent only when the core does not know the key at all."""
        answer = self.ctx.core.get_posting(item.idempotency_key)
        if answer is None:
            return self._unless_key_reused(item, lambda: self._post(item))
        if isinstance(answer, PostingAtCore):
            differences = answer.differences(**self._as_sent(item))
        else:  # a gateway that does not say what is under the key cannot be trusted with it
            differences = ["the core did not say which posting is under the key"]
        if differences:
            raise self._set_aside(item, f"the core holds another posting under idempotency key "
                                        f"{item.idempotency_key} ({'; '.join(differences)})")
        return answer

    def _as_sent(self, item: OutboxItem) -> dict:
        """The posting as this workstation sends it to the core (what the core keys it by)."""
        return {"account": item.account, "direction": item.direction, "amount_fen": item.amount_fen,
                "tx_code": item.tx_code, "workstation": self.ctx.workstation_id, "teller": item.teller_id}

    def _unless_key_reused(self, item: OutboxItem, call):
        try:
            return call()
        except IdempotencyConflict as exc:
            raise self._set_aside(item, f"the core holds another posting under idempotency key "
                                        f"{item.idempotency_key} ({exc.message})") from None

    def _set_aside(self, item: OutboxItem, why: str) -> KeyReused:
        """A key the core already holds for another posting (a workstation store restored from an
        old backup repeats its sequence numbers): the item is never taken as done and never sent
        again; it goes to the exception queue with a journal entry saying why. Its till movements
        still pending are voided, as for a rejection: no cash moves for a posting not done."""
        reason = (f"{why}: not sent again and not taken as done; it is in the exception queue "
                  f"for a supervisor to settle")
        self.core_online = True  # the core answered: it is there, it holds the key
        with self.ctx.workstation_tx() as db:
            current = db.get(OutboxItem, item.id)
            if current is not None and current.state in OPEN_STATES:
                # effective movements: accepted offline, the cash went over the counter already
                cash_moved = db.execute(select(TillMovement.id).where(
                    TillMovement.journal_seq == item.journal_seq, TillMovement.state == "effective")).first()
                self._set_movements(db, [item.journal_seq], "void")
                self.ctx.record(db, item.teller_id, "host_key_reused", tx_code=item.tx_code,
                                account=item.account, amount_fen=item.amount_fen, refers_to=item.journal_seq,
                                payload={"key": item.idempotency_key, "reason": reason,
                                         "cash_moved": cash_moved is not None})
                self._set_state(db, current, "failed", reason)
                current.failed_reason, current.next_attempt_at = reason, None
        return KeyReused(reason)

    def _item(self, key: str) -> OutboxItem:
        with self.ctx.workstation_db() as db:
            return db.execute(select(OutboxItem).where(OutboxItem.idempotency_key == key)).scalar_one()

    # -- outcomes -------------------------------------------------------------------
    def _settle(self, item: OutboxItem, answer: CorePosting) -> PostingOutcome:
        return self._settle_many([(item, answer)])[0]

    def _settle_many(self, pairs: list[tuple[OutboxItem, CorePosting]]) -> list[PostingOutcome]:
        """Journals the core's answers and moves the items on, in one workstation transaction.

        Safe to batch: an answer not yet committed when the process dies is asked for
        again by its key, and the core gives the same answer for a key every time."""
        if pairs:
            self.core_online = True
        outcomes = []
        with self.ctx.workstation_tx() as db:
            ids = [item.id for item, _ in pairs]
            current = {row.id: row for row in db.execute(select(OutboxItem).where(OutboxItem.id.in_(ids))).scalars()}
            movements: dict[str, list[int]] = {"effective": [], "void": []}
            for item, answer in pairs:
                outcomes.append(self._settle_in(db, current[item.id], item, answer, movements))
            for state, seqs in movements.items():  # one UPDATE per batch, not one per item
                if seqs:
                    self._set_movements(db, seqs, state)
        return outcomes

    def _settle_in(self, db: Session, current: OutboxItem, item: OutboxItem, answer: CorePosting,
                   movements: dict[str, list[int]]) -> PostingOutcome:
        was_offline = current.state == "offline_accepted"
        failed_reason = None
        if answer.status == "approved":
            if not was_offline:
                movements["effective"].append(item.journal_seq)
            kind, state, status = "host_approved", "approved", "approved"
        elif answer.status == "reversed":
            movements["void"].append(item.journal_seq)
            kind, state, status = "host_reversed", "reversed", "rejected"
        else:
            if was_offline:  # the cash was taken: an exception for the supervisor
                kind, state = "host_rejected_after_offline", "failed"
                failed_reason = f"refused by the core after the cash was taken offline: {answer.reason}"
            else:
                movements["void"].append(item.journal_seq)
                kind, state = "host_rejected", "rejected"
            status = "rejected"
        entry = self.ctx.record(db, item.teller_id, kind, tx_code=item.tx_code, account=item.account,
                                amount_fen=item.amount_fen, refers_to=item.journal_seq,
                                payload={"key": item.idempotency_key, "reason": answer.reason,
                                         "core_ref": answer.core_ref, "balance_fen": answer.balance_fen})
        self._set_state(db, current, state, answer.reason)
        current.next_attempt_at, current.failed_reason = None, failed_reason
        return PostingOutcome(item.journal_seq, item.idempotency_key, status, answer.reason,
                              answer.balance_fen, entry.seq)

    def _go_offline(self, item: OutboxItem, error: str) -> PostingOutcome:
        self.core_online = False
        with self.ctx.workstation_tx() as db:
            current = db.execute(select(OutboxItem).where(OutboxItem.id == item.id)).scalar_one()
            if item.direction == "credit" or self._within_offline_limits(db, item):
                self._set_movements(db, [item.journal_seq], "effective")
                kind, state = "offline_accepted", "offline_accepted"
            else:
                self._set_movements(db, [item.journal_seq], "void")
                kind, state = "offline_refused", "needs_reversal"
            entry = self.ctx.record(db, item.teller_id, kind, tx_code=item.tx_code, account=item.account,
                                    amount_fen=item.amount_fen, refers_to=item.journal_seq,
                                    payload={"key": item.idempotency_key, "error": error})
            self._set_state(db, current, state, error)
        return PostingOutcome(item.journal_seq, item.idempotency_key, kind, error, None, entry.seq)

    def _within_offline_limits(self, db: Session, item: OutboxItem) -> bool:
        """A withdrawal may be paid while the core is down only within the offline limits: per
        transaction and the teller's offline withdrawals today in total (config [offline])."""
        settings = self.ctx.settings
        if item.amount_fen > settings.offline_withdrawal_limit_fen:
            return False
        debit_codes = [c.code for c in settings.catalogue.all() if c.direction == "debit"]
        paid = db.execute(select(func.coalesce(func.sum(WorkstationJournal.amount_fen), 0)).where(
            WorkstationJournal.workstation_id == self.ctx.workstation_id,
            WorkstationJournal.kind == "offline_accepted", WorkstationJournal.teller_id == item.teller_id,
            WorkstationJournal.business_date == self.ctx.business_date(),
            WorkstationJournal.tx_code.in_(debit_codes))).scalar()
        return paid + item.amount_fen <= settings.offline_withdrawal_daily_limit_fen

    def _set_movements(self, db: Session, journal_seqs: list[int], state: str) -> None:
        db.execute(update(TillMovement).where(TillMovement.journal_seq.in_(journal_seqs),
                                              TillMovement.state == "pending").values(state=state)
                   .execution_options(synchronize_session=False))

    def _set_state(self, db: Session, item: OutboxItem, state: str, error: str | None) -> None:
        item.state, item.attempts = state, item.attempts + 1
        item.last_error, item.updated_at = error, self.ctx.now_text()

    def _record_failures(self, failures: list[tuple[OutboxItem, str, bool]]) -> set[int]:
        """One failed attempt per item: backoff, or (poison, after POISON_ATTEMPTS) the exception
        queue. Returns the ids of the items in the exception queue: sent there now, or set aside
        already while they were asked for (a reused key)."""
        failed = set()
        if not failures:
            return failed
        now = self.ctx.clock.now()
        with self.ctx.workstation_tx() as db:
            for item, error, poison in failures:
                current = db.get(OutboxItem, item.id)
                if current is not None and current.state == "failed":
                    failed.add(item.id)
                    continue
                if current is None or current.state not in OPEN_STATES:
                    continue
                attempts = current.attempts + 1
                if poison and attempts >= POISON_ATTEMPTS:
                    # keeps its journal as it is; the supervisor settles it by hand
                    self._set_state(db, current, "failed", error)
                    current.failed_reason = f"gave up after {attempts} attempts: {error}"
                    current.next_attempt_at = None
                    failed.add(item.id)
                    continue
                current.attempts, current.last_error, current.updated_at = attempts, error, self.ctx.now_text()
                current.next_attempt_at = _utc_text(now + dt.timedelta(seconds=backoff_delay(attempts)))
        return failed

    # -- the exception queue ----------------------------------------------------------
    def exceptions(self) -> list[OutboxException]:
        """Postings the outbox gave up on, oldest first: refused after the fact, or poison."""
        with self.ctx.workstation_db() as db:
            rows = db.execute(select(OutboxItem).where(OutboxItem.state == "failed")
                              .order_by(OutboxItem.id)).scalars()
            return [OutboxException(r.idempotency_key, r.journal_seq, r.account, r.direction, r.amount_fen,
                                    r.tx_code, r.teller_id, r.attempts, r.failed_reason or r.last_error,
                                    r.updated_at) for r in rows]

    def close_exception(self, db: Session, key: str, state: str) -> bool:
        """Takes an item out of the exception queue once a supervisor resolved it (state one of
        RESOLVED_STATES), in the caller's workstation transaction. False when it is not in the
        queue (already resolved, or never there): the caller refuses, so an item is resolved once."""
        if state not in RESOLVED_STATES:
            raise ValueError(f"not a resolution: {state!r}")
        return db.execute(update(OutboxItem).where(OutboxItem.idempotency_key == key, OutboxItem.state == "failed")
                          .values(state=state, updated_at=self.ctx.now_text())
                          .execution_options(synchronize_session=False)).rowcount == 1

    # -- the background: after a restart or when the core is back --------------------
    def open_items(self) -> list[OutboxItem]:
        with self.ctx.workstation_db() as db:
            return list(db.execute(select(OutboxItem).where(OutboxItem.state.in_(OPEN_STATES))
                                   .order_by(OutboxItem.id)).scalars())

    def resolve_pending(self, *, ignore_backoff: bool = False) -> dict[str, int]:
        """Settles every open item that is due, oldest first, keeping per-account order.

        Stops at the first sign the core is down (that item backs off); an item failing
        otherwise backs off too and, after POISON_ATTEMPTS, goes to the exception queue;
        either way the other accounts' items go on. `waiting`: open items left."""
        done = {"settled": 0, "failed": 0, "waiting": 0}
        with self._lock:
            items = self.open_items()
            self.backlog = len(items)
            now = _utc_text(self.ctx.clock.now())
            blocked: set[str] = set()  # accounts with an earlier open item still waiting
            answers: list[tuple[OutboxItem, CorePosting]] = []
            failures: list[tuple[OutboxItem, str, bool]] = []
            try:
                for index, item in enumerate(items):
                    self.backlog = len(items) - index  # what is left of this round, for the status bar
                    if item.account in blocked or (not ignore_backoff and item.next_attempt_at is not None
                                                   and item.next_attempt_at > now):
                        blocked.add(item.account)
                        done["waiting"] += 1
                        continue
                    try:
                        answer = self._answer_for(item)
                    except CoreUnavailable as exc:
                        if isinstance(exc, _PROTOCOL_ERRORS):
                            failures.append((item, exc.message, True))
                            blocked.add(item.account)
                            continue
                        failures.append((item, str(exc), False))
                        done["waiting"] += len(items) - index
                        self.core_online = False
                        break
                    except KeyReused as exc:  # in the exception queue already: holds back nothing
                        failures.append((item, exc.message, True))
                        continue
                    except TellerError as exc:  # a poison item never blocks the other accounts
                        failures.append((item, exc.message, True))
                        blocked.add(item.account)
                        continue
                    self.core_online = True  # it answered: the status bar shows the catching up
                    answers.append((item, answer))
                    if len(answers) >= SETTLE_BATCH:
                        done["settled"] += len(self._settle_many(answers))
                        answers = []
            finally:
                if answers:
                    done["settled"] += len(self._settle_many(answers))
                failed = self._record_failures(failures)
            done["failed"] = len(failed)
            done["waiting"] += sum(1 for item, _e, poison in failures if poison and item.id not in failed)
            self.backlog = done["waiting"]
        return done

    def _answer_for(self, item: OutboxItem) -> CorePosting:
        """The core's answer for an open item: asked for by its key before anything is resent."""
        # A withdrawal still open after a restart was never paid out: reverse it.
        # The reversal names the posting it undoes: another posting under the key is never reversed.
        if item.state == "needs_reversal" or (item.state in ("pending", "unknown") and item.direction == "debit"):
            answer = self._unless_key_reused(
                item, lambda: self.ctx.core.reverse(item.idempotency_key, self._as_sent(item)))
            return answer or CorePosting(item.idempotency_key, "reversed", "not_at_core", None, None)
        return self._ask_then_post(item)
