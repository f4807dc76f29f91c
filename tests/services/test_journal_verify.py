"""Journal verification streams: a long journal, on the workstation store and as the branch's
copy (SQLite and PostgreSQL), is checked row by row without loading ORM objects, finds a
tampered entry deep in it, and computes exactly the hash the journal wrote."""
import datetime as dt
import json
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select, text

from teller.domain.journal_entry import GENESIS_HASH, chain_hash
from teller.services.journal import JournalSigner, entry_fields, verify_workstation_journal
from teller.store.database import make_sessionmaker, open_store
from teller.store.repos.journal import recompute_hash
from teller.store.stores import WorkstationStore
from teller.store.journal_guard import drop_append_only_triggers
from teller.store.models import BranchJournal, WorkstationJournal

KEY = b"k" * 32
ENTRIES = 5000  # more than two batches of the verifier's fetch

json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                        max_size=3), max_leaves=8)
optional_text = st.none() | st.text(max_size=12)


@settings(max_examples=300, deadline=None)
@given(prev=st.sampled_from([GENESIS_HASH, "ab" * 32]), seq=st.integers(1, 2**40), text_=st.text(max_size=12),
       tx_code=optional_text, account=optional_text, amount=st.none() | st.integers(-2**50, 2**50),
       refers_to=st.none() | st.integers(1, 2**40), payload=st.dictionaries(st.text(max_size=6), json_values,
                                                                            max_size=4))
def test_the_streamed_hash_is_the_journal_hash(prev, seq, text_, tx_code, account, amount, refers_to, payload):
    row = SimpleNamespace(workstation_id="WS01", seq=seq, business_date="2026-11-23", recorded_at=text_,
                          teller_id=text_, kind="posting", tx_code=tx_code, account=account, amount_fen=amount,
                          refers_to=refers_to, payload=json.dumps(payload, ensure_ascii=False))
    assert recompute_hash(prev, row) == chain_hash(prev, entry_fields(row))


class StillClock:
    def now(self):
        return dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def write_journal(tmp_path):
    tmp_path.mkdir(exist_ok=True)
    engine = open_store(f"sqlite:///{tmp_path / 'ws.sqlite'}", "workstation")
    store = WorkstationStore(engine, JournalSigner("WS01", KEY, StillClock()))
    with store.transaction() as unit:
        for i in range(1, ENTRIES + 1):
            unit.journal.append(teller_id="T001", kind="posting", business_date="2026-11-23", tx_code="1001",
                                account="44010001000000017", amount_fen=i * 100,
                                payload={"cash": {"N100": i % 9}, "key": f"WS01-{i}", "名": "张伟"})
    return engine


def check_streams_and_finds_tampering(engine, model, table_name):
    with make_sessionmaker(engine)() as db:
        report = verify_workstation_journal(db, "WS01", KEY, model)
        assert (report.ok, report.entries) == (True, ENTRIES)
        assert len(db.identity_map) == 0  # plain rows, no ORM objects kept
    with engine.begin() as conn:
        drop_append_only_triggers(conn)
        conn.execute(text(f"UPDATE {table_name} SET amount_fen = amount_fen + 1 WHERE seq = {ENTRIES - 10}"))
    with make_sessionmaker(engine)() as db:
        report = verify_workstation_journal(db, "WS01", KEY, model)
    assert (report.ok, report.first_bad_seq, report.entries) == (False, ENTRIES - 10, ENTRIES - 11)
    assert "altered" in report.problem


def sqlite_work_of_verify(engine) -> int:
    """SQLite virtual-machine steps (in thousands) a verification makes the store do."""
    steps = 0

    def count():
        nonlocal steps
        steps += 1
        return 0

    with make_sessionmaker(engine)() as db:
        driver = db.connection().connection.driver_connection
        driver.set_progress_handler(count, 1000)
        verify_workstation_journal(db, "WS01", KEY)
        driver.set_progress_handler(None, 0)
    return steps


def test_a_long_workstation_journal_streams_and_a_deep_change_is_found(tmp_path):
    engine = write_journal(tmp_path)
    try:
        whole = sqlite_work_of_verify(engine)
        with engine.begin() as conn:
            drop_append_only_triggers(conn)
            conn.execute(text("UPDATE journal SET payload = '{}' WHERE seq = 5"))
        # a break at entry 5 stops the walk after at most one batch: the rows are read as they
        # are checked, not all first (loading them whole made this cost as much as the full walk)
        assert sqlite_work_of_verify(engine) < whole / 2
    finally:
        engine.dispose()
    engine = write_journal(tmp_path / "again")
    try:
        check_streams_and_finds_tampering(engine, WorkstationJournal, "journal")
    finally:
        engine.dispose()


def test_the_branch_copy_streams_on_both_stores(tmp_path, branch_url):
    source = write_journal(tmp_path)
    branch = open_store(branch_url, "branch")
    try:
        with source.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(select(WorkstationJournal.__table__))]
        with branch.begin() as conn:
            conn.execute(insert(BranchJournal.__table__), rows)
        check_streams_and_finds_tampering(branch, BranchJournal, "journal")
    finally:
        source.dispose()
        branch.dispose()


def test_entries_cut_off_the_end_are_found_by_the_rows_that_refer_to_them(workstation):
    """An insider with the file deletes the newest entries (not yet at the branch): the chain that
    is left is whole, but the outbox and the till still name them."""
    from decimal import Decimal

    from tests.services.test_review import CASH_HEAD, RICH, TELLER, cash

    session = workstation.sessions.sign_in(TELLER)
    workstation.till.open(session, cash(workstation, N10000=10), TELLER, CASH_HEAD)
    posted = workstation.cash.post(session, "1001", RICH, Decimal("100"), cash(workstation, N10000=1))
    engine = workstation.workstation_engine
    with make_sessionmaker(engine)() as db:
        assert verify_workstation_journal(db, "WS01", workstation.mac_key).ok
    with engine.begin() as conn:
        drop_append_only_triggers(conn)
        conn.execute(text(f"DELETE FROM journal WHERE seq >= {posted.outcome.seq}"))
    with make_sessionmaker(engine)() as db:
        report = verify_workstation_journal(db, "WS01", workstation.mac_key)
    assert not report.ok and report.first_bad_seq == posted.outcome.seq
    assert "cut short" in report.problem and f"entry {posted.outcome.seq}" in report.problem
