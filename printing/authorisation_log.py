"""The authorisation log (授权登记簿) of one business day, for one supervisor or all: every
local and remote decision with maker, action, masked account, amount and outcome."""
from __future__ import annotations

from xml.sax.saxutils import escape

from printing.register_document import render_register
from teller.domain.money import format_amount
from teller.domain.registers import AuthorisationLogLine

DECISIONS = {"approved": "批准 approved", "used": "批准 approved", "rejected": "拒绝 rejected",
             "expired": "超时 expired", "cancelled": "撤销 cancelled"}
MODES = {"local": "现场 local", "remote": "远程 remote"}


def render_authorisation_log(bank: str, branch: str, business_date: str, supervisor: str,
                             lines: list[AuthorisationLogLine]) -> bytes:
    header = ["时间 Time", "编号 No.", "方式 Mode", "经办 Maker", "授权 Authoriser", "业务 Action",
              "账号 Account", "金额 Amount", "结果 Decision", "说明 Reason"]
    rows = [[line.time, str(line.request_id), MODES.get(line.mode, line.mode), escape(line.maker),
             escape(line.authoriser or ""), escape(line.action), line.account_masked or "",
             format_amount(line.amount_fen) if line.amount_fen else "", DECISIONS.get(line.state, line.state),
             escape(line.reason or "")] for line in lines]  # names and reasons are typed by people: escaped
    return render_register(bank=bank, branch=branch, title=f"授权登记簿 Authorisation log — {business_date}",
                           doc_title=f"Authorisation log {business_date}",
                           summary=f"授权人 Supervisor: {supervisor}　　共 {len(lines)} 笔 entries", header=header,
                           rows=rows, empty="无记录 No authorisations",
                           widths_mm=[18, 12, 20, 28, 30, 26, 38, 26, 24, 50])
