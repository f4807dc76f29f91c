"""The background resolver: after a restart or when the core is back, settles every open item
that is due, oldest first, keeping per-account order, with backoff and the exception queue."""
from __future__ import annotations

from teller.domain.errors import CoreUnavailable, TellerError
from teller.ports import CorePosting
from teller.store.models import OutboxItem
from teller.sync.core_answers import CoreAnswers
from teller.sync.core_client import CoreProtocolError, KeyReused
from teller.sync.outbox_ledger import OutboxLedger
from teller.sync.outbox_state import SETTLE_BATCH, CoreLink, utc_text


class OutboxResolver:
    def __init__(self, link: CoreLink, ledger: OutboxLedger, answers: CoreAnswers, clock):
        self.link, self.ledger, self.answers, self.clock = link, ledger, answers, clock

    def resolve_pending(self, *, ignore_backoff: bool = False) -> dict[str, int]:
        """Settles every open item that is due, oldest first, keeping per-account order.

        Stops at the first sign the core is down (that item backs off); an item failing
        otherwise backs off too and, after POISON_ATTEMPTS, goes to the exception queue;
        either way the other accounts' items go on. `waiting`: open items left."""
        done = {"settled": 0, "failed": 0, "waiting": 0}
        link = self.link
        with link.lock:
            items = self.ledger.open_items()
            link.backlog = len(items)
            now = utc_text(self.clock.now())
            blocked: set[str] = set()  # accounts with an earlier open item still waiting
            answers: list[tuple[OutboxItem, CorePosting]] = []
            failures: list[tuple[OutboxItem, str, bool]] = []
            try:
                for index, item in enumerate(items):
                    link.backlog = len(items) - index  # what is left of this round, for the status bar
                    if item.account in blocked or (not ignore_backoff and item.next_attempt_at is not None
                                                   and item.next_attempt_at > now):
                        blocked.add(item.account)
                        done["waiting"] += 1
                        continue
                    try:
                        answer = self.answers.answer_for(item)
                    except CoreUnavailable as exc:
                        if isinstance(exc, CoreProtocolError):
                            failures.append((item, exc.message, True))
                            blocked.add(item.account)
                            continue
                        failures.append((item, str(exc), False))
                        done["waiting"] += len(items) - index
                        link.core_online = False
                        break
                    except KeyReused as exc:  # in the exception queue already: holds back nothing
                        failures.append((item, exc.message, True))
                        continue
                    except TellerError as exc:  # a poison item never blocks the other accounts
                        failures.append((item, exc.message, True))
                        blocked.add(item.account)
                        continue
                    link.core_online = True  # it answered: the status bar shows the catching up
                    answers.append((item, answer))
                    if len(answers) >= SETTLE_BATCH:
                        done["settled"] += len(self.ledger.settle(answers))
                        answers = []
            finally:
                if answers:
                    done["settled"] += len(self.ledger.settle(answers))
                failed = self.ledger.record_failures(failures)
            done["failed"] = len(failed)
            done["waiting"] += sum(1 for item, _e, poison in failures if poison and item.id not in failed)
            link.backlog = done["waiting"]
        return done
