"""The teller journal: append entries to the hash chain, verify it, search it."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from teller.domain.journal_entry import (GENESIS_HASH, EntryFields, canonical_json, chain_hash,
                                         entry_mac)
from teller.store.models import JournalColumns, WorkstationJournal


def entry_fields(row: JournalColumns) -> EntryFields:
    return EntryFields(
        workstation_id=row.workstation_id, seq=row.seq, business_date=row.business_date,
        recorded_at=row.recorded_at, teller_id=row.teller_id, kind=row.kind, tx_code=row.tx_code,
        account=row.account, amount_fen=row.amount_fen, refers_to=row.refers_to,
        payload=json.loads(row.payload))


@dataclass(frozen=True)
class AppendedEntry:
    seq: int
    hash: str
    recorded_at: str


_HEAD_SQL = "SELECT seq, hash FROM journal WHERE workstation_id = ? ORDER BY seq DESC LIMIT 1"
_INSERT_SQL = ("INSERT INTO journal (workstation_id, seq, business_date, recorded_at, teller_id, kind, tx_code, "
               "account, amount_fen, refers_to, payload, prev_hash, hash, mac) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


class Journal:
    """Appends to one workstation's journal inside the caller's SQLite transaction.

    Plain SQL on the DBAPI connection: the append is on every posting's hot path and
    the workstation store is always SQLite (design.md).
    """

    def __init__(self, workstation_id: str, mac_key: bytes, clock):
        self.workstation_id = workstation_id
        self._key = mac_key
        self._clock = clock

    def append(self, conn, *, teller_id: str, kind: str, business_date: str,
               tx_code: str | None = None, account: str | None = None, amount_fen: int | None = None,
               refers_to: int | None = None, payload: dict | None = None) -> AppendedEntry:
        head = conn.execute(_HEAD_SQL, (self.workstation_id,)).fetchone()
        seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
        fields = EntryFields(
            workstation_id=self.workstation_id, seq=seq, business_date=business_date,
            recorded_at=self._clock.now().isoformat(timespec="microseconds"), teller_id=teller_id,
            kind=kind, tx_code=tx_code, account=account, amount_fen=amount_fen, refers_to=refers_to,
            payload=payload or {})
        entry_hash = chain_hash(prev_hash, fields)
        conn.execute(_INSERT_SQL, (self.workstation_id, seq, business_date, fields.recorded_at, teller_id, kind,
                                   tx_code, account, amount_fen, refers_to, canonical_json(fields.payload),
                                   prev_hash, entry_hash, entry_mac(self._key, entry_hash)))
        return AppendedEntry(seq, entry_hash, fields.recorded_at)


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    problem: str = ""


def verify_chain(rows: Iterable[JournalColumns], mac_key: bytes) -> VerifyReport:
    """Walks one workstation's entries in sequence order; names the first entry that is wrong."""
    expected_seq, prev_hash, count = 1, GENESIS_HASH, 0
    for row in rows:
        if row.seq != expected_seq:
            return VerifyReport(False, count, expected_seq,
                                f"entry {expected_seq} is missing (next entry found is {row.seq})")
        if row.prev_hash != prev_hash:
            return VerifyReport(False, count, row.seq, f"entry {row.seq} does not follow entry {row.seq - 1}")
        try:
            recomputed = chain_hash(prev_hash, entry_fields(row))
        except (ValueError, TypeError) as exc:
            return VerifyReport(False, count, row.seq, f"entry {row.seq} is unreadable: {exc}")
        if recomputed != row.hash:
            return VerifyReport(False, count, row.seq, f"entry {row.seq} was altered (hash mismatch)")
        if entry_mac(mac_key, row.hash) != row.mac:
            return VerifyReport(False, count, row.seq, f"entry {row.seq} has a wrong MAC")
        prev_hash, expected_seq, count = row.hash, expected_seq + 1, count + 1
    return VerifyReport(True, count)


def verify_workstation_journal(db: Session, workstation_id: str, mac_key: bytes,
                               model=WorkstationJournal) -> VerifyReport:
    rows = db.execute(select(model).where(model.workstation_id == workstation_id)
                      .order_by(model.seq)).scalars()
    return verify_chain(rows, mac_key)


@dataclass(frozen=True)
class JournalQuery:
    business_date: str | None = None
    tx_code: str | None = None
    account: str | None = None
    amount_fen: int | None = None
    teller_id: str | None = None
    limit: int = 500


def search_journal(db: Session, workstation_id: str, query: JournalQuery) -> list[WorkstationJournal]:
    J = WorkstationJournal
    stmt = select(J).where(J.workstation_id == workstation_id)
    for column, value in ((J.business_date, query.business_date), (J.tx_code, query.tx_code),
                          (J.amount_fen, query.amount_fen), (J.teller_id, query.teller_id)):
        if value is not None and value != "":
            stmt = stmt.where(column == value)
    if query.account:
        stmt = stmt.where(J.account.contains(query.account))
    return list(db.execute(stmt.order_by(J.seq.desc()).limit(query.limit)).scalars())
