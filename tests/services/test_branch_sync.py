"""Journal replication to the branch store (SQLite and PostgreSQL): entry-by-entry copies, exactly
once across re-pushes, crashes and racing pushes; gaps and broken chains reported and refused; a
branch store that is down; and the branch-wide large-cash totals seeing other workstations."""
import copy
import dataclasses
import logging
import threading
from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from teller.domain.denominations import Breakdown
from teller.domain.journal_entry import chain_hash
from teller.services.credentials import Credentials
from teller.services.daily_totals import DailyTotals
from teller.services.journal import entry_fields, verify_workstation_journal
from teller.store.stores import BranchStore
from teller.store.database import make_engine, make_sessionmaker
from teller.store.journal_guard import drop_append_only_triggers
from teller.store.models import BranchJournal, WorkstationJournal
from teller.store.sync_models import JournalSyncState, SyncReport
from teller.sync import branch_sync
from teller.sync.branch_sync import BranchUnreachable, JournalReplicator

TELLER = Credentials("0A1B2C3D01", "111111")
TELLER2 = Credentials("0A1B2C3D02", "222222")
CASH_HEAD = Credentials("0A1B2C3E01", "900001")
RICH = "44010001000000017"
COLUMNS = [c.name for c in WorkstationJournal.__table__.columns]


def cash(ws, **counts):
    return Breakdown(counts, ws.ctx.settings.denominations)


def add_entries(ws, n, teller="T001"):
    with ws.ctx.workstation_tx() as db:
        for i in range(n):
            ws.ctx.record(db, teller, "posting", tx_code="1001", account=f"4401000100000001{i % 10}",
                          amount_fen=(i + 1) * 100, payload={"n": i})


def rows_of(sessionmaker, model, workstation_id="WS01"):
    with sessionmaker() as db:
        rows = db.execute(select(model).where(model.workstation_id == workstation_id).order_by(model.seq)).scalars()
        return [tuple(getattr(r, c) for c in COLUMNS) for r in rows]


def local_rows(ws):
    return rows_of(ws.ctx.workstation_db, WorkstationJournal, ws.ctx.workstation_id)


def branch_rows(ws, workstation_id=None):
    return rows_of(ws.ctx.branch_db, BranchJournal, workstation_id or ws.ctx.workstation_id)


def tamper(ws, *statements):
    with ws.workstation_engine.begin() as conn:
        drop_append_only_triggers(conn)
        for statement in statements:
            conn.execute(text(statement))


def unreachable_url(branch_url, tmp_path):
    if branch_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'removed-dir' / 'branch.sqlite'}"
    return make_url(branch_url).set(port=1).render_as_string(hide_password=False)


def test_push_copies_the_journal_entry_by_entry(workstation):
    session = workstation.sessions.sign_in(TELLER)
    workstation.till.open(session, cash(workstation, N10000=100), TELLER, CASH_HEAD)
    workstation.cash.post(session, "1001", RICH, Decimal("1250"), cash(workstation, N10000=12, N5000=1))
    workstation.cash.post(session, "1002", RICH, Decimal("300"), cash(workstation, N10000=3))
    local = local_rows(workstation)
    assert len(local) > 5
    result = JournalReplicator(workstation.ctx).push()
    assert result == branch_sync.PushResult(len(local), len(local))
    assert result.ok and result.status == "ok" and result.problem == ""
    assert branch_rows(workstation) == local
    replicator = JournalReplicator(workstation.ctx)
    assert replicator.verify_branch_copy().ok
    assert replicator.verify_branch_copy(mac_key=workstation.mac_key).entries == len(local)
    with workstation.ctx.branch_db() as db:
        state = db.get(JournalSyncState, "WS01")
    assert (state.last_seq, state.last_hash) == (local[-1][1], local[-1][COLUMNS.index("hash")])
    assert replicator.branch_journal_problems() == []


def test_pushing_twice_sends_nothing_new_and_batches_catch_up(workstation):
    add_entries(workstation, 11)
    replicator = JournalReplicator(workstation.ctx, batch_size=4)
    assert (replicator.push().sent, replicator.push().sent) == (11, 0)
    add_entries(workstation, 2)
    result = replicator.push()
    assert (result.sent, result.up_to_seq) == (2, 13)
    assert branch_rows(workstation) == local_rows(workstation)


def test_a_crash_after_the_branch_commit_resends_nothing_twice(workstation, monkeypatch):
    add_entries(workstation, 10)

    def crash(self, received):
        raise RuntimeError("power cut after the branch commit")

    monkeypatch.setattr(JournalReplicator, "_after_branch_commit", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        JournalReplicator(workstation.ctx, batch_size=4).push()
    assert len(branch_rows(workstation)) == 4  # the first batch was committed at the branch
    monkeypatch.undo()
    result = JournalReplicator(workstation.ctx, batch_size=4).push()  # "after the restart"
    assert (result.sent, result.up_to_seq) == (6, 10)
    assert branch_rows(workstation) == local_rows(workstation)


def test_a_push_racing_another_hits_the_primary_key_and_starts_over(workstation, monkeypatch, caplog):
    add_entries(workstation, 5)
    JournalReplicator(workstation.ctx).push()
    add_entries(workstation, 3)
    racer, other = JournalReplicator(workstation.ctx), JournalReplicator(workstation.ctx)
    with workstation.ctx.branch_db() as db:
        stale = branch_sync.branch_head(db, "WS01")
    real_local_after, real_head = JournalReplicator._local_after, branch_sync.branch_head
    stale_reads = []

    def local_after(self, mark):
        rows = real_local_after(self, mark)
        if self is racer and not stale_reads:
            assert other.push().sent == 3  # the other push lands between this one's read and write
            stale_reads.append(1)

            def head(db, workstation_id):  # ... and this one still sees the mark it read before
                monkeypatch.setattr(branch_sync, "branch_head", real_head)
                return stale
            monkeypatch.setattr(branch_sync, "branch_head", head)
        return rows

    monkeypatch.setattr(JournalReplicator, "_local_after", local_after)
    with caplog.at_level(logging.INFO, logger="teller.sync.branch_sync"):
        result = racer.push()
    assert "raced another push" in caplog.text  # the primary key refused the second copy
    assert result.ok and (result.sent, result.up_to_seq) == (0, 8)
    assert branch_rows(workstation) == local_rows(workstation)
    assert racer.branch_journal_problems() == []


def test_concurrent_pushes_copy_every_entry_exactly_once(workstation):
    add_entries(workstation, 40)
    results, errors = [], []

    def push():
        try:
            results.append(JournalReplicator(workstation.ctx, batch_size=7).push())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=push) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and all(r.ok for r in results)
    assert sum(r.sent for r in results) == 40
    assert branch_rows(workstation) == local_rows(workstation)


def test_a_gap_is_reported_with_its_seq_and_the_batch_refused(workstation):
    add_entries(workstation, 6)
    tamper(workstation, "DELETE FROM journal WHERE seq = 4")
    replicator = JournalReplicator(workstation.ctx)
    result = replicator.push()
    assert (result.status, result.sent, result.problem_seq, result.up_to_seq) == ("refused", 0, 4, 0)
    assert "entry 4 is missing" in result.problem
    assert branch_rows(workstation) == []  # the batch is refused whole, nothing papered over
    assert replicator.push().problem_seq == 4  # and stays refused
    [problem] = replicator.branch_journal_problems()
    assert (problem.workstation_id, problem.seq, problem.kind, problem.times_seen) == ("WS01", 4, "gap", 2)
    assert problem.found_at.startswith("2026-11-23T09:30")


def test_a_gap_after_earlier_pushes_keeps_what_arrived(workstation):
    add_entries(workstation, 3)
    JournalReplicator(workstation.ctx).push()
    add_entries(workstation, 3)
    tamper(workstation, "DELETE FROM journal WHERE seq = 4")
    result = JournalReplicator(workstation.ctx).push()
    assert (result.status, result.problem_seq, result.up_to_seq) == ("refused", 4, 3)
    assert len(branch_rows(workstation)) == 3
    assert JournalReplicator(workstation.ctx).verify_branch_copy().ok


@pytest.mark.parametrize("statement, bad_seq, words", [
    ("UPDATE journal SET amount_fen = 99999 WHERE seq = 3", 3, "altered"),
    ("UPDATE journal SET payload = '{\"n\": 99}' WHERE seq = 5", 5, "altered"),
    ("UPDATE journal SET prev_hash = hash WHERE seq = 2", 2, "does not follow"),
])
def test_a_broken_chain_is_reported_and_refused(workstation, statement, bad_seq, words):
    add_entries(workstation, 6)
    tamper(workstation, statement)
    replicator = JournalReplicator(workstation.ctx)
    result = replicator.push()
    assert (result.status, result.problem_seq) == ("refused", bad_seq) and words in result.problem
    [problem] = replicator.branch_journal_problems()
    assert (problem.seq, problem.kind) == (bad_seq, "broken_chain") and words in problem.problem
    assert branch_rows(workstation) == []


def test_a_recomputed_hash_passes_the_branch_but_not_the_mac(workstation):
    """The branch cannot check MACs (the key is the workstation's): a forger with DBA rights who
    recomputes the hash gets through, and the key holder's verification still catches it."""
    add_entries(workstation, 2)
    with workstation.ctx.workstation_db() as db:
        row = db.get(WorkstationJournal, ("WS01", 2))
        fields = entry_fields(row)
    forged = dataclasses.replace(fields, amount_fen=1)
    tamper(workstation, f"UPDATE journal SET amount_fen = 1, hash = '{chain_hash(row.prev_hash, forged)}' "
                        "WHERE seq = 2")
    replicator = JournalReplicator(workstation.ctx)
    assert replicator.push().sent == 2
    assert replicator.verify_branch_copy().ok
    report = replicator.verify_branch_copy(mac_key=workstation.mac_key)
    assert report.first_bad_seq == 2 and "MAC" in report.problem


def test_a_workstation_journal_behind_its_branch_copy_is_reported(workstation):
    add_entries(workstation, 4)
    JournalReplicator(workstation.ctx).push()
    tamper(workstation, "DELETE FROM journal WHERE seq >= 3")  # e.g. the workstation store was restored
    result = JournalReplicator(workstation.ctx).push()
    assert (result.status, result.problem_seq, result.up_to_seq) == ("refused", 3, 4)
    assert "ends at 2" in result.problem
    assert [p.kind for p in JournalReplicator(workstation.ctx).branch_journal_problems()] == ["diverged"]


def test_branch_store_down_local_work_goes_on_and_the_next_push_catches_up(workstation, branch_url, tmp_path):
    add_entries(workstation, 3)
    engine = make_engine(unreachable_url(branch_url, tmp_path))
    down = copy.copy(workstation.ctx)
    down.branch = BranchStore(engine)
    try:
        offline = JournalReplicator(down)
        result = offline.push()
        assert (result.status, result.sent, result.up_to_seq) == ("unreachable", 0, None)
        assert result.problem.startswith("branch store unreachable")
        with pytest.raises(BranchUnreachable, match="branch store unreachable"):
            offline.branch_journal_problems()
        with pytest.raises(BranchUnreachable):
            offline.verify_branch_copy()
        add_entries(workstation, 4)  # the teller keeps working
        assert offline.push().status == "unreachable"
    finally:
        engine.dispose()
    with workstation.ctx.workstation_db() as db:
        assert verify_workstation_journal(db, "WS01", workstation.mac_key).entries == 7
    result = JournalReplicator(workstation.ctx).push()
    assert (result.status, result.sent, result.up_to_seq) == ("ok", 7, 7)
    assert branch_rows(workstation) == local_rows(workstation)


def test_daily_large_cash_sees_another_workstations_entries_once_pushed(make_workstation, core_gateway, branch_url):
    ws1 = make_workstation(core_gateway, branch_url, "WS01")
    ws2 = make_workstation(core_gateway, branch_url, "WS02")
    session = ws1.sessions.sign_in(TELLER)
    ws1.till.open(session, cash(ws1, N10000=100), TELLER, CASH_HEAD)
    assert ws1.cash.post(session, "1001", RICH, Decimal("30000"), cash(ws1, N10000=300)).outcome.status == "approved"
    other = ws2.sessions.sign_in(TELLER2)
    # issue 14 item 9: WS01 published its customer's cash at once, so it counts before any push
    assert DailyTotals(ws2.ctx).customer_cash(RICH, "credit") == 3_000_000
    assert JournalReplicator(ws1.ctx).push().ok
    assert DailyTotals(ws2.ctx).customer_cash(RICH, "credit") == 3_000_000
    need = ws2.cash.authorisation_need(other, "1001", RICH, Decimal("20000"))
    assert need is not None and "large_cash_report" in need.decision.flags
    # WS02's own replication leaves WS01's copy alone
    add_entries(ws2, 2, teller="T002")
    assert JournalReplicator(ws2.ctx).push().sent == len(local_rows(ws2))
    assert branch_rows(ws1) == local_rows(ws1) and branch_rows(ws2) == local_rows(ws2)
    with ws1.ctx.branch_db() as db:
        assert db.execute(select(SyncReport)).first() is None
