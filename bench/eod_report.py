"""End-of-day PDF for 5,000 entries (issue: < 3 s), beside the reference of writing the same rows
with reportlab's own canvas, line by line, in the same run (the floor of any PDF of this size).

    .venv/bin/python bench/eod_report.py [--entries 5000] [--runs 3]

Prints one line per figure; exit code 0 when the day book's PDF meets the target.
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from printing.day_reports import day_book_rows, render_day_book  # noqa: E402
from printing.fonts import register_cjk_font  # noqa: E402
from teller.domain.day_book import JournalRecord, cash_day_book, teller_balances  # noqa: E402
from teller.services.day_reports import DayBook  # noqa: E402

TARGET_S = 3.0


def a_busy_day(entries: int) -> DayBook:
    """`entries` cash postings of 8 tellers with the core's answers and the tills' entries."""
    records = []
    for teller in range(8):
        records.append(JournalRecord("WS0%d" % teller, 1, "2026-11-23T08:30:00+08:00", f"T{teller:03d}",
                                     "till_opened", None, None, 10_000_000, None, {}))
    for n in range(entries):
        teller, seq = n % 8, 2 * n + 2
        direction = "credit" if n % 3 else "debit"
        at = f"2026-11-23T{9 + n * 8 // entries:02d}:{n % 60:02d}:{(n * 7) % 60:02d}+08:00"
        records.append(JournalRecord(f"WS0{teller}", seq, at, f"T{teller:03d}", "posting", "1001" if n % 3 else "1002",
                                     f"440100010000{n:05d}", 10_000 + n, None,
                                     {"direction": direction, "denominations": {"N10000": 1}}))
        records.append(JournalRecord(f"WS0{teller}", seq + 1, at, f"T{teller:03d}",
                                     "host_approved" if n % 50 else "host_rejected", None, None, None, seq, {}))
    book = cash_day_book(records)
    return DayBook("2026-11-23", book, teller_balances(records, book),
                   {f"T{t:03d}": f"柜员{t} Teller {t}" for t in range(8)})


def reference(book: DayBook) -> bytes:
    """The same rows drawn with reportlab's canvas: no table layout, no paragraphs."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    font = register_cjk_font()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=landscape(A4), invariant=True)
    y = 560
    for row in day_book_rows(book):
        pdf.setFont(font, 8.5)
        pdf.drawString(30, y, "  ".join(row))
        y -= 11
        if y < 30:
            pdf.showPage()
            y = 560
    pdf.save()
    return out.getvalue()


def timed(fn, runs: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(fn())
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    book = a_busy_day(args.entries)
    register_cjk_font()  # the font is loaded once per process by either path
    ours, size = timed(lambda: render_day_book("示范银行 Demo Bank", "城东支行 East City", book), args.runs)
    floor, _ = timed(lambda: reference(book), args.runs)
    ok = ours < TARGET_S
    print(f"eod pdf: day book of {len(book.lines)} postings {ours:.2f} s ({size // 1024} KiB), "
          f"canvas reference {floor:.2f} s, ratio {ours / floor:.1f}x; target < {TARGET_S:.0f} s "
          f"{'PASS' if ok else 'MISS'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
