"""One contract for every VoucherPrinter backend (design.md "Devices"): the simulated printer
and the ESC/P printer over a file, TCP and a serial pty. Each backend says how to read
back what reached the "paper"; the contract checks the rest the same way for all."""
from __future__ import annotations

import importlib.metadata
import io
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from devices.printer.escp_printer import EscpVoucherPrinter, PdfNotPrintable
from devices.printer.simulated import ASCENT, FONT_PT, SimulatedVoucherPrinter
from devices.printer.transports import FileTransport, SerialTransport, TcpTransport
from printing import escp
from printing.fonts import register_cjk_font
from printing.forms import FormFieldError, load_layout
from teller.domain.errors import ConfigurationError, TellerError
from teller.ports import DevicePlugin, FormJob, VoucherPrinter
from tests.conftest import require_program
from tests.printing.form_samples import DEPOSIT, JOBS, golden
from tests.printing.printer_peers import PtyPrinter, TcpPrinter

PT_PER_MM = 72 / Fraction("25.4")


class VoucherPrinterContract:
    """Subclasses provide `backend` -> (printer, read_back) where read_back() returns what was printed so far."""

    entry_point: str

    def test_is_a_printer_plugin_found_by_its_entry_point(self, backend):
        printer, _ = backend
        assert isinstance(printer, VoucherPrinter)
        cls = type(printer)
        assert isinstance(cls, DevicePlugin) and cls.kind == "printer"
        (point,) = [e for e in importlib.metadata.entry_points(group="teller.devices") if e.name == self.entry_point]
        assert point.load() is cls

    def test_prints_every_layout_and_says_where(self, backend):
        printer, read_back = backend
        for job in JOBS.values():
            where = printer.print_form(job)
            assert isinstance(where, str) and where
        self.check_printed(read_back(), list(JOBS.values()))

    def test_bad_jobs_raise_a_teller_error_before_anything_is_printed(self, backend):
        printer, read_back = backend
        with pytest.raises(ConfigurationError, match="no form layout"):
            printer.print_form(FormJob("no_such_form", {}))
        with pytest.raises(FormFieldError, match="no field"):
            printer.print_form(FormJob("deposit_slip", {"amout": "1.00"}))
        with pytest.raises(FormFieldError, match="does not fit"):
            printer.print_form(FormJob("deposit_slip", {"amount": "9" * 40}))
        self.check_printed(read_back(), [])

    def test_print_document_prints_or_says_clearly_it_cannot(self, backend):
        printer, _ = backend
        try:
            where = printer.print_document("receipt-1", b"%PDF-1.4 minimal")
        except TellerError as exc:
            assert "cannot print" in exc.message and "PDF" in exc.message
        else:
            assert isinstance(where, str) and where

    def check_printed(self, printed, jobs: list[FormJob]) -> None:
        raise NotImplementedError


class EscpContract(VoucherPrinterContract):
    entry_point = "printer-escp"

    def check_printed(self, printed: bytes, jobs):
        assert printed == b"".join(golden(job.layout) for job in jobs)

    def test_pdf_is_refused_by_the_impact_printer(self, backend):
        printer, read_back = backend
        with pytest.raises(PdfNotPrintable, match="cannot print the PDF"):
            printer.print_document("receipt-1", b"%PDF-1.4")
        assert read_back() == b""


class TestEscpOverFile(EscpContract):
    @pytest.fixture
    def backend(self, tmp_path):
        target = tmp_path / "lp0"
        printer = EscpVoucherPrinter.from_options({"transport": "file", "path": str(target)})
        assert isinstance(printer.transport, FileTransport)
        return printer, lambda: target.read_bytes() if target.exists() else b""

    def test_is_usable_checks_the_options(self, tmp_path):
        assert EscpVoucherPrinter.is_usable({"transport": "file", "path": str(tmp_path / "x")}) == (True, "")
        assert EscpVoucherPrinter.is_usable({"transport": "serial", "port": "loop://"}) == (True, "")
        ok, why = EscpVoucherPrinter.is_usable({"transport": "serial", "port": "/dev/ttyNOPE0"})
        assert not ok and "does not exist" in why
        ok, why = EscpVoucherPrinter.is_usable({})
        assert not ok and "serial, tcp or file" in why


class TestEscpOverTcp(EscpContract):
    @pytest.fixture
    def backend(self):
        server = TcpPrinter()
        server.start()
        printer = EscpVoucherPrinter.from_options({"transport": "tcp", "host": "127.0.0.1", "port": server.port})
        assert isinstance(printer.transport, TcpTransport)
        yield printer, server.received
        server.stop()


class TestEscpOverSerialPty(EscpContract):
    @pytest.fixture
    def backend(self, tmp_path):
        pty = PtyPrinter(tmp_path)  # needs socat: fails under CI=true, skips elsewhere
        pty.start()
        printer = EscpVoucherPrinter.from_options({"transport": "serial", "port": str(pty.printer_port),
                                                   "baudrate": 19200})
        assert isinstance(printer.transport, SerialTransport)
        yield printer, pty.settled
        printer.close()
        pty.kill()


class TestSimulated(VoucherPrinterContract):
    entry_point = "printer-simulated"

    @pytest.fixture
    def backend(self, tmp_path):
        out = tmp_path / "printed"
        printer = SimulatedVoucherPrinter.from_options({"out_dir": str(out)})
        return printer, lambda: sorted(out.glob("*.pdf")) if out.exists() else []

    def check_printed(self, printed: list[Path], jobs):
        assert sorted(p.stem for p in printed) == sorted(job.name for job in jobs)
        for job in jobs:
            pdf = next(p for p in printed if p.stem == job.name).read_bytes()
            self.check_positions_match_the_escp_bytes(pdf, job)

    def check_positions_match_the_escp_bytes(self, pdf: bytes, job: FormJob) -> None:
        """Every run the ESC/P printer would print is in the PDF, in the same place (±0.2 mm, 0.6 pt)."""
        layout = load_layout(job.layout)
        page = PdfReader(io.BytesIO(pdf)).pages[0]
        assert float(page.mediabox.width) == pytest.approx(float(layout.page_width_mm * PT_PER_MM), abs=0.01)
        drawn = []
        page.extract_text(visitor_text=lambda text, cm, tm, font, size: drawn.append((squash(text), tm[4], tm[5])))
        height_pt = float(layout.page_height_mm * PT_PER_MM)
        runs = decode_escp(golden(job.layout))
        assert runs and all(text for *_, text, _c in runs)
        for x_units, y_units, text, condensed in runs:
            x = x_units / escp.UNITS_PER_INCH * 72
            y = height_pt - y_units / escp.UNITS_PER_INCH * 72 - FONT_PT * ASCENT
            matches = [tx for t, tx, ty in drawn if t == squash(text) and abs(ty - y) < 0.6]
            assert matches, f"{text!r} not drawn at y={y:.1f} pt in {job.name}"
            # the first glyph is centred in the first character cell, which starts at the ESC $ position
            cell = 72 / 10 * (7 / 12 if condensed else 1) * (2 if ord(text[0]) >= 0x80 else 1)
            glyph = stringWidth(text[0], register_cjk_font(), FONT_PT) * (0.6 if condensed else 1)
            assert any(abs(tx + glyph / 2 - (x + cell / 2)) < 0.3 for tx in matches), (text, x, matches)

    def test_is_usable(self, tmp_path):
        assert SimulatedVoucherPrinter.is_usable() == (True, "")
        assert SimulatedVoucherPrinter.is_usable({"out_dir": str(tmp_path / "new" / "dir")}) == (True, "")

    def test_unnamed_forms_are_numbered_not_overwritten(self, backend):
        printer, read_back = backend
        first = printer.print_form(FormJob("deposit_slip", DEPOSIT.fields))
        second = printer.print_form(FormJob("deposit_slip", DEPOSIT.fields))
        assert Path(first).name == "deposit_slip-0001.pdf" and Path(second).name == "deposit_slip-0002.pdf"
        assert Path(printer.print_form(FormJob("deposit_slip", {}, "../../x y"))).name == "x_y.pdf"

    def test_preview_renders_to_a_non_blank_png(self, backend, tmp_path):
        pdftoppm = require_program("pdftoppm")
        printer, _ = backend
        where = printer.print_form(DEPOSIT)
        subprocess.run([pdftoppm, "-r", "50", "-png", "-singlefile", where, str(tmp_path / "page")], check=True)
        from PIL import Image
        with Image.open(tmp_path / "page.png") as img:
            dark = sum(img.convert("L").histogram()[:128])
        assert dark > 500


def squash(text: str) -> str:
    return "".join(text.split())


def decode_escp(stream: bytes) -> list[tuple[int, int, str, bool]]:
    """(x units, y units, text, condensed) of each positioned run in one of our ESC/P streams."""
    runs: list[tuple[int, int, str, bool]] = []
    x = y = i = 0
    condensed = False
    while i < len(stream):
        two = stream[i:i + 2]
        if two == b"\x1b(":  # ESC ( c nL nH params
            size = int.from_bytes(stream[i + 3:i + 5], "little")
            if stream[i + 2:i + 3] == b"V":
                y = int.from_bytes(stream[i + 5:i + 7], "little")
            i += 5 + size
        elif two == b"\x1b$":
            x = int.from_bytes(stream[i + 2:i + 4], "little")
            runs.append((x, y, "", condensed))
            i += 4
        elif two in (b"\x1b@", b"\x1bE", b"\x1bF", b"\x1bP"):
            i += 2
        elif two == b"\x1c&":
            end = stream.index(b"\x1c.", i)
            runs[-1] = runs[-1][:2] + (runs[-1][2] + stream[i + 2:end].decode("gb18030"), condensed)
            i = end + 2
        elif stream[i] in (0x0f, 0x12, 0x0c):
            condensed = stream[i] == 0x0f if stream[i] != 0x0c else condensed
            runs[-1:] = [runs[-1][:3] + (condensed,)] if runs and not runs[-1][2] else runs[-1:]
            i += 1
        else:
            assert 0x20 <= stream[i] <= 0x7e, f"unexpected byte {stream[i]:#04x} at {i}"
            runs[-1] = runs[-1][:2] + (runs[-1][2] + chr(stream[i]), runs[-1][3])
            i += 1
    return runs
