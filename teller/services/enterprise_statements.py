"""Monthly bank-enterprise reconciliation (银企对账): a statement per company account and month made
from the core's ledger (opening balance, debits, credits, closing balance, entries), sent to the
company; its reply recorded (agreed 相符 / disputed 不符 with the note); the unanswered ones listed.

Company accounts are the accounts with a specimen seal card valid in the month, unless named.
The core's posting times are UTC: a posting belongs to the month of its time at the branch (the
injected clock's time zone)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Protocol

from teller.domain.errors import TellerError
from teller.services.clearing import CLEARING_ROLES
from teller.services.credentials import require_roles
from teller.services.desk import Desk
from teller.services.session import TellerSession


class StatementRefused(TellerError):
    code = "statement_refused"


class LedgerSource(Protocol):
    """What the statements need of the core: every posting (teller.sync.core_client.HttpCoreGateway.ledger)."""

    def ledger(self) -> list[dict]: ...


@dataclass(frozen=True)
class StatementView:
    account: str
    period: str
    company_name: str
    opening_fen: int
    debit_fen: int
    credit_fen: int
    closing_fen: int
    entry_count: int
    reply: str | None
    reply_note: str


def _view(row) -> StatementView:
    return StatementView(row.account, row.period, row.company_name, row.opening_fen, row.debit_fen, row.credit_fen,
                         row.closing_fen, row.entry_count, row.reply, row.reply_note or "")


def _movements(entries: list[dict], account: str) -> list[tuple[dt.datetime, int]]:
    """(time, signed effect on the balance) of the account's postings: an approved posting when it
    was made; a reversed one when it was made and, undone, when it was reversed."""
    found = []
    for p in entries:
        if p.get("account") != account or p.get("status") not in ("approved", "reversed"):
            continue
        effect = p["amount_fen"] if p["direction"] == "credit" else -p["amount_fen"]
        found.append((dt.datetime.fromisoformat(p["created_at"]), effect))
        if p["status"] == "reversed" and p.get("reversed_at"):
            found.append((dt.datetime.fromisoformat(p["reversed_at"]), -effect))
    return found


class EnterpriseStatementService:
    def __init__(self, desk: Desk, ledger: LedgerSource | None = None):
        self.desk = desk
        self.ledger = ledger or desk.core

    def _clerk(self, session: TellerSession, purpose: str) -> None:
        self.desk.sessions.require_active(session)
        require_roles(session.staff, CLEARING_ROLES, purpose)

    def generate(self, session: TellerSession, period: str, accounts: list[str] | None = None) -> list[StatementView]:
        """The month's statements (made once per account and month; made again: the same one)."""
        self._clerk(session, "make bank-enterprise statements")
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", period):
            raise StatementRefused(f"Period {period!r}: a month as YYYY-MM.")
        year, month = int(period[:4]), int(period[5:])
        tz = self.desk.now().tzinfo
        start = dt.datetime(year, month, 1, tzinfo=tz)
        end = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
        if accounts is None:
            with self.desk.branch.required("Bank-enterprise statements") as unit:
                accounts = sorted({c.account for c in unit.seal_cards.all()
                                   if c.valid_from < end.date().isoformat()
                                   and (c.valid_to is None or c.valid_to >= start.date().isoformat())})
        entries = self.ledger.ledger()
        made = []
        for account in accounts:
            held = self.desk.core.get_account(account)
            moves = _movements(entries, account)
            closing = held.balance_fen - sum(e for t, e in moves if t >= end)
            inside = [e for t, e in moves if start <= t < end]
            debit, credit = -sum(e for e in inside if e < 0), sum(e for e in inside if e > 0)
            made.append(dict(account=account, period=period, company_name=held.name, opening_fen=closing - credit + debit,
                             debit_fen=debit, credit_fen=credit, closing_fen=closing, entry_count=len(inside)))
        views = []
        with self.desk.branch.required("Bank-enterprise statements", write=True) as unit:
            for figures in made:
                row = unit.enterprise_statements.of(figures["account"], period, for_update=True)
                if row is None:
                    row = unit.enterprise_statements.add(**figures, generated_by=session.teller_id,
                                                         generated_at=self.desk.now_text(), reply_note="")
                views.append(_view(row))
        self.desk.record(session, "statements_generated",
                         payload={"period": period, "accounts": [v.account for v in views]})
        return views

    def record_reply(self, session: TellerSession, account: str, period: str, agreed: bool,
                     note: str = "") -> StatementView:
        self._clerk(session, "record bank-enterprise statement replies")
        if not agreed and not note.strip():
            raise StatementRefused("A disputed statement needs the company's note of what differs.")
        with self.desk.branch.required("Bank-enterprise statements", write=True) as unit:
            row = unit.enterprise_statements.of(account.strip(), period, for_update=True)
            if row is None:
                raise StatementRefused(f"No statement of account {account.strip()} for {period}.")
            if row.reply is not None:
                raise StatementRefused(f"The reply for {account.strip()} {period} was recorded already "
                                       f"({row.reply}, by {row.recorded_by}).")
            row.reply, row.reply_note = ("agreed" if agreed else "disputed"), note.strip()
            row.replied_at, row.recorded_by = self.desk.now_text(), session.teller_id
            view = _view(row)
        self.desk.record(session, "statement_reply", account=view.account,
                         payload={"period": period, "reply": view.reply, "note": view.reply_note})
        return view

    def unanswered(self, period: str | None = None) -> list[StatementView]:
        with self.desk.branch.required("Bank-enterprise statements") as unit:
            return [_view(r) for r in unit.enterprise_statements.unanswered(period)]
