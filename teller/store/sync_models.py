"""Branch-store tables of journal replication (teller.sync.branch_sync): each workstation's
high-water mark and the sync report of gaps and broken chains found on arrival."""
from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from teller.store.models import BranchBase


class JournalSyncState(BranchBase):
    """How far a workstation's journal has arrived at the branch: the last entry taken.

    Written in the same branch transaction as the entries it covers, so it never runs
    ahead of (or behind) the branch copy in `journal`.
    """

    __tablename__ = "journal_sync_state"
    workstation_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    last_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[str] = mapped_column(String(40))


class SyncReport(BranchBase):
    """A batch the branch refused: a gap, a broken chain or a diverged journal, with where it was found.

    One row per distinct problem; seeing it again on a later push bumps `times_seen`.
    """

    __tablename__ = "sync_report"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workstation_id: Mapped[str] = mapped_column(String(16), index=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(20))  # gap | broken_chain | diverged
    problem: Mapped[str] = mapped_column(Text)
    found_at: Mapped[str] = mapped_column(String(40))
    last_seen_at: Mapped[str] = mapped_column(String(40))
    times_seen: Mapped[int] = mapped_column(Integer, default=1)
