"""The emulated core ledger: accounts and postings in one SQLite file.

Postings are idempotent by the caller's key: the first request decides, every repeat gets
the stored answer; a repeat with a different payload is a `KeyConflict`. Rejections are
business answers and are stored under the key like approvals. A timeout reversal (冲正)
names the original key; if the original has not arrived yet a tombstone makes sure it is
rejected (`reversed_before_arrival`) when it does; a reversal that names what it reverses
is refused (`KeyConflict`) when the posting under the key is another one. Amounts are
integer fen. The core keeps its own clock (`clock_offset_s` runs it ahead of or behind this
machine's, for clock-skew tests); its business date is Beijing time.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import threading
from dataclasses import asdict, dataclass

from teller.domain.money import MAX_AMOUNT, to_fen

DIRECTIONS = ("credit", "debit")
CORE_TZ = dt.timezone(dt.timedelta(hours=8), "CST")  # the core's business day: Beijing time
ACCOUNT_STATUSES = ("active", "frozen", "closed")
# The largest amount one request may carry (999,999,999,999.99), configurable per ledger; above
# it the request is malformed (HTTP 400), not a business rejection.
MAX_AMOUNT_FEN = to_fen(MAX_AMOUNT)
# Balances stay far inside SQLite's 64-bit INTEGER (beyond it SQLite silently turns the column
# into a float): a posting that would take a balance past this bound is rejected.
MAX_BALANCE_FEN = 10**17 - 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    account TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    currency TEXT NOT NULL,
    balance_fen INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'frozen', 'closed'))
);
CREATE TABLE IF NOT EXISTS postings (
    key TEXT PRIMARY KEY,
    account TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('credit', 'debit')),
    amount_fen INTEGER NOT NULL,
    tx_code TEXT NOT NULL,
    workstation TEXT NOT NULL,
    teller TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('approved', 'rejected', 'reversed')),
    reason TEXT,
    balance_after_fen INTEGER,
    core_ref TEXT,
    created_at TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    reversed_at TEXT,
    reversal_balance_fen INTEGER
);
CREATE TABLE IF NOT EXISTS cards (
    pan TEXT PRIMARY KEY,
    account TEXT NOT NULL REFERENCES accounts(account)
);
CREATE TABLE IF NOT EXISTS reversal_tombstones (
    key TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);
"""


class LedgerError(Exception):
    code = "ledger_error"


class KeyConflict(LedgerError):
    """The key is already used by a posting with a different payload."""

    code = "idempotency_conflict"


class UnknownAccount(LedgerError):
    code = "unknown_account"


class AccountExists(LedgerError):
    code = "account_exists"


class InvalidRequest(LedgerError):
    """A malformed request (wrong type, unknown direction or status): nothing is stored."""

    code = "invalid_request"


@dataclass(frozen=True)
class Account:
    account: str
    name: str
    currency: str
    balance_fen: int
    status: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Posting:
    key: str
    account: str
    direction: str
    amount_fen: int
    tx_code: str
    workstation: str
    teller: str
    status: str
    reason: str | None
    balance_after_fen: int | None
    core_ref: str | None
    created_at: str
    request_hash: str
    reversed_at: str | None = None
    reversal_balance_fen: int | None = None

    def answer(self) -> dict:
        """What the core tells the caller: the same for the first request and every repeat."""
        balance = self.reversal_balance_fen if self.status == "reversed" else self.balance_after_fen
        return {"key": self.key, "status": self.status, "reason": self.reason,
                "balance_fen": balance, "core_ref": self.core_ref}

    def lookup(self) -> dict:
        """The answer to "what is under this key": the answer and the posting behind it, so the
        caller can tell its own posting from another one that reused the key."""
        return {**self.answer(), "account": self.account, "direction": self.direction,
                "amount_fen": self.amount_fen, "tx_code": self.tx_code,
                "workstation": self.workstation, "teller": self.teller}

    def to_dict(self) -> dict:
        return asdict(self)


REQUEST_FIELDS = ("account", "direction", "amount_fen", "tx_code", "workstation", "teller")


def request_hash(account: str, direction: str, amount_fen: int, tx_code: str,
                 workstation: str, teller: str) -> str:
    payload = {"account": account, "direction": direction, "amount_fen": amount_fen,
               "tx_code": tx_code, "workstation": workstation, "teller": teller}
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _require_int(name: str, value: object) -> int:
    if type(value) is not int:  # bool and float are not amounts
        raise InvalidRequest(f"{name} must be an integer number of fen")
    return value


def _require_fen(name: str, value: object, maximum: int) -> int:
    """An integer amount of fen whose size is at most `maximum` (either sign: a negative amount
    is a business rejection, a huge one a malformed request)."""
    _require_int(name, value)
    if abs(value) > maximum:
        raise InvalidRequest(f"{name} exceeds the maximum of {maximum} fen")
    return value


def _require_str(name: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidRequest(f"{name} must be a non-empty string")
    return value


class Ledger:
    """One SQLite connection shared by all threads; every operation runs under one lock."""

    def __init__(self, path: str, clock_offset_s: float = 0.0, max_amount_fen: int = MAX_AMOUNT_FEN):
        self.path = str(path)
        if type(max_amount_fen) is not int or not 0 < max_amount_fen <= MAX_AMOUNT_FEN:
            raise ValueError(f"max_amount_fen must be 1..{MAX_AMOUNT_FEN}")
        self.max_amount_fen = max_amount_fen
        self.clock_offset = dt.timedelta(seconds=clock_offset_s)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def now(self) -> dt.datetime:
        """The core's clock (UTC): this machine's, moved by the configured offset."""
        return dt.datetime.now(dt.timezone.utc) + self.clock_offset

    def _now_text(self) -> str:
        return self.now().isoformat(timespec="microseconds")

    # -- transactions -------------------------------------------------------------------
    def _write(self, fn):
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                result = fn(self._db)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return result

    def _read(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # -- accounts ----------------------------------------------------------------------
    def create_account(self, account: str, name: str, balance_fen: int = 0,
                       currency: str = "CNY", status: str = "active") -> Account:
        _require_str("account", account)
        _require_str("name", name)
        _require_str("currency", currency)
        _require_fen("balance_fen", balance_fen, MAX_BALANCE_FEN)
        if status not in ACCOUNT_STATUSES:
            raise InvalidRequest(f"status must be one of {', '.join(ACCOUNT_STATUSES)}")

        def tx(db: sqlite3.Connection) -> Account:
            if db.execute("SELECT 1 FROM accounts WHERE account = ?", (account,)).fetchone():
                raise AccountExists(f"account {account} already exists")
            db.execute("INSERT INTO accounts (account, name, currency, balance_fen, status)"
                       " VALUES (?, ?, ?, ?, ?)", (account, name, currency, balance_fen, status))
            return Account(account, name, currency, balance_fen, status)

        return self._write(tx)

    def get_account(self, account: str) -> Account | None:
        rows = self._read("SELECT * FROM accounts WHERE account = ?", (account,))
        return Account(**dict(rows[0])) if rows else None

    def set_status(self, account: str, status: str) -> Account:
        if status not in ACCOUNT_STATUSES:
            raise InvalidRequest(f"status must be one of {', '.join(ACCOUNT_STATUSES)}")

        def tx(db: sqlite3.Connection) -> Account:
            if db.execute("UPDATE accounts SET status = ? WHERE account = ?",
                          (status, account)).rowcount == 0:
                raise UnknownAccount("unknown account")
            row = db.execute("SELECT * FROM accounts WHERE account = ?", (account,)).fetchone()
            return Account(**dict(row))

        return self._write(tx)

    def accounts(self) -> list[Account]:
        return [Account(**dict(r)) for r in self._read("SELECT * FROM accounts ORDER BY account")]

    # -- postings ----------------------------------------------------------------------
    def post(self, key: str, account: str, direction: str, amount_fen: int, tx_code: str,
             workstation: str, teller: str) -> Posting:
        for name, value in (("key", key), ("account", account), ("tx_code", tx_code),
                            ("workstation", workstation), ("teller", teller)):
            _require_str(name, value)
        if direction not in DIRECTIONS:
            raise InvalidRequest("direction must be 'credit' or 'debit'")
        _require_fen("amount_fen", amount_fen, self.max_amount_fen)
        digest = request_hash(account, direction, amount_fen, tx_code, workstation, teller)

        def tx(db: sqlite3.Connection) -> Posting:
            row = db.execute("SELECT * FROM postings WHERE key = ?", (key,)).fetchone()
            if row is not None:
                if row["request_hash"] != digest:
                    raise KeyConflict(f"key {key!r} was already used for a different posting")
                return Posting(**dict(row))
            reason = self._rejection(db, key, account, direction, amount_fen)
            status, balance_after, core_ref = "rejected", None, None
            if reason is None:
                balance_after = self._move_balance(db, account, direction, amount_fen)
                status = "approved"
                # postings are never deleted: the next rowid is the count + 1, found without a
                # full scan (COUNT(*) made each posting slower the longer the ledger grew)
                seq = db.execute("SELECT COALESCE(MAX(rowid), 0) FROM postings").fetchone()[0] + 1
                core_ref = f"CORE{self.now().astimezone(CORE_TZ):%Y%m%d}{seq:08d}"
            posting = Posting(key, account, direction, amount_fen, tx_code, workstation, teller,
                              status, reason, balance_after, core_ref, self._now_text(), digest)
            fields = posting.to_dict()
            db.execute(f"INSERT INTO postings ({', '.join(fields)}) VALUES"
                       f" ({', '.join('?' for _ in fields)})", tuple(fields.values()))
            return posting

        return self._write(tx)

    @staticmethod
    def _rejection(db: sqlite3.Connection, key: str, account: str, direction: str,
                   amount_fen: int) -> str | None:
        if db.execute("SELECT 1 FROM reversal_tombstones WHERE key = ?", (key,)).fetchone():
            return "reversed_before_arrival"
        if amount_fen <= 0:
            return "invalid_amount"
        acct = db.execute("SELECT balance_fen, status FROM accounts WHERE account = ?",
                          (account,)).fetchone()
        if acct is None:
            return "unknown_account"
        if acct["status"] == "closed":
            return "account_closed"
        if acct["status"] == "frozen":  # the emulator freezes fully: no credits, no debits
            return "frozen_account"
        if direction == "debit" and amount_fen > acct["balance_fen"]:
            return "insufficient_funds"
        if direction == "credit" and acct["balance_fen"] + amount_fen > MAX_BALANCE_FEN:
            return "balance_limit"
        return None

    @staticmethod
    def _move_balance(db: sqlite3.Connection, account: str, direction: str, amount_fen: int) -> int:
        """Adds or takes the amount in Python integers and stores the result: never SQLite's
        `balance + ?`, which turns into a float past 2**63 instead of failing."""
        current = db.execute("SELECT balance_fen FROM accounts WHERE account = ?",
                             (account,)).fetchone()[0]
        if type(current) is not int:
            raise LedgerError(f"balance of {account} is not an integer: {current!r}")
        balance = current + amount_fen if direction == "credit" else current - amount_fen
        if abs(balance) > MAX_BALANCE_FEN:
            raise LedgerError(f"balance of {account} would leave the integer range")
        db.execute("UPDATE accounts SET balance_fen = ? WHERE account = ?", (balance, account))
        return balance

    def get_posting(self, key: str) -> Posting | None:
        rows = self._read("SELECT * FROM postings WHERE key = ?", (key,))
        return Posting(**dict(rows[0])) if rows else None

    def reverse(self, key: str, original: dict | None = None) -> Posting | None:
        """Timeout reversal by the original key; None means a tombstone now guards the key.

        `original` (account, direction, amount_fen, tx_code, workstation, teller), when given,
        is what the caller means to reverse: a posting under the key with another payload is
        refused (`KeyConflict`) and nothing changes."""
        _require_str("key", key)
        digest = None
        if original is not None:
            try:
                digest = request_hash(**{f: original[f] for f in REQUEST_FIELDS})
            except (KeyError, TypeError):
                raise InvalidRequest(f"a reversal names the original's {', '.join(REQUEST_FIELDS)}"
                                     ) from None

        def tx(db: sqlite3.Connection) -> Posting | None:
            if db.execute("SELECT 1 FROM reversal_tombstones WHERE key = ?", (key,)).fetchone():
                return None
            row = db.execute("SELECT * FROM postings WHERE key = ?", (key,)).fetchone()
            if row is None:
                db.execute("INSERT INTO reversal_tombstones (key, created_at) VALUES (?, ?)",
                           (key, self._now_text()))
                return None
            if digest is not None and row["request_hash"] != digest:
                raise KeyConflict(f"key {key!r} is used by a different posting: not reversed")
            if row["status"] != "approved":  # already reversed, or rejected: nothing to undo
                return Posting(**dict(row))
            # Undo unconditionally: reversing a credit may overdraw, the core records it anyway.
            undo = "debit" if row["direction"] == "credit" else "credit"
            balance = self._move_balance(db, row["account"], undo, row["amount_fen"])
            db.execute("UPDATE postings SET status = 'reversed', reversed_at = ?,"
                       " reversal_balance_fen = ? WHERE key = ?", (self._now_text(), balance, key))
            return Posting(**dict(db.execute("SELECT * FROM postings WHERE key = ?",
                                             (key,)).fetchone()))

        return self._write(tx)

    def link_card(self, pan: str, account: str) -> None:
        """A bank card issued on an account (the core knows cards; workstations keep no PAN)."""
        if self.get_account(account) is None:
            raise UnknownAccount(account)
        self._write(lambda db: db.execute("INSERT OR REPLACE INTO cards (pan, account) VALUES (?, ?)",
                                          (pan, account)))

    def account_for_card(self, pan: str) -> Account | None:
        rows = self._read("SELECT account FROM cards WHERE pan = ?", (pan,))
        return self.get_account(rows[0]["account"]) if rows else None

    def ledger_entries(self) -> list[Posting]:
        """Every posting in arrival order (for tests comparing ledgers)."""
        return [Posting(**dict(r)) for r in self._read("SELECT * FROM postings ORDER BY rowid")]


DEMO_ACCOUNTS = (
    ("44010001000000017", "张伟 ZHANG WEI", 1_250_000_00, "active"),
    ("44010001000000025", "王芳 WANG FANG", 86_432_15, "active"),
    ("44010001000000033", "李娜 LI NA", 3_000_000_00, "active"),
    ("44010001000000041", "刘洋 LIU YANG", 523_180_50, "frozen"),
    ("44010001000000058", "陈静 CHEN JING", 100_00, "active"),
    ("44010001000000066", "广州市海珠区明达贸易有限公司 MINGDA TRADING CO LTD", 9_876_543_21, "active"),
)


# Demo bank cards: the virtual card's default PAN and the sample traces' test cards.
DEMO_CARDS = (
    ("6217000010001234567", "44010001000000017"),
    ("6210948000000011", "44010001000000033"),
    ("4761340000000050", "44010001000000025"),
    ("5413330089600044", "44010001000000058"),
)


def seed_demo(ledger: Ledger) -> list[Account]:
    """Create the demo customers and their cards (skipping any that exist); returns all demo accounts."""
    for account, name, balance_fen, status in DEMO_ACCOUNTS:
        if ledger.get_account(account) is None:
            try:
                ledger.create_account(account, name, balance_fen, "CNY", status)
            except AccountExists:
                pass
    for pan, account in DEMO_CARDS:
        ledger.link_card(pan, account)
    return [ledger.get_account(a[0]) for a in DEMO_ACCOUNTS]
