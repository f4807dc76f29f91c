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
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from printing.fonts import register_cjk_font


# A long register is laid out in tables of this many rows: one table of thousands of rows is
# split page by page at a cost that grows with its length (a 5,000-line day book took 19 s).
ROWS_PER_TABLE = 200
# Plain rows are drawn in blocks of this many lines, each fitting on a page under its header.
LINES_PER_BLOCK = 36
LINE_HEIGHT = 11.0


class _PlainRows(Flowable):
    """Lines of plain one-line cells under a header, with the register's grid, drawn straight on
    the canvas: a table cell costs a text object of its own, which made a long day book slow."""

    def __init__(self, header: list[str], rows: list[list[str]], widths: list[float], font: str,
                 right_aligned: frozenset[int]):
        super().__init__()
        self.header, self.rows, self.widths, self.font = header, rows, widths, font
        self.right_aligned = right_aligned
        self.width, self.height = sum(widths), LINE_HEIGHT * (len(rows) + 1) + 4

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self) -> None:
        canvas, font_size = self.canv, 8.5
        top = self.height
        canvas.setFillColor(colors.HexColor("#e8eef7"))
        canvas.rect(0, top - LINE_HEIGHT - 4, self.width, LINE_HEIGHT + 4, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        canvas.setStrokeColor(colors.grey)
        canvas.setLineWidth(0.4)
        text = canvas.beginText()
        text.setFont(self.font, font_size)
        for index, line in enumerate([self.header] + self.rows):
            header_bottom = top - LINE_HEIGHT - 4
            baseline = header_bottom + 4 if index == 0 else header_bottom - index * LINE_HEIGHT + 3
            x = 0.0
            for column, (cell, width) in enumerate(zip(line, self.widths)):
                if cell:
                    if column in self.right_aligned and index:
                        offset = width - 2 - canvas.stringWidth(cell, self.font, font_size)
                    else:
                        offset = 2
                    text.setTextOrigin(x + offset, baseline)
                    text.textOut(cell)
                x += width
        canvas.drawText(text)
        bottom = 0.0
        for index in range(len(self.rows) + 1):  # the grid: under the header, then under each line
            y = top - LINE_HEIGHT - 4 - index * LINE_HEIGHT
            canvas.line(0, y, self.width, y)
        canvas.line(0, top, self.width, top)
        x = 0.0
        for width in [0.0] + self.widths:
            x += width
            canvas.line(x, bottom, x, top)


def render_register(*, bank: str, branch: str, title: str, doc_title: str, summary: str, header: list[str],
                    rows: list[list[str]], empty: str, widths_mm: list[float], signatures: str = "",
                    plain_rows: bool = False, right_aligned: frozenset[int] = frozenset()) -> bytes:
    """`rows` are cell texts in reportlab's paragraph markup (escape what came from people), or,
    with `plain_rows`, plain one-line texts drawn as they are (fast: long day books); the columns
    in `right_aligned` (amounts) align right."""
    font = register_cjk_font()
    normal = ParagraphStyle("n", fontName=font, fontSize=8.5, leading=11)
    heading = ParagraphStyle("t", fontName=font, fontSize=15, leading=20)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, invariant=True, title=doc_title,
                            author=bank, creator="teller-workstation", producer="teller-workstation")
    head = [Paragraph(h, normal) for h in header]
    body = rows if plain_rows else [[Paragraph(text, normal) for text in row] for row in rows]
    if not rows:
        body = [[Paragraph(empty, normal)] + [""] * (len(header) - 1)]
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
             ("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 1), (-1, -1), font, 8.5)]
    style += [("ALIGN", (column, 1), (column, -1), "RIGHT") for column in right_aligned]
    tables: list[Flowable] = []
    if plain_rows and rows:
        widths = [w * mm for w in widths_mm]
        tables = [_PlainRows(header, rows[start:start + LINES_PER_BLOCK], widths, font, right_aligned)
                  for start in range(0, len(rows), LINES_PER_BLOCK)]
    for start in range(0, len(body) if not tables else 0, ROWS_PER_TABLE):
        table = Table([head] + body[start:start + ROWS_PER_TABLE], repeatRows=1,
                      colWidths=[w * mm for w in widths_mm])
        table.setStyle(TableStyle(style))
        tables.append(table)
    story = [Paragraph(escape(f"{bank} · {branch}"), normal), Paragraph(title, heading), Paragraph(summary, normal),
             Spacer(1, 4 * mm), *tables]
    if signatures:
        story += [Spacer(1, 10 * mm), Paragraph(signatures, normal)]
    doc.build(story)
    return out.getvalue()
