"""Journal replication to the branch store (design.md, "Where data lives", "The journal").

Each workstation's journal is copied append-only into the branch store's `journal`
table, keyed by (workstation_id, seq). The copy is what the branch sees of every
workstation: daily totals for large cash, supervision, end of day.

How it stays exactly-once:
- the branch's high-water mark for a workstation is the head of its branch copy; a push
  sends the local entries after it, in batches, one branch transaction per batch;
- the same transaction writes `journal_sync_state` (last seq, last hash), so the mark
  never disagrees with the copy;
- entries the branch already holds are skipped on arrival, and a concurrent insert of
  the same (workstation_id, seq) hits the primary key (IntegrityError): the batch is
  rolled back and the push starts over from the branch's new mark. A crash after the
  branch commit and before anything local therefore resends nothing twice.

What the branch checks on arrival (see `receive_batch`): no gap (the first new entry
is the mark + 1, and every next one + 1) and an intact hash chain (each entry's
prev_hash is the previous entry's hash and its hash recomputes from its fields). A
batch that fails is refused whole and recorded in `sync_report`; nothing is papered
over, and `push` returns the problem for the UI.

The MAC cannot be checked at the branch: it is keyed with the workstation's own
journal key (SecretStore), which never leaves the workstation. A forger who rewrites
an entry and recomputes the whole chain before it is sent would pass the branch's
checks; the workstation's `teller-admin journal verify` (which has the key) catches
that, and `verify_branch_copy(..., mac_key=...)` can too where the key is at hand.

The branch store may be down: `push` then returns status "unreachable" and the local
journal keeps growing as always; the next push catches up from the branch's mark.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Iterable, Sequence

from sqlalchemy import func, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from teller.domain.journal_entry import GENESIS_HASH, chain_hash
from teller.services.context import WorkstationContext
from teller.services.journal import VerifyReport, entry_fields, verify_workstation_journal
from teller.store.database import BranchUnreachable, is_unreachable, unreachable_message  # noqa: F401 - re-exported
from teller.store.models import BranchJournal, JournalColumns, WorkstationJournal
from teller.store.sync_models import JournalSyncState, SyncReport

log = logging.getLogger(__name__)

BATCH_SIZE = 500
MAX_CONFLICTS = 5  # concurrent pushes of the same workstation racing on the primary key

_COLUMNS = ("workstation_id", "seq", "business_date", "recorded_at", "teller_id", "kind", "tx_code",
            "account", "amount_fen", "refers_to", "payload", "prev_hash", "hash", "mac")


@dataclass(frozen=True)
class PushResult:
    """What one push did. `status` is "ok", "refused" (a gap or broken chain, see `problem`
    and `problem_seq`) or "unreachable" (the branch store could not be reached; nothing lost,
    push again later). `up_to_seq` is the last of this workstation's entries the branch
    holds, None when not known (unreachable before the first read)."""

    sent: int
    up_to_seq: int | None
    problem: str = ""
    status: str = "ok"
    problem_seq: int | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class Received:
    """The branch's answer to one batch."""

    inserted: int
    up_to_seq: int
    problem: str = ""
    problem_kind: str = ""
    problem_seq: int | None = None

    @property
    def refused(self) -> bool:
        return bool(self.problem)


@dataclass(frozen=True)
class BranchProblem:
    id: int
    workstation_id: str
    seq: int
    kind: str  # gap | broken_chain | diverged
    problem: str
    found_at: str
    last_seen_at: str
    times_seen: int


# ------------------------------------------------------------------ the branch side

def branch_head(db: Session, workstation_id: str) -> tuple[int, str]:
    """(last seq, its hash) of the branch copy of one workstation's journal; (0, genesis) if none."""
    row = db.execute(select(BranchJournal.seq, BranchJournal.hash)
                     .where(BranchJournal.workstation_id == workstation_id)
                     .order_by(BranchJournal.seq.desc()).limit(1)).first()
    return (int(row[0]), row[1]) if row else (0, GENESIS_HASH)


def _row_values(row) -> dict:
    return {name: getattr(row, name) for name in _COLUMNS}


def _check_chain(entries: Sequence, expected_seq: int, prev_hash: str) -> tuple[str, str, int] | None:
    """(kind, problem, seq) of the first entry that does not continue the chain, or None."""
    for entry in entries:
        if entry.seq != expected_seq:
            return ("gap", f"entry {expected_seq} is missing (the next entry sent is {entry.seq})", expected_seq)
        if entry.prev_hash != prev_hash:
            return ("broken_chain", f"entry {entry.seq} does not follow entry {entry.seq - 1} "
                                    "(its prev_hash is not that entry's hash)", entry.seq)
        try:
            recomputed = chain_hash(prev_hash, entry_fields(entry))
        except (ValueError, TypeError) as exc:
            return ("broken_chain", f"entry {entry.seq} is unreadable: {exc}", entry.seq)
        if recomputed != entry.hash:
            return ("broken_chain", f"entry {entry.seq} was altered (hash mismatch)", entry.seq)
        prev_hash, expected_seq = entry.hash, expected_seq + 1
    return None


def record_problem(db: Session, workstation_id: str, seq: int, kind: str, problem: str, now: str) -> None:
    """Adds a problem to the sync report, once: the same problem seen again is counted, not repeated."""
    existing = db.execute(select(SyncReport).where(
        SyncReport.workstation_id == workstation_id, SyncReport.seq == seq, SyncReport.kind == kind,
        SyncReport.problem == problem)).scalars().first()
    if existing is not None:
        existing.last_seen_at = now
        existing.times_seen += 1
    else:
        db.add(SyncReport(workstation_id=workstation_id, seq=seq, kind=kind, problem=problem, found_at=now,
                          last_seen_at=now, times_seen=1))
    db.flush()
    log.warning("journal sync refused for %s at seq %s: %s", workstation_id, seq, problem)


def receive_batch(db: Session, workstation_id: str, entries: Sequence, now: str) -> Received:
    """Takes a batch of one workstation's entries (seq order) into the branch copy, in the caller's
    branch transaction, or refuses it whole and records why.

    Checked against the branch's own state, never the sender's word: entries already held are
    skipped (the one at the mark must carry the same hash), the rest must start at the mark + 1
    with no gap and continue the hash chain, each hash recomputing from its fields. The MAC is
    not checked: its key is the workstation's and stays there (see the module docstring).
    An IntegrityError from a concurrent insert of the same (workstation_id, seq) propagates:
    the caller rolls back and tries again from the new mark.
    """
    if any(e.workstation_id != workstation_id for e in entries):
        raise ValueError("a batch holds one workstation's entries")
    state = db.get(JournalSyncState, workstation_id, with_for_update=True)  # serialises pushers (PostgreSQL)
    last_seq, last_hash = branch_head(db, workstation_id)
    for entry in entries:
        if entry.seq == last_seq and entry.hash != last_hash:
            problem = (f"entry {last_seq} differs from the branch copy of it (the workstation journal "
                       "diverged from what was replicated)")
            record_problem(db, workstation_id, last_seq, "diverged", problem, now)
            return Received(0, last_seq, problem, "diverged", last_seq)
    new = [e for e in entries if e.seq > last_seq]
    if not new:
        return Received(0, last_seq)
    found = _check_chain(new, last_seq + 1, last_hash)
    if found is not None:
        kind, problem, seq = found
        record_problem(db, workstation_id, seq, kind, problem, now)
        return Received(0, last_seq, problem, kind, seq)
    db.execute(insert(BranchJournal), [_row_values(e) for e in new])
    head = new[-1]
    if state is None:
        db.add(JournalSyncState(workstation_id=workstation_id, last_seq=head.seq, last_hash=head.hash,
                                updated_at=now))
    else:
        state.last_seq, state.last_hash, state.updated_at = head.seq, head.hash, now
    db.flush()
    return Received(len(new), head.seq)


def branch_journal_problems(branch_db: sessionmaker[Session], workstation_id: str | None = None) -> list[BranchProblem]:
    """The sync report, newest first; one workstation's or all."""
    stmt = select(SyncReport)
    if workstation_id is not None:
        stmt = stmt.where(SyncReport.workstation_id == workstation_id)
    try:
        with branch_db() as db:
            rows = db.execute(stmt.order_by(SyncReport.last_seen_at.desc(), SyncReport.id.desc())).scalars().all()
    except DBAPIError as exc:
        if is_unreachable(exc):
            raise BranchUnreachable(unreachable_message(exc)) from exc
        raise
    return [BranchProblem(r.id, r.workstation_id, r.seq, r.kind, r.problem, r.found_at, r.last_seen_at,
                          r.times_seen) for r in rows]


def _walk_without_mac(rows: Iterable[JournalColumns]) -> VerifyReport:
    expected_seq, prev_hash, count = 1, GENESIS_HASH, 0
    for row in rows:
        found = _check_chain([row], expected_seq, prev_hash)
        if found is not None:
            _kind, problem, seq = found
            return VerifyReport(False, count, seq, problem)
        prev_hash, expected_seq, count = row.hash, expected_seq + 1, count + 1
    return VerifyReport(True, count)


def verify_branch_copy(branch_db: sessionmaker[Session], workstation_id: str,
                       mac_key: bytes | None = None) -> VerifyReport:
    """Walks the branch copy of one workstation's journal from entry 1 and names the first wrong
    entry: a gap, a broken link, a hash that does not recompute. The MACs are checked only when
    the workstation's key is given (the branch does not have it)."""
    try:
        with branch_db() as db:
            if mac_key is not None:
                return verify_workstation_journal(db, workstation_id, mac_key, model=BranchJournal)
            rows = db.execute(select(BranchJournal).where(BranchJournal.workstation_id == workstation_id)
                              .order_by(BranchJournal.seq)).scalars()
            return _walk_without_mac(rows)
    except DBAPIError as exc:
        if is_unreachable(exc):
            raise BranchUnreachable(unreachable_message(exc)) from exc
        raise


# ------------------------------------------------------------------ the workstation side

class JournalReplicator:
    """Pushes this workstation's journal to the branch store; safe to call often (a timer in the
    UI, `teller-admin sync`) and from any thread: one push at a time per replicator."""

    def __init__(self, ctx: WorkstationContext, batch_size: int = BATCH_SIZE):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.ctx = ctx
        self.batch_size = batch_size
        self._lock = threading.Lock()
        self.last_result: PushResult | None = None  # for a status line; lost on restart, nothing depends on it

    @property
    def workstation_id(self) -> str:
        return self.ctx.workstation_id

    def push(self) -> PushResult:
        with self._lock:
            result = self._push()
            self.last_result = result
            return result

    def _push(self) -> PushResult:
        ws = self.workstation_id
        sent, up_to, conflicts = 0, None, 0
        while True:
            try:
                with self.ctx.branch_db() as db:
                    mark, _ = branch_head(db, ws)
            except DBAPIError as exc:
                if not is_unreachable(exc):
                    raise
                return self._unreachable(sent, up_to, exc)
            up_to = mark
            rows = self._local_after(mark)
            if not rows:
                local_head = self._local_head()
                if local_head < mark:
                    return self._diverged(sent, mark, local_head)
                return PushResult(sent, mark)
            try:
                with self.ctx.branch_tx() as db:
                    received = receive_batch(db, ws, rows, self.ctx.now_text())
            except IntegrityError:
                conflicts += 1
                log.info("journal sync of %s raced another push (seq %s..%s); retrying", ws, rows[0].seq, rows[-1].seq)
                if conflicts > MAX_CONFLICTS:
                    return PushResult(sent, up_to, "the branch copy kept changing under this push; try again",
                                      "refused")
                continue
            except DBAPIError as exc:
                if not is_unreachable(exc):
                    raise
                return self._unreachable(sent, up_to, exc)
            self._after_branch_commit(received)
            up_to = received.up_to_seq
            if received.refused:
                return PushResult(sent, up_to, received.problem, "refused", received.problem_seq)
            sent += received.inserted
            if len(rows) < self.batch_size:
                return PushResult(sent, up_to)

    def _after_branch_commit(self, received: Received) -> None:
        """Local bookkeeping after a batch is committed at the branch (a log line). Nothing here is
        needed for correctness: the branch's mark is the truth, so a crash here loses nothing."""
        if received.inserted:
            log.info("journal of %s replicated to the branch up to seq %s (%s new)", self.workstation_id,
                     received.up_to_seq, received.inserted)

    def _unreachable(self, sent: int, up_to: int | None, exc: BaseException) -> PushResult:
        message = unreachable_message(exc)
        log.warning("journal sync of %s: %s", self.workstation_id, message)
        return PushResult(sent, up_to, message, "unreachable")

    def _diverged(self, sent: int, mark: int, local_head: int) -> PushResult:
        problem = (f"the branch holds entries up to {mark} of this workstation but its own journal ends at "
                   f"{local_head} (workstation store replaced, or another workstation uses this id)")
        try:
            with self.ctx.branch_tx() as db:
                record_problem(db, self.workstation_id, local_head + 1, "diverged", problem, self.ctx.now_text())
        except DBAPIError as exc:
            if not is_unreachable(exc):
                raise
            return self._unreachable(sent, mark, exc)
        return PushResult(sent, mark, problem, "refused", local_head + 1)

    def _local_after(self, mark: int) -> list[WorkstationJournal]:
        J = WorkstationJournal
        with self.ctx.workstation_db() as db:
            return list(db.execute(select(J).where(J.workstation_id == self.workstation_id, J.seq > mark)
                                   .order_by(J.seq).limit(self.batch_size)).scalars())

    def _local_head(self) -> int:
        J = WorkstationJournal
        with self.ctx.workstation_db() as db:
            return int(db.execute(select(func.coalesce(func.max(J.seq), 0))
                                  .where(J.workstation_id == self.workstation_id)).scalar())

    def branch_journal_problems(self, all_workstations: bool = False) -> list[BranchProblem]:
        return branch_journal_problems(self.ctx.branch_db, None if all_workstations else self.workstation_id)

    def verify_branch_copy(self, workstation_id: str | None = None, mac_key: bytes | None = None) -> VerifyReport:
        return verify_branch_copy(self.ctx.branch_db, workstation_id or self.workstation_id, mac_key)
