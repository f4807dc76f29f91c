"""The outbox's exception queue: items it gave up on, and taking one out once a supervisor
resolved it (teller.services.exceptions has the workflow)."""
from __future__ import annotations

from teller.sync.outbox_state import RESOLVED_STATES, OutboxException


class OutboxExceptions:
    def __init__(self, ctx):
        self.ctx = ctx

    def list(self) -> list[OutboxException]:
        """Postings the outbox gave up on, oldest first: refused after the fact, or poison."""
        with self.ctx.workstation.reading() as unit:
            return [OutboxException(r.idempotency_key, r.journal_seq, r.account, r.direction, r.amount_fen,
                                    r.tx_code, r.teller_id, r.attempts, r.failed_reason or r.last_error,
                                    r.updated_at) for r in unit.outbox.in_states(("failed",))]

    def close(self, unit, key: str, state: str) -> bool:
        """Takes an item out of the exception queue once a supervisor resolved it (state one of
        RESOLVED_STATES), in the caller's workstation unit. False when it is not in the queue
        (already resolved, or never there): the caller refuses, so an item is resolved once."""
        if state not in RESOLVED_STATES:
            raise ValueError(f"not a resolution: {state!r}")
        return unit.outbox.move_state(key, "failed", state, self.ctx.now_text())
