"""Branch-store tables of the reconciliation with the core (对账): imported statements and their
entries, the runs, each match with its rung, and the breaks with their resolution."""
from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from teller.store.models import BranchBase


class StatementFile(BranchBase):
    """One imported file (camt.053 or CSV); its hash makes re-importing the same file a no-op."""

    __tablename__ = "statement_file"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    format: Mapped[str] = mapped_column(String(32))  # camt.053.001.08 | csv
    imported_at: Mapped[str] = mapped_column(String(40))
    imported_by: Mapped[str] = mapped_column(String(32))


class Statement(BranchBase):
    __tablename__ = "statement"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("statement_file.id"), index=True)
    statement_ref: Mapped[str] = mapped_column(String(64))  # Stmt/Id
    account: Mapped[str] = mapped_column(String(40))
    currency: Mapped[str] = mapped_column(String(3))
    statement_date: Mapped[str] = mapped_column(String(10), index=True)
    opening_fen: Mapped[int] = mapped_column(BigInteger)
    closing_fen: Mapped[int] = mapped_column(BigInteger)
    entry_count: Mapped[int] = mapped_column(Integer)

    __table_args__ = (UniqueConstraint("account", "statement_ref", name="uq_statement_account_ref"),)


class StatementEntry(BranchBase):
    """One booked entry of a statement, in the core's words: our key (EndToEndId), the core's
    reference, booking date, amount, credit/debit and the reversal indicator."""

    __tablename__ = "statement_entry"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    account: Mapped[str] = mapped_column(String(40))
    booking_date: Mapped[str] = mapped_column(String(10))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    direction: Mapped[str] = mapped_column(String(6))  # credit | debit
    reversal: Mapped[bool] = mapped_column(Boolean)
    end_to_end_id: Mapped[str | None] = mapped_column(String(64), index=True)
    servicer_ref: Mapped[str | None] = mapped_column(String(64))
    batch_keys: Mapped[str] = mapped_column(Text, default="")  # the items' EndToEndIds of a batch entry

    __table_args__ = (Index("ix_statement_entry_account_date", "account", "booking_date"),)


class ReconRun(BranchBase):
    __tablename__ = "recon_run"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    business_date: Mapped[str] = mapped_column(String(10), index=True)
    started_at: Mapped[str] = mapped_column(String(40))
    run_by: Mapped[str] = mapped_column(String(32))
    core_entries: Mapped[int] = mapped_column(Integer)
    branch_entries: Mapped[int] = mapped_column(Integer)
    matched: Mapped[int] = mapped_column(Integer)
    breaks: Mapped[int] = mapped_column(Integer)


class ReconMatch(BranchBase):
    """A match and the rung of the ladder that made it: key | account_amount_date | one_to_many."""

    __tablename__ = "recon_match"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("recon_run.id"), index=True)
    rung: Mapped[str] = mapped_column(String(24))
    core_refs: Mapped[str] = mapped_column(Text)
    branch_keys: Mapped[str] = mapped_column(Text)


class ReconBreak(BranchBase):
    """A difference between the core and the branch, with both sides' entries (JSON). Unresolved
    breaks carry forward: `first_seen` stays, later runs update `last_run_id`."""

    __tablename__ = "recon_break"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identity: Mapped[str] = mapped_column(String(200), unique=True)  # kind + keys: the same break next day
    kind: Mapped[str] = mapped_column(String(24), index=True)
    account: Mapped[str] = mapped_column(String(40))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    core_side: Mapped[str] = mapped_column(Text)
    branch_side: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[str] = mapped_column(String(10))
    first_run_id: Mapped[int] = mapped_column(ForeignKey("recon_run.id"))
    last_run_id: Mapped[int] = mapped_column(ForeignKey("recon_run.id"), index=True)
    state: Mapped[str] = mapped_column(String(10), index=True)  # open | carried | resolved | cleared
    resolution: Mapped[str | None] = mapped_column(String(16))  # correction | carry | write_off
    note: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[str | None] = mapped_column(String(32))
    authorised_by: Mapped[str | None] = mapped_column(String(32))
    resolved_at: Mapped[str | None] = mapped_column(String(40))
