"""The end-of-day reports on SQLite and PostgreSQL branch stores, from a real day at the counter:
the cash day book with each teller's balance sheet, the large-value cash report, the register of
handovers, and the branch's cash position; as PDF (parsed) and CSV."""
import csv
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from printing.day_reports import (BALANCE_HEADER, DAY_BOOK_HEADER, balance_rows, day_book_rows, render_day_book,
                                  render_handover_register, render_large_cash, to_csv)
from teller.domain.errors import PermissionDenied
from teller.services.credentials import Credentials
from teller.services.large_cash import CustomerIdentity
from tests.services.test_review import CASH_HEAD, RICH, TELLER, cash

POOR = "44010001000000058"  # 100.00 only: a withdrawal over it is rejected by the core
ID_NUMBER = "11010519491231002X"


def a_day_at_the_counter(ws):
    """T001 opens the till with 10,000.00, takes 1,200.00 and a large 60,000.00 deposit, pays out 300.00,
    has a 500.00 withdrawal rejected by the core, and closes with one 100 note over."""
    session = ws.sessions.sign_in(TELLER)
    ws.till.open(session, cash(ws, N10000=100), TELLER, CASH_HEAD)
    assert ws.cash.post(session, "1001", RICH, Decimal("1200"), cash(ws, N10000=12)).outcome.status == "approved"
    identity = CustomerIdentity.checked("resident_id", ID_NUMBER, "购房 house purchase")
    key, _seq, _hash = ws.cash.record_posting(session, "1001", RICH, Decimal("60000"), cash(ws, N10000=600),
                                              extra={"large_cash": identity.for_report()})
    assert ws.outbox.send(key).status == "approved"
    assert ws.cash.post(session, "1002", RICH, Decimal("300"), cash(ws, N10000=3)).outcome.status == "approved"
    assert ws.cash.post(session, "1002", POOR, Decimal("500"), cash(ws, N10000=5)).outcome.status == "rejected"
    expected = 10000 + 1200 + 60000 - 300
    ws.till.count_at_close(session, cash(ws, N10000=expected // 100 + 1))
    ws.till.close(session, cash(ws, N10000=expected // 100 + 1), TELLER, CASH_HEAD)
    ws.sessions.sign_off(session)
    assert ws.replicator.push().ok
    return ws.sessions.sign_in(CASH_HEAD)


def test_the_day_book_lists_every_cash_posting_and_each_teller_balances(workstation):
    head = a_day_at_the_counter(workstation)
    book = workstation.day_reports.day_book(head)
    assert [(line.tx_code, line.receipt_fen, line.payment_fen, line.status) for line in book.lines] == [
        ("1001", 120000, 0, "moved"), ("1001", 6000000, 0, "moved"), ("1002", 0, 30000, "moved"),
        ("1002", 0, 0, "not_moved")]
    assert (book.receipts_fen, book.payments_fen) == (6120000, 30000)
    [balance] = book.balances
    assert (balance.teller_id, balance.opened_fen, balance.receipts_fen, balance.payments_fen) == (
        "T001", 1000000, 6120000, 30000)
    assert (balance.expected_fen, balance.counted_fen, balance.over_short_fen) == (7090000, 7100000, 10000)
    assert balance.balanced  # 账款相符 once the authorised over is taken into account
    assert day_book_rows(book)[0][2] == "王芳 Wang Fang"  # names, not staff ids
    assert day_book_rows(book)[3][7].startswith("未记账")

    pdf = PdfReader(io.BytesIO(render_day_book("示范银行", "城东支行", book)))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "现金收付日记簿" in text and "61,200.00" in text and "300.00" in text and "王芳" in text
    assert "440100*******0017" in text and RICH not in text  # accounts masked on paper
    rows = list(csv.reader(io.StringIO(to_csv(BALANCE_HEADER, balance_rows(book)).decode("utf-8-sig"))))
    assert rows[0] == BALANCE_HEADER and rows[1][5:] == ["70,900.00", "71,000.00", "100.00", "相符 yes"]
    assert list(csv.reader(io.StringIO(to_csv(DAY_BOOK_HEADER, day_book_rows(book)).decode("utf-8-sig"))))[1][5] \
        == "1,200.00"


def test_large_cash_and_handover_registers(workstation):
    head = a_day_at_the_counter(workstation)
    [large] = workstation.day_reports.large_cash(head)
    assert (large.amount_fen, large.direction, large.id_number, large.purpose) == (
        6000000, "credit", ID_NUMBER, "购房 house purchase")
    handovers = workstation.day_reports.handovers(head)
    assert [(h.kind, h.teller_id, h.supervisor_id, h.amount_fen, h.over_short_fen) for h in handovers] == [
        ("till_open", "T001", "S001", 1000000, 0), ("till_close", "T001", "S001", 7100000, 10000)]
    names = {"T001": "王芳", "S001": "赵强"}
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_handover_register(
        "示范银行", "城东支行", "2026-11-23", handovers, names,
        {d.id: d.label for d in workstation.ctx.settings.denominations}))).pages)
    assert "重要物品交接登记簿" in text and "赵强" in text and "71,000.00" in text
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_large_cash(
        "示范银行", "城东支行", "2026-11-23", [large], names))).pages)
    assert "大额交易报告" in text and "60,000.00" in text and "购房" in text


def test_the_cash_position_counts_the_vault_and_the_tills_still_open(workstation):
    session = workstation.sessions.sign_in(TELLER)
    workstation.till.open(session, cash(workstation, N10000=100), TELLER, CASH_HEAD)
    workstation.cash.post(session, "1001", RICH, Decimal("1200"), cash(workstation, N10000=12))
    workstation.sessions.sign_off(session)
    assert workstation.replicator.push().ok
    head = workstation.sessions.sign_in(CASH_HEAD)
    position = workstation.day_reports.cash_position(head)
    [till] = position.open_tills
    assert (till.teller_id, till.expected_fen, till.counted_fen) == ("T001", 1120000, None)
    assert position.total_fen == position.vault.total_fen() + 1120000


def test_only_supervisors_print_the_day_reports(workstation):
    teller = workstation.sessions.sign_in(TELLER)
    for report in (workstation.day_reports.day_book, workstation.day_reports.large_cash,
                   workstation.day_reports.handovers, workstation.day_reports.cash_position):
        with pytest.raises(PermissionDenied):
            report(teller)
