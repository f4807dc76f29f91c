"""The teller journal: append entries to the hash chain, verify it, search it."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
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


# The fields of the canonical form, in EntryFields' order (what asdict(EntryFields(...)) holds),
# then what the chain stores about each entry: the order of the tuples the verification walks.
_CANONICAL_FIELDS = tuple(f.name for f in dataclass_fields(EntryFields))
_VERIFIED_COLUMNS = (*_CANONICAL_FIELDS, "prev_hash", "hash", "mac")
_SEQ, _PAYLOAD, _PREV_HASH, _HASH, _MAC = (_VERIFIED_COLUMNS.index(name)
                                           for name in ("seq", "payload", "prev_hash", "hash", "mac"))
_VERIFY_BATCH = 2000  # rows fetched at a time: memory stays flat however long the journal


def _tuple_chain_hash(prev_hash: str, entry: tuple) -> str:
    """chain_hash(prev_hash, entry_fields(row)), byte for byte, from a tuple in _VERIFIED_COLUMNS
    order without building the dataclass: asdict()'s deep copy is most of a verification's time
    (tests/services/test_journal_verify.py checks the two agree)."""
    values = dict(zip(_CANONICAL_FIELDS, entry))
    values["payload"] = json.loads(entry[_PAYLOAD])
    amount = values["amount_fen"]
    if amount is not None and not isinstance(amount, int):
        raise TypeError("journal amounts are integer fen")
    return hashlib.sha256(bytes.fromhex(prev_hash) + canonical_json(values).encode("utf-8")).hexdigest()


def verify_chain(rows: Iterable[JournalColumns], mac_key: bytes) -> VerifyReport:
    """Walks one workstation's entries in sequence order; names the first entry that is wrong."""
    return _verify_entries((tuple(getattr(row, name) for name in _VERIFIED_COLUMNS) for row in rows), mac_key)


def _verify_entries(entries: Iterable[tuple], mac_key: bytes) -> VerifyReport:
    """verify_chain over tuples in _VERIFIED_COLUMNS order, consumed once, as they come (a
    stream is never held whole)."""
    expected_seq, prev_hash, count = 1, GENESIS_HASH, 0
    for entry in entries:
        seq = entry[_SEQ]
        if seq != expected_seq:
            return VerifyReport(False, count, expected_seq,
                                f"entry {expected_seq} is missing (next entry found is {seq})")
        if entry[_PREV_HASH] != prev_hash:
            return VerifyReport(False, count, seq, f"entry {seq} does not follow entry {seq - 1}")
        try:
            recomputed = _tuple_chain_hash(prev_hash, entry)
        except (ValueError, TypeError) as exc:
            return VerifyReport(False, count, seq, f"entry {seq} is unreadable: {exc}")
        if recomputed != entry[_HASH]:
            return VerifyReport(False, count, seq, f"entry {seq} was altered (hash mismatch)")
        if entry_mac(mac_key, recomputed) != entry[_MAC]:
            return VerifyReport(False, count, seq, f"entry {seq} has a wrong MAC")
        prev_hash, expected_seq, count = recomputed, expected_seq + 1, count + 1
    return VerifyReport(True, count)


def verify_workstation_journal(db: Session, workstation_id: str, mac_key: bytes,
                               model=WorkstationJournal) -> VerifyReport:
    """Streams the rows (plain column tuples, fetched _VERIFY_BATCH at a time, no ORM objects)
    into the walk: a journal of millions of entries is checked in flat memory."""
    table = model.__table__
    rows = db.execute(select(*(table.c[name] for name in _VERIFIED_COLUMNS))
                      .where(table.c.workstation_id == workstation_id).order_by(table.c.seq)
                      .execution_options(yield_per=_VERIFY_BATCH))
    try:
        return _verify_entries(rows.tuples(), mac_key)
    finally:
        rows.close()


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
