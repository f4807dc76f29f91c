"""Passbook update (补登存折): print a passbook's unprinted movements from its next free line.

The procedure at the counter: the customer hands over the passbook, the teller puts it
in the passbook printer open at the current page and asks for the update. The lines go
out as one print job per page; when the page is full the teller is asked to turn the page
(`turn_page`), turns it, says so (`page_turned`) and asks again.

Entries are marked printed and the passbook's next line moves only in the transaction
in which the print queue marks the job done (the printer took it) or the teller confirms
an interrupted job printed. A job is created only when the passbook has no open job, so
after a paper-out or a power cycle the same lines are waiting at the same line number:
nothing is printed twice and nothing is skipped. Each printed batch is journaled
("passbook_printed").

A passbook job is FormJob(layout "passbook") with the flat fields printing.forms reads:
first_line, line_count and "<line>.<column>" per line.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources as importlib_resources

from teller.domain.errors import ConfigurationError, TellerError
from teller.domain.money import format_amount
from teller.domain.permissions import require_permission
from teller.ports import FormJob
from teller.services.context import WorkstationContext
from teller.services.print_queue import PrintQueue
from teller.store.printing_models import Passbook, PassbookEntry, PrintJob
from teller.store.stores import WorkstationUnit


class UnknownPassbook(TellerError):
    code = "unknown_passbook"


class PassbookBusy(TellerError):
    code = "passbook_busy"


@dataclass(frozen=True)
class PassbookPrintResult:
    """status: printed | turn_page | nothing_to_print | waiting (printer not taking jobs) |
    interrupted (teller checks the paper, then `confirm_interrupted`) | failed."""

    status: str
    lines_printed: int
    page: int
    next_line: int
    unprinted: int
    message: str = ""
    job_id: int | None = None


def passbook_lines_per_page(layout: str = "passbook") -> int:
    """Lines per page of the packaged passbook layout. printing.forms validates the whole
    file when printing; teller may not import printing, so this reads just the one number."""
    source = f"resources/forms/{layout}.toml"
    try:
        text = importlib_resources.files("resources").joinpath("forms", f"{layout}.toml").read_text(encoding="utf-8")
        value = tomllib.loads(text)["passbook"]["lines_per_page"]
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(f"{source}: no readable [passbook] lines_per_page ({exc})") from exc
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError(f"{source}: [passbook] lines_per_page must be a positive whole number")
    return value


class PassbookService:
    def __init__(self, ctx: WorkstationContext, queue: PrintQueue | None, lines_per_page: int | None = None,
                 layout: str = "passbook", staff=None):
        """`queue` may be None for registering passbooks and adding entries (no printing); `staff`
        (StaffMember) is the person at the counter, whose role the counter's steps check."""
        self.ctx, self.queue, self.layout, self.staff = ctx, queue, layout, staff
        self.workstation = ctx.workstation  # the workstation store never changes under a service
        self.lines_per_page = lines_per_page or passbook_lines_per_page(layout)
        if queue is not None:
            queue.on_passbook_printed = self._lines_printed

    def open_passbook(self, passbook_id: str, account: str, *, page: int = 1, next_line: int = 1) -> None:
        """Registers a passbook (a new one, or one already printed up to page/next_line)."""
        require_permission(self.staff, "register_passbook")
        if not (page >= 1 and 1 <= next_line <= self.lines_per_page + 1):
            raise ValueError(f"page {page}, line {next_line} is not a place in a passbook")
        with self.workstation.transaction() as unit:
            unit.passbooks.add(passbook_id=passbook_id, account=account, page=page, next_line=next_line,
                               at=self.ctx.now_text())

    def add_entry(self, passbook_id: str, *, date: str, code: str, balance_fen: int, teller_id: str,
                  amount_in_fen: int | None = None, amount_out_fen: int | None = None) -> int:
        """A movement to print; returns its sequence number in the passbook."""
        if (amount_in_fen is None) == (amount_out_fen is None):
            raise ValueError("a passbook entry has either an amount in or an amount out")
        with self.workstation.transaction() as unit:
            self._book(unit, passbook_id)
            return unit.passbooks.add_entry(passbook_id, date=date, code=code, balance_fen=balance_fen,
                                            amount_in_fen=amount_in_fen, amount_out_fen=amount_out_fen,
                                            teller_id=teller_id)

    def print_unprinted(self, passbook_id: str, teller_id: str) -> PassbookPrintResult:
        """Prints what is unprinted, page by page, until done, the page is full or the printer stops."""
        require_permission(self.staff, "update_passbook")
        lines = 0
        while True:
            with self.workstation.transaction() as unit:
                job_id, early = self._job_for_next_lines(unit, passbook_id)
                if early is not None:
                    return self._result(unit, passbook_id, early, lines)
            pumped = self.queue.pump(teller_id)
            with self.workstation.reading() as unit:
                job = unit.print_jobs.get(job_id)
                if job.state != "done":
                    status = {"queued": "waiting", "printing": "interrupted"}.get(job.state, "failed")
                    return self._result(unit, passbook_id, status, lines,
                                        pumped.error or job.last_error or "", job_id)
                lines += job.line_count

    def _job_for_next_lines(self, unit: WorkstationUnit, passbook_id: str) -> tuple[int | None, str | None]:
        """The passbook's open job, or a new one for the next lines; or why there is none."""
        book = self._book(unit, passbook_id)
        open_job = unit.print_jobs.open_for_passbook(passbook_id)
        if open_job is not None:
            return open_job.id, None  # resume it: its lines are still the next ones
        entries = unit.passbooks.unprinted(passbook_id)
        if not entries:
            return None, "nothing_to_print"
        free = self.lines_per_page - book.next_line + 1
        if free <= 0:
            return None, "turn_page"
        batch = entries[:free]
        fields = {"first_line": str(book.next_line), "line_count": str(len(batch))}
        for number, entry in enumerate(batch, start=book.next_line):
            fields.update({f"{number}.{column}": value for column, value in _columns(entry).items() if value})
        name = f"passbook-{passbook_id}-p{book.page}-l{book.next_line}"
        return self.queue.add(unit, FormJob(self.layout, fields, name), passbook_id=passbook_id,
                              first_line=book.next_line, line_count=len(batch)), None

    def _lines_printed(self, unit: WorkstationUnit, job: PrintJob, teller_id: str, how: str) -> None:
        """The print queue's hook, inside the transaction that marks `job` done."""
        book = self._book(unit, job.passbook_id)
        entries = unit.passbooks.unprinted(job.passbook_id)[:job.line_count]
        if book.next_line != job.first_line or len(entries) != job.line_count:
            raise RuntimeError(f"passbook {book.passbook_id} is at line {book.next_line} with "
                               f"{len(entries)} unprinted entries; job {job.id} printed {job.line_count} "
                               f"from line {job.first_line}")  # both move only here: a bug, not a fault
        for entry in entries:
            entry.printed = True
        book.next_line += job.line_count
        book.updated_at = self.ctx.now_text()
        unit.journal.append(teller_id=teller_id, kind="passbook_printed", account=book.account, payload={
            "passbook_id": book.passbook_id, "page": book.page, "first_line": job.first_line,
            "line_count": job.line_count, "entries": [e.seq for e in entries], "print_job": job.id, "how": how})

    def confirm_interrupted(self, passbook_id: str, printed: bool, teller_id: str) -> PassbookPrintResult:
        """After an interruption the teller looked at the page: the lines are there (`printed`)
        or not (they print again on the next `print_unprinted`)."""
        require_permission(self.staff, "update_passbook")
        with self.workstation.reading() as unit:
            job = unit.print_jobs.open_for_passbook(passbook_id)
            if job is None or job.state != "printing":
                raise PassbookBusy(f"passbook {passbook_id} has no interrupted print to confirm")
            job_id = job.id
        self.queue.resolve_interrupted(job_id, printed, teller_id)
        with self.workstation.reading() as unit:
            return self._result(unit, passbook_id, "printed" if printed else "waiting", 0, job_id=job_id)

    def page_turned(self, passbook_id: str) -> None:
        """The teller turned to the next page: printing continues at its line 1."""
        require_permission(self.staff, "update_passbook")
        with self.workstation.transaction() as unit:
            book = self._book(unit, passbook_id)
            if unit.print_jobs.open_for_passbook(passbook_id) is not None:
                raise PassbookBusy(f"passbook {passbook_id} still has lines being printed on page {book.page}: "
                                   f"finish or confirm them before turning the page")
            book.page, book.next_line, book.updated_at = book.page + 1, 1, self.ctx.now_text()

    @staticmethod
    def _book(unit: WorkstationUnit, passbook_id: str) -> Passbook:
        book = unit.passbooks.get(passbook_id)
        if book is None:
            raise UnknownPassbook(f"passbook {passbook_id} is not registered at this workstation")
        return book

    def _result(self, unit: WorkstationUnit, passbook_id: str, status: str, lines: int, message: str = "",
                job_id: int | None = None) -> PassbookPrintResult:
        book = self._book(unit, passbook_id)
        unprinted = len(unit.passbooks.unprinted(passbook_id))
        if status == "nothing_to_print" and lines:
            status = "printed"
        elif status == "turn_page":
            message = message or f"page {book.page} is full: turn to the next page and print again"
        return PassbookPrintResult(status, lines, book.page, book.next_line, unprinted, message, job_id)


def _columns(entry: PassbookEntry) -> dict[str, str]:
    """What a passbook line shows: compact date, summary, amounts with thousands separators."""
    amount = lambda fen: format_amount(fen) if fen is not None else ""  # noqa: E731
    return {"date": entry.date.replace("-", ""), "code": entry.code, "amount_out": amount(entry.amount_out_fen),
            "amount_in": amount(entry.amount_in_fen), "balance": format_amount(entry.balance_fen),
            "teller": entry.teller_id}
