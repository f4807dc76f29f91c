"""Branch-store tables of the lobby (大堂): queue tickets, VIP customers and their alerts,
complaints with their follow-up (投诉登记)."""
from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from teller.store.models import BranchBase


class QueueTicket(BranchBase):
    """A queue ticket of one business day; its number is unique per day. `form` is the pre-filled
    transaction (JSON: tx_code, account, amount) the counter that calls the ticket receives."""

    __tablename__ = "queue_ticket"
    __table_args__ = (
        Index("ux_queue_ticket_day_number", "business_date", "number", unique=True),
        Index("ix_queue_ticket_waiting", "business_date", "state", "service"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    business_date: Mapped[str] = mapped_column(String(10))
    number: Mapped[str] = mapped_column(String(8))
    service: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(10))  # waiting | called | done | no_show | cancelled
    issued_at: Mapped[str] = mapped_column(String(40))
    issued_by: Mapped[str] = mapped_column(String(32))
    customer_name: Mapped[str] = mapped_column(String(80), default="")
    account: Mapped[str | None] = mapped_column(String(40))
    vip: Mapped[bool] = mapped_column(default=False)
    form: Mapped[str | None] = mapped_column(Text)
    called_at: Mapped[str | None] = mapped_column(String(40))
    called_by: Mapped[str | None] = mapped_column(String(32))
    workstation_id: Mapped[str | None] = mapped_column(String(16))
    finished_at: Mapped[str | None] = mapped_column(String(40))


class VipCustomer(BranchBase):
    """A customer the lobby recognises: by the account of a card read, or by an RFID tag."""

    __tablename__ = "vip_customer"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    level: Mapped[str] = mapped_column(String(16))  # e.g. gold | platinum | private
    account: Mapped[str | None] = mapped_column(String(40), unique=True)
    tag_uid: Mapped[str | None] = mapped_column(String(16), unique=True)


class VipAlert(BranchBase):
    """A VIP seen in the lobby: shown to the lobby manager and to the counter that serves them."""

    __tablename__ = "vip_alert"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    business_date: Mapped[str] = mapped_column(String(10), index=True)
    at: Mapped[str] = mapped_column(String(40))
    vip_id: Mapped[int] = mapped_column(ForeignKey("vip_customer.id"))
    seen_by: Mapped[str] = mapped_column(String(16))  # card | tag
    workstation_id: Mapped[str] = mapped_column(String(16))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("queue_ticket.id"))
    acknowledged_by: Mapped[str | None] = mapped_column(String(32))


class Complaint(BranchBase):
    """A customer complaint (客户投诉): open until replied to and closed."""

    __tablename__ = "complaint"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    business_date: Mapped[str] = mapped_column(String(10), index=True)
    at: Mapped[str] = mapped_column(String(40))
    customer_name: Mapped[str] = mapped_column(String(80))
    contact: Mapped[str] = mapped_column(String(80), default="")
    ticket_number: Mapped[str | None] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(10))  # open | replied | closed


class ComplaintStep(BranchBase):
    """One follow-up of a complaint (跟进), the reply to the customer (回复) or its closing."""

    __tablename__ = "complaint_step"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    at: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(10))  # follow_up | reply | close
    staff_id: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
