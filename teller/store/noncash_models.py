"""Tables of the non-cash counter: the review-before-posting queue (复核) and the voucher and
seal-card images in the branch store; the pairing of a transfer's two legs in the workstation store."""
from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from teller.store.models import BranchBase, WorkstationBase


class HeldPosting(BranchBase):
    """A non-cash posting recorded at its maker's workstation and held there until a reviewer passes
    it (复核 before posting). `state`: waiting | returned (to the maker, with `reason`) | passed |
    posted (released to the core by the maker's workstation) | corrected (replaced by a new one,
    `corrected_by`) | cancelled (by the maker). Decided once: the state changes only from the one
    the deciding step expects (a conditional UPDATE)."""

    __tablename__ = "held_posting"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workstation_id: Mapped[str] = mapped_column(String(16))
    seq: Mapped[int] = mapped_column(BigInteger)  # the maker's posting entry (the payer's leg of a transfer)
    payee_seq: Mapped[int | None] = mapped_column(BigInteger)  # the payee's leg of a transfer
    business_date: Mapped[str] = mapped_column(String(10), index=True)
    maker_id: Mapped[str] = mapped_column(String(32), index=True)
    tx_code: Mapped[str] = mapped_column(String(8))
    account: Mapped[str] = mapped_column(String(40))
    payee_account: Mapped[str | None] = mapped_column(String(40))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    memo: Mapped[str] = mapped_column(Text, default="")
    voucher_serial: Mapped[str | None] = mapped_column(String(40))
    voucher_image: Mapped[str | None] = mapped_column(String(64))  # SHA-256 of the image (voucher_image table)
    seal_card_image: Mapped[str | None] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(10), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    reviewer_id: Mapped[str | None] = mapped_column(String(32))
    corrects: Mapped[int | None] = mapped_column(ForeignKey("held_posting.id"))
    created_at: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[str] = mapped_column(String(40))


class StoredImage(BranchBase):
    """A scanned voucher or specimen seal card (印鉴卡), kept under its SHA-256: the journal entry
    names the hash, so an image swapped afterwards no longer matches."""

    __tablename__ = "voucher_image"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(40))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    stored_at: Mapped[str] = mapped_column(String(40))


class TransferLegs(WorkstationBase):
    """The two outbox keys of one transfer: the payee's leg stays held until the payer's is approved
    at the core, and is cancelled if the payer's is refused."""

    __tablename__ = "transfer_legs"
    payer_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    payee_key: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(8), index=True)  # open | done
