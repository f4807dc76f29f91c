"""The end-of-day reports as PDF pages (the register layout of printing.register_document, in
Chinese with English beside it) and as CSV for spreadsheets: the cash day book (现金收付日记簿)
with the tellers' balance sheets, the large-value cash report (大额交易报告), the handover register
(重要物品交接登记簿) and the branch's cash position. Takes what teller.services.day_reports
returns (duck-typed: printing imports only teller.domain)."""
from __future__ import annotations

import csv
import io
from xml.sax.saxutils import escape

from teller.domain.masking import mask_number
from teller.domain.money import format_amount
from printing.register_document import render_register

STATUS = {"moved": "已记账 posted", "pending": "待主机应答 awaiting the core", "not_moved": "未记账 not posted"}
HANDOVER_KINDS = {"till_open": "尾箱出库 till opened", "till_close": "尾箱入库 till closed",
                  "sell_back": "缴款 sold back to vault"}
DIRECTIONS = {"credit": "存入 in", "debit": "支取 out"}


def _who(names: dict[str, str], staff_id: str) -> str:
    """A person by name; the staff id only for someone no longer in the staff list."""
    return names.get(staff_id) or staff_id


def _amount(fen: int) -> str:
    return format_amount(fen) if fen else ""


# -- the cash day book and balance sheets ---------------------------------------------------

DAY_BOOK_HEADER = ["时间 Time", "流水 Entry", "柜员 Teller", "交易 Code", "账号 Account", "收入 Receipts",
                   "付出 Payments", "状态 Status"]
BALANCE_HEADER = ["柜员 Teller", "领用 Opened", "收入 Receipts", "付出 Payments", "缴回 Sold back",
                  "应有 Expected", "实点 Counted", "长短款 Over/short", "账款相符 Balanced"]


def day_book_rows(book) -> list[list[str]]:
    return [[line.recorded_at[11:19], line.entry, _who(book.names, line.teller_id),
             line.tx_code + (f" 冲正 reversal of {line.reverses}" if line.reverses else ""),
             mask_number(line.account), _amount(line.receipt_fen), _amount(line.payment_fen), STATUS[line.status]]
            for line in book.lines]


def balance_rows(book) -> list[list[str]]:
    rows = []
    for b in book.balances:
        counted = "未轧账 till open" if b.counted_fen is None else format_amount(b.counted_fen)
        balanced = "—" if b.counted_fen is None else ("相符 yes" if b.balanced else "不符 NO")
        rows.append([_who(book.names, b.teller_id), format_amount(b.opened_fen), format_amount(b.receipts_fen),
                     format_amount(b.payments_fen), format_amount(b.sold_back_fen), format_amount(b.expected_fen),
                     counted, format_amount(b.over_short_fen), balanced])
    return rows


def render_day_book(bank: str, branch: str, book) -> bytes:
    """One document: the day book's lines, then each teller's balance sheet as a table of its own."""
    lines = day_book_rows(book)
    balances = "<br/>".join(" · ".join(f"{escape(h)}: {escape(c)}" for h, c in zip(BALANCE_HEADER, row))
                            for row in balance_rows(book))
    summary = (f"共 {len(book.lines)} 笔 postings　收入合计 receipts {format_amount(book.receipts_fen)}　"
               f"付出合计 payments {format_amount(book.payments_fen)}<br/><b>柜员轧账 Tellers' balances</b><br/>"
               f"{balances or '无 none'}")
    return render_register(bank=bank, branch=branch, title=f"现金收付日记簿 Cash day book — {book.business_date}",
                           doc_title=f"Cash day book {book.business_date}", summary=summary,
                           header=DAY_BOOK_HEADER, rows=lines, empty="无现金交易 No cash postings",
                           widths_mm=[18, 22, 38, 40, 40, 30, 30, 55], plain_rows=True,
                           right_aligned=frozenset({5, 6}),
                           signatures="柜员 Teller: ____________　　现金区台长 Cash-area head: ____________　　"
                                      "营业室主任 Branch manager: ____________")


# -- the large-value cash report ----------------------------------------------------------------

LARGE_CASH_HEADER = ["时间 Time", "流水 Entry", "柜员 Teller", "账号 Account", "方向 Direction", "金额 Amount",
                     "证件 ID type", "证件号码 ID number", "用途 Purpose"]


def large_cash_rows(lines, names: dict[str, str]) -> list[list[str]]:
    return [[line.recorded_at[11:19], line.entry, _who(names, line.teller_id), mask_number(line.account),
             DIRECTIONS.get(line.direction, line.direction), format_amount(line.amount_fen), line.id_type,
             line.id_number, line.purpose] for line in lines]


def render_large_cash(bank: str, branch: str, business_date: str, lines, names: dict[str, str]) -> bytes:
    total = sum(line.amount_fen for line in lines)
    return render_register(bank=bank, branch=branch, title=f"大额交易报告 Large-value cash report — {business_date}",
                           doc_title=f"Large-value cash report {business_date}",
                           summary=f"共 {len(lines)} 笔 transactions　合计 total {format_amount(total)}",
                           header=LARGE_CASH_HEADER,
                           rows=[[escape(c) for c in row] for row in large_cash_rows(lines, names)],
                           empty="当日无大额现金交易 No large cash transactions today",
                           widths_mm=[16, 20, 32, 36, 18, 26, 26, 42, 57],
                           signatures="经办 Prepared by: ____________　　营业室主任 Branch manager: ____________")


# -- the handover register ------------------------------------------------------------------

HANDOVER_HEADER = ["时间 Time", "事项 Event", "终端 Desk", "交出/接收 Teller", "监交 Supervisor", "金额 Amount",
                   "长短款 Over/short", "券别 Notes and coins"]


def handover_rows(lines, names: dict[str, str], denomination_names: dict[str, str]) -> list[list[str]]:
    return [[line.at[11:19], HANDOVER_KINDS.get(line.kind, line.kind), line.workstation_id,
             _who(names, line.teller_id), _who(names, line.supervisor_id), format_amount(line.amount_fen),
             _amount(line.over_short_fen),
             "，".join(f"{denomination_names.get(d, d)}×{n}" for d, n in line.breakdown.items())] for line in lines]


def render_handover_register(bank: str, branch: str, business_date: str, lines, names: dict[str, str],
                             denomination_names: dict[str, str]) -> bytes:
    return render_register(bank=bank, branch=branch,
                           title=f"重要物品交接登记簿 Register of handovers — {business_date}",
                           doc_title=f"Handover register {business_date}",
                           summary=f"共 {len(lines)} 次交接 handovers",
                           header=HANDOVER_HEADER,
                           rows=[[escape(c) for c in row] for row in
                                 handover_rows(lines, names, denomination_names)],
                           empty="当日无交接 No handovers today", widths_mm=[16, 36, 16, 34, 34, 26, 22, 89],
                           signatures="现金区台长 Cash-area head: ____________　　营业室主任 Branch manager: ____________")


def to_csv(header: list[str], rows: list[list[str]]) -> bytes:
    """The same lines for a spreadsheet: UTF-8 with a byte-order mark, so that Excel shows Chinese."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


REPORTS = ("day-book", "balances", "large-cash", "handovers")


def render_day_report(reports, session, name: str, business_date: str | None, *, bank: str, branch: str,
                      denomination_labels: dict[str, str], as_csv: bool = False) -> tuple[str, bytes]:
    """One of REPORTS for the day, through `reports` (teller.services.day_reports.DayReportService)
    as `session` may print it: (the business date, the PDF or CSV bytes)."""
    if name not in REPORTS:
        raise ValueError(f"unknown report {name!r}")
    book = reports.day_book(session, business_date)
    names, day = book.names, book.business_date
    if name in ("day-book", "balances"):
        if not as_csv:
            return day, render_day_book(bank, branch, book)
        header, rows = (DAY_BOOK_HEADER, day_book_rows(book)) if name == "day-book" else (BALANCE_HEADER,
                                                                                          balance_rows(book))
        return day, to_csv(header, rows)
    if name == "large-cash":
        lines = reports.large_cash(session, day)
        return day, (to_csv(LARGE_CASH_HEADER, large_cash_rows(lines, names)) if as_csv
                     else render_large_cash(bank, branch, day, lines, names))
    lines = reports.handovers(session, day)
    return day, (to_csv(HANDOVER_HEADER, handover_rows(lines, names, denomination_labels)) if as_csv
                 else render_handover_register(bank, branch, day, lines, names, denomination_labels))
