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
from typing import Sequence

from sqlalchemy.exc import DBAPIError, IntegrityError

from teller.store.database import BranchUnreachable, is_unreachable, unreachable_message  # noqa: F401 - re-exported
from teller.store.models import WorkstationJournal
from teller.store.repos.journal import BranchJournalRepository, VerifyReport, check_chain
from teller.store.repos.journal_sync import JournalSyncRepository
from teller.store.stores import BranchStore, BranchUnit

log = logging.getLogger(__name__)

BATCH_SIZE = 500
MAX_CONFLICTS = 5  # concurrent pushes of the same workstation racing on the primary key


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

def branch_head(db, workstation_id: str) -> tuple[int, str]:
    """(last seq, its hash) of the branch copy of one workstation's journal; (0, genesis) if none.
    `db`: a branch Session (or a BranchUnit)."""
    return BranchJournalRepository(getattr(db, "session", db)).head(workstation_id)


def record_problem(db, workstation_id: str, seq: int, kind: str, problem: str, now: str) -> None:
    """Adds a problem to the sync report, once: the same problem seen again is counted, not repeated.
    `db`: a branch Session (or a BranchUnit)."""
    JournalSyncRepository(getattr(db, "session", db)).record_problem(workstation_id, seq, kind, problem, now)
    log.warning("journal sync refused for %s at seq %s: %s", workstation_id, seq, problem)


def receive_batch(unit: BranchUnit, workstation_id: str, entries: Sequence, now: str) -> Received:
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
    state = unit.journal_sync.lock_mark(workstation_id)  # serialises pushers (PostgreSQL)
    last_seq, last_hash = branch_head(unit, workstation_id)
    for entry in entries:
        if entry.seq == last_seq and entry.hash != last_hash:
            problem = (f"entry {last_seq} differs from the branch copy of it (the workstation journal "
                       "diverged from what was replicated)")
            record_problem(unit, workstation_id, last_seq, "diverged", problem, now)
            return Received(0, last_seq, problem, "diverged", last_seq)
    new = [e for e in entries if e.seq > last_seq]
    if not new:
        return Received(0, last_seq)
    found = check_chain(new, last_seq + 1, last_hash)
    if found is not None:
        kind, problem, seq = found
        record_problem(unit, workstation_id, seq, kind, problem, now)
        return Received(0, last_seq, problem, kind, seq)
    unit.journal.add_entries(new)
    head = new[-1]
    unit.journal_sync.set_mark(state, workstation_id, head.seq, head.hash, now)
    return Received(len(new), head.seq)


def branch_journal_problems(branch: BranchStore, workstation_id: str | None = None) -> list[BranchProblem]:
    """The sync report, newest first; one workstation's or all."""
    try:
        with branch.reading() as unit:
            rows = unit.journal_sync.problems(workstation_id)
    except DBAPIError as exc:
        if is_unreachable(exc):
            raise BranchUnreachable(unreachable_message(exc)) from exc
        raise
    return [BranchProblem(r.id, r.workstation_id, r.seq, r.kind, r.problem, r.found_at, r.last_seen_at,
                          r.times_seen) for r in rows]


def verify_branch_copy(branch: BranchStore, workstation_id: str, mac_key: bytes | None = None) -> VerifyReport:
    """Walks the branch copy of one workstation's journal from entry 1 and names the first wrong
    entry: a gap, a broken link, a hash that does not recompute. The MACs are checked only when
    the workstation's key is given (the branch does not have it)."""
    try:
        with branch.reading() as unit:
            return unit.journal.verify(workstation_id, mac_key)
    except DBAPIError as exc:
        if is_unreachable(exc):
            raise BranchUnreachable(unreachable_message(exc)) from exc
        raise


# ------------------------------------------------------------------ the workstation side

class JournalReplicator:
    """Pushes this workstation's journal to the branch store; safe to call often (a timer in the
    UI, `teller-admin sync`) and from any thread: one push at a time per replicator."""

    def __init__(self, ctx, batch_size: int = BATCH_SIZE):
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
                with self.ctx.branch.reading() as unit:
                    mark, _ = branch_head(unit.session, ws)
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
                with self.ctx.branch.transaction() as unit:
                    received = receive_batch(unit, ws, rows, self.ctx.now_text())
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
            with self.ctx.branch.transaction() as unit:
                record_problem(unit, self.workstation_id, local_head + 1, "diverged", problem, self.ctx.now_text())
        except DBAPIError as exc:
            if not is_unreachable(exc):
                raise
            return self._unreachable(sent, mark, exc)
        return PushResult(sent, mark, problem, "refused", local_head + 1)

    def _local_after(self, mark: int) -> list[WorkstationJournal]:
        with self.ctx.workstation.reading() as unit:
            return unit.journal.rows(self.workstation_id, after=mark, limit=self.batch_size)

    def _local_head(self) -> int:
        with self.ctx.workstation.reading() as unit:
            return unit.journal.local_head_seq(self.workstation_id)

    def branch_journal_problems(self, all_workstations: bool = False) -> list[BranchProblem]:
        return branch_journal_problems(self.ctx.branch, None if all_workstations else self.workstation_id)

    def verify_branch_copy(self, workstation_id: str | None = None, mac_key: bytes | None = None) -> VerifyReport:
        return verify_branch_copy(self.ctx.branch, workstation_id or self.workstation_id, mac_key)
