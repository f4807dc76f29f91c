"""End-of-day statements of the core emulator: ISO 20022 camt.053.001.08 and the same as CSV.

One statement per account with bookings on the day (and any account asked for by name),
opening and closing booked balance (OPBD/CLBD), one entry per booking:
- a posting: NtryRef and AcctSvcrRef = the core's reference, CdtDbtInd from its direction,
  RvslInd false, BookgDt/ValDt = the core's business date (Beijing time), TxDtls/Refs with
  EndToEndId = the workstation's key and AcctSvcrRef;
- a timeout reversal (冲正) by the core: a second entry on the day it happened, with the
  opposite CdtDbtInd, RvslInd true, the original's key as EndToEndId, AcctSvcrRef core_ref+"R".
Closing = opening + credits - debits, always (the importer checks it)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from teller.core.ledger import CORE_TZ, Ledger, Posting
from teller.domain.money import from_fen

CAMT_053_08 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"
CSV_COLUMNS = ("statement_id", "account", "currency", "booking_date", "entry_ref", "amount", "credit_debit",
               "reversal", "end_to_end_id", "servicer_ref", "tx_code", "opening_balance", "closing_balance")
_SUBFAMILY = {"credit": "CDPT", "debit": "CWDL"}  # counter transactions: cash deposit / withdrawal


@dataclass(frozen=True)
class Booking:
    account: str
    booking_date: str
    amount_fen: int
    direction: str  # credit | debit
    reversal: bool
    key: str
    core_ref: str
    tx_code: str

    @property
    def signed_fen(self) -> int:
        return self.amount_fen if self.direction == "credit" else -self.amount_fen


@dataclass(frozen=True)
class AccountStatement:
    statement_id: str
    account: str
    currency: str
    business_date: str
    opening_fen: int
    closing_fen: int
    bookings: tuple[Booking, ...]


def _core_date(timestamp: str) -> str:
    return dt.datetime.fromisoformat(timestamp).astimezone(CORE_TZ).date().isoformat()


def bookings(postings: list[Posting]) -> list[Booking]:
    """Every booking the ledger made, in order: approved postings and the core's reversals."""
    out: list[Booking] = []
    for p in postings:
        if p.status not in ("approved", "reversed"):
            continue  # a rejection books nothing
        out.append(Booking(p.account, _core_date(p.created_at), p.amount_fen, p.direction, False, p.key,
                           p.core_ref or "", p.tx_code))
        if p.status == "reversed" and p.reversed_at:
            undo = "debit" if p.direction == "credit" else "credit"
            out.append(Booking(p.account, _core_date(p.reversed_at), p.amount_fen, undo, True, p.key,
                               f"{p.core_ref}R", p.tx_code))
    return out


def statements_for(ledger: Ledger, business_date: str, accounts: list[str] | None = None) -> list[AccountStatement]:
    """The day's statements: each account with bookings that day, and every account named."""
    business_date = dt.date.fromisoformat(business_date).isoformat()
    all_bookings = bookings(ledger.ledger_entries())
    balances = {a.account: a for a in ledger.accounts()}
    wanted = set(accounts or ()) | {b.account for b in all_bookings if b.booking_date == business_date}
    out = []
    for number in sorted(wanted):
        account = balances.get(number)
        if account is None:
            continue
        mine = [b for b in all_bookings if b.account == number]
        # the balance now, less everything booked on or after the day = the opening balance
        opening = account.balance_fen - sum(b.signed_fen for b in mine if b.booking_date >= business_date)
        today = tuple(b for b in mine if b.booking_date == business_date)
        closing = opening + sum(b.signed_fen for b in today)
        out.append(AccountStatement(f"STMT-{number}-{business_date.replace('-', '')}", number, account.currency,
                                    business_date, opening, closing, today))
    return out


def _amount(fen: int) -> str:
    return str(from_fen(abs(fen)))


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    if text is not None:
        element.text = text
    return element


def _balance(stmt: ET.Element, code: str, fen: int, currency: str, date: str) -> None:
    bal = _sub(stmt, "Bal")
    _sub(_sub(_sub(bal, "Tp"), "CdOrPrtry"), "Cd", code)
    _sub(bal, "Amt", _amount(fen), Ccy=currency)
    _sub(bal, "CdtDbtInd", "CRDT" if fen >= 0 else "DBIT")
    _sub(_sub(bal, "Dt"), "Dt", date)


def to_camt053(statements: list[AccountStatement], message_id: str, created: dt.datetime) -> bytes:
    """camt.053.001.08, elements in the XSD's order."""
    doc = ET.Element("Document", xmlns=CAMT_053_08)
    root = _sub(doc, "BkToCstmrStmt")
    header = _sub(root, "GrpHdr")
    _sub(header, "MsgId", message_id)
    created_text = created.isoformat(timespec="seconds")
    _sub(header, "CreDtTm", created_text)
    for seq, s in enumerate(statements, 1):
        stmt = _sub(root, "Stmt")
        _sub(stmt, "Id", s.statement_id)
        _sub(stmt, "ElctrncSeqNb", str(seq))
        _sub(stmt, "CreDtTm", created_text)
        acct = _sub(stmt, "Acct")
        _sub(_sub(_sub(acct, "Id"), "Othr"), "Id", s.account)
        _sub(acct, "Ccy", s.currency)
        _balance(stmt, "OPBD", s.opening_fen, s.currency, s.business_date)
        _balance(stmt, "CLBD", s.closing_fen, s.currency, s.business_date)
        summary = _sub(_sub(stmt, "TxsSummry"), "TtlNtries")
        _sub(summary, "NbOfNtries", str(len(s.bookings)))
        _sub(summary, "Sum", str(from_fen(sum(b.amount_fen for b in s.bookings))))
        net = sum(b.signed_fen for b in s.bookings)
        net_entry = _sub(summary, "TtlNetNtry")
        _sub(net_entry, "Amt", _amount(net))
        _sub(net_entry, "CdtDbtInd", "CRDT" if net >= 0 else "DBIT")
        for b in s.bookings:
            ntry = _sub(stmt, "Ntry")
            _sub(ntry, "NtryRef", b.core_ref)
            _sub(ntry, "Amt", _amount(b.amount_fen), Ccy=s.currency)
            _sub(ntry, "CdtDbtInd", "CRDT" if b.direction == "credit" else "DBIT")
            _sub(ntry, "RvslInd", "true" if b.reversal else "false")
            _sub(_sub(ntry, "Sts"), "Cd", "BOOK")
            _sub(_sub(ntry, "BookgDt"), "Dt", b.booking_date)
            _sub(_sub(ntry, "ValDt"), "Dt", b.booking_date)
            _sub(ntry, "AcctSvcrRef", b.core_ref)
            code = _sub(ntry, "BkTxCd")
            domain = _sub(code, "Domn")
            _sub(domain, "Cd", "PMNT")
            family = _sub(domain, "Fmly")
            _sub(family, "Cd", "CNTR")
            _sub(family, "SubFmlyCd", _SUBFAMILY["debit" if (b.direction == "debit") != b.reversal else "credit"])
            _sub(_sub(code, "Prtry"), "Cd", b.tx_code)
            tx = _sub(_sub(ntry, "NtryDtls"), "TxDtls")
            refs = _sub(tx, "Refs")
            _sub(refs, "AcctSvcrRef", b.core_ref)
            _sub(refs, "EndToEndId", b.key)
    return ET.tostring(doc, encoding="utf-8", xml_declaration=True)


def to_csv(statements: list[AccountStatement]) -> str:
    """The same statements as CSV: one row per entry (a statement without entries: one row with
    empty entry columns, so its balances travel too)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in statements:
        base = (s.statement_id, s.account, s.currency)
        balances = (_signed(s.opening_fen), _signed(s.closing_fen))
        if not s.bookings:
            writer.writerow((*base, s.business_date, "", "", "", "", "", "", "", *balances))
        for b in s.bookings:
            writer.writerow((*base, b.booking_date, b.core_ref, _amount(b.amount_fen),
                             "CRDT" if b.direction == "credit" else "DBIT", "true" if b.reversal else "false",
                             b.key, b.core_ref, b.tx_code, *balances))
    return out.getvalue()


def _signed(fen: int) -> str:
    return str(from_fen(fen))
