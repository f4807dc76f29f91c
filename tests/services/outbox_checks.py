"""Compares a workstation's journal and outbox, the branch store's copy of the journal and the
core emulator's ledger, entry by entry (`check_three_ways`, called at the end of every fault test)."""
from __future__ import annotations

import json
from collections import Counter, defaultdict

from sqlalchemy import select

from teller.core.ledger import Ledger, Posting
from teller.services.journal import verify_workstation_journal
from teller.store.models import BranchJournal, OutboxItem, WorkstationJournal
from teller.sync.branch_sync import verify_branch_copy
from teller.sync.outbox import OPEN_STATES

OUTCOME_KINDS = {"approved": "host_approved", "reversed": "host_reversed", "rejected": "host_rejected"}


def core_entries(core) -> list[Posting]:
    """The core's ledger: from its HTTP listing (GET /ledger) when given a gateway, from its
    SQLite file when given the path (a core that is stopped)."""
    if hasattr(core, "ledger"):
        return [Posting(**row) for row in core.ledger()]
    ledger = Ledger(str(core))
    try:
        return ledger.ledger_entries()
    finally:
        ledger.close()


def outbox_rows(ctx) -> list[OutboxItem]:
    with ctx.workstation_db() as db:
        return list(db.execute(select(OutboxItem).order_by(OutboxItem.id)).scalars())


def journal_rows(ctx) -> list[WorkstationJournal]:
    with ctx.workstation_db() as db:
        return list(db.execute(select(WorkstationJournal).order_by(WorkstationJournal.seq)).scalars())


def check_against_core(ctx, core_db, mac_key: bytes | None = None, *, allow_open: bool = False,
                       foreign_keys=frozenset()) -> dict:
    """Every posting done exactly once at the core or still resumable, none twice; per-account
    order at the core is the order of recording; one outcome entry in the journal per settlement.
    `foreign_keys`: keys the core holds for postings of another incarnation of this workstation
    (a store restored from a backup); the items recorded again under them must be set aside.
    Returns the outbox states counted."""
    items = outbox_rows(ctx)
    entries = [e for e in core_entries(core_db) if e.workstation == ctx.workstation_id]
    keys = Counter(e.key for e in entries)
    assert all(n == 1 for n in keys.values()), f"posted twice at the core: {[k for k, n in keys.items() if n > 1]}"
    by_key = {e.key: e for e in entries if e.key not in foreign_keys}
    ours = {i.idempotency_key: i for i in items}
    assert set(by_key) <= set(ours), f"the core holds postings the workstation never recorded: {set(by_key) - set(ours)}"
    journal = journal_rows(ctx)
    outcomes = defaultdict(list)
    for entry in journal:
        if entry.kind != "posting" and entry.refers_to is not None:
            outcomes[entry.refers_to].append(entry.kind)
    for item in items:
        at_core = by_key.get(item.idempotency_key)
        if at_core is not None:  # the same posting, not another one under its key
            assert (at_core.account, at_core.direction, at_core.amount_fen) == \
                (item.account, item.direction, item.amount_fen), item.idempotency_key
        kinds = outcomes[item.journal_seq]
        if item.state == "approved":
            assert at_core is not None and at_core.status == "approved", item.idempotency_key
            assert kinds.count("host_approved") == 1, (item.idempotency_key, kinds)
        elif item.state == "reversed":
            assert at_core is None or at_core.status in ("reversed", "rejected"), item.idempotency_key
            assert kinds.count("host_reversed") == 1, (item.idempotency_key, kinds)
        elif item.state == "rejected":
            assert at_core is not None and at_core.status == "rejected", item.idempotency_key
            assert kinds.count("host_rejected") == 1, (item.idempotency_key, kinds)
        elif item.state == "failed":
            assert item.failed_reason, item.idempotency_key
            if item.idempotency_key in foreign_keys:
                assert item.idempotency_key in item.failed_reason and kinds == ["host_key_reused"], \
                    (item.idempotency_key, item.failed_reason, kinds)
        else:
            assert item.state in OPEN_STATES
            assert allow_open, f"{item.idempotency_key} still open ({item.state})"
            # resumable: not settled in the journal yet
            assert not {"host_approved", "host_rejected", "host_reversed"} & set(kinds), item.idempotency_key
    # per-account order: the core received each account's postings in the order they were recorded
    seq_of = {i.idempotency_key: i.id for i in items}
    per_account = defaultdict(list)
    for entry in by_key.values():
        per_account[entry.account].append(seq_of[entry.key])
    for account, ids in per_account.items():
        assert ids == sorted(ids), f"account {account}: the core got them out of order: {ids}"
    if mac_key is not None:
        with ctx.workstation_db() as db:
            report = verify_workstation_journal(db, ctx.workstation_id, mac_key)
        assert report.ok, report
    return Counter(i.state for i in items)


SETTLING_KINDS = {"host_approved": {"approved"}, "host_rejected": {"rejected"},
                  "host_rejected_after_offline": {"rejected"},
                  # a withdrawal never paid out: reversed at the core, or never there (tombstoned)
                  "host_reversed": {"reversed", "rejected", None}}
JOURNAL_COLUMNS = [c.name for c in WorkstationJournal.__table__.columns]


def _journal_copy(sessionmaker, model, workstation_id: str) -> list[tuple]:
    with sessionmaker() as db:
        rows = db.execute(select(model).where(model.workstation_id == workstation_id).order_by(model.seq)).scalars()
        return [tuple(getattr(r, c) for c in JOURNAL_COLUMNS) for r in rows]


def check_three_ways(ws, core, *, allow_open: bool = False, foreign_keys=frozenset()) -> Counter:
    """The end of every fault test: pushes the workstation journal to the branch store, then
    compares entry by entry the workstation journal, the branch copy and the core's ledger
    (`core`: a gateway, or the ledger file of a stopped core).

    - the branch copy is the local journal, every column of every entry, and verifies (MACs too);
    - each posting the branch copy holds is at the core with its account, direction, amount,
      code and teller, and its journaled outcome is what the core did: approved once, rejected,
      or (a withdrawal never paid) reversed or never there; a posting without an outcome is
      still open and resumable (only with `allow_open`) or in the exception queue;
    - the core holds nothing of this workstation's that the journal does not (except
      `foreign_keys`, postings of a lost incarnation of the store), and nothing twice.
    Then the outbox is checked against the core as well (`check_against_core`). Returns the
    outbox states counted."""
    ctx = ws.ctx
    pushed = ws.replicator.push()
    assert pushed.ok, f"journal push to the branch store failed: {pushed}"
    local = _journal_copy(ctx.workstation_db, WorkstationJournal, ctx.workstation_id)
    branch = _journal_copy(ctx.branch_db, BranchJournal, ctx.workstation_id)
    assert len(branch) == len(local), f"branch copy has {len(branch)} entries, the journal {len(local)}"
    for mine, theirs in zip(local, branch):
        assert mine == theirs, f"branch copy of entry {mine[1]} differs: {theirs} != {mine}"
    report = verify_branch_copy(ctx.branch, ctx.workstation_id, ws.mac_key)
    assert report.ok and report.entries == len(local), report

    rows = [dict(zip(JOURNAL_COLUMNS, row)) for row in branch]
    postings = {r["seq"]: r for r in rows if r["kind"] == "posting"}
    outcomes = defaultdict(list)
    for r in rows:
        if r["kind"] != "posting" and r["refers_to"] in postings:
            outcomes[r["refers_to"]].append(r["kind"])
    at_core = [e for e in core_entries(core) if e.workstation == ctx.workstation_id]
    assert len({e.key for e in at_core}) == len(at_core), "a key twice in the core's ledger"
    by_key = {e.key: e for e in at_core}
    keys = {f"{ctx.workstation_id}-{seq}": seq for seq in postings}
    unknown = set(by_key) - set(keys) - set(foreign_keys)
    assert not unknown, f"the core holds postings no journal entry records: {sorted(unknown)}"
    states = {i.idempotency_key: i.state for i in outbox_rows(ctx)}
    for key, seq in keys.items():
        entry, posting = by_key.get(key), postings[seq]
        if key in foreign_keys:  # another posting under a reused key: set aside, never settled
            assert outcomes[seq] == ["host_key_reused"], (key, outcomes[seq])
            continue
        if entry is not None:
            direction = json.loads(posting["payload"])["direction"]
            assert (entry.account, entry.direction, entry.amount_fen, entry.tx_code, entry.teller) == \
                (posting["account"], direction, posting["amount_fen"], posting["tx_code"], posting["teller_id"]), key
        settled = [k for k in outcomes[seq] if k in SETTLING_KINDS]
        assert len(settled) <= 1, f"{key} settled more than once: {settled}"
        if settled:
            assert (entry.status if entry else None) in SETTLING_KINDS[settled[0]], (key, settled, entry)
        elif states[key] in OPEN_STATES:  # no outcome yet: resumable
            assert allow_open, f"{key} still open ({states[key]})"
        else:  # no outcome from the core: an exception for the supervisor
            assert states[key] == "failed", (key, states[key])
    return check_against_core(ctx, core, ws.mac_key, allow_open=allow_open, foreign_keys=foreign_keys)
