"""The authorisation log (授权登记簿) of one business day, for one supervisor or all: every
local and remote decision with maker, action, masked account, amount and outcome."""
from __future__ import annotations

import io
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from printing.fonts import register_cjk_font
from teller.domain.money import format_amount
from teller.domain.registers import AuthorisationLogLine

DECISIONS = {"approved": "批准 approved", "used": "批准 approved", "rejected": "拒绝 rejected",
             "expired": "超时 expired", "cancelled": "撤销 cancelled"}
MODES = {"local": "现场 local", "remote": "远程 remote"}


def render_authorisation_log(bank: str, branch: str, business_date: str, supervisor: str,
                             lines: list[AuthorisationLogLine]) -> bytes:
    font = register_cjk_font()
    normal = ParagraphStyle("n", fontName=font, fontSize=8.5, leading=11)
    title = ParagraphStyle("t", fontName=font, fontSize=15, leading=20)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, invariant=True,
                            title=f"Authorisation log {business_date}", author=bank, creator="teller-workstation",
                            producer="teller-workstation")
    header = ["时间 Time", "编号 No.", "方式 Mode", "经办 Maker", "授权 Authoriser", "业务 Action",
              "账号 Account", "金额 Amount", "结果 Decision", "说明 Reason"]
    rows = [[Paragraph(h, normal) for h in header]]
    for line in lines:
        rows.append([Paragraph(text, normal) for text in (
            line.time, str(line.request_id), MODES.get(line.mode, line.mode), line.maker, line.authoriser or "",
            line.action, line.account_masked or "", format_amount(line.amount_fen) if line.amount_fen else "",
            DECISIONS.get(line.state, line.state), line.reason or "")])
    if not lines:
        rows.append([Paragraph("无记录 No authorisations", normal)] + [""] * (len(header) - 1))
    table = Table(rows, repeatRows=1, colWidths=[18 * mm, 12 * mm, 20 * mm, 28 * mm, 30 * mm, 26 * mm,
                                                 38 * mm, 26 * mm, 24 * mm, 50 * mm])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    story = [Paragraph(f"{bank} · {branch}", normal),
             Paragraph(f"授权登记簿 Authorisation log — {business_date}", title),
             Paragraph(f"授权人 Supervisor: {supervisor}　　共 {len(lines)} 笔 entries", normal),
             Spacer(1, 4 * mm), table]
    doc.build(story)
    return out.getvalue()
