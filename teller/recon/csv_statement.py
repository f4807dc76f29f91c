"""Reads statements from CSV with a column mapping (our column -> the file's header).

The default mapping reads the core emulator's CSV (teller.core.statement.CSV_COLUMNS). Rows
group into statements by `statement_id`; each row repeats the statement's account, currency
and opening/closing balances. Without a `credit_debit` column the amount's sign decides.
A row without an amount carries only its statement's balances (a day without entries)."""
from __future__ import annotations

import csv
import datetime as dt
import io

from teller.recon.statements import (MAX_FILE_BYTES, ParsedEntry, ParsedFile, ParsedStatement,
                                     StatementRefused, amount_fen)

REQUIRED = ("statement_id", "account", "currency", "booking_date", "amount", "opening_balance", "closing_balance")
OPTIONAL = ("credit_debit", "reversal", "end_to_end_id", "servicer_ref")
DEFAULT_MAPPING = {name: name for name in REQUIRED + OPTIONAL}
_TRUE = {"true", "1", "yes", "y"}


def parse_csv(data: bytes, mapping: dict[str, str] | None = None, encoding: str = "utf-8-sig") -> ParsedFile:
    if len(data) > MAX_FILE_BYTES:
        raise StatementRefused(f"the file is larger than {MAX_FILE_BYTES >> 20} MiB")
    mapping = dict(DEFAULT_MAPPING if mapping is None else mapping)
    missing = [name for name in REQUIRED if not mapping.get(name)]
    if missing:
        raise StatementRefused(f"the column mapping lacks {', '.join(missing)}")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise StatementRefused(f"not {encoding} text", f"byte {exc.start}") from None
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    header = reader.fieldnames or []
    absent = [f"{ours} ({theirs})" for ours, theirs in mapping.items() if theirs and theirs not in header]
    if absent:
        raise StatementRefused(f"columns not in the file: {', '.join(absent)}", "line 1")
    statements: dict[str, ParsedStatement] = {}
    try:
        for row in reader:
            where = f"line {reader.line_num}"
            if None in row or any(v is None for v in row.values()):
                raise StatementRefused("the row has a different number of fields than the header", where)
            get = lambda name: (row.get(mapping.get(name) or "", "") or "").strip()  # noqa: E731
            ref, account, currency = get("statement_id"), get("account"), get("currency")
            if not ref or not account or not currency:
                raise StatementRefused("statement_id, account and currency are required", where)
            opening, closing = (amount_fen(get(n), where, signed=True) for n in ("opening_balance", "closing_balance"))
            date = _date(get("booking_date"), where)
            stmt = statements.get(ref)
            if stmt is None:
                stmt = statements[ref] = ParsedStatement(f"statement {ref} ({where})", ref, account, currency, date,
                                                         opening, closing)
            elif (stmt.account, stmt.currency, stmt.opening_fen, stmt.closing_fen) != (account, currency, opening, closing):
                raise StatementRefused(f"statement {ref}: account, currency or balances differ from its first row",
                                       where)
            if not get("amount"):
                continue
            signed = amount_fen(get("amount"), where, signed=True)
            indicator = get("credit_debit").upper() if mapping.get("credit_debit") else ""
            if indicator:
                if indicator not in ("CRDT", "DBIT", "C", "D"):
                    raise StatementRefused(f"credit_debit {indicator!r} is neither CRDT nor DBIT", where)
                if signed < 0:
                    raise StatementRefused("a negative amount beside a credit/debit column", where)
                signed = signed if indicator in ("CRDT", "C") else -signed
            stmt.entries.append(ParsedEntry(where, account, date, abs(signed), "credit" if signed >= 0 else "debit",
                                            get("reversal").lower() in _TRUE, get("end_to_end_id") or None,
                                            get("servicer_ref") or None))
    except csv.Error as exc:
        raise StatementRefused(f"malformed CSV ({exc})", f"line {reader.line_num}") from None
    if not statements:
        raise StatementRefused("the file holds no statement")
    return ParsedFile("csv", "", list(statements.values()))


def _date(text: str, where: str) -> str:
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise StatementRefused(f"{text!r} is not a date (YYYY-MM-DD)", where) from None
