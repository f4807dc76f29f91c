"""The printed receipt (回单) of a cash transaction, as PDF bytes.

A 210 x 140 mm voucher (longer when there are many denomination lines): bank and
branch header, bilingual title, a ruled table of the transaction, signature lines.
Identical input gives byte-identical output: reportlab's invariant mode, fixed
metadata, and the only time printed is the transaction's own `printed_at`.
"""
from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from printing.e_seal import draw_e_seal
from printing.fonts import register_cjk_font
from teller.domain.money import amount_in_words, format_amount, from_fen

PAGE_W, MIN_PAGE_H = 210 * mm, 140 * mm
MARGIN_X, MARGIN_Y = 10 * mm, 8 * mm
INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#5F6B7A")
BRAND = colors.HexColor("#123E7C")
RULE = colors.HexColor("#9AA5B1")
LABEL_BG = colors.HexColor("#EEF3F9")
ALERT = colors.HexColor("#B42318")
PRODUCER = "teller-workstation printing.receipt (reportlab)"


@dataclass(frozen=True)
class ReceiptData:
    bank_name: str
    branch_name: str
    workstation: str
    teller_id: str
    teller_name: str
    printed_at: datetime.datetime  # the transaction's time (timezone-aware)
    tx_code: str
    tx_name: str  # e.g. "现金存款 Cash deposit"
    account_masked: str  # already masked by the caller
    account_name: str
    amount_fen: int
    denominations: list[tuple[str, int, int]]  # (label e.g. "100元 note", count, subtotal_fen)
    journal_seq: int
    entry_hash: str  # full hex; the first 8 characters are printed
    status: str  # e.g. "记账成功 Approved" or "脱机受理 Accepted offline"
    reprint: bool = False  # prints "重打 REPRINT"
    language: str = "zh_CN"  # "zh_CN": Chinese labels, English below; "en": English first
    seal_name: str = ""  # the seal used (e.g. 现金清讫章): its e-seal is printed in the stamp box


# (Chinese, English) label pairs
LABELS = {
    "title": ("现金业务回单", "Cash Transaction Receipt"),
    "time": ("交易时间", "Date / time"),
    "seq": ("流水号", "Journal no."),
    "teller": ("柜员", "Teller"),
    "ws": ("终端", "Workstation"),
    "tx": ("交易", "Transaction"),
    "account": ("账号", "Account no."),
    "name": ("户名", "Account name"),
    "amount": ("金额(小写)", "Amount"),
    "currency": ("币种", "Currency"),
    "words": ("金额(大写)", "Amount in words"),
    "denoms": ("券别", "Denominations"),
    "status": ("状态", "Status"),
    "check": ("校验", "Check code"),
    "customer_sign": ("客户签名", "Customer signature"),
    "teller_sign": ("柜员", "Teller"),
    "stamp": ("业务章", "Bank stamp"),
    "reprint": ("重打", "REPRINT"),
    "notice": ("请核对回单内容，妥善保管。", "Please check the details and keep this receipt."),
}


def _pair(key: str, english_first: bool) -> tuple[str, str]:
    zh, en = LABELS[key]
    return (en, zh) if english_first else (zh, en)


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=9, leading=11.5, textColor=INK, wordWrap="CJK")
    return {
        "label": ParagraphStyle("label", base, fontSize=8.5, leading=10, textColor=BRAND),
        "value": base,
        "amount": ParagraphStyle("amount", base, fontSize=12.5, leading=15),
        "words": ParagraphStyle("words", base, fontSize=10.5, leading=13),
        "denom": ParagraphStyle("denom", base, fontSize=8, leading=10),
        "denom_r": ParagraphStyle("denom_r", base, fontSize=8, leading=10, alignment=TA_RIGHT),
    }


def _label(key: str, english_first: bool, st: dict[str, ParagraphStyle]) -> Paragraph:
    first, second = _pair(key, english_first)
    return Paragraph(f'{escape(first)}<br/><font size="6.5" color="#5F6B7A">{escape(second)}</font>', st["label"])


def _text(value: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(value) if value else "—", style)


def _time(ts: datetime.datetime) -> str:
    text = ts.strftime("%Y-%m-%d %H:%M:%S")
    offset = ts.utcoffset()
    if offset is not None:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        text += f" UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return text


def _in_words(amount_fen: int) -> str:
    words = amount_in_words(from_fen(amount_fen))
    return words if words.startswith("人民币") else "人民币" + words


def _denominations(data: ReceiptData, width: float, st: dict[str, ParagraphStyle]) -> Table | Paragraph:
    """The notes and coins counted, three to a row: label, × count, subtotal."""
    if not data.denominations:
        return _text("", st["denom"])
    per_row = 3
    group = width / per_row
    cols = [group * 0.44, group * 0.2, group * 0.36] * per_row
    rows: list[list] = []
    items = list(data.denominations)
    for start in range(0, len(items), per_row):
        row: list = []
        for label, count, subtotal in items[start:start + per_row]:
            row += [_text(label, st["denom"]), _text(f"× {count}", st["denom"]),
                    _text(format_amount(subtotal), st["denom_r"])]
        row += [""] * (3 * per_row - len(row))
        rows.append(row)
    style = [("FONTNAME", (0, 0), (-1, -1), st["denom"].fontName), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
             ("LEFTPADDING", (0, 0), (0, -1), 0),
             ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
    for g in range(1, per_row):
        style.append(("LINEBEFORE", (3 * g, 0), (3 * g, -1), 0.4, RULE))
    table = Table(rows, colWidths=cols)
    table.setStyle(TableStyle(style))
    return table


def _body(data: ReceiptData, width: float, st: dict[str, ParagraphStyle]) -> Table:
    ef = data.language.lower().startswith("en")
    lw, vw = 30 * mm, (width - 60 * mm) / 2
    L = lambda key: _label(key, ef, st)  # noqa: E731
    V = lambda value: _text(value, st["value"])  # noqa: E731
    amount = Paragraph(f"¥{escape(format_amount(data.amount_fen))}", st["amount"])
    rows = [
        [L("time"), V(_time(data.printed_at)), L("seq"), V(str(data.journal_seq))],
        [L("teller"), V(f"{data.teller_id}  {data.teller_name}".strip()), L("ws"), V(data.workstation)],
        [L("tx"), V(f"{data.tx_code}  {data.tx_name}".strip()), "", ""],
        [L("account"), V(data.account_masked), L("name"), V(data.account_name)],
        [L("amount"), amount, L("currency"), V("人民币 CNY")],
        [L("words"), _text(_in_words(data.amount_fen), st["words"]), "", ""],
        [L("denoms"), _denominations(data, vw * 2 + lw - 12, st), "", ""],
        [L("status"), V(data.status), L("check"), V(data.entry_hash[:8])],
    ]
    table = Table(rows, colWidths=[lw, vw, lw, vw])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), st["value"].fontName),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BOX", (0, 0), (-1, -1), 1.1, BRAND),
        ("BACKGROUND", (0, 0), (0, -1), LABEL_BG),
        ("BACKGROUND", (2, 0), (2, 1), LABEL_BG),
        ("BACKGROUND", (2, 3), (2, 4), LABEL_BG),
        ("BACKGROUND", (2, 7), (2, 7), LABEL_BG),
        ("SPAN", (1, 2), (3, 2)), ("SPAN", (1, 5), (3, 5)), ("SPAN", (1, 6), (3, 6)),
        ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]))
    return table


def _bold(c: Canvas, x: float, y: float, text: str, font: str, size: float, color, align: str = "left") -> None:
    """Draws text with a thin outline stroke: a bold look from a font that has no bold face."""
    width = c.stringWidth(text, font, size)
    x = x - width / 2 if align == "center" else x - width if align == "right" else x
    c.saveState()  # the text render mode is graphics state: keep it from leaking to later text
    t = c.beginText(x, y)
    t.setFont(font, size)
    t.setTextRenderMode(2)
    c.setFillColor(color)
    c.setStrokeColor(color)
    c.setLineWidth(size / 40)
    t.textOut(text)
    c.drawText(t)
    c.restoreState()


def _fit(c: Canvas, text: str, font: str, size: float, max_width: float) -> float:
    """The font size (at most `size`, at least 6) at which `text` fits `max_width`."""
    while size > 6 and c.stringWidth(text, font, size) > max_width:
        size -= 0.5
    return size


def render_receipt(data: ReceiptData) -> bytes:
    """The receipt as PDF bytes; identical input gives identical bytes."""
    font = register_cjk_font()
    st = _styles(font)
    ef = data.language.lower().startswith("en")
    width = PAGE_W - 2 * MARGIN_X
    body = _body(data, width, st)
    _, body_h = body.wrap(width, 10_000)
    header_h, footer_h = 27 * mm, 30 * mm
    page_h = max(MIN_PAGE_H, header_h + body_h + footer_h + 2 * MARGIN_Y)

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(PAGE_W, page_h), invariant=1, pageCompression=1, initialFontName=font)
    title_first, title_second = _pair("title", ef)
    c.setTitle(f"{LABELS['title'][0]} {LABELS['title'][1]}")
    c.setAuthor(data.bank_name)
    c.setSubject(f"{data.tx_code} journal {data.journal_seq}")
    c.setCreator("teller-workstation")
    c.setProducer(PRODUCER)

    top = page_h - MARGIN_Y
    left, right = MARGIN_X, PAGE_W - MARGIN_X
    # header: bank and branch on the left, title centred, reprint mark on the right
    head_w = width - 45 * mm  # room for the reprint mark on the right
    _bold(c, left, top - 12, data.bank_name, font, _fit(c, data.bank_name, font, 12, head_w), BRAND)
    c.setFont(font, _fit(c, data.branch_name, font, 8, head_w))
    c.setFillColor(MUTED)
    c.drawString(left, top - 23, data.branch_name)
    _bold(c, PAGE_W / 2, top - 40, title_first, font, 17, INK, "center")
    c.setFont(font, 9)
    c.setFillColor(MUTED)
    c.drawCentredString(PAGE_W / 2, top - 53, title_second)
    if data.reprint:
        mark = " ".join(_pair("reprint", ef))
        w = c.stringWidth(mark, font, 10) + 12
        c.setStrokeColor(ALERT)
        c.setLineWidth(1)
        c.roundRect(right - w, top - 20, w, 16, 3, stroke=1, fill=0)
        _bold(c, right - w / 2, top - 15.5, mark, font, 10, ALERT, "center")
    c.setStrokeColor(BRAND)
    c.setLineWidth(1.6)
    c.line(left, top - header_h + 10, right, top - header_h + 10)
    c.setLineWidth(0.5)
    c.line(left, top - header_h + 8, right, top - header_h + 8)

    body_top = top - header_h + 2
    body.drawOn(c, left, body_top - body_h)

    # signatures and stamp box
    sig_y = body_top - body_h - 18 * mm
    c.setFillColor(INK)
    c.setStrokeColor(INK)
    c.setLineWidth(0.6)
    for x, key in ((left, "customer_sign"), (left + 68 * mm, "teller_sign")):
        first, second = _pair(key, ef)
        c.setFont(font, 9)
        c.drawString(x, sig_y, first)
        c.setFont(font, 6.5)
        c.setFillColor(MUTED)
        c.drawString(x, sig_y - 9, second)
        c.setFillColor(INK)
        label_w = max(c.stringWidth(first, font, 9), c.stringWidth(second, font, 6.5)) + 6
        c.line(x + label_w, sig_y - 2, x + 55 * mm, sig_y - 2)
    stamp_w, stamp_h = 42 * mm, 20 * mm
    c.saveState()
    c.setDash(2, 2)
    c.setStrokeColor(RULE)
    c.rect(right - stamp_w, sig_y - 12, stamp_w, stamp_h, stroke=1, fill=0)
    c.restoreState()
    c.setFont(font, 7)
    c.setFillColor(MUTED)
    if data.seal_name:  # the e-seal in place of the box's label
        draw_e_seal(c, right - stamp_w / 2, sig_y - 12 + stamp_h / 2, 11 * mm, data.branch_name, data.seal_name, font)
    else:
        c.drawCentredString(right - stamp_w / 2, sig_y - 12 + stamp_h - 10, " ".join(_pair("stamp", ef)))

    c.setFont(font, 6.5)
    c.drawString(left, MARGIN_Y, " ".join(_pair("notice", ef)))
    c.drawRightString(right, MARGIN_Y, f"{data.workstation} · {data.journal_seq}")

    if data.reprint:  # faint diagonal watermark over everything
        c.saveState()
        c.setFillColor(ALERT)
        c.setFillAlpha(0.13)
        c.translate(PAGE_W / 2, page_h / 2 - 10 * mm)
        c.rotate(18)
        c.setFont(font, 54)
        c.drawCentredString(0, 0, " ".join(_pair("reprint", ef)))
        c.restoreState()

    c.showPage()
    c.save()
    return buf.getvalue()
