"""The day's exception queue report (异常队列日报): postings the core refused after the cash moved
offline, each with its contacts and resolution (reversed, written off, still open), and the
totals the branch manager signs. Takes the items as teller.services.exceptions lists them
(duck-typed: printing imports only teller.domain)."""
from __future__ import annotations

from xml.sax.saxutils import escape

from printing.register_document import render_register
from teller.domain.money import format_amount

STATES = {"open": "待处理 open", "contacted": "已联系 contacted", "reversed": "已冲回 reversed",
          "written_off": "已核销 written off", "no_cash": "流水号重复，未收付现金 key reused, no cash moved"}
CASH = {"debit": "付现 paid out", "credit": "收现 taken in"}
HEADER = ["编号 Item", "柜员 Teller", "账号 Account", "金额 Amount", "现金 Cash", "核心原因 Core's reason",
          "联系客户 Contacts", "处理 Resolution"]


def _contacts(item) -> str:
    return "<br/>".join(escape(f"{c.at[11:16]} {c.by} {c.channel}: {c.note}") for c in item.contacts)


def _resolution(item) -> str:
    text = STATES[item.state]
    done = item.resolution
    if done is not None:
        text += escape(f" {done.at[11:16]} 经办 {done.by} 授权 {done.authorised_by or '-'}: {done.reason}")
    return text


def _total(items, states) -> str:
    chosen = [i for i in items if i.state in states]
    return f"{len(chosen)} 笔 / {format_amount(sum(i.amount_fen for i in chosen))}"


def render_exceptions_report(bank: str, branch: str, business_date: str, items) -> bytes:
    rows = [[f"{item.key}<br/>{item.refused_at[:16].replace('T', ' ')}", escape(item.teller_id),
             item.account_masked, format_amount(item.amount_fen), CASH[item.direction], escape(item.reason),
             _contacts(item), _resolution(item)] for item in items]
    return render_register(
        bank=bank, branch=branch, title=f"异常队列日报 Exception queue — {business_date}",
        doc_title=f"Exception queue {business_date}",
        summary=(f"待处理 open: {_total(items, ('open', 'contacted'))}　　"
                 f"已冲回 reversed: {_total(items, ('reversed',))}　　"
                 f"已核销 written off: {_total(items, ('written_off',))}"),
        header=HEADER, rows=rows, empty="无异常 No exceptions", widths_mm=[30, 18, 36, 22, 24, 30, 56, 56],
        signatures="营业室主任 Branch manager: ____________　　现金区台长 Cash-area head: ____________")
