"""The blank voucher register (重要空白凭证登记簿) of one business day, in the paper register's
columns: time, voucher type, serials from-to, count, event (received 领入, issued 领用, returned
缴回, used 使用, sold 出售, voided 作废), whose serials, who did it, who authorised, the journal entry
or account, and the note; then each type's balance (received = stock + with tellers + used +
sold + voided) for the heads' signatures. Takes the lines as teller.services.vouchers lists them
(duck-typed: printing imports only teller.domain)."""
from __future__ import annotations

from xml.sax.saxutils import escape

from printing.register_document import render_register
from teller.domain.masking import mask_number
from teller.domain.vouchers import VoucherBalance, VoucherType

EVENTS = {"received": "领入 received", "issued": "领用 issued", "returned": "缴回 returned", "used": "使用 used",
          "sold": "出售 sold", "voided": "作废 voided"}
HEADER = ["时间 Time", "凭证种类 Type", "起止号码 Serials", "数量 Count", "事项 Event", "柜员 Teller",
          "经办 By", "授权 Authorised", "关联 Entry / account", "备注 Note"]


def render_voucher_register(bank: str, branch: str, business_date: str, lines,
                            balances: list[tuple[VoucherType, VoucherBalance]]) -> bytes:
    types = {vtype.code: vtype for vtype, _ in balances}
    rows = []
    for line in lines:
        vtype = types.get(line.type_code)
        serials = (f"{vtype.format(line.first_serial)}–{vtype.format(line.last_serial)}" if vtype
                   else f"{line.first_serial}–{line.last_serial}")
        reference = line.reference or ""
        if line.event == "sold":  # the buyer's account, masked as on every printed page
            reference = mask_number(reference)
        rows.append([line.at[11:19], escape(vtype.name_zh if vtype else line.type_code), serials,
                     str(line.last_serial - line.first_serial + 1), EVENTS.get(line.event, escape(line.event)),
                     escape(line.teller_id or ""), escape(line.actor_id), escape(line.authoriser_id or ""),
                     escape(reference), escape(line.note or "")])
    summary = "<br/>".join(
        escape(f"{vtype.name_zh} {vtype.name_en}: 领入 received {b.received} = 库存 stock {b.stock} + 柜员 with "
               f"tellers {b.with_tellers} + 使用 used {b.used} + 出售 sold {b.sold} + 作废 voided {b.voided}")
        + ("" if b.balanced else " <b>不平 DOES NOT BALANCE</b>") for vtype, b in balances)
    return render_register(bank=bank, branch=branch,
                           title=f"重要空白凭证登记簿 Blank voucher register — {business_date}",
                           doc_title=f"Blank voucher register {business_date}",
                           summary=f"共 {len(lines)} 笔 entries<br/>{summary}", header=HEADER, rows=rows,
                           empty="无记录 No entries", widths_mm=[17, 22, 42, 14, 24, 18, 18, 20, 38, 60],
                           signatures="凭证库管员 Voucher keeper (非现金区台长): ____________　　"
                                      "营业室主任 Branch manager: ____________")
