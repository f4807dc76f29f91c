"""Branch-store tables of authorisation: the remote approval queue and the branch's policy overrides."""
from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from teller.store.models import BranchBase


class AuthorisationRequest(BranchBase):
    """A maker's request for a supervisor's approval (远程授权), decided exactly once."""

    __tablename__ = "auth_request"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[str] = mapped_column(String(40))
    expires_at: Mapped[str] = mapped_column(String(40))
    workstation_id: Mapped[str] = mapped_column(String(16))
    maker_id: Mapped[str] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(String(32))
    account_masked: Mapped[str | None] = mapped_column(String(40))
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    mode: Mapped[str] = mapped_column(String(8))  # local (badge + PIN at the counter) | remote
    level: Mapped[int] = mapped_column(Integer)
    allowed_roles: Mapped[str] = mapped_column(String(200))
    reasons: Mapped[str] = mapped_column(Text)  # JSON list
    details: Mapped[str] = mapped_column(Text)  # canonical JSON of what is authorised
    # pending -> approved | rejected | cancelled | expired; approved -> used
    state: Mapped[str] = mapped_column(String(12), index=True)
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[str | None] = mapped_column(String(40))
    decision_reason: Mapped[str | None] = mapped_column(Text)


class PolicyOverride(BranchBase):
    """The branch's overrides of resources/authorisation.toml; the newest row is in force."""

    __tablename__ = "policy_override"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(40))
    changed_by: Mapped[str] = mapped_column(String(32))
    rules: Mapped[str] = mapped_column(Text)  # TOML text
