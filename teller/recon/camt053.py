"""Reads ISO 20022 camt.053 (.001.02 to .001.13) bank-to-customer statements safely.

defusedxml refuses DTDs, entity declarations and external references (billion laughs, XXE);
files over MAX_FILE_BYTES are refused before parsing. Only booked entries (Sts BOOK, written
`<Sts>BOOK</Sts>` up to .06 and `<Sts><Cd>BOOK</Cd></Sts>` from .07) count; the amount comes
from Ntry/Amt, the sign from CdtDbtInd (a reversal too, RvslInd only marks it); a balance
without CdtDbtInd (not schema-valid, yet seen in real files) is read as a credit. A statement
whose balances or entries are in more than one currency is refused, never summed."""
from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from teller.recon.statements import (MAX_FILE_BYTES, ParsedEntry, ParsedFile, ParsedStatement,
                                     StatementRefused, amount_fen)

_NAMESPACE = re.compile(r"^\{urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.(\d\d)\}Document$")
SUPPORTED_VERSIONS = range(2, 14)
OPENING_CODES = ("OPBD", "PRCD")  # opening booked; previously closed booked serves when OPBD is absent
CLOSING_CODES = ("CLBD",)


def parse_camt053(data: bytes) -> ParsedFile:
    if len(data) > MAX_FILE_BYTES:
        raise StatementRefused(f"the file is larger than {MAX_FILE_BYTES >> 20} MiB")
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise StatementRefused(f"unsafe XML refused ({type(exc).__name__})") from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise StatementRefused(f"malformed or truncated XML ({exc.msg if hasattr(exc, 'msg') else exc})",
                               f"line {line}, column {column}") from None
    match = _NAMESPACE.match(root.tag)
    if not match or int(match.group(1)) not in SUPPORTED_VERSIONS:
        raise StatementRefused(f"not a camt.053.001.02-.13 document (root {root.tag})", "line 1")
    version = match.group(1)
    ns = {"c": root.tag[1:].split("}")[0]}
    report = root.find("c:BkToCstmrStmt", ns)
    if report is None:
        raise StatementRefused("no BkToCstmrStmt", "Document")
    message_id = _text(report, "c:GrpHdr/c:MsgId", ns, "GrpHdr")
    statements = [_statement(stmt, ns, f"Stmt {i}") for i, stmt in enumerate(report.findall("c:Stmt", ns), 1)]
    if not statements:
        raise StatementRefused("the file holds no statement", "BkToCstmrStmt")
    return ParsedFile(f"camt.053.001.{version}", message_id, statements)


def _text(node: ET.Element, path: str, ns: dict, position: str, required: bool = True) -> str | None:
    value = node.findtext(path, namespaces=ns)
    value = value.strip() if value is not None else None
    if required and not value:
        raise StatementRefused(f"{path.replace('c:', '')} is missing", position)
    return value


def _date(node: ET.Element | None, ns: dict, position: str) -> str:
    """Dt or DtTm (the date as written, in the timestamp's own offset)."""
    if node is None:
        raise StatementRefused("a date is missing", position)
    text = _text(node, "c:Dt", ns, position, required=False) or _text(node, "c:DtTm", ns, position, required=False)
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except (TypeError, ValueError):
        raise StatementRefused(f"{text!r} is not a date", position) from None


def _booking_date(ntry: ET.Element, ns: dict, position: str, statement_date: str) -> str:
    """BookgDt, else ValDt, else the statement's date (some real files carry neither)."""
    for tag in ("c:BookgDt", "c:ValDt"):
        node = ntry.find(tag, ns)
        if node is not None:
            return _date(node, ns, position)
    return statement_date


def _account(stmt: ET.Element, ns: dict, position: str) -> str:
    for path in ("c:Acct/c:Id/c:IBAN", "c:Acct/c:Id/c:Othr/c:Id"):
        value = _text(stmt, path, ns, position, required=False)
        if value:
            return value
    raise StatementRefused("the statement names no account (Acct/Id)", position)


def _signed_amount(node: ET.Element, ns: dict, position: str, currencies: set[str]) -> int:
    amt = node.find("c:Amt", ns)
    if amt is None:
        raise StatementRefused("Amt is missing", position)
    currencies.add(amt.get("Ccy") or "")
    fen = amount_fen(amt.text, position)
    indicator = _text(node, "c:CdtDbtInd", ns, position, required=False) or "CRDT"
    if indicator not in ("CRDT", "DBIT"):
        raise StatementRefused(f"CdtDbtInd {indicator!r} is neither CRDT nor DBIT", position)
    return fen if indicator == "CRDT" else -fen


def _statement(stmt: ET.Element, ns: dict, position: str) -> ParsedStatement:
    ref = _text(stmt, "c:Id", ns, position)
    account = _account(stmt, ns, position)
    position = f"{position} ({ref})"
    currencies: set[str] = set()
    declared = _text(stmt, "c:Acct/c:Ccy", ns, position, required=False)
    if declared:
        currencies.add(declared)
    balances: dict[str, tuple[int, str]] = {}
    for i, bal in enumerate(stmt.findall("c:Bal", ns), 1):
        where = f"{position}, Bal {i}"
        code = _text(bal, "c:Tp/c:CdOrPrtry/c:Cd", ns, where, required=False) or \
            _text(bal, "c:Tp/c:CdOrPrtry/c:Prtry", ns, where, required=False) or ""
        balances.setdefault(code, (_signed_amount(bal, ns, where, currencies), _date(bal.find("c:Dt", ns), ns, where)))
    opening = next((balances[c] for c in OPENING_CODES if c in balances), None)
    closing = next((balances[c] for c in CLOSING_CODES if c in balances), None)
    if opening is None or closing is None:
        raise StatementRefused("the statement needs an opening (OPBD) and a closing (CLBD) booked balance", position)
    entries = []
    for i, ntry in enumerate(stmt.findall("c:Ntry", ns), 1):
        where = f"{position}, Ntry {i}"
        status = _text(ntry, "c:Sts/c:Cd", ns, where, required=False) or _text(ntry, "c:Sts", ns, where, required=False)
        if status not in ("BOOK", None):
            continue  # pending or information only: not part of the booked balance
        signed = _signed_amount(ntry, ns, where, currencies)
        if _text(ntry, "c:CdtDbtInd", ns, where, required=False) is None:
            raise StatementRefused("the entry has no CdtDbtInd", where)
        reversal = (_text(ntry, "c:RvslInd", ns, where, required=False) or "false").lower() in ("true", "1")
        keys = [k for k in (_text(tx, "c:Refs/c:EndToEndId", ns, where, required=False)
                            for tx in ntry.findall("c:NtryDtls/c:TxDtls", ns)) if k and k != "NOTPROVIDED"]
        entries.append(ParsedEntry(
            where, account, _booking_date(ntry, ns, where, closing[1]), abs(signed),
            "credit" if signed >= 0 else "debit", reversal, keys[0] if len(keys) == 1 else None,
            _text(ntry, "c:AcctSvcrRef", ns, where, required=False) or _text(ntry, "c:NtryRef", ns, where, required=False),
            tuple(keys) if len(keys) > 1 else ()))
    if len(currencies) != 1 or "" in currencies:
        raise StatementRefused(f"balances and entries in more than one currency ({', '.join(sorted(currencies))}): "
                               "refused, never summed", position)
    return ParsedStatement(position, ref, account, currencies.pop(), closing[1], opening[0], closing[0], entries)
