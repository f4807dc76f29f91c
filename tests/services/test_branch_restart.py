"""The branch store's PostgreSQL crashes in the middle of a journal push (a private server, never
the machine's shared one): what was committed survives, the open batch is rolled back, the
workstation reports the branch link offline with a clear reason and keeps working, and the next
push after the restart completes the copy: no duplicate, no gap, the chain verifies, the sync
state agrees with the copy; the journal, the branch copy and the core agree entry by entry."""
from decimal import Decimal

from sqlalchemy import event, func, select

from teller.domain.denominations import Breakdown
from teller.services.credentials import Credentials
from teller.store.models import BranchJournal, WorkstationJournal
from teller.store.sync_models import JournalSyncState, SyncReport
from teller.sync.branch_sync import BATCH_SIZE, PushResult
from tests.pg_server import private_pg  # noqa: F401 - the fixture
from tests.services.outbox_checks import check_three_ways

TELLER = Credentials("0A1B2C3D01", "111111")
CASH_HEAD = Credentials("0A1B2C3E01", "900001")
RICH = "44010001000000017"
ENTRIES = 3000  # journal entries to replicate: six batches


def cash(ws, **counts):
    return Breakdown(counts, ws.ctx.settings.denominations)


def crash_before_batch(ws, server, batch: int) -> dict:
    """Crashes the branch's PostgreSQL as the push starts inserting its `batch`-th batch: that
    batch's branch transaction is open, the earlier batches are committed."""
    seen = {"commits": 0, "crashed": False}

    def after_commit(conn):
        seen["commits"] += 1

    def before_execute(conn, cursor, statement, parameters, context, executemany):
        if (statement.lstrip().upper().startswith("INSERT INTO JOURNAL ") and seen["commits"] == batch - 1
                and not seen["crashed"]):
            seen["crashed"] = True
            server.crash()

    event.listen(ws.branch_engine, "commit", after_commit)
    event.listen(ws.branch_engine, "before_cursor_execute", before_execute)
    return seen


def branch_state(ws):
    with ws.ctx.branch_db() as db:
        seqs = db.execute(select(BranchJournal.seq).where(BranchJournal.workstation_id == "WS01")
                          .order_by(BranchJournal.seq)).scalars().all()
        state = db.get(JournalSyncState, "WS01")
        problems = db.execute(select(func.count()).select_from(SyncReport)).scalar()
    return seqs, state, problems


def local_head(ws):
    with ws.ctx.workstation_db() as db:
        return db.execute(select(WorkstationJournal.seq, WorkstationJournal.hash)
                          .order_by(WorkstationJournal.seq.desc()).limit(1)).one()


def local_hash(ws, seq):
    with ws.ctx.workstation_db() as db:
        return db.execute(select(WorkstationJournal.hash).where(WorkstationJournal.seq == seq)).scalar_one()


def test_postgres_crash_in_the_middle_of_a_push(make_workstation, core_gateway, private_pg):
    ws = make_workstation(core_gateway, private_pg.url)
    session = ws.sessions.sign_in(TELLER)
    ws.till.open(session, cash(ws, N10000=50), TELLER, CASH_HEAD)
    assert ws.cash.post(session, "1001", RICH, Decimal("100"), cash(ws, N10000=1)).outcome.status == "approved"
    with ws.ctx.workstation_tx() as db:  # a long day at the counter since the last push
        for n in range(ENTRIES):
            ws.ctx.record(db, "T001", "screen_locked" if n % 2 == 0 else "screen_unlocked")
    total = local_head(ws).seq
    assert total > ENTRIES

    seen = crash_before_batch(ws, private_pg, batch=3)
    broken = ws.replicator.push()
    assert seen["crashed"] and not private_pg.is_running()
    # two batches were committed before the crash; the third, open at the time, is not half there
    assert broken.status == "unreachable" and broken.sent == 2 * BATCH_SIZE
    assert broken.up_to_seq == 2 * BATCH_SIZE
    assert broken.problem.startswith("branch store unreachable: ")
    assert ws.replicator.last_result == broken  # what the status line shows: the branch is offline

    # the branch is down: the teller goes on (the core is up), the push says why it cannot go on
    assert ws.cash.post(session, "1002", RICH, Decimal("200"), cash(ws, N10000=2)).outcome.status == "approved"
    down = ws.replicator.push()
    assert down.status == "unreachable" and down.sent == 0 and down.up_to_seq is None
    assert "branch store unreachable" in down.problem and "127.0.0.1" in down.problem
    assert ws.replicator.last_result == down

    private_pg.start()  # crash recovery: what was committed is there, nothing of the open batch
    seqs, state, _problems = branch_state(ws)
    assert seqs == list(range(1, 2 * BATCH_SIZE + 1))
    assert (state.last_seq, state.last_hash) == (seqs[-1], local_hash(ws, seqs[-1]))

    again = ws.replicator.push()
    head = local_head(ws)
    assert again.ok and again.sent == head.seq - 2 * BATCH_SIZE and again.up_to_seq == head.seq > total
    assert ws.replicator.last_result == again
    seqs, state, problems = branch_state(ws)
    assert seqs == list(range(1, head.seq + 1))  # no gap, no duplicate
    assert (state.last_seq, state.last_hash) == (head.seq, head.hash) and problems == 0
    assert ws.replicator.push() == PushResult(0, head.seq)  # nothing left, nothing sent twice
    assert check_three_ways(ws, core_gateway) == {"approved": 2}

