"""`teller-admin report …`: the end-of-day reports (日终报表) as PDF or CSV files, for the
supervisor who presents badge + PIN. Registered on the main parser by teller.cli."""
from __future__ import annotations

from pathlib import Path

REPORTS = ("day-book", "balances", "large-cash", "handovers")


def add_report_commands(sub, workstation, read_pin) -> None:
    """`workstation(args, need_core=False)` builds the workstation; `read_pin(prompt)` reads a PIN."""
    report = sub.add_parser("report", help="end-of-day reports as PDF or CSV (a supervisor's badge and PIN)")
    report.add_argument("name", choices=REPORTS)
    report.add_argument("--date", help="business date YYYY-MM-DD (default: today's)")
    report.add_argument("--out", required=True, help="file to write; .csv writes CSV, anything else PDF")
    report.add_argument("--supervisor-badge", required=True)
    report.set_defaults(func=lambda args: write_report(args, workstation, read_pin))


def write_report(args, workstation, read_pin) -> int:
    from printing.day_reports import (BALANCE_HEADER, DAY_BOOK_HEADER, HANDOVER_HEADER, LARGE_CASH_HEADER,
                                      balance_rows, day_book_rows, handover_rows, large_cash_rows,
                                      render_day_book, render_handover_register, render_large_cash, to_csv)
    from teller.services.credentials import Credentials

    ws = workstation(args, need_core=False)
    session = ws.sessions.sign_in(Credentials(args.supervisor_badge, read_pin("Supervisor PIN: ")))
    try:
        reports, branch = ws.day_reports, ws.ctx.settings.branch
        bank, name = branch["bank_name"], branch["branch_name"]
        book = reports.day_book(session, args.date)
        names, day = book.names, book.business_date
        as_csv = Path(args.out).suffix.lower() == ".csv"
        if args.name in ("day-book", "balances"):
            if as_csv:
                header, rows = ((DAY_BOOK_HEADER, day_book_rows(book)) if args.name == "day-book"
                                else (BALANCE_HEADER, balance_rows(book)))
                data = to_csv(header, rows)
            else:
                data = render_day_book(bank, name, book)
        elif args.name == "large-cash":
            lines = reports.large_cash(session, day)
            data = (to_csv(LARGE_CASH_HEADER, large_cash_rows(lines, names)) if as_csv
                    else render_large_cash(bank, name, day, lines, names))
        else:
            lines = reports.handovers(session, day)
            labels = {d.id: d.label for d in ws.ctx.settings.denominations}
            data = (to_csv(HANDOVER_HEADER, handover_rows(lines, names, labels)) if as_csv
                    else render_handover_register(bank, name, day, lines, names, labels))
    finally:
        ws.sessions.sign_off(session)
    Path(args.out).write_bytes(data)
    print(f"{args.name} of {day} written to {args.out}")
    return 0
