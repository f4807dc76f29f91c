"""Passbook update (补登存折): from the next free line, page by page, and after any paper-out,
lost link, crash or restart it resumes exactly where it stopped: no line printed twice,
none skipped. A hypothesis state machine drives print / fail / restart / turn-page
sequences against a printer double that keeps the "paper"; one test SIGKILLs a real
printing process mid-job."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import select

from devices.printer.escp_printer import EscpVoucherPrinter
from printing.escp import render_passbook_lines
from printing.forms import load_layout
from teller.services.journal import verify_workstation_journal
from teller.services.passbook import PassbookBusy, PassbookService, UnknownPassbook, passbook_lines_per_page
from teller.services.print_queue import PrintQueue
from teller.store.models import WorkstationJournal
from teller.store.printing_models import Passbook, PassbookEntry, PrintJob
from tests.conftest import ManualClock
from tests.printing.printer_peers import tcp_printer, wait_for  # noqa: F401 (fixture)
from tests.services.print_helpers import COUNTER_TELLER, MAC_KEY, PaperPrinter, ProcessKilled, close_ctx, make_ctx

ROOT = Path(__file__).resolve().parents[2]
FAST_DIR = "/dev/shm" if os.path.isdir("/dev/shm") else None  # fsync-heavy store: keep it in RAM


class Counter:
    """One workstation with a passbook printer; `restart()` is a new process on the same store."""

    def __init__(self, store: Path, clock, printer, lines_per_page: int | None = None):
        self.store, self.clock, self.printer, self.lines = store, clock, printer, lines_per_page
        self.start()

    def start(self):
        self.ctx = make_ctx(self.store, self.clock)
        self.queue = PrintQueue(self.ctx, self.printer)
        self.passbooks = PassbookService(self.ctx, self.queue, lines_per_page=self.lines, staff=COUNTER_TELLER)

    def restart(self):
        close_ctx(self.ctx)
        self.start()

    def add(self, n: int, first_code: int = 1, passbook_id: str = "PB1") -> None:
        for code in range(first_code, first_code + n):
            self.passbooks.add_entry(passbook_id, date="2026-11-23", code=str(code), amount_in_fen=code * 100,
                                     balance_fen=code * 10_000, teller_id="T0107")

    def journal(self, kind: str = "passbook_printed") -> list[dict]:
        with self.ctx.workstation_db() as db:
            rows = db.execute(select(WorkstationJournal).where(WorkstationJournal.kind == kind)
                              .order_by(WorkstationJournal.seq)).scalars()
            return [json.loads(r.payload) for r in rows]

    def chain_ok(self) -> bool:
        with self.ctx.workstation_db() as db:
            return verify_workstation_journal(db, "WS01", MAC_KEY).ok


@pytest.fixture
def counter(tmp_path, clock):
    c = Counter(tmp_path / "workstation-WS01.sqlite", clock, PaperPrinter(), lines_per_page=20)
    c.passbooks.open_passbook("PB1", "6222020200114821")
    yield c
    close_ctx(c.ctx)


def printed_codes(printer: PaperPrinter) -> list[tuple[int, int, str]]:
    return [(page, line, columns["code"]) for page, line, columns in printer.passbook_lines]


def test_lines_per_page_come_from_the_passbook_layout():
    assert passbook_lines_per_page() == load_layout("passbook").lines_per_page == 20


def test_prints_from_the_next_free_line_and_journals_it(counter):
    counter.add(3)
    result = counter.passbooks.print_unprinted("PB1", "T0107")
    assert (result.status, result.lines_printed, result.page, result.next_line, result.unprinted) == \
        ("printed", 3, 1, 4, 0)
    assert printed_codes(counter.printer) == [(1, 1, "1"), (1, 2, "2"), (1, 3, "3")]
    (line,) = counter.printer.passbook_lines[:1]
    assert line[2] == {"date": "20261123", "code": "1", "amount_in": "1.00", "balance": "100.00", "teller": "T0107"}
    assert counter.passbooks.print_unprinted("PB1", "T0107").status == "nothing_to_print"
    counter.add(1, first_code=4)
    assert counter.passbooks.print_unprinted("PB1", "T0107").next_line == 5
    assert [(e["first_line"], e["line_count"], e["entries"], e["how"]) for e in counter.journal()] == \
        [(1, 3, [1, 2, 3], "printer"), (4, 1, [4], "printer")]
    assert counter.chain_ok()


def test_full_page_asks_to_turn_it(counter):
    close_ctx(counter.ctx)
    counter.start()
    counter.passbooks.open_passbook("PB2", "6222020200114822", page=3, next_line=18)
    counter.add(5, passbook_id="PB2")
    result = counter.passbooks.print_unprinted("PB2", "T0107")
    assert (result.status, result.lines_printed, result.unprinted, result.next_line) == ("turn_page", 3, 2, 21)
    assert "turn to the next page" in result.message
    again = counter.passbooks.print_unprinted("PB2", "T0107")
    assert (again.status, again.lines_printed) == ("turn_page", 0)  # nothing prints over the bottom edge
    counter.printer.page = 4
    counter.passbooks.page_turned("PB2")
    result = counter.passbooks.print_unprinted("PB2", "T0107")
    assert (result.status, result.page, result.next_line) == ("printed", 4, 3)
    assert printed_codes(counter.printer) == [(1, 18, "1"), (1, 19, "2"), (1, 20, "3"), (4, 1, "4"), (4, 2, "5")]


def test_offline_printer_prints_the_same_lines_when_back(counter):
    counter.add(2)
    counter.printer.fail = ["offline"]
    result = counter.passbooks.print_unprinted("PB1", "T0107")
    assert (result.status, result.lines_printed, result.next_line, result.unprinted) == ("waiting", 0, 1, 2)
    assert "offline" in result.message
    with pytest.raises(PassbookBusy, match="still has lines being printed"):
        counter.passbooks.page_turned("PB1")  # the open job will print on this page
    counter.add(1, first_code=3)  # a movement while the printer was off
    result = counter.passbooks.print_unprinted("PB1", "T0107")
    assert (result.status, result.lines_printed, result.next_line) == ("printed", 3, 4)
    assert printed_codes(counter.printer) == [(1, 1, "1"), (1, 2, "2"), (1, 3, "3")]


def test_restart_after_a_crash_resumes_after_the_teller_checks(counter):
    counter.add(2)
    counter.printer.fail = ["crash_after"]
    with pytest.raises(ProcessKilled):
        counter.passbooks.print_unprinted("PB1", "T0107")
    counter.restart()
    result = counter.passbooks.print_unprinted("PB1", "T0107")
    assert (result.status, result.next_line) == ("interrupted", 1) and "check the paper" in result.message
    assert counter.printer.line_printed(1, 1)  # the teller looks: the lines are there
    confirmed = counter.passbooks.confirm_interrupted("PB1", True, "T0107")
    assert (confirmed.status, confirmed.next_line, confirmed.unprinted) == ("printed", 3, 0)
    counter.add(1, first_code=3)
    counter.passbooks.print_unprinted("PB1", "T0107")
    assert printed_codes(counter.printer) == [(1, 1, "1"), (1, 2, "2"), (1, 3, "3")]
    assert [e["how"] for e in counter.journal()] == ["teller_confirmed", "printer"]
    with pytest.raises(PassbookBusy, match="no interrupted print"):
        counter.passbooks.confirm_interrupted("PB1", True, "T0107")


def test_unknown_passbook_and_bad_entries_are_refused(counter):
    with pytest.raises(UnknownPassbook):
        counter.passbooks.print_unprinted("NOPE", "T0107")
    with pytest.raises(ValueError, match="either"):
        counter.passbooks.add_entry("PB1", date="2026-11-23", code="x", balance_fen=1, teller_id="T",
                                    amount_in_fen=1, amount_out_fen=1)


# ---- every sequence of prints, failures, restarts and page turns -----------------------

LINES = 4  # a short page, so that sequences turn pages often


class PassbookUpdates(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="passbook-", dir=FAST_DIR))
        self.counter = Counter(self.dir / "workstation-WS01.sqlite", ManualClock(), PaperPrinter(), LINES)
        self.counter.passbooks.open_passbook("PB1", "6222020200114821")
        self.entries = 0
        self.asked_to_turn = False

    @rule(n=st.integers(1, 3))
    def customer_transacts(self, n):
        self.counter.add(n, first_code=self.entries + 1)
        self.entries += n

    @rule(failures=st.lists(st.sampled_from(["offline", "lost", "crash_before", "crash_after", "bug"]), max_size=2))
    def teller_prints(self, failures):
        self.counter.printer.fail = list(failures)
        try:
            result = self.counter.passbooks.print_unprinted("PB1", "T0107")
        except ProcessKilled:
            self.counter.restart()
            return
        finally:
            self.counter.printer.fail = []
        self.asked_to_turn = result.status == "turn_page"

    @precondition(lambda self: self.asked_to_turn)
    @rule()
    def teller_turns_the_page(self):
        self.counter.printer.page += 1
        self.counter.passbooks.page_turned("PB1")
        self.asked_to_turn = False

    @rule()
    def teller_checks_an_interrupted_print(self):
        with self.counter.ctx.workstation_db() as db:
            job = db.execute(select(PrintJob).where(PrintJob.state == "printing")).scalar_one_or_none()
            page = db.get(Passbook, "PB1").page
        if job is not None:  # the teller looks at the first line the job was to print
            self.counter.passbooks.confirm_interrupted(
                "PB1", self.counter.printer.line_printed(page, job.first_line), "T0107")

    @rule()
    def workstation_restarts(self):
        self.counter.restart()

    @invariant()
    def paper_and_store_agree(self):
        paper = printed_codes(self.counter.printer)
        # in entry order, each once, nothing skipped; line after line, page after full page
        assert [int(code) for *_, code in paper] == list(range(1, len(paper) + 1))
        assert [(page, line) for page, line, _ in paper] == [(1 + i // LINES, 1 + i % LINES) for i in range(len(paper))]
        with self.counter.ctx.workstation_db() as db:
            printed = db.scalars(select(PassbookEntry.seq).where(PassbookEntry.printed.is_(True))).all()
            book = db.get(Passbook, "PB1")
            open_job = db.execute(select(PrintJob).where(PrintJob.state == "printing")).scalar_one_or_none()
        if open_job is None or not self.counter.printer.line_printed(book.page, open_job.first_line):
            assert sorted(printed) == list(range(1, len(paper) + 1))  # the store knows what the paper has
            assert (book.page - 1) * LINES + book.next_line - 1 == len(paper)
        assert book.page == self.counter.printer.page

    def teardown(self):
        assert self.counter.chain_ok()
        close_ctx(self.counter.ctx)
        shutil.rmtree(self.dir, ignore_errors=True)


PassbookUpdates.TestCase.settings = settings(max_examples=40, stateful_step_count=25, deadline=None,
                                             suppress_health_check=[HealthCheck.too_slow])
TestPassbookUpdates = PassbookUpdates.TestCase


# ---- a real process killed while the printer has the lines -----------------------------

def test_process_killed_mid_job_resumes_exactly_where_it_stopped(tmp_path, clock, tcp_printer):
    store = tmp_path / "workstation-WS01.sqlite"
    printer = EscpVoucherPrinter.from_options({"transport": "tcp", "host": "127.0.0.1", "port": tcp_printer.port})
    counter = Counter(store, clock, printer)
    counter.passbooks.open_passbook("PB1", "6222020200114821", next_line=7)
    counter.add(3)
    close_ctx(counter.ctx)
    tcp_printer.hold_open = True  # the printer takes the job and is still busy when the power goes
    child = subprocess.Popen([sys.executable, "-m", "tests.services.passbook_child", str(store), str(tcp_printer.port),
                              "PB1"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for(lambda: len(tcp_printer.jobs) == 1 or child.poll() is not None, timeout=20, what="the child's job")
        assert child.poll() is None, child.communicate()
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    finally:
        tcp_printer.hold_open = False
        if child.poll() is None:
            child.kill()
            child.wait(10)
    counter.start()
    result = counter.passbooks.print_unprinted("PB1", "T0107")
    assert (result.status, result.next_line) == ("interrupted", 7) and len(tcp_printer.jobs) == 1
    counter.passbooks.confirm_interrupted("PB1", True, "T0107")  # lines 7-9 are on the page
    counter.add(2, first_code=4)
    assert counter.passbooks.print_unprinted("PB1", "T0107").next_line == 12
    layout = load_layout("passbook")

    def line(code):
        return {"date": "20261123", "code": str(code), "amount_in": f"{code}.00", "balance": f"{code * 100:,}.00",
                "teller": "T0107"}

    assert tcp_printer.jobs == [render_passbook_lines(layout, [line(1), line(2), line(3)], 7),
                                 render_passbook_lines(layout, [line(4), line(5)], 10)]
    assert counter.chain_ok()
    close_ctx(counter.ctx)
