"""Statements as the reconciliation reads them, whatever the file: camt.053 or CSV.

A file is refused whole (`StatementRefused`, with the reason and where) when it is malformed,
truncated or inconsistent: opening + booked entries != closing, several currencies in one
statement, a statement twice, an account that is not the branch's."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from teller.domain.errors import InvalidAmount, TellerError
from teller.domain.money import MAX_AMOUNT, to_fen

MAX_FILE_BYTES = 64 << 20  # a branch's day is far smaller; larger files are refused unread


class StatementRefused(TellerError):
    """The whole file is refused; `position` says where (statement/entry, line or row)."""

    code = "statement_refused"

    def __init__(self, reason: str, position: str = ""):
        super().__init__(f"{reason} (at {position})" if position else reason)
        self.reason, self.position = reason, position


@dataclass(frozen=True)
class ParsedEntry:
    position: str
    account: str
    booking_date: str
    amount_fen: int
    direction: str  # credit | debit
    reversal: bool
    end_to_end_id: str | None
    servicer_ref: str | None
    batch_keys: tuple[str, ...] = ()

    @property
    def signed_fen(self) -> int:
        return self.amount_fen if self.direction == "credit" else -self.amount_fen


@dataclass
class ParsedStatement:
    position: str
    statement_ref: str
    account: str
    currency: str
    statement_date: str
    opening_fen: int
    closing_fen: int
    entries: list[ParsedEntry] = field(default_factory=list)


@dataclass
class ParsedFile:
    format: str
    message_id: str
    statements: list[ParsedStatement]


def amount_fen(text: str | None, position: str, *, signed: bool = False) -> int:
    """A statement amount ("1250.5", "2700", "-3.00" when signed) as integer fen."""
    try:
        value = Decimal((text or "").strip())
    except InvalidOperation:
        raise StatementRefused(f"{text!r} is not an amount", position) from None
    if not value.is_finite() or (value < 0 and not signed) or abs(value) > MAX_AMOUNT:
        raise StatementRefused(f"{text!r} is not an amount this statement may carry", position)
    try:
        return to_fen(value)
    except InvalidAmount:
        raise StatementRefused(f"{text!r} has more than two decimal places", position) from None


def check_statement(stmt: ParsedStatement, allowed_accounts: set[str] | None) -> None:
    if allowed_accounts is not None and stmt.account not in allowed_accounts:
        raise StatementRefused(f"account {stmt.account} is not one of this branch's accounts", stmt.position)
    booked = sum(e.signed_fen for e in stmt.entries)
    if stmt.opening_fen + booked != stmt.closing_fen:
        raise StatementRefused(
            f"opening {_yuan(stmt.opening_fen)} + entries {_yuan(booked)} != closing {_yuan(stmt.closing_fen)}",
            stmt.position)


def check_file(parsed: ParsedFile, allowed_accounts: set[str] | None = None) -> None:
    seen: dict[tuple[str, str], str] = {}
    for stmt in parsed.statements:
        check_statement(stmt, allowed_accounts)
        key = (stmt.account, stmt.statement_ref)
        if key in seen:
            raise StatementRefused(f"statement {stmt.statement_ref} of {stmt.account} appears twice "
                                   f"(first at {seen[key]})", stmt.position)
        seen[key] = stmt.position


def _yuan(fen: int) -> str:
    return f"{'-' if fen < 0 else ''}{abs(fen) // 100}.{abs(fen) % 100:02d}"
