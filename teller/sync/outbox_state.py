"""What the pieces of the outbox share: item states, the retry schedule, the outcome a teller
sees, and the one lock and link state of the workstation's conversation with the core."""
from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

OPEN_STATES = ("pending", "unknown", "offline_accepted", "needs_reversal")
# a failed item a supervisor resolved (teller.services.exceptions): the cash came back, or the loss was written off
RESOLVED_STATES = ("exception_reversed", "written_off")

BACKOFF_BASE_S = 1.0  # first retry delay; doubles per attempt
BACKOFF_CAP_S = 300.0  # at most 5 minutes between attempts
POISON_ATTEMPTS = 5  # attempts after which a non-availability error sends an item to the exception queue
SETTLE_BATCH = 100  # answers settled per workstation transaction by the resolver


def backoff_delay(attempts: int) -> float:
    """Seconds to wait before the next attempt after `attempts` failed ones (1, 2, 4, ... capped)."""
    return min(BACKOFF_CAP_S, BACKOFF_BASE_S * (2 ** max(0, min(attempts - 1, 30))))


def utc_text(moment: dt.datetime) -> str:
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


class CoreLink:
    """One sender at a time: the foreground send and the background resolver never work on the
    same item at once, so a `pending` item seen by the resolver is a leftover of a crash, not an
    item in flight. `core_online`: what the last contact with the core showed (the authorisation
    policy's "offline"); `backlog`: open items left in the resolver's round (the status bar)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.core_online = True
        self.backlog = 0
