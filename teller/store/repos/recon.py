"""Statements, reconciliation runs, matches and breaks of the branch store."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from sqlalchemy import func, insert, select, tuple_, update
from sqlalchemy.orm import Session

from teller.store.models import BranchJournal
from teller.store.recon_models import (ReconBreak, ReconMatch, ReconRun, Statement, StatementEntry,
                                       StatementFile)


@dataclass(frozen=True)
class StoredFile:
    file_id: int
    statements: int
    entries: int


class ReconRepository:
    def __init__(self, session: Session):
        self.session = session

    # -- statements ----------------------------------------------------------------------
    def file_by_hash(self, sha256: str) -> StoredFile | None:
        file_id = self.session.execute(select(StatementFile.id).where(StatementFile.sha256 == sha256)).scalar()
        if file_id is None:
            return None
        statements, entries = self.session.execute(
            select(func.count(func.distinct(Statement.id)), func.count(StatementEntry.id))
            .select_from(Statement).outerjoin(StatementEntry, StatementEntry.statement_id == Statement.id)
            .where(Statement.file_id == file_id)).one()
        return StoredFile(file_id, statements, entries)

    def statements_already_imported(self, refs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Which (account, statement id) pairs are already in the store."""
        if not refs:
            return []
        rows = self.session.execute(select(Statement.account, Statement.statement_ref)
                                    .where(tuple_(Statement.account, Statement.statement_ref).in_(refs)))
        return [tuple(r) for r in rows]

    def add_file(self, sha256: str, name: str, fmt: str, at: str, by: str, statements) -> StoredFile:
        """The file, its statements and entries, in the caller's transaction."""
        file = StatementFile(sha256=sha256, name=name[:200], format=fmt, imported_at=at, imported_by=by)
        self.session.add(file)
        self.session.flush()
        entries = 0
        for stmt in statements:
            row = Statement(file_id=file.id, statement_ref=stmt.statement_ref, account=stmt.account,
                            currency=stmt.currency, statement_date=stmt.statement_date,
                            opening_fen=stmt.opening_fen, closing_fen=stmt.closing_fen,
                            entry_count=len(stmt.entries))
            self.session.add(row)
            self.session.flush()
            if stmt.entries:
                self.session.execute(insert(StatementEntry), [
                    {"statement_id": row.id, "position": i, "account": e.account, "booking_date": e.booking_date,
                     "amount_fen": e.amount_fen, "direction": e.direction, "reversal": e.reversal,
                     "end_to_end_id": e.end_to_end_id, "servicer_ref": e.servicer_ref,
                     "batch_keys": ",".join(e.batch_keys)} for i, e in enumerate(stmt.entries, 1)])
            entries += len(stmt.entries)
        return StoredFile(file.id, len(statements), entries)

    def core_entries(self, booking_date: str) -> list[StatementEntry]:
        """The core's booked entries of a day, from every imported statement."""
        return list(self.session.execute(
            select(StatementEntry).where(StatementEntry.booking_date == booking_date)
            .order_by(StatementEntry.id)).scalars())

    def core_entries_by_keys(self, keys: Iterable[str], not_on: str) -> list[StatementEntry]:
        """Entries carrying these keys (EndToEndId) booked on another day than `not_on`."""
        keys, out = sorted(keys), []
        for chunk in _chunks(keys, 500):
            out += self.session.execute(select(StatementEntry).where(StatementEntry.end_to_end_id.in_(chunk),
                                                                     StatementEntry.booking_date != not_on)
                                        .order_by(StatementEntry.id)).scalars()
        return out

    def core_entries_by_ids(self, ids: Iterable[int]) -> list[StatementEntry]:
        ids = list(ids)
        if not ids:
            return []
        return list(self.session.execute(select(StatementEntry).where(StatementEntry.id.in_(ids))).scalars())

    # -- the branch's side: the replicated journals ----------------------------------------
    def branch_postings(self, business_date: str) -> list[BranchJournal]:
        J = BranchJournal
        return list(self.session.execute(select(J).where(J.business_date == business_date, J.kind == "posting")
                                         .order_by(J.workstation_id, J.seq)).scalars())

    def postings_by_key(self, keys: Iterable[tuple[str, int]]) -> list[BranchJournal]:
        J, out = BranchJournal, []
        for chunk in _chunks(sorted(keys), 500):
            out += self.session.execute(select(J).where(J.kind == "posting",
                                                        tuple_(J.workstation_id, J.seq).in_(chunk))).scalars()
        return out

    def answers_for(self, postings: list[BranchJournal]) -> dict[tuple[str, int], set[str]]:
        """The kinds of the entries that answer each posting (host_approved, host_rejected, ...)."""
        J = BranchJournal
        out: dict[tuple[str, int], set[str]] = {}
        by_ws: dict[str, list[int]] = {}
        for p in postings:
            by_ws.setdefault(p.workstation_id, []).append(p.seq)
        for ws, seqs in by_ws.items():
            for chunk in _chunks(seqs, 500):
                rows = self.session.execute(select(J.refers_to, J.kind).where(J.workstation_id == ws,
                                                                              J.refers_to.in_(chunk)))
                for refers_to, kind in rows:
                    out.setdefault((ws, refers_to), set()).add(kind)
        return out

    # -- runs, matches, breaks -------------------------------------------------------------
    def add_run(self, business_date: str, at: str, by: str) -> ReconRun:
        run = ReconRun(business_date=business_date, started_at=at, run_by=by, core_entries=0, branch_entries=0,
                       matched=0, breaks=0)
        self.session.add(run)
        self.session.flush()
        return run

    def add_matches(self, run_id: int, matches: list[dict]) -> None:
        if matches:
            self.session.execute(insert(ReconMatch), [{"run_id": run_id, **m} for m in matches])

    def matches(self, run_id: int) -> list[ReconMatch]:
        return list(self.session.execute(select(ReconMatch).where(ReconMatch.run_id == run_id)
                                         .order_by(ReconMatch.id)).scalars())

    def unresolved_breaks(self, before: str | None = None) -> list[ReconBreak]:
        q = select(ReconBreak).where(ReconBreak.state.in_(("open", "carried")))
        if before is not None:
            q = q.where(ReconBreak.first_seen < before)
        return list(self.session.execute(q.order_by(ReconBreak.id)).scalars())

    def break_by_identity(self, identity: str) -> ReconBreak | None:
        return self.session.execute(select(ReconBreak).where(ReconBreak.identity == identity)).scalar_one_or_none()

    def add_break(self, **fields) -> ReconBreak:
        row = ReconBreak(**fields)
        self.session.add(row)
        self.session.flush()
        return row

    def get_break(self, break_id: int, for_update: bool = False) -> ReconBreak | None:
        q = select(ReconBreak).where(ReconBreak.id == break_id)
        if for_update:
            q = q.with_for_update()
        return self.session.execute(q).scalar_one_or_none()

    def breaks(self, *, run_id: int | None = None, states: tuple[str, ...] | None = None,
               kind: str | None = None) -> list[ReconBreak]:
        q = select(ReconBreak)
        if run_id is not None:
            q = q.where(ReconBreak.last_run_id == run_id)
        if states:
            q = q.where(ReconBreak.state.in_(states))
        if kind:
            q = q.where(ReconBreak.kind == kind)
        return list(self.session.execute(q.order_by(ReconBreak.id)).scalars())

    def resolve_break(self, break_id: int, state: str, **fields) -> bool:
        """Decides a break once: False when it was already decided by someone else."""
        done = self.session.execute(update(ReconBreak).where(ReconBreak.id == break_id,
                                                             ReconBreak.state.in_(("open", "carried")))
                                    .values(state=state, **fields))
        return done.rowcount == 1

    def runs(self, business_date: str | None = None) -> list[ReconRun]:
        q = select(ReconRun)
        if business_date:
            q = q.where(ReconRun.business_date == business_date)
        return list(self.session.execute(q.order_by(ReconRun.id)).scalars())


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
