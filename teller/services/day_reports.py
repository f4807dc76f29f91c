"""The end-of-day reports of the branch (日终报表), from the branch's copy of every workstation's
journal: the cash day book (现金收付日记簿), the tellers' balance sheets (柜员轧账单), the branch's
cash position (现金头寸: vault + tills), the large-value cash report (大额交易报告) and the register
of cash handovers between the vault and the tills (重要物品交接登记簿).

Only supervisors print them; what a report shows is what the branch store holds once the
workstations have pushed their journals (the end-of-day checklist waits for that)."""
from __future__ import annotations

import json
from dataclasses import dataclass

from teller.domain.day_book import DayBookLine, JournalRecord, TellerBalance, cash_day_book, teller_balances
from teller.domain.denominations import Breakdown
from teller.domain.roles import SUPERVISOR_ROLES
from teller.services.context import WorkstationContext
from teller.services.credentials import require_roles
from teller.services.session import SessionService, TellerSession
from teller.store.stores import BranchStore


@dataclass(frozen=True)
class DayBook:
    business_date: str
    lines: list[DayBookLine]
    balances: list[TellerBalance]
    names: dict[str, str]

    @property
    def receipts_fen(self) -> int:
        return sum(line.receipt_fen for line in self.lines)

    @property
    def payments_fen(self) -> int:
        return sum(line.payment_fen for line in self.lines)


@dataclass(frozen=True)
class LargeCashLine:
    recorded_at: str
    entry: str
    teller_id: str
    account: str
    direction: str
    amount_fen: int
    id_type: str
    id_number: str
    purpose: str


@dataclass(frozen=True)
class HandoverLine:
    at: str
    kind: str  # till_open | till_close | sell_back
    workstation_id: str
    teller_id: str
    supervisor_id: str
    amount_fen: int
    over_short_fen: int
    breakdown: dict[str, int]


@dataclass(frozen=True)
class CashPosition:
    """The branch's cash: the vault per denomination and the tills still open, with the total."""

    vault: Breakdown
    open_tills: list[TellerBalance]

    @property
    def total_fen(self) -> int:
        return self.vault.total_fen() + sum(t.expected_fen for t in self.open_tills)


class DayReportService:
    def __init__(self, ctx: WorkstationContext, sessions: SessionService, branch: BranchStore):
        self.ctx, self.sessions, self.branch = ctx, sessions, branch

    def _allowed(self, session: TellerSession) -> None:
        self.sessions.require_active(session)
        require_roles(session.staff, SUPERVISOR_ROLES, "print the day's reports")

    def _records(self, business_date: str) -> tuple[list[JournalRecord], dict[str, str]]:
        with self.branch.required("The day's reports") as unit:
            return list(unit.day_reports.journal_of_day(business_date)), unit.day_reports.staff_names()

    def day_book(self, session: TellerSession, business_date: str | None = None) -> DayBook:
        """现金收付日记簿 with the tellers' balance sheets of the same day."""
        self._allowed(session)
        day = business_date or self.ctx.business_date()
        records, names = self._records(day)
        lines = cash_day_book(records)
        return DayBook(day, lines, teller_balances(records, lines), names)

    def large_cash(self, session: TellerSession, business_date: str | None = None) -> list[LargeCashLine]:
        """大额交易报告: cash postings that carried the customer's identity for the large-value rule
        and moved cash (or wait for the core's answer)."""
        self._allowed(session)
        day = business_date or self.ctx.business_date()
        records, _names = self._records(day)
        payloads = {(r.workstation_id, r.seq): r.payload for r in records if r.kind == "posting"}
        report = []
        for line in cash_day_book(records):
            if line.status == "not_moved":
                continue
            workstation, seq = line.entry.rsplit("-", 1)
            identity = payloads[(workstation, int(seq))].get("large_cash")
            if identity:
                report.append(LargeCashLine(line.recorded_at, line.entry, line.teller_id, line.account,
                                            "credit" if line.receipt_fen else "debit",
                                            line.receipt_fen or line.payment_fen, identity["id_type"],
                                            identity["id_number"], identity["purpose"]))
        return report

    def handovers(self, session: TellerSession, business_date: str | None = None) -> list[HandoverLine]:
        """重要物品交接登记簿: every dual-control handover of cash between the vault and a till."""
        self._allowed(session)
        day = business_date or self.ctx.business_date()
        with self.branch.required("The handover register") as unit:
            return [HandoverLine(h.at, h.kind, h.workstation_id, h.teller_id, h.supervisor_id, h.amount_fen,
                                 h.over_short_fen, json.loads(h.breakdown))
                    for h in unit.day_reports.handovers_of_day(day)]

    def cash_position(self, session: TellerSession) -> CashPosition:
        """The vault now, and what each till still open holds by the journal (现金头寸)."""
        self._allowed(session)
        records, _names = self._records(self.ctx.business_date())
        with self.branch.required("The cash position") as unit:
            vault = unit.day_reports.vault_holdings()
        open_tills = [b for b in teller_balances(records, cash_day_book(records)) if b.counted_fen is None]
        return CashPosition(Breakdown(vault, self.ctx.settings.denominations), open_tills)
