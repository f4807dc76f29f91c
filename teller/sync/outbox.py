"""The outbox to the core: send a recorded posting, settle its outcome, resolve what is left.

In pieces: outbox_send (the foreground send the teller waits for), outbox_resolver (the
background round), core_answers (the conversation with the core about one item), outbox_ledger
(journal + outbox + till bookkeeping of every outcome), outbox_exceptions (the exception queue);
OutboxDispatcher puts them together for the services.

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

from teller.store.models import OutboxItem
from teller.sync.core_answers import CoreAnswers
from teller.sync.outbox_exceptions import OutboxExceptions
from teller.sync.outbox_ledger import OutboxLedger
from teller.sync.outbox_resolver import OutboxResolver
from teller.sync.outbox_send import PostingSender
from teller.sync.outbox_state import (BACKOFF_BASE_S, BACKOFF_CAP_S, OPEN_STATES, POISON_ATTEMPTS,  # noqa: F401
                                      RESOLVED_STATES, SETTLE_BATCH, CoreLink, OutboxException, PostingOutcome,
                                      backoff_delay)


class OutboxDispatcher:
    """The outbox for its callers: `send` (the teller waits), `resolve_pending` (the background),
    `exceptions` / `close_exception` (the supervisor's queue); one lock and link state shared."""

    def __init__(self, ctx):
        self.link = CoreLink()
        self.ledger = OutboxLedger(ctx, self.link)
        self.answers = CoreAnswers(ctx, self.ledger)
        self.sender = PostingSender(self.link, self.ledger, self.answers)
        self.resolver = OutboxResolver(self.link, self.ledger, self.answers, ctx.clock)
        self.failed = OutboxExceptions(ctx)

    @property
    def core_online(self) -> bool:
        return self.link.core_online

    @core_online.setter
    def core_online(self, value: bool) -> None:
        self.link.core_online = value

    @property
    def backlog(self) -> int:
        return self.link.backlog

    def send(self, key: str) -> PostingOutcome:
        return self.sender.send(key)

    def resolve_pending(self, *, ignore_backoff: bool = False) -> dict[str, int]:
        return self.resolver.resolve_pending(ignore_backoff=ignore_backoff)

    def open_items(self) -> list[OutboxItem]:
        return self.ledger.open_items()

    def exceptions(self) -> list[OutboxException]:
        return self.failed.list()

    def close_exception(self, unit, key: str, state: str) -> bool:
        return self.failed.close(unit, key, state)
