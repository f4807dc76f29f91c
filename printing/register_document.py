"""The page every register report (登记簿) shares: landscape A4, the bank and branch, a title, a
summary line, one table with a repeated header row, and signature lines; the CJK font embedded
and the output byte-identical for the same input."""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from printing.fonts import register_cjk_font


def render_register(*, bank: str, branch: str, title: str, doc_title: str, summary: str, header: list[str],
                    rows: list[list[str]], empty: str, widths_mm: list[float], signatures: str = "") -> bytes:
    """`rows` are cell texts in reportlab's paragraph markup (escape what came from people)."""
    font = register_cjk_font()
    normal = ParagraphStyle("n", fontName=font, fontSize=8.5, leading=11)
    heading = ParagraphStyle("t", fontName=font, fontSize=15, leading=20)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, invariant=True, title=doc_title,
                            author=bank, creator="teller-workstation", producer="teller-workstation")
    cells = [[Paragraph(h, normal) for h in header]] + [[Paragraph(text, normal) for text in row] for row in rows]
    if not rows:
        cells.append([Paragraph(empty, normal)] + [""] * (len(header) - 1))
    table = Table(cells, repeatRows=1, colWidths=[w * mm for w in widths_mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [Paragraph(escape(f"{bank} · {branch}"), normal), Paragraph(title, heading), Paragraph(summary, normal),
             Spacer(1, 4 * mm), table]
    if signatures:
        story += [Spacer(1, 10 * mm), Paragraph(signatures, normal)]
    doc.build(story)
    return out.getvalue()
