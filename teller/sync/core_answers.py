"""Asking the core about an outbox item: post it, ask for its key before anything is resent,
reverse it by its key; an answer counts only when the posting behind the key is this item."""
from __future__ import annotations

from teller.domain.errors import CoreUnavailable
from teller.ports import CoreGateway, CorePosting
from teller.store.models import OutboxItem
from teller.sync.core_client import IdempotencyConflict
from teller.sync.outbox_ledger import OutboxLedger


class CoreAnswers:
    """`ctx` gives the gateway (`ctx.core`, a CoreGateway: read on every call, so a restart of the
    link can replace it) and this workstation's id."""

    def __init__(self, ctx, ledger: OutboxLedger):
        self.ctx, self.ledger = ctx, ledger
        self.workstation_id = ctx.workstation_id

    @property
    def core(self) -> CoreGateway:
        return self.ctx.core

    def post(self, item: OutboxItem) -> CorePosting:
        return self.core.post(key=item.idempotency_key, **self.as_sent(item))

    def as_sent(self, item: OutboxItem) -> dict:
        """The posting as this workstation sends it to the core (what the core keys it by)."""
        return {"account": item.account, "direction": item.direction, "amount_fen": item.amount_fen,
                "tx_code": item.tx_code, "workstation": self.workstation_id, "teller": item.teller_id}

    def first_post(self, item: OutboxItem) -> CorePosting:
        """The first post; without an answer the key is asked for before anything is resent. A key
        the core holds for another posting (HTTP 409, or another posting behind the answer) sets
        the item aside (`KeyReused`); the core staying unreachable raises the first error."""
        try:
            return self.unless_key_reused(item, lambda: self.post(item))
        except CoreUnavailable as first_error:
            try:
                return self.ask_then_post(item)
            except CoreUnavailable:
                raise first_error from None

    def ask_then_post(self, item: OutboxItem) -> CorePosting:
        """The core's answer for the item's key, once the posting behind the key is known to be
        this item; the item is sent only when the core does not know the key at all."""
        answer = self.core.get_posting(item.idempotency_key)
        if answer is None:
            return self.unless_key_reused(item, lambda: self.post(item))
        differences = answer.differences(**self.as_sent(item))
        if differences:
            raise self.ledger.set_aside(item, f"the core holds another posting under idempotency key "
                                              f"{item.idempotency_key} ({'; '.join(differences)})")
        return answer

    def unless_key_reused(self, item: OutboxItem, call):
        try:
            return call()
        except IdempotencyConflict as exc:
            raise self.ledger.set_aside(item, f"the core holds another posting under idempotency key "
                                              f"{item.idempotency_key} ({exc.message})") from None

    def answer_for(self, item: OutboxItem) -> CorePosting:
        """The core's answer for an open item: asked for by its key before anything is resent."""
        # A withdrawal still open after a restart was never paid out: reverse it.
        # The reversal names the posting it undoes: another posting under the key is never reversed.
        if item.state == "needs_reversal" or (item.state in ("pending", "unknown") and item.direction == "debit"):
            answer = self.unless_key_reused(item, lambda: self.core.reverse(item.idempotency_key, self.as_sent(item)))
            return answer or CorePosting(item.idempotency_key, "reversed", "not_at_core", None, None)
        return self.ask_then_post(item)
