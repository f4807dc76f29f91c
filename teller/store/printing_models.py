"""Workstation-store tables of the print queue and of passbook updating (补登存折).

A job is `queued` until the printer accepts it (`done`); `printing` while it is being
sent, and still `printing` after a crash or a link lost mid-job: then nobody knows
whether the paper has it, and the teller decides (teller.services.print_queue).
A passbook's `next_line` moves, and its entries become `printed`, only in the
transaction that marks their job done, so a restart resumes at the right line.
"""
from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from teller.store.models import WorkstationBase


class Passbook(WorkstationBase):
    __tablename__ = "passbook"
    passbook_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account: Mapped[str] = mapped_column(String(40), index=True)
    next_line: Mapped[int] = mapped_column(Integer)  # first free line of the open page, 1-based
    page: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[str] = mapped_column(String(40))


class PassbookEntry(WorkstationBase):
    """A movement to print in the passbook; printed strictly in `seq` order."""

    __tablename__ = "passbook_entry"
    passbook_id: Mapped[str] = mapped_column(ForeignKey("passbook.passbook_id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    date: Mapped[str] = mapped_column(String(10))  # ISO business date
    code: Mapped[str] = mapped_column(String(16))  # summary printed in the passbook, e.g. 存现
    amount_out_fen: Mapped[int | None] = mapped_column(BigInteger)
    amount_in_fen: Mapped[int | None] = mapped_column(BigInteger)
    balance_fen: Mapped[int] = mapped_column(BigInteger)
    teller_id: Mapped[str] = mapped_column(String(32))
    printed: Mapped[bool] = mapped_column(Boolean, default=False)


class PrintJob(WorkstationBase):
    __tablename__ = "print_job"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    layout: Mapped[str] = mapped_column(String(40))
    fields: Mapped[dict] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(10), index=True)  # queued | printing | done | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    passbook_id: Mapped[str | None] = mapped_column(ForeignKey("passbook.passbook_id"), index=True)
    first_line: Mapped[int | None] = mapped_column(Integer)
    line_count: Mapped[int | None] = mapped_column(Integer)
