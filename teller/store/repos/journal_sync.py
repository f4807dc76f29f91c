"""The branch's bookkeeping of journal replication: each workstation's mark and the sync report."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from teller.store.sync_models import JournalSyncState, SyncReport


class JournalSyncRepository:
    def __init__(self, session: Session):
        self.session = session

    def lock_mark(self, workstation_id: str) -> JournalSyncState | None:
        """The workstation's mark, locked (serialises pushers of one workstation on PostgreSQL)."""
        return self.session.get(JournalSyncState, workstation_id, with_for_update=True)

    def set_mark(self, state: JournalSyncState | None, workstation_id: str, seq: int, hash_: str, now: str) -> None:
        if state is None:
            self.session.add(JournalSyncState(workstation_id=workstation_id, last_seq=seq, last_hash=hash_,
                                              updated_at=now))
        else:
            state.last_seq, state.last_hash, state.updated_at = seq, hash_, now
        self.session.flush()

    def record_problem(self, workstation_id: str, seq: int, kind: str, problem: str, now: str) -> None:
        """Adds a problem once: the same problem seen again is counted, not repeated."""
        existing = self.session.execute(select(SyncReport).where(
            SyncReport.workstation_id == workstation_id, SyncReport.seq == seq, SyncReport.kind == kind,
            SyncReport.problem == problem)).scalars().first()
        if existing is not None:
            existing.last_seen_at = now
            existing.times_seen += 1
        else:
            self.session.add(SyncReport(workstation_id=workstation_id, seq=seq, kind=kind, problem=problem,
                                        found_at=now, last_seen_at=now, times_seen=1))
        self.session.flush()

    def problems(self, workstation_id: str | None = None) -> list[SyncReport]:
        stmt = select(SyncReport)
        if workstation_id is not None:
            stmt = stmt.where(SyncReport.workstation_id == workstation_id)
        return list(self.session.execute(stmt.order_by(SyncReport.last_seen_at.desc(), SyncReport.id.desc()))
                    .scalars())
