"""The workstation's print queue: every form is stored before it is printed, and printed
once, in the order it was queued, when the printer takes it.

A teller never waits on a printer that is off, out of paper or unplugged: the job stays
`queued` (attempts and the last error recorded), `pump()` stops at it and says so in its
result, and the next `pump()` (printer back) prints it and the jobs behind it.

Printer errors are TellerErrors from the device (devices.printer.transports); the queue
reads two attributes so that it needs nothing from devices/:
  retryable  the same job may be sent again as it is (nothing reached the paper);
  partial    part of it may be on the paper.
A job is marked `printing` (committed) before it is sent. If the process dies while
sending, or the link breaks mid-job (partial), it stays `printing`: whether the paper has
it is unknown, `pump()` stops there (`interrupted`) and the teller, looking at the paper,
calls `resolve_interrupted(job, printed=...)`. That is what makes passbook lines print
exactly once: they are never resent or skipped on a guess.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable

from teller.domain.errors import TellerError
from teller.ports import FormJob, VoucherPrinter
from teller.services.context import WorkstationContext
from teller.store.printing_models import PrintJob
from teller.store.repos.printing import OPEN_JOB_STATES
from teller.store.stores import WorkstationUnit

log = logging.getLogger(__name__)
OPEN_STATES = OPEN_JOB_STATES

# (unit, job, teller_id, how) in the workstation transaction that marks a passbook job done;
# how = "printer" (the printer took it) or "teller_confirmed" (after an interruption).
PassbookHook = Callable[[WorkstationUnit, PrintJob, str, str], None]


class PrintJobNotInterrupted(TellerError):
    code = "print_job_not_interrupted"


@dataclass(frozen=True)
class PumpResult:
    """What one pump did, for the teller: printed job ids, jobs still waiting and, when it
    stopped early, why (`error`) and which job needs the teller's check (`interrupted`)."""

    printed: tuple[int, ...] = ()
    waiting: int = 0
    error: str | None = None
    failed: tuple[int, ...] = ()  # could never print as they are (bad field, unknown layout)
    interrupted: int | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.failed


@dataclass(frozen=True)
class QueuedJob:
    id: int
    name: str
    layout: str
    state: str
    attempts: int
    last_error: str | None
    created_at: str


class PrintQueue:
    def __init__(self, ctx: WorkstationContext, printer: VoucherPrinter):
        self.ctx = ctx
        self.workstation = ctx.workstation
        self.printer = printer
        self.on_passbook_printed: PassbookHook | None = None  # set by PassbookService
        self._lock = threading.Lock()  # one pump at a time: the printer takes one job at a time

    def submit(self, job: FormJob) -> int:
        """Stores the job durably; returns its id. Printing happens in `pump()`."""
        with self.workstation.transaction() as unit:
            return self.add(unit, job)

    def add(self, unit: WorkstationUnit, job: FormJob, *, passbook_id: str | None = None,
            first_line: int | None = None, line_count: int | None = None) -> int:
        """`submit` inside the caller's transaction (a passbook job commits with what it reads)."""
        return unit.print_jobs.add(created_at=self.ctx.now_text(), name=job.name or job.layout, layout=job.layout,
                                   fields=job.fields, passbook_id=passbook_id, first_line=first_line,
                                   line_count=line_count)

    def pump(self, teller_id: str) -> PumpResult:
        """Sends queued jobs in order until the queue is empty or the printer stops taking them."""
        with self._lock:
            printed: list[int] = []
            failed: list[int] = []
            while True:
                job, job_id, stop = self._next()
                if stop is not None:
                    return self._result(printed, failed, interrupted=stop[0], error=stop[1])
                if job is None:
                    return self._result(printed, failed)
                try:
                    self.printer.print_form(job)
                except Exception as exc:  # noqa: BLE001 - every failure is recorded on the job
                    state = self._record_failure(job_id, exc)
                    if state == "failed":
                        failed.append(job_id)
                        continue
                    return self._result(printed, failed, error=_message(exc),
                                        interrupted=job_id if state == "printing" else None)
                with self.workstation.transaction() as unit:
                    self._mark_done(unit, unit.print_jobs.get(job_id), teller_id, "printer")
                printed.append(job_id)

    def _next(self) -> tuple[FormJob | None, int | None, tuple[int | None, str] | None]:
        """The next job, marked `printing` and committed before a byte is sent; or why not to go on."""
        with self.workstation.transaction() as unit:
            row = unit.print_jobs.next_open()
            if row is None:
                return None, None, None
            if row.state == "printing":
                return None, None, (row.id, f"printing of {row.name} (job {row.id}) was interrupted: "
                                            f"check the paper and confirm whether it printed")
            if row.passbook_id is not None and self.on_passbook_printed is None:
                return None, None, (None, "passbook printing is not set up on this workstation "
                                          "(no passbook service)")
            row.state, row.attempts = "printing", row.attempts + 1
            return FormJob(row.layout, dict(row.fields), row.name), row.id, None

    def _record_failure(self, job_id: int, exc: Exception) -> str:
        if not isinstance(exc, TellerError):
            log.exception("print job %s failed unexpectedly", job_id, exc_info=exc)
        partial = getattr(exc, "partial", False) or not isinstance(exc, TellerError)
        state = "printing" if partial else "queued" if getattr(exc, "retryable", False) else "failed"
        with self.workstation.transaction() as unit:
            row = unit.print_jobs.get(job_id)
            row.state, row.last_error = state, _message(exc)
        return state

    def _mark_done(self, unit: WorkstationUnit, row: PrintJob, teller_id: str, how: str) -> None:
        row.state, row.last_error = "done", None
        if row.passbook_id is not None:
            self.on_passbook_printed(unit, row, teller_id, how)

    def _result(self, printed, failed, error: str | None = None, interrupted: int | None = None) -> PumpResult:
        with self.workstation.reading() as unit:
            waiting = unit.print_jobs.open_count()
        return PumpResult(tuple(printed), waiting, error, tuple(failed), interrupted)

    def resolve_interrupted(self, job_id: int, printed: bool, teller_id: str) -> None:
        """The teller looked at the paper: `printed` marks the job done, else it is queued again."""
        with self.workstation.transaction() as unit:
            row = unit.print_jobs.get(job_id)
            if row is None or row.state != "printing":
                raise PrintJobNotInterrupted(f"print job {job_id} is not waiting for a check")
            if printed:
                if row.passbook_id is not None and self.on_passbook_printed is None:
                    raise PrintJobNotInterrupted("passbook printing is not set up on this workstation")
                self._mark_done(unit, row, teller_id, "teller_confirmed")
            else:
                row.state = "queued"

    def outstanding(self) -> list[QueuedJob]:
        """Jobs not yet printed, and those that could not be, oldest first (for the printer panel)."""
        with self.workstation.reading() as unit:
            rows = unit.print_jobs.not_done()
            return [QueuedJob(r.id, r.name, r.layout, r.state, r.attempts, r.last_error, r.created_at) for r in rows]


def _message(exc: Exception) -> str:
    return exc.message if isinstance(exc, TellerError) else f"{type(exc).__name__}: {exc}"
