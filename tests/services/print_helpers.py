"""A workstation context on a real SQLite store (no core, no branch), and a printer double
that keeps what reached the paper and fails the way real printers and processes do."""
from __future__ import annotations

from pathlib import Path

from devices.printer.transports import PrinterOffline
from printing.forms import passbook_lines_from_fields
from teller.config import load_settings
from teller.domain.roles import Role
from teller.ports import FormJob
from teller.services.context import WorkstationContext
from teller.services.credentials import StaffMember
from teller.services.journal import JournalSigner
from teller.store.database import make_engine, migrate
from teller.store.stores import BranchStore, WorkstationStore

MAC_KEY = b"print-tests-mac-key-32-bytes...."
# the cash teller at the counter who works the passbook printer (the passbook steps check the role)
COUNTER_TELLER = StaffMember("T0107", "柜员 Counter Teller", frozenset({Role.CASH_TELLER}))


class ProcessKilled(BaseException):
    """The process dies here: nothing after this line runs, nothing is rolled back on disk."""


def make_ctx(store: Path, clock, workstation_id: str = "WS01") -> WorkstationContext:
    """A context on the workstation store at `store` (migrated on first use); call again for a restart."""
    engine = make_engine(f"sqlite:///{store}")
    migrate(engine, "workstation")
    settings = load_settings(store.parent, {"workstation": {"id": workstation_id}})
    signer = JournalSigner(workstation_id, MAC_KEY, clock)
    return WorkstationContext(settings, WorkstationStore(engine, signer), BranchStore(engine), signer, None, clock)


def close_ctx(ctx: WorkstationContext) -> None:
    ctx.workstation_db.kw["bind"].dispose()


class PaperPrinter:
    """Prints onto a list; `fail` queues what the next print_form calls do:
    "offline" (refused, nothing sent), "lost" (sent but the printer lost it, e.g. powered off
    with the job in its buffer: partial from the host's side, nothing on paper),
    "crash_before" / "crash_after" (the process is killed before / after the paper has it),
    "bug" (an unexpected exception before anything is sent)."""

    def __init__(self):
        self.paper: list[FormJob] = []
        self.fail: list[str | None] = []
        self.page = 1  # the passbook page lying open in the printer
        self.passbook_lines: list[tuple[int, int, dict]] = []  # (page, line, columns) as printed

    def print_form(self, job: FormJob) -> str:
        mode = self.fail.pop(0) if self.fail else None
        if mode == "offline":
            raise PrinterOffline("printer offline (test)")
        if mode == "lost":
            raise PrinterOffline("printer dropped the link mid-job (test)", sent=100)
        if mode == "crash_before":
            raise ProcessKilled()
        if mode == "bug":
            raise KeyError("driver bug (test)")
        self.paper.append(job)
        if job.layout == "passbook":
            first, lines = passbook_lines_from_fields(job.fields)
            self.passbook_lines += [(self.page, first + i, line) for i, line in enumerate(lines)]
        if mode == "crash_after":
            raise ProcessKilled()
        return "paper"

    def print_document(self, name: str, pdf: bytes) -> str:
        return name

    def line_printed(self, page: int, line: int) -> bool:
        """What the teller sees when looking at the passbook."""
        return any(p == page and n == line for p, n, _ in self.passbook_lines)
