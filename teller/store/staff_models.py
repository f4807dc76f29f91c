"""Branch-store tables of the staff-change register (人员及权限变更登记): every enrolment, role
change, badge enrolment and badge status change, with who authorised it; append-only."""
from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from teller.store.models import BranchBase


class StaffChange(BranchBase):
    """One line of the register. `authorised_by` presented badge + PIN (the branch manager, or
    whom the rules name); `second_by` the second supervisor that supervisor roles need;
    "bootstrap" marks the first enrolment of an empty branch."""

    __tablename__ = "staff_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(40))
    # enrolled | roles_changed | badge_enrolled | badge_unlocked | badge_blacklisted | badge_reinstated
    change: Mapped[str] = mapped_column(String(20))
    staff_id: Mapped[str] = mapped_column(String(32), index=True)
    badge_uid: Mapped[str | None] = mapped_column(String(20))
    old_value: Mapped[str | None] = mapped_column(String(200))
    new_value: Mapped[str | None] = mapped_column(String(200))
    authorised_by: Mapped[str] = mapped_column(String(32))
    second_by: Mapped[str | None] = mapped_column(String(32))
    workstation_id: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")


class CustomerCashTally(BranchBase):
    """A customer's cash in one direction today as one workstation counts it (its settled postings
    and those awaiting the core), published at once after each cash posting, so the large-cash
    rule (大额现金) sees the customer's cash at every counter before the journals are replicated."""

    __tablename__ = "customer_cash_tally"
    business_date: Mapped[str] = mapped_column(String(10), primary_key=True)
    account: Mapped[str] = mapped_column(String(40), primary_key=True)
    direction: Mapped[str] = mapped_column(String(8), primary_key=True)
    workstation_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    total_fen: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[str] = mapped_column(String(40))
