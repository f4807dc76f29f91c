"""The journal (workstation store) and the branch's copy of every workstation's journal.

The append is on every posting's hot path: hand-written SQL on the driver connection of the
unit's transaction (SQLite's `?` or psycopg's `%s`, whichever the store runs on), no ORM
flush. Reads (search, verify, replication, replays) go through the ORM.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Sequence

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from teller.domain.journal_entry import GENESIS_HASH, EntryFields, canonical_json, chain_hash, entry_mac
from teller.store.driver import DriverSQL
from teller.store.models import BranchJournal, JournalColumns, OutboxItem, Till, TillMovement, WorkstationJournal

COLUMNS = ("workstation_id", "seq", "business_date", "recorded_at", "teller_id", "kind", "tx_code",
           "account", "amount_fen", "refers_to", "payload", "prev_hash", "hash", "mac")

_HEAD_SQL = "SELECT seq, hash FROM journal WHERE workstation_id = ? ORDER BY seq DESC LIMIT 1"
_REVERSAL_OF_SQL = "SELECT seq FROM journal WHERE workstation_id = ? AND refers_to = ? AND kind = 'posting'"
_INSERT_SQL = (f"INSERT INTO journal ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})")


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


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    problem: str = ""


@dataclass(frozen=True)
class JournalQuery:
    business_date: str | None = None
    tx_code: str | None = None
    account: str | None = None
    amount_fen: int | None = None
    teller_id: str | None = None
    limit: int = 500


@dataclass(frozen=True)
class JournalEntry:
    """An entry as a service reads it: the stored columns with the payload decoded."""

    workstation_id: str
    seq: int
    business_date: str
    recorded_at: str
    teller_id: str
    kind: str
    tx_code: str | None
    account: str | None
    amount_fen: int | None
    refers_to: int | None
    payload: dict
    hash: str = ""

    @classmethod
    def of(cls, row: JournalColumns) -> "JournalEntry":
        return cls(row.workstation_id, row.seq, row.business_date, row.recorded_at, row.teller_id, row.kind,
                   row.tx_code, row.account, row.amount_fen, row.refers_to, json.loads(row.payload), row.hash)


class JournalSigner:
    """Whose journal, its MAC key and its clock: what an append needs besides the transaction."""

    def __init__(self, workstation_id: str, mac_key: bytes, clock):
        self.workstation_id = workstation_id
        self.key = mac_key
        self.clock = clock

    def business_date(self) -> str:
        return self.clock.now().date().isoformat()


_VERIFIED_COLUMNS = ("workstation_id", "seq", "business_date", "recorded_at", "teller_id", "kind", "tx_code",
                     "account", "amount_fen", "refers_to", "payload", "prev_hash", "hash", "mac")
_VERIFY_BATCH = 2000  # rows fetched at a time: memory stays flat however long the journal


def recompute_hash(prev_hash: str, entry) -> str:
    """chain_hash(prev_hash, entry_fields(entry)), byte for byte, without building the dataclass
    and deep-copying it (most of a verification's time): the stored payload is parsed and written
    again in canonical form, so the check does not trust its text."""
    if entry.amount_fen is not None and type(entry.amount_fen) is not int:
        raise TypeError("journal amounts are integer fen")
    payload = entry.payload
    return chain_hash_of_parts(prev_hash, entry.workstation_id, entry.seq, entry.business_date, entry.recorded_at,
                               entry.teller_id, entry.kind, entry.tx_code, entry.account, entry.amount_fen,
                               entry.refers_to, canonical_json(json.loads(payload) if isinstance(payload, str)
                                                               else payload))


def verify_chain(rows: Iterable[JournalColumns], mac_key: bytes | None) -> VerifyReport:
    """Walks one workstation's entries in sequence order; names the first entry that is wrong.
    Without a key (the branch copy) the MACs are not checked."""
    expected_seq, prev_hash, count = 1, GENESIS_HASH, 0
    for row in rows:
        found = check_link(row, expected_seq, prev_hash)
        if found is not None:
            _kind, problem, seq = found
            return VerifyReport(False, count, seq, problem)
        if mac_key is not None and entry_mac(mac_key, row.hash) != row.mac:
            return VerifyReport(False, count, row.seq, f"entry {row.seq} has a wrong MAC")
        prev_hash, expected_seq, count = row.hash, expected_seq + 1, count + 1
    return VerifyReport(True, count)


def check_link(entry, expected_seq: int, prev_hash: str, *, sent: bool = False) -> tuple[str, str, int] | None:
    """(kind, problem, seq) when `entry` does not continue the chain at `expected_seq`, else None.
    `sent`: the entry arrived in a batch (the branch's wording of the problem)."""
    if entry.seq != expected_seq:
        found = "the next entry sent is" if sent else "next entry found is"
        return ("gap", f"entry {expected_seq} is missing ({found} {entry.seq})", expected_seq)
    if entry.prev_hash != prev_hash:
        why = " (its prev_hash is not that entry's hash)" if sent else ""
        return ("broken_chain", f"entry {entry.seq} does not follow entry {entry.seq - 1}{why}", entry.seq)
    try:
        recomputed = recompute_hash(prev_hash, entry)
    except (ValueError, TypeError) as exc:
        return ("broken_chain", f"entry {entry.seq} is unreadable: {exc}", entry.seq)
    if recomputed != entry.hash:
        return ("broken_chain", f"entry {entry.seq} was altered (hash mismatch)", entry.seq)
    return None


def check_chain(entries: Sequence, expected_seq: int, prev_hash: str) -> tuple[str, str, int] | None:
    """The first problem of a batch sent to the branch, as check_link words it for a batch."""
    for entry in entries:
        found = check_link(entry, expected_seq, prev_hash, sent=True)
        if found is not None:
            return found
        prev_hash, expected_seq = entry.hash, expected_seq + 1
    return None


class _JournalReads:
    model: type[JournalColumns]

    def __init__(self, session: Session):
        self.session = session

    def head(self, workstation_id: str) -> tuple[int, str]:
        """(last seq, its hash); (0, genesis) for an empty journal."""
        J = self.model
        row = self.session.execute(select(J.seq, J.hash).where(J.workstation_id == workstation_id)
                                   .order_by(J.seq.desc()).limit(1)).first()
        return (int(row[0]), row[1]) if row else (0, GENESIS_HASH)

    def rows(self, workstation_id: str, after: int = 0, limit: int | None = None) -> list[JournalColumns]:
        J = self.model
        stmt = select(J).where(J.workstation_id == workstation_id, J.seq > after).order_by(J.seq)
        if limit is not None:
            stmt = stmt.limit(limit)
        return list(self.session.execute(stmt).scalars())

    def verify(self, workstation_id: str, mac_key: bytes | None) -> VerifyReport:
        """Streams the rows (plain column tuples, _VERIFY_BATCH at a time, no ORM objects) into the
        walk: a journal of millions of entries is checked in flat memory (bench/journal_verify.py)."""
        table = self.model.__table__
        rows = self.session.execute(select(*(table.c[name] for name in _VERIFIED_COLUMNS))
                                    .where(table.c.workstation_id == workstation_id).order_by(table.c.seq)
                                    .execution_options(yield_per=_VERIFY_BATCH))
        try:
            return verify_chain(rows, mac_key)
        finally:
            rows.close()

    def of_kinds(self, kinds: Sequence[str], **where) -> list[JournalEntry]:
        """Entries of these kinds (any workstation unless `workstation_id=` is given), in order."""
        J = self.model
        stmt = select(J).where(J.kind.in_(kinds), *[getattr(J, k) == v for k, v in where.items()])
        return [JournalEntry.of(r) for r in self.session.execute(stmt.order_by(J.workstation_id, J.seq)).scalars()]


class JournalRepository(_JournalReads):
    """One workstation's journal in the workstation store."""

    model = WorkstationJournal

    def __init__(self, session: Session | None, signer: JournalSigner | None = None,
                 driver: DriverSQL | None = None):
        super().__init__(session)  # type: ignore[arg-type]
        self.signer = signer
        self._driver = driver

    @property
    def driver(self) -> DriverSQL:
        if self._driver is None:
            self._driver = DriverSQL.of_session(self.session)
        return self._driver

    # -- writing --------------------------------------------------------------------------
    def append(self, *, teller_id: str, kind: str, business_date: str | None = None, tx_code: str | None = None,
               account: str | None = None, amount_fen: int | None = None, refers_to: int | None = None,
               payload: dict | None = None) -> AppendedEntry:
        """A new entry at the head of this workstation's chain, in the unit's transaction
        (today's business date unless given)."""
        signer = self.signer
        if signer is None:
            raise RuntimeError("this store has no journal signer: it cannot append")
        if amount_fen is not None and type(amount_fen) is not int:
            raise TypeError("journal amounts are integer fen")
        ws = signer.workstation_id
        db = self.driver
        head = db.fetchone(_HEAD_SQL, (ws,))
        seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
        now = signer.clock.now()  # one reading: the entry's time and (unless given) its business date
        business_date = business_date or now.date().isoformat()
        recorded_at = now.isoformat(timespec="microseconds")
        payload_json = canonical_json(payload or {})
        entry_hash = chain_hash_of_parts(prev_hash, ws, seq, business_date, recorded_at, teller_id, kind, tx_code,
                                         account, amount_fen, refers_to, payload_json)
        db.execute(_INSERT_SQL, (ws, seq, business_date, recorded_at, teller_id, kind, tx_code, account, amount_fen,
                                 refers_to, payload_json, prev_hash, entry_hash, entry_mac(signer.key, entry_hash)))
        return AppendedEntry(seq, entry_hash, recorded_at)

    def verify_with_references(self, workstation_id: str, mac_key: bytes | None) -> VerifyReport:
        """The chain, then whether anything in this store points past its head: an outbox row, a
        till movement or a till naming an entry the journal no longer has. Entries cut off the end
        (not yet pushed to the branch) leave no gap in the chain; these rows give them away."""
        report = self.verify(workstation_id, mac_key)
        if not report.ok:
            return report
        head = report.entries
        beyond = [(what, seq) for what, seq in (
            ("an outbox row", self.session.execute(select(func.max(OutboxItem.journal_seq))).scalar()),
            ("a till movement", self.session.execute(select(func.max(TillMovement.journal_seq))).scalar()),
            ("a till", self.session.execute(select(func.max(func.coalesce(Till.closed_seq, Till.opened_seq))))
             .scalar())) if seq is not None and seq > head]
        if beyond:
            what, seq = max(beyond, key=lambda found: found[1])
            return VerifyReport(False, head, head + 1, f"entries after {head} are missing: {what} refers to entry "
                                                      f"{seq} (the journal was cut short)")
        return report

    def reversal_of(self, seq: int) -> int | None:
        """The posting that reverses posting `seq` of this workstation, if one was recorded: asked
        inside the posting's write transaction, so two reversals of one posting cannot both pass
        (a unique index, ws0020, stands behind it)."""
        row = self.driver.fetchone(_REVERSAL_OF_SQL, (self.signer.workstation_id, seq))
        return row[0] if row else None

    # -- reading --------------------------------------------------------------------------
    def entry(self, seq: int, workstation_id: str | None = None) -> JournalEntry | None:
        row = self.session.get(WorkstationJournal, (workstation_id or self._ws(), seq))
        return JournalEntry.of(row) if row is not None else None

    def latest_outcome_kind(self, seq: int) -> str | None:
        """The kind of the newest entry pointing at `seq` (the core's answer to a posting)."""
        J = WorkstationJournal
        return self.session.execute(select(J.kind).where(J.workstation_id == self._ws(), J.refers_to == seq)
                                    .order_by(J.seq.desc()).limit(1)).scalar_one_or_none()

    def search(self, workstation_id: str, query: JournalQuery) -> list[WorkstationJournal]:
        J = WorkstationJournal
        stmt = select(J).where(J.workstation_id == workstation_id)
        for column, value in ((J.business_date, query.business_date), (J.tx_code, query.tx_code),
                              (J.amount_fen, query.amount_fen), (J.teller_id, query.teller_id)):
            if value is not None and value != "":
                stmt = stmt.where(column == value)
        if query.account:
            stmt = stmt.where(J.account.contains(query.account))
        return list(self.session.execute(stmt.order_by(J.seq.desc()).limit(query.limit)).scalars())

    def since(self, first_seq: int, *, teller_id: str, or_kinds: Sequence[str] = ()) -> list[JournalEntry]:
        """This workstation's entries from `first_seq` on by a teller (and any of `or_kinds`), in order."""
        J = WorkstationJournal
        who = J.teller_id == teller_id
        if or_kinds:
            who = who | J.kind.in_(or_kinds)
        rows = self.session.execute(select(J).where(J.workstation_id == self._ws(), J.seq >= first_seq, who)
                                    .order_by(J.seq)).scalars()
        return [JournalEntry.of(r) for r in rows]

    def total_amount(self, *, kind: str, teller_id: str, business_date: str, tx_codes: Sequence[str]) -> int:
        """Sum of the amounts of one teller's entries of a kind on a day, for some codes."""
        J = WorkstationJournal
        return int(self.session.execute(select(func.coalesce(func.sum(J.amount_fen), 0)).where(
            J.workstation_id == self._ws(), J.kind == kind, J.teller_id == teller_id,
            J.business_date == business_date, J.tx_code.in_(tx_codes))).scalar())

    def local_head_seq(self, workstation_id: str) -> int:
        J = WorkstationJournal
        return int(self.session.execute(select(func.coalesce(func.max(J.seq), 0))
                                        .where(J.workstation_id == workstation_id)).scalar())

    def _ws(self) -> str:
        if self.signer is None:
            raise RuntimeError("this store does not know its workstation")
        return self.signer.workstation_id


class BranchJournalRepository(_JournalReads):
    """The branch's append-only copy of every workstation's journal."""

    model = BranchJournal

    def add_entries(self, entries: Sequence) -> None:
        self.session.execute(insert(BranchJournal), [{name: getattr(e, name) for name in COLUMNS} for e in entries])


def chain_hash_of_parts(prev_hash: str, workstation_id: str, seq: int, business_date: str, recorded_at: str,
                        teller_id: str, kind: str, tx_code, account, amount_fen, refers_to, payload_json: str) -> str:
    """chain_hash of an entry whose payload is already canonical JSON, without building the
    EntryFields and deep-copying it (dataclasses.asdict): the same bytes, keys in sorted order."""
    from teller.domain.journal_entry import canonical_entry_bytes
    import hashlib

    return hashlib.sha256(bytes.fromhex(prev_hash) + canonical_entry_bytes(
        workstation_id, seq, business_date, recorded_at, teller_id, kind, tx_code, account, amount_fen, refers_to,
        payload_json)).hexdigest()
