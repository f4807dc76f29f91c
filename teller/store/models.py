"""Tables of the two stores (design.md, "Where data lives").

The workstation store (SQLite per workstation) holds the teller journal, the
outbox to the core and the till. The branch store (PostgreSQL, or SQLite for one
workstation) holds staff, badges, sign-ins, the vault and handovers, and the
replicated journals of all workstations. Both journals share one shape.
"""
from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class WorkstationBase(DeclarativeBase):
    pass


class BranchBase(DeclarativeBase):
    pass


class JournalColumns:
    """An append-only journal row; hash and mac as in teller.domain.journal_entry."""

    workstation_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    business_date: Mapped[str] = mapped_column(String(10))
    recorded_at: Mapped[str] = mapped_column(String(40))
    teller_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(40))
    tx_code: Mapped[str | None] = mapped_column(String(8))
    account: Mapped[str | None] = mapped_column(String(40))
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    refers_to: Mapped[int | None] = mapped_column(BigInteger)
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))


class WorkstationJournal(JournalColumns, WorkstationBase):
    __tablename__ = "journal"
    __table_args__ = (
        Index("ix_journal_date_code", "business_date", "tx_code"),
        Index("ix_journal_account", "account"),
        Index("ix_journal_teller", "teller_id"),
        # the entries that point at an entry (the core's answer, a reversal): the daily totals'
        # EXISTS per posting, the journal view's "reversed". Partial: a posting (refers_to NULL)
        # adds no index entry, so the posting hot path pays nothing for it.
        Index("ix_journal_refers_to", "workstation_id", "refers_to", sqlite_where=text("refers_to IS NOT NULL"),
              postgresql_where=text("refers_to IS NOT NULL")),
        # a posting is reversed at most once: the second reversal's insert fails (issue 14, item 1)
        Index("ux_journal_one_reversal", "workstation_id", "refers_to", unique=True,
              sqlite_where=text("kind = 'posting' AND refers_to IS NOT NULL"),
              postgresql_where=text("kind = 'posting' AND refers_to IS NOT NULL")),
    )


class OutboxItem(WorkstationBase):
    """One posting for the core; the idempotency key is workstation-sequence."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    journal_seq: Mapped[int] = mapped_column(BigInteger, index=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    account: Mapped[str] = mapped_column(String(40))
    direction: Mapped[str] = mapped_column(String(8))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    tx_code: Mapped[str] = mapped_column(String(8))
    teller_id: Mapped[str] = mapped_column(String(32))
    # pending: not known at the core yet; unknown: sent, no answer; approved; rejected;
    # offline_accepted: cash taken, to be sent; needs_reversal: refused locally after an
    # unanswered send, the core must reverse it; reversed: done; failed: an exception
    # (the exception queue: refused by the core after the fact, or a poison item).
    state: Mapped[str] = mapped_column(String(20), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String(40))
    # the resolver leaves an open item alone until then (UTC ISO text; NULL: due now)
    next_attempt_at: Mapped[str | None] = mapped_column(String(40))
    failed_reason: Mapped[str | None] = mapped_column(Text)  # why it is in the exception queue


class Till(WorkstationBase):
    __tablename__ = "till"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    teller_id: Mapped[str] = mapped_column(String(32), index=True)
    business_date: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(10))  # open | closed
    opened_seq: Mapped[int] = mapped_column(BigInteger)
    closed_seq: Mapped[int | None] = mapped_column(BigInteger)


class TillMovement(WorkstationBase):
    """Cash in (+) or out (-) of a till per denomination.

    A movement counts in the till only when `effective`; a posting's movements are
    written `pending` with the posting and made effective by its approval, so the
    till moves only with an approved (or offline-accepted) posting.
    """

    __tablename__ = "till_movement"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    till_id: Mapped[int] = mapped_column(ForeignKey("till.id"), index=True)
    journal_seq: Mapped[int] = mapped_column(BigInteger, index=True)
    denomination: Mapped[str] = mapped_column(String(8))
    count_delta: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10))  # pending | effective | void


# ---------------------------------------------------------------- branch store

class StaffColumns:
    staff_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    roles: Mapped[str] = mapped_column(String(200))
    pin_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Staff(StaffColumns, BranchBase):
    __tablename__ = "staff"


class Badge(BranchBase):
    __tablename__ = "badge"
    uid: Mapped[str] = mapped_column(String(20), primary_key=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.staff_id"), index=True)
    status: Mapped[str] = mapped_column(String(12))  # active | locked | blacklisted
    failed_pins: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[str] = mapped_column(String(40))


# -- the workstation's copy of the branch's reference data, for when the branch store is down

class CachedStaff(StaffColumns, WorkstationBase):
    __tablename__ = "ref_staff"


class CachedBadge(WorkstationBase):
    __tablename__ = "ref_badge"
    uid: Mapped[str] = mapped_column(String(20), primary_key=True)
    staff_id: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(12))
    failed_pins: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[str] = mapped_column(String(40))


class ReferenceState(WorkstationBase):
    """Which version of the branch's reference data the cache holds, and since when."""

    __tablename__ = "ref_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(64))
    synced_at: Mapped[str] = mapped_column(String(40))


class SignIn(BranchBase):
    """Who is signed in where: one teller at one workstation at a time."""

    __tablename__ = "sign_in"
    staff_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workstation_id: Mapped[str] = mapped_column(String(16), unique=True)
    signed_in_at: Mapped[str] = mapped_column(String(40))
    locked: Mapped[bool] = mapped_column(Boolean, default=False)


class VaultHolding(BranchBase):
    __tablename__ = "vault_holding"
    denomination: Mapped[str] = mapped_column(String(8), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger)


class Handover(BranchBase):
    """A dual-control handover of cash (重要物品交接): both parties, time, items."""

    __tablename__ = "handover"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))  # till_open | till_close | sell_back
    workstation_id: Mapped[str] = mapped_column(String(16))
    teller_id: Mapped[str] = mapped_column(String(32))
    supervisor_id: Mapped[str] = mapped_column(String(32))
    breakdown: Mapped[str] = mapped_column(Text)  # canonical JSON, denomination -> count
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    over_short_fen: Mapped[int] = mapped_column(BigInteger, default=0)


class BranchJournal(JournalColumns, BranchBase):
    """Journals of every workstation as replicated to the branch (append-only too)."""

    __tablename__ = "journal"
    __table_args__ = (Index("ix_branch_journal_date", "business_date"),
                      Index("ix_branch_journal_refers_to", "workstation_id", "refers_to",
                            sqlite_where=text("refers_to IS NOT NULL"), postgresql_where=text("refers_to IS NOT NULL")))
