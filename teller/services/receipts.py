"""What a cash receipt states, taken from the journal (so a reprint says exactly what was posted)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from teller.domain.denominations import Breakdown
from teller.domain.errors import TellerError
from teller.domain.masking import mask_number
from teller.domain.money import amount_in_words, format_amount, from_fen
from teller.domain.permissions import require_permission
from teller.domain.texts import Text
from teller.ports import FormJob
from teller.services.context import WorkstationContext

STATUS_TEXT = {
    "host_approved": "记账成功 Approved",
    "offline_accepted": "脱机受理 Accepted offline",
    "host_rejected": "主机拒绝 Rejected by the core",
    "offline_refused": "脱机拒绝 Refused (core offline)",
    "host_reversed": "已冲正 Reversed",
}
_DENOMINATION_KIND = {"zh_CN": {"note": "元纸币", "coin": "元硬币"}, "en": {"note": " yuan note", "coin": " yuan coin"}}


@dataclass(frozen=True)
class ReceiptFacts:
    """Field for field what printing.receipt.ReceiptData needs."""

    bank_name: str
    branch_name: str
    workstation: str
    teller_id: str
    teller_name: str
    printed_at: dt.datetime
    tx_code: str
    tx_name: str
    account_masked: str
    account_name: str
    amount_fen: int
    denominations: list[tuple[str, int, int]]
    journal_seq: int
    entry_hash: str
    status: str
    reprint: bool = False
    language: str = "zh_CN"


class ReceiptService:
    """Receipts come out as a PDF (simulated printer, preview) or as the bank's voucher form
    (deposit/withdrawal slip) on a voucher printer; both from the same journal facts."""

    def __init__(self, ctx: WorkstationContext):
        self.ctx = ctx

    def voucher_job(self, seq: int, *, reprint: bool = False, staff=None) -> FormJob:
        """The posting as the pre-printed deposit or withdrawal slip (resources/forms)."""
        facts = self.facts(seq, reprint=reprint, staff=staff)
        with self.ctx.workstation.reading() as unit:
            payload = unit.journal.entry(facts.journal_seq).payload
        direction = payload["direction"]
        remark = f"{facts.status} {facts.entry_hash[:8]}" + (" 重打 REPRINT" if reprint else "")
        fields = {"date": facts.printed_at.strftime("%Y-%m-%d %H:%M"), "journal_seq": str(facts.journal_seq),
                  "account": facts.account_masked, "account_name": facts.account_name,
                  "amount": format_amount(facts.amount_fen), "currency": "人民币 CNY",
                  "amount_words": "人民币" + amount_in_words(from_fen(facts.amount_fen)),
                  "tx_code": facts.tx_code, "teller": f"{facts.teller_id} {facts.teller_name.split()[0]}",
                  "workstation": facts.workstation}
        layout = "deposit_slip" if direction == "credit" else "withdrawal_slip"
        if layout == "deposit_slip":
            fields["remark"] = remark
        elif "large_cash" in payload:  # the ID the large-cash rule asked for
            fields["id_type"] = payload["large_cash"]["id_type"]
            fields["id_number"] = payload["large_cash"]["id_number"]
        return FormJob(layout=layout, fields=fields,
                       name=f"{layout}-{facts.workstation}-{facts.journal_seq}{'-reprint' if reprint else ''}")

    def facts(self, seq: int, *, language: str = "zh_CN", reprint: bool = False, staff=None) -> ReceiptFacts:
        """The receipt of the posting recorded as journal entry `seq` (or of the posting an outcome refers to);
        a reprint is for `staff` (StaffMember) and checked against who posted it."""
        with self.ctx.workstation.reading() as unit:
            entry = unit.journal.entry(seq)
            if entry is not None and entry.kind != "posting" and entry.refers_to:
                entry = unit.journal.entry(entry.refers_to)
            if entry is None or entry.kind != "posting":
                raise TellerError(Text("no_receipt", seq=seq))
            if reprint:
                require_permission(staff, "reprint_receipt", entry.teller_id)
            outcome = unit.journal.latest_outcome_kind(entry.seq)
        with self.ctx.branch.reading() as bunit:
            teller_name = bunit.reference.staff_name(entry.teller_id)
        payload = entry.payload
        code = self.ctx.settings.catalogue.get(entry.tx_code)
        cash = Breakdown(payload["denominations"], self.ctx.settings.denominations)
        kinds = _DENOMINATION_KIND["zh_CN" if language.startswith("zh") else "en"]
        lines = [(f"{d.label}{kinds[d.kind]}", n, d.value_fen * n) for d, n in cash.lines()]
        branch = self.ctx.settings.branch
        return ReceiptFacts(
            bank_name=branch["bank_name"], branch_name=branch["branch_name"], workstation=entry.workstation_id,
            teller_id=entry.teller_id, teller_name=teller_name or "",
            printed_at=dt.datetime.fromisoformat(entry.recorded_at), tx_code=code.code,
            tx_name=f"{code.name_zh} {code.name_en}", account_masked=mask_number(entry.account),
            account_name=payload.get("account_name", ""), amount_fen=entry.amount_fen, denominations=lines,
            journal_seq=entry.seq, entry_hash=entry.hash,
            status=STATUS_TEXT.get(outcome or "", "处理中 Pending"), reprint=reprint, language=language)
