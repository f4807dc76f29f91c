"""Branch-store tables of the clearing clerk (同城柜员) and of the vault and seal registers added with
issue 11: specimen seal cards (印鉴卡), clearing batches and their items (提出/提入), bank-enterprise
statements (银企对账单), vault runs (接送库) and seal use on outside documents (对外用印)."""
from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from teller.store.models import BranchBase


class SealCard(BranchBase):
    """One specimen seal card of a company account: the image with its SHA-256, valid from a day
    to a day (open-ended while `valid_to` is None). A card is never changed but to end it."""

    __tablename__ = "seal_card"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account: Mapped[str] = mapped_column(String(32), index=True)
    company_name: Mapped[str] = mapped_column(String(120))
    image: Mapped[bytes] = mapped_column(LargeBinary)
    image_sha256: Mapped[str] = mapped_column(String(64))
    image_type: Mapped[str] = mapped_column(String(24))
    valid_from: Mapped[str] = mapped_column(String(10))
    valid_to: Mapped[str | None] = mapped_column(String(10))
    registered_by: Mapped[str] = mapped_column(String(32))
    registered_at: Mapped[str] = mapped_column(String(40))
    workstation_id: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    ended_by: Mapped[str | None] = mapped_column(String(32))
    ended_at: Mapped[str | None] = mapped_column(String(40))


class ClearingBatch(BranchBase):
    """A batch of one clearing session: outgoing (提出: open -> exported -> sent) or incoming (提入:
    imported from a file, recognised again by the file's SHA-256)."""

    __tablename__ = "clearing_batch"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    direction: Mapped[str] = mapped_column(String(8))  # outgoing | incoming
    batch_ref: Mapped[str] = mapped_column(String(40))
    business_date: Mapped[str] = mapped_column(String(10), index=True)
    clerk_id: Mapped[str] = mapped_column(String(32))
    workstation_id: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(12))  # open | exported | sent | imported
    file_sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    counterpart_bank: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[str] = mapped_column(String(40))
    exported_at: Mapped[str | None] = mapped_column(String(40))
    sent_at: Mapped[str | None] = mapped_column(String(40))


class ClearingItem(BranchBase):
    """One cheque of a batch. Incoming items carry the seal image and the clerk's seal decision,
    then the posting's key and outcome, or the return (退票) with its reason code."""

    __tablename__ = "clearing_item"
    __table_args__ = (UniqueConstraint("batch_id", "line_no"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("clearing_batch.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    cheque_no: Mapped[str] = mapped_column(String(8))
    bank_code: Mapped[str] = mapped_column(String(12))
    account: Mapped[str] = mapped_column(String(32), index=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    payee_account: Mapped[str] = mapped_column(String(32), default="")
    seal_image: Mapped[bytes | None] = mapped_column(LargeBinary)
    seal_sha256: Mapped[str | None] = mapped_column(String(64))
    # captured (outgoing) | waiting (incoming, seal not checked) | posting | posted | returned
    state: Mapped[str] = mapped_column(String(12))
    seal_card_id: Mapped[int | None] = mapped_column(Integer)
    decision: Mapped[str | None] = mapped_column(String(8))  # pass | refuse (the seal check)
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[str | None] = mapped_column(String(40))
    return_reason: Mapped[str | None] = mapped_column(String(24))
    return_note: Mapped[str] = mapped_column(Text, default="")
    posting_key: Mapped[str | None] = mapped_column(String(40))
    core_status: Mapped[str | None] = mapped_column(String(20))


class EnterpriseStatement(BranchBase):
    """The monthly bank-enterprise statement (银企对账单) of one company account and the company's
    reply: agreed (相符) or disputed (不符, with its note); unanswered while `reply` is None."""

    __tablename__ = "enterprise_statement"
    __table_args__ = (UniqueConstraint("account", "period"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(7), index=True)  # YYYY-MM
    company_name: Mapped[str] = mapped_column(String(120))
    opening_fen: Mapped[int] = mapped_column(BigInteger)
    debit_fen: Mapped[int] = mapped_column(BigInteger)
    credit_fen: Mapped[int] = mapped_column(BigInteger)
    closing_fen: Mapped[int] = mapped_column(BigInteger)
    entry_count: Mapped[int] = mapped_column(Integer)
    generated_by: Mapped[str] = mapped_column(String(32))
    generated_at: Mapped[str] = mapped_column(String(40))
    reply: Mapped[str | None] = mapped_column(String(10))  # agreed | disputed
    reply_note: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[str | None] = mapped_column(String(40))
    recorded_by: Mapped[str | None] = mapped_column(String(32))


class VaultRun(BranchBase):
    """A vault run (接送库): the cash box with its RFID asset tag, the items and amounts, the named
    counterpart and the time window; handed over once, under both parties' badges and PINs."""

    __tablename__ = "vault_run"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    direction: Mapped[str] = mapped_column(String(10))  # to_vault (送库) | from_vault (接库)
    box_tag: Mapped[str] = mapped_column(String(32), index=True)
    counterpart_id: Mapped[str] = mapped_column(ForeignKey("staff.staff_id"))
    window_from: Mapped[str] = mapped_column(String(40))
    window_to: Mapped[str] = mapped_column(String(40))
    items: Mapped[str] = mapped_column(Text)  # JSON list of {"item": ..., "amount_fen": ...}
    total_fen: Mapped[int] = mapped_column(BigInteger)
    planned_by: Mapped[str] = mapped_column(String(32))
    planned_at: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(12))  # planned | handed_over
    branch_party_id: Mapped[str | None] = mapped_column(String(32))
    handed_at: Mapped[str | None] = mapped_column(String(40))
    workstation_id: Mapped[str] = mapped_column(String(16))


class SealUse(BranchBase):
    """A seal used on an outside document (对外用印), with the non-cash head's approval; the line in
    the seal register (custody_register, event `used_outside`) points at the same item."""

    __tablename__ = "seal_use"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("custody_item.id"), index=True)
    document: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text)
    copies: Mapped[int] = mapped_column(Integer)
    used_by: Mapped[str] = mapped_column(String(32))
    approved_by: Mapped[str] = mapped_column(String(32))
    at: Mapped[str] = mapped_column(String(40))
    workstation_id: Mapped[str] = mapped_column(String(16))
