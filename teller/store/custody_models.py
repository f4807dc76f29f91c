"""Branch-store tables of the two incompatible-duty registers: custody of seals, pledge codes and
blank voucher stock (印、押、证分管) with its append-only register, and the review (复核) of postings."""
from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from teller.store.models import BranchBase


class CustodyItem(BranchBase):
    """A seal (印章), a pledge-code device or book (密押) or a blank voucher stock box (重要空白凭证),
    with its current keeper and where it is now."""

    __tablename__ = "custody_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # seal | pledge_code | blank_voucher
    name: Mapped[str] = mapped_column(String(80), unique=True)
    keeper_id: Mapped[str] = mapped_column(ForeignKey("staff.staff_id"), index=True)
    state: Mapped[str] = mapped_column(String(12))  # vault (locked in the vault box) | with_keeper
    updated_at: Mapped[str] = mapped_column(String(40))


class CustodyEvent(BranchBase):
    """One line of 重要业务印章使用保管登记簿 / 重要物品交接登记簿; append-only (database triggers).

    `keeper_id` is who kept the item when it happened (the giver of a handover), `receiver_id`
    who keeps it afterwards (handover, registration); `witness_id` the signed-in supervisor
    when that is a third person (监交)."""

    __tablename__ = "custody_register"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(40))
    item_id: Mapped[int] = mapped_column(ForeignKey("custody_item.id"), index=True)
    event: Mapped[str] = mapped_column(String(16))  # registered | handed_over | taken_out | locked_in
    keeper_id: Mapped[str | None] = mapped_column(String(32))
    receiver_id: Mapped[str | None] = mapped_column(String(32))
    witness_id: Mapped[str | None] = mapped_column(String(32))
    workstation_id: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")


class PostingReview(BranchBase):
    """The review (复核) of one posting of the branch copy of the journals: decided once, by
    someone other than its teller. The primary key is the entry's, so two reviewers racing on
    one entry cannot both record a decision."""

    __tablename__ = "posting_review"
    workstation_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    business_date: Mapped[str] = mapped_column(String(10), index=True)
    maker_id: Mapped[str] = mapped_column(String(32))
    reviewer_id: Mapped[str] = mapped_column(String(32), index=True)
    outcome: Mapped[str] = mapped_column(String(10))  # passed (复核通过) | returned (退回)
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[str] = mapped_column(String(40))
    reviewer_workstation: Mapped[str] = mapped_column(String(16))
