"""The specimen seal card register (印鉴卡登记簿): every card of the company accounts with its days
of validity, the image's SHA-256 (the scan kept in the branch store is checked against it), who
registered and who ended it. Takes the cards as teller.services.seal_cards lists them (duck-typed:
printing imports only teller.domain)."""
from __future__ import annotations

from xml.sax.saxutils import escape

from printing.register_document import render_register

HEADER = ["编号 No.", "账号 Account", "户名 Company", "启用 Valid from", "停用 Valid to", "状态 Status",
          "印鉴图像 SHA-256", "登记 Registered", "停用人 Ended by"]


def _status(card, on_day: str) -> str:
    if card.valid_from > on_day:
        return "待启用 not yet valid"
    if card.valid_to is not None and card.valid_to < on_day:
        return "已停用 ended"
    return "<b>有效 valid</b>"


def render_seal_card_register(bank: str, branch: str, on_day: str, cards) -> bytes:
    rows = [[str(c.card_id), escape(c.account), escape(c.company_name), c.valid_from, c.valid_to or "—",
             _status(c, on_day), f"{c.image_sha256[:16]}<br/>{c.image_sha256[16:32]}…",
             escape(f"{c.registered_by} {c.registered_at[:10]}"), escape(c.ended_by or "")] for c in cards]
    valid = sum(1 for c in cards if c.valid_from <= on_day and (c.valid_to is None or on_day <= c.valid_to))
    summary = f"截至 as of {on_day}　　共 {len(cards)} 张 cards，有效 valid {valid} 张"
    return render_register(bank=bank, branch=branch, title=f"印鉴卡登记簿 Specimen seal card register — {on_day}",
                           doc_title=f"Seal card register {on_day}", summary=summary, header=HEADER, rows=rows,
                           empty="无记录 No cards", widths_mm=[14, 38, 56, 22, 22, 22, 38, 30, 22],
                           signatures="同城柜员 Clearing clerk: ____________　　"
                                      "非现金区台长 Non-cash-area head: ____________")
