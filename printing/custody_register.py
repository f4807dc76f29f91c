"""The seal use and custody register (重要业务印章使用保管登记簿 / 重要物品交接登记簿) of one business
day: every registration, take-out, hand-over and lock-in with the parties, then each item's
keeper and whether it is locked in the vault box at the time of printing. Takes the lines and
items as teller.services.custody lists them (duck-typed: printing imports only teller.domain)."""
from __future__ import annotations

from xml.sax.saxutils import escape

from printing.register_document import render_register

EVENTS = {"registered": "登记 registered", "handed_over": "交接 handed over", "taken_out": "出库 taken out",
          "locked_in": "入库 locked in"}
KINDS = {"seal": "印章 seal", "pledge_code": "密押 pledge code", "blank_voucher": "重要空白凭证 blank vouchers"}
HEADER = ["时间 Time", "物品 Item", "事项 Event", "交出 From", "接收 To", "监交 Witness", "终端 Desk", "备注 Note"]


def render_custody_register(bank: str, branch: str, business_date: str, lines, items) -> bytes:
    rows = [[line.at[11:19], escape(line.item_name), EVENTS.get(line.event, escape(line.event)),
             escape(line.keeper_id or ""), escape(line.receiver_id or ""), escape(line.witness_id or ""),
             escape(line.workstation_id), escape(line.note or "")] for line in lines]
    out_of_vault = [item for item in items if not item.in_vault]
    holdings = "<br/>".join(
        escape(f"{item.name}（{KINDS.get(item.kind, item.kind)}）: {item.keeper_id} {item.keeper_name}, ")
        + ("已入库 in the vault box" if item.in_vault else "<b>未入库 NOT in the vault box</b>") for item in items)
    summary = (f"共 {len(lines)} 笔 entries　　未入库 not in the vault box: "
               f"{'、'.join(escape(i.name) for i in out_of_vault) or '无 none'}<br/>{holdings}")
    return render_register(bank=bank, branch=branch,
                           title=f"重要业务印章使用保管登记簿 Seal and custody register — {business_date}",
                           doc_title=f"Custody register {business_date}", summary=summary, header=HEADER,
                           rows=rows, empty="无记录 No entries", widths_mm=[18, 34, 28, 30, 30, 30, 18, 85],
                           signatures="非现金区台长 Non-cash-area head: ____________　　"
                                      "营业室主任 Branch manager: ____________")
