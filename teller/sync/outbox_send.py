"""The foreground send: the teller waits for the core's answer to a recorded posting."""
from __future__ import annotations

from teller.domain.errors import CoreUnavailable, TellerError
from teller.store.models import OutboxItem
from teller.sync.core_answers import CoreAnswers
from teller.sync.core_client import CoreProtocolError, KeyReused
from teller.sync.outbox_ledger import OutboxLedger
from teller.sync.outbox_state import CoreLink, PostingOutcome


class _Blocked(Exception):
    """An earlier open item of the same account could not be finished (foreground send)."""


class PostingSender:
    def __init__(self, link: CoreLink, ledger: OutboxLedger, answers: CoreAnswers):
        self.link, self.ledger, self.answers = link, ledger, answers

    def send(self, key: str) -> PostingOutcome:
        with self.link.lock:
            item = self.ledger.item(key)
            try:
                self._finish_earlier(item)
            except (CoreUnavailable, _Blocked) as exc:  # never overtake an earlier posting
                return self.ledger.go_offline(item, str(exc))
            try:
                answer = self.answers.first_post(item)
            except CoreUnavailable as first_error:
                return self.ledger.go_offline(item, str(first_error))
            except KeyReused as exc:  # set aside already; the teller is told what to do with the cash
                raise KeyReused(f"Not posted: {exc.message}. Pay out or take in no cash for it.") from None
            return self.ledger.settle([(item, answer)])[0]

    def _finish_earlier(self, item: OutboxItem) -> None:
        """Per-account order: earlier open items of the account are finished first (backoff or not)."""
        for prior in self.ledger.earlier_open(item):
            try:
                answer = self.answers.answer_for(prior)
            except CoreUnavailable as exc:
                if not isinstance(exc, CoreProtocolError):
                    raise  # the core is down: the resolver's backoff schedule is left as it is
                self._failed_or_blocked(prior, exc.message)
                continue
            except TellerError as exc:
                self._failed_or_blocked(prior, exc.message)
                continue
            self.ledger.settle([(prior, answer)])

    def _failed_or_blocked(self, prior: OutboxItem, message: str) -> None:
        if not self.ledger.record_failures([(prior, message, True)]):
            raise _Blocked(f"an earlier posting of this account ({prior.idempotency_key}) "
                           f"is waiting: {message}") from None
