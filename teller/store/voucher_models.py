"""Branch-store tables of the important blank vouchers (重要空白凭证): one row per serial with its
one state, and the append-only register (重要空白凭证登记簿) of every step."""
from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from teller.store.models import BranchBase


class VoucherSerial(BranchBase):
    """One serial of one type: where it is now (teller.domain.vouchers.STATES). `holder_id` is the
    teller it was issued to, kept after it is used, sold or voided (the per-teller balance)."""

    __tablename__ = "voucher_serial"
    __table_args__ = (Index("ix_voucher_serial_holder", "type_code", "holder_id", "state"),)
    type_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    serial: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    state: Mapped[str] = mapped_column(String(8))  # stock | teller | used | sold | voided
    holder_id: Mapped[str | None] = mapped_column(String(32))
    used_by: Mapped[str | None] = mapped_column(String(40))  # the journal entry (WS01-17)
    sold_to: Mapped[str | None] = mapped_column(String(40))  # the buyer's account
    updated_at: Mapped[str] = mapped_column(String(40))


class VoucherEvent(BranchBase):
    """One line of 重要空白凭证登记簿: a range received, issued, returned, used, sold or voided.
    Append-only (database triggers)."""

    __tablename__ = "voucher_register"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(40), index=True)
    type_code: Mapped[str] = mapped_column(String(16))
    first_serial: Mapped[int] = mapped_column(BigInteger)
    last_serial: Mapped[int] = mapped_column(BigInteger)
    event: Mapped[str] = mapped_column(String(12))  # received | issued | returned | used | sold | voided
    teller_id: Mapped[str | None] = mapped_column(String(32))  # whose serials they are (issued to, from)
    actor_id: Mapped[str] = mapped_column(String(32))  # who did it
    authoriser_id: Mapped[str | None] = mapped_column(String(32))
    reference: Mapped[str | None] = mapped_column(String(40))  # journal entry or account
    workstation_id: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
