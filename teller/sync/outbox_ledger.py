"""The outbox's local bookkeeping: every answer, offline decision, failure and set-aside item is
journaled and moves the item (and its till movements) on, in one workstation transaction."""
from __future__ import annotations

import datetime as dt

from teller.ports import CorePosting
from teller.store.models import OutboxItem
from teller.sync.core_client import KeyReused
from teller.sync.outbox_state import (OPEN_STATES, POISON_ATTEMPTS, CoreLink, PostingOutcome, backoff_delay,
                                      utc_text)


class OutboxLedger:
    def __init__(self, ctx, link: CoreLink):
        self.ctx, self.link = ctx, link
        self.workstation = ctx.workstation

    def item(self, key: str) -> OutboxItem:
        with self.workstation.reading() as unit:
            return unit.outbox.by_key(key)

    def open_items(self) -> list[OutboxItem]:
        with self.workstation.reading() as unit:
            return unit.outbox.in_states(OPEN_STATES)

    def earlier_open(self, item: OutboxItem) -> list[OutboxItem]:
        with self.workstation.reading() as unit:
            return unit.outbox.earlier_in_states(item, OPEN_STATES)

    def _set_state(self, item: OutboxItem, state: str, error: str | None) -> None:
        item.state, item.attempts = state, item.attempts + 1
        item.last_error, item.updated_at = error, self.ctx.now_text()

    # -- outcomes -------------------------------------------------------------------
    def settle(self, pairs: list[tuple[OutboxItem, CorePosting]]) -> list[PostingOutcome]:
        """Journals the core's answers and moves the items on, in one workstation transaction.

        Safe to batch: an answer not yet committed when the process dies is asked for
        again by its key, and the core gives the same answer for a key every time."""
        if pairs:
            self.link.core_online = True
        outcomes = []
        with self.workstation.transaction() as unit:
            current = unit.outbox.by_ids([item.id for item, _ in pairs])
            movements: dict[str, list[int]] = {"effective": [], "void": []}
            for item, answer in pairs:
                outcomes.append(self._settle_one(unit, current[item.id], item, answer, movements))
            for state, seqs in movements.items():  # one UPDATE per batch, not one per item
                unit.till.settle_movements(seqs, state)
        return outcomes

    def _settle_one(self, unit, current: OutboxItem, item: OutboxItem, answer: CorePosting,
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
        entry = unit.journal.append(teller_id=item.teller_id, kind=kind, tx_code=item.tx_code, account=item.account,
                                    amount_fen=item.amount_fen, refers_to=item.journal_seq,
                                    payload={"key": item.idempotency_key, "reason": answer.reason,
                                             "core_ref": answer.core_ref, "balance_fen": answer.balance_fen})
        self._set_state(current, state, answer.reason)
        current.next_attempt_at, current.failed_reason = None, failed_reason
        return PostingOutcome(item.journal_seq, item.idempotency_key, status, answer.reason,
                              answer.balance_fen, entry.seq)

    def go_offline(self, item: OutboxItem, error: str) -> PostingOutcome:
        """No answer while the teller waits: a deposit is accepted offline, a withdrawal only
        within the offline limits; otherwise refused here and reversed at the core later."""
        self.link.core_online = False
        with self.workstation.transaction() as unit:
            current = unit.outbox.get(item.id)
            if item.direction == "credit" or self._within_offline_limits(unit, item):
                unit.till.settle_movements([item.journal_seq], "effective")
                kind, state = "offline_accepted", "offline_accepted"
            else:
                unit.till.settle_movements([item.journal_seq], "void")
                kind, state = "offline_refused", "needs_reversal"
            entry = unit.journal.append(teller_id=item.teller_id, kind=kind, tx_code=item.tx_code,
                                        account=item.account, amount_fen=item.amount_fen, refers_to=item.journal_seq,
                                        payload={"key": item.idempotency_key, "error": error})
            self._set_state(current, state, error)
        return PostingOutcome(item.journal_seq, item.idempotency_key, kind, error, None, entry.seq)

    def _within_offline_limits(self, unit, item: OutboxItem) -> bool:
        """A withdrawal may be paid while the core is down only within the offline limits: per
        transaction and the teller's offline withdrawals today in total (config [offline])."""
        settings = self.ctx.settings
        if item.amount_fen > settings.offline_withdrawal_limit_fen:
            return False
        debit_codes = [c.code for c in settings.catalogue.all() if c.direction == "debit"]
        paid = unit.journal.total_amount(kind="offline_accepted", teller_id=item.teller_id,
                                         business_date=self.ctx.business_date(), tx_codes=debit_codes)
        return paid + item.amount_fen <= settings.offline_withdrawal_daily_limit_fen

    def set_aside(self, item: OutboxItem, why: str) -> KeyReused:
        """A key the core already holds for another posting (a workstation store restored from an
        old backup repeats its sequence numbers): the item is never taken as done and never sent
        again; it goes to the exception queue with a journal entry saying why. Its till movements
        still pending are voided, as for a rejection: no cash moves for a posting not done."""
        reason = (f"{why}: not sent again and not taken as done; it is in the exception queue "
                  f"for a supervisor to settle")
        self.link.core_online = True  # the core answered: it is there, it holds the key
        with self.workstation.transaction() as unit:
            current = unit.outbox.get(item.id)
            if current is not None and current.state in OPEN_STATES:
                # effective movements: accepted offline, the cash went over the counter already
                cash_moved = unit.till.cash_moved_for(item.journal_seq)
                unit.till.settle_movements([item.journal_seq], "void")
                unit.journal.append(teller_id=item.teller_id, kind="host_key_reused", tx_code=item.tx_code,
                                    account=item.account, amount_fen=item.amount_fen, refers_to=item.journal_seq,
                                    payload={"key": item.idempotency_key, "reason": reason, "cash_moved": cash_moved})
                self._set_state(current, "failed", reason)
                current.failed_reason, current.next_attempt_at = reason, None
        return KeyReused(reason)

    def record_failures(self, failures: list[tuple[OutboxItem, str, bool]]) -> set[int]:
        """One failed attempt per item: backoff, or (poison, after POISON_ATTEMPTS) the exception
        queue. Returns the ids of the items in the exception queue: sent there now, or set aside
        already while they were asked for (a reused key)."""
        failed: set[int] = set()
        if not failures:
            return failed
        now = self.ctx.clock.now()
        with self.workstation.transaction() as unit:
            for item, error, poison in failures:
                current = unit.outbox.get(item.id)
                if current is not None and current.state == "failed":
                    failed.add(item.id)
                    continue
                if current is None or current.state not in OPEN_STATES:
                    continue
                attempts = current.attempts + 1
                if poison and attempts >= POISON_ATTEMPTS:
                    # keeps its journal as it is; the supervisor settles it by hand
                    self._set_state(current, "failed", error)
                    current.failed_reason = f"gave up after {attempts} attempts: {error}"
                    current.next_attempt_at = None
                    failed.add(item.id)
                    continue
                current.attempts, current.last_error, current.updated_at = attempts, error, self.ctx.now_text()
                current.next_attempt_at = utc_text(now + dt.timedelta(seconds=backoff_delay(attempts)))
        return failed
