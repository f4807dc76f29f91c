"""Compares a workstation's journal and outbox with the core emulator's ledger, entry by entry."""
from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import select

from teller.core.ledger import Ledger
from teller.services.journal import verify_workstation_journal
from teller.store.models import OutboxItem, WorkstationJournal
from teller.sync.outbox import OPEN_STATES

OUTCOME_KINDS = {"approved": "host_approved", "reversed": "host_reversed", "rejected": "host_rejected"}


def core_entries(db_path):
    ledger = Ledger(str(db_path))
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


def check_against_core(ctx, core_db, mac_key: bytes | None = None, *, allow_open: bool = False) -> dict:
    """Every posting done exactly once at the core or still resumable, none twice; per-account
    order at the core is the order of recording; one outcome entry in the journal per settlement.
    Returns the outbox states counted."""
    items = outbox_rows(ctx)
    entries = [e for e in core_entries(core_db) if e.workstation == ctx.workstation_id]
    keys = Counter(e.key for e in entries)
    assert all(n == 1 for n in keys.values()), f"posted twice at the core: {[k for k, n in keys.items() if n > 1]}"
    by_key = {e.key: e for e in entries}
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
        else:
            assert item.state in OPEN_STATES
            assert allow_open, f"{item.idempotency_key} still open ({item.state})"
            # resumable: not settled in the journal yet
            assert not {"host_approved", "host_rejected", "host_reversed"} & set(kinds), item.idempotency_key
    # per-account order: the core received each account's postings in the order they were recorded
    seq_of = {i.idempotency_key: i.id for i in items}
    per_account = defaultdict(list)
    for entry in entries:
        per_account[entry.account].append(seq_of[entry.key])
    for account, ids in per_account.items():
        assert ids == sorted(ids), f"account {account}: the core got them out of order: {ids}"
    if mac_key is not None:
        with ctx.workstation_db() as db:
            report = verify_workstation_journal(db, ctx.workstation_id, mac_key)
        assert report.ok, report
    return Counter(i.state for i in items)
