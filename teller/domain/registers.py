"""Lines of the branch's registers (登记簿) as plain data: produced by teller.services,
printed by printing/."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AuthorisationLogLine:
    """One decision in the authorisation log (授权登记簿)."""

    time: str  # HH:MM:SS local
    request_id: int
    mode: str  # local | remote
    maker: str
    authoriser: str
    action: str
    account_masked: str
    amount_fen: int | None
    state: str  # used | approved | rejected | expired | cancelled
    reason: str
