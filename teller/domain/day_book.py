"""The cash day book (现金收付日记簿) and the tellers' balance sheets (柜员轧账单) of one business
day, computed from the branch's copy of the journals. Pure rules over journal entries.

A cash posting (its payload carries the notes and coins) moved cash when the core approved it
(`host_approved`) or it was taken offline (`offline_accepted`), and not when the core rejected
it or it was refused offline. Its direction decides receipts (收入, credit to the customer) or
payments (付出). The till's own movements (opened from the vault, sold back, counted at close)
come from the till entries of the same journal.
"""
from __future__ import annotations

from dataclasses import dataclass, field

MOVED = frozenset({"host_approved", "offline_accepted"})
NOT_MOVED = frozenset({"host_rejected", "offline_refused", "host_rejected_after_offline", "host_reversed"})


@dataclass(frozen=True)
class JournalRecord:
    """The fields of a journal entry that the day's reports read."""

    workstation_id: str
    seq: int
    recorded_at: str
    teller_id: str
    kind: str
    tx_code: str | None
    account: str | None
    amount_fen: int | None
    refers_to: int | None
    payload: dict


@dataclass(frozen=True)
class DayBookLine:
    recorded_at: str
    entry: str  # WS01-17
    teller_id: str
    tx_code: str
    account: str
    receipt_fen: int
    payment_fen: int
    status: str  # moved | pending (no answer yet) | not_moved
    reverses: int | None = None


@dataclass
class TellerBalance:
    """One teller's day: what the till started with, took in, paid out, gave back, and the count."""

    teller_id: str
    opened_fen: int = 0
    receipts_fen: int = 0
    payments_fen: int = 0
    sold_back_fen: int = 0
    counted_fen: int | None = None  # the blind count at close (None: the till is still open)
    over_short_fen: int = 0  # + over (长款), - short (短款), as authorised at close
    postings: int = 0
    pending: int = 0  # cash postings without the core's answer yet
    workstations: set[str] = field(default_factory=set)

    @property
    def expected_fen(self) -> int:
        return self.opened_fen + self.receipts_fen - self.payments_fen - self.sold_back_fen

    @property
    def balanced(self) -> bool:
        """账款相符: the count equals what the journal says, after the authorised over/short."""
        return self.counted_fen is not None and self.counted_fen - self.over_short_fen == self.expected_fen


def _is_cash_posting(record: JournalRecord) -> bool:
    return record.kind == "posting" and bool(record.payload.get("denominations"))


def cash_day_book(records: list[JournalRecord]) -> list[DayBookLine]:
    """Every cash posting of the day in the order recorded, with its receipt or payment."""
    answers: dict[tuple[str, int], str] = {}
    for record in records:
        if record.refers_to is not None and (record.kind in MOVED or record.kind in NOT_MOVED):
            answers[(record.workstation_id, record.refers_to)] = record.kind
    lines = []
    for record in sorted(records, key=lambda r: (r.recorded_at, r.workstation_id, r.seq)):
        if not _is_cash_posting(record):
            continue
        answer = answers.get((record.workstation_id, record.seq))
        status = "moved" if answer in MOVED else "not_moved" if answer in NOT_MOVED else "pending"
        amount = record.amount_fen or 0
        incoming = record.payload.get("direction") == "credit"
        lines.append(DayBookLine(record.recorded_at, f"{record.workstation_id}-{record.seq}", record.teller_id,
                                 record.tx_code or "", record.account or "",
                                 amount if incoming and status != "not_moved" else 0,
                                 amount if not incoming and status != "not_moved" else 0,
                                 status, record.payload.get("reverses")))
    return lines


def teller_balances(records: list[JournalRecord], day_book: list[DayBookLine]) -> list[TellerBalance]:
    """Per teller, from the till entries and the day book (pending postings count as moved: the
    cash changed hands at the counter; the core's answer is awaited)."""
    balances: dict[str, TellerBalance] = {}

    def of(teller_id: str) -> TellerBalance:
        return balances.setdefault(teller_id, TellerBalance(teller_id))

    for record in sorted(records, key=lambda r: (r.recorded_at, r.workstation_id, r.seq)):
        amount = record.amount_fen or 0
        if record.kind == "till_opened":
            of(record.teller_id).opened_fen += amount
            of(record.teller_id).workstations.add(record.workstation_id)
        elif record.kind == "till_sell_back":
            of(record.teller_id).sold_back_fen += amount
        elif record.kind == "till_closed":
            of(record.teller_id).counted_fen = amount
        elif record.kind == "over":
            of(record.teller_id).over_short_fen += amount
        elif record.kind == "short":
            of(record.teller_id).over_short_fen -= amount
    for line in day_book:
        balance = of(line.teller_id)
        if line.status == "not_moved":
            continue
        balance.postings += 1
        balance.pending += line.status == "pending"
        balance.receipts_fen += line.receipt_fen
        balance.payments_fen += line.payment_fen
    return [balances[t] for t in sorted(balances)]
