"""One contract for the stores' repositories, run on SQLite and on PostgreSQL (issue 13): the
same repository methods behave the same on both engines, the posting hot path's hand-written
SQL included. The workstation store runs on PostgreSQL here only to hold the services to "never
assume SQLite"; in the field it is a SQLite file."""
from __future__ import annotations

import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import PG_URL, _pg_available, require_component
from teller.domain.journal_entry import GENESIS_HASH
from teller.store.database import open_store
from teller.store.repos.journal import JournalQuery, JournalSigner
from teller.store.stores import BranchStore, WorkstationStore

KEY = bytes(range(32))


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_kind(request):
    return request.param


@contextmanager
def schema_url(kind: str, path):
    """A fresh SQLite file, or a fresh schema in the PostgreSQL test database (dropped after)."""
    if kind == "sqlite":
        yield f"sqlite:///{path}"
        return
    require_component(_pg_available(), f"PostgreSQL not reachable at {PG_URL}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def workstation(engine_kind, tmp_path, clock):
    with schema_url(engine_kind, tmp_path / "workstation.sqlite") as url:
        store = WorkstationStore(open_store(url, "workstation"), JournalSigner("WS01", KEY, clock))
        yield store
        store.dispose()


@pytest.fixture
def branch(engine_kind, tmp_path):
    with schema_url(engine_kind, tmp_path / "branch.sqlite") as url:
        store = BranchStore(open_store(url, "branch"))
        yield store
        store.dispose()


def record_posting(store, account="44010001000000017", amount=10_000, direction="credit", teller="T001"):
    """What CashService.record_posting writes, through the hot path's unit."""
    with store.posting() as unit:
        till_id = unit.till.open_till_id(teller)
        entry = unit.journal.append(teller_id=teller, kind="posting", tx_code="1001", account=account,
                                    amount_fen=amount, payload={"direction": direction, "denominations": {"N10000": 1}})
        unit.outbox.add(journal_seq=entry.seq, key=f"WS01-{entry.seq}", account=account, direction=direction,
                        amount_fen=amount, tx_code="1001", teller_id=teller, at=entry.recorded_at)
        unit.till.add_movements(till_id, entry.seq, [("N10000", 1 if direction == "credit" else -1)], "pending")
    return entry


def open_till(store, teller="T001"):
    with store.transaction() as unit:
        entry = unit.journal.append(teller_id=teller, kind="till_opened", amount_fen=100_000,
                                    payload={"denominations": {"N10000": 10}})
        till = unit.till.open_new(teller, "2026-11-23", entry.seq)
        unit.till.add_movements(till.id, entry.seq, [("N10000", 10)], "effective")
    return till.id


def test_journal_appends_a_chain_that_verifies_and_searches(workstation):
    with workstation.reading() as unit:
        assert unit.journal.head("WS01") == (0, GENESIS_HASH)
    open_till(workstation)
    first = record_posting(workstation)
    with workstation.transaction() as unit:  # the ORM unit appends to the same chain
        answer = unit.journal.append(teller_id="T001", kind="host_approved", refers_to=first.seq,
                                     payload={"key": f"WS01-{first.seq}"})
    second = record_posting(workstation, account="44010001000000025", amount=20_000)
    with workstation.reading() as unit:
        assert [first.seq, answer.seq, second.seq] == [2, 3, 4]
        assert unit.journal.head("WS01") == (4, second.hash)
        assert unit.journal.verify("WS01", KEY).ok and unit.journal.verify("WS01", KEY).entries == 4
        assert not unit.journal.verify("WS01", bytes(32)).ok
        assert [e.seq for e in unit.journal.search("WS01", JournalQuery(account="00000025"))] == [4]
        assert [e.seq for e in unit.journal.search("WS01", JournalQuery(amount_fen=10_000))] == [2]
        assert unit.journal.latest_outcome_kind(first.seq) == "host_approved"
        assert unit.journal.entry(first.seq).payload == {"direction": "credit", "denominations": {"N10000": 1}}
        assert [e.seq for e in unit.journal.of_kinds(("posting",), workstation_id="WS01")] == [2, 4]
        assert [r.seq for r in unit.journal.rows("WS01", after=2, limit=1)] == [3]


def test_a_failed_posting_leaves_nothing(workstation):
    open_till(workstation)
    with pytest.raises(RuntimeError):
        with workstation.posting() as unit:
            unit.journal.append(teller_id="T001", kind="posting", amount_fen=1)
            raise RuntimeError("power cut")
    with workstation.reading() as unit:
        assert unit.journal.head("WS01")[0] == 1 and unit.outbox.in_states(("pending",)) == []


def test_till_counts_pending_and_settled_movements(workstation):
    till_id = open_till(workstation)
    deposit = record_posting(workstation)
    withdrawal = record_posting(workstation, direction="debit", amount=30_000)
    with workstation.reading() as unit:
        assert unit.till.open_till_id("T001") == till_id and unit.till.open_till_id("T002") is None
        assert unit.till.counts(till_id) == {"N10000": 10}
        assert unit.till.counts(till_id, include_pending_out=True) == {"N10000": 9}
    with workstation.transaction() as unit:
        unit.till.settle_movements([deposit.seq], "effective")
        unit.till.settle_movements([withdrawal.seq], "void")
    with workstation.reading() as unit:
        assert unit.till.counts(till_id, include_pending_out=True) == {"N10000": 11}
        assert unit.till.cash_moved_for(deposit.seq) and not unit.till.cash_moved_for(withdrawal.seq)


def test_outbox_keeps_order_and_moves_states_once(workstation):
    open_till(workstation)
    a1 = record_posting(workstation, account="A1")
    record_posting(workstation, account="A2")
    a1_later = record_posting(workstation, account="A1")
    with workstation.reading() as unit:
        items = unit.outbox.in_states(("pending",))
        assert [i.journal_seq for i in items] == [a1.seq, a1.seq + 1, a1_later.seq]
        later = unit.outbox.by_key(f"WS01-{a1_later.seq}")
        assert [i.journal_seq for i in unit.outbox.earlier_in_states(later, ("pending",))] == [a1.seq]
    with workstation.transaction() as unit:
        assert unit.outbox.move_state(f"WS01-{a1.seq}", "pending", "failed", "t")
        assert not unit.outbox.move_state(f"WS01-{a1.seq}", "pending", "failed", "t")


def test_branch_journal_copy_and_sync_report(workstation, branch):
    open_till(workstation)
    record_posting(workstation)
    with workstation.reading() as unit:
        rows = unit.journal.rows("WS01")
    with branch.transaction() as unit:
        mark = unit.journal_sync.lock_mark("WS01")
        unit.journal.add_entries(rows)
        unit.journal_sync.set_mark(mark, "WS01", rows[-1].seq, rows[-1].hash, "t1")
        unit.journal_sync.record_problem("WS01", 3, "gap", "entry 3 is missing", "t1")
        unit.journal_sync.record_problem("WS01", 3, "gap", "entry 3 is missing", "t2")
    with branch.reading() as unit:
        assert unit.journal.head("WS01") == (rows[-1].seq, rows[-1].hash)
        assert unit.journal.verify("WS01", None).ok and unit.journal.verify("WS01", KEY).ok
        [problem] = unit.journal_sync.problems("WS01")
        assert (problem.times_seen, problem.last_seen_at) == (2, "t2")
        assert unit.journal_sync.lock_mark("WS01").last_seq == rows[-1].seq


def test_vault_gives_only_what_it_holds(branch):
    with branch.transaction() as unit:
        unit.seed.add_vault_cash({"N10000": 5})
    with branch.transaction() as unit:
        assert unit.vault.move([("N10000", 6)], -1) == ("N10000", 5, 6)
    with branch.transaction() as unit:
        assert unit.vault.move([("N10000", 2), ("N5000", 3)], +1) is None
    with branch.reading() as unit:
        assert (unit.vault.holding("N10000"), unit.vault.holding("N5000")) == (7, 3)


def test_reference_copy_round_trip(workstation, branch):
    with branch.transaction() as unit:
        unit.seed.add_staff(staff_id="T001", name="王芳", roles="cash_teller", pin_hash="h",
                            badges=[("0A1B2C3D01", "active")], now="t")
    with branch.reading() as unit:
        staff, badges = unit.reference.staff_rows(), unit.reference.badge_rows()
        assert unit.reference.staff_name("T001") == "王芳" and unit.reference.staff_names() == {"T001": "王芳"}
    with workstation.transaction() as unit:
        unit.reference.replace(staff, badges, "v1", "t")
    with workstation.reading() as unit:
        assert unit.reference.version() == "v1"


def test_print_jobs_and_passbooks(workstation):
    with workstation.transaction() as unit:
        unit.passbooks.add(passbook_id="PB1", account="A", page=1, next_line=3, at="t")
        assert unit.passbooks.add_entry("PB1", date="2026-11-23", code="存现", balance_fen=1, teller_id="T001",
                                        amount_in_fen=1, amount_out_fen=None) == 1
        job = unit.print_jobs.add(created_at="t", name="pb", layout="passbook", fields={"1.date": "20261123"},
                                  passbook_id="PB1", first_line=3, line_count=1)
    with workstation.reading() as unit:
        assert unit.passbooks.for_account("A") == "PB1" and len(unit.passbooks.unprinted("PB1")) == 1
        assert unit.print_jobs.open_for_passbook("PB1").id == job == unit.print_jobs.next_open().id
        assert unit.print_jobs.open_count() == 1 and unit.print_jobs.get(job).fields == {"1.date": "20261123"}
