"""The ESC/P voucher and passbook printer (teller.ports.VoucherPrinter) over serial, TCP or a file.

Options (device configuration): ``transport`` = serial | tcp | file; serial: ``port``
(a device, a pty or ``loop://``), ``baudrate``; tcp: ``host``, ``port`` (9100);
file: ``path``; optional ``forms_dir`` for a bank's own form layouts.
"""
from __future__ import annotations

import os
from pathlib import Path

from devices.printer.transports import PrinterError, transport_from_options
from printing.escp import render_job
from printing.forms import load_layout
from teller.ports import FormJob


class PdfNotPrintable(PrinterError):
    """An impact printer prints characters at positions, not PDF pages."""

    code = "printer_cannot_print_pdf"


class EscpVoucherPrinter:
    kind = "printer"
    name = "escp"

    def __init__(self, transport, forms_dir: str | Path | None = None):
        self.transport = transport
        self.forms_dir = forms_dir

    @classmethod
    def is_usable(cls, options: dict | None = None) -> tuple[bool, str]:
        """Checks the options and what can be checked without printing anything: a network
        printer is not contacted, because to it every connection is a print job."""
        options = options or {}
        try:
            transport = transport_from_options(options)
        except (ValueError, PrinterError) as exc:
            return False, str(exc)
        if options["transport"] == "serial" and "://" not in options["port"] and not os.path.exists(options["port"]):
            return False, f"serial port {options['port']} does not exist (printer unplugged?)"
        if options["transport"] == "file":
            folder = Path(options["path"]).parent
            if not os.access(folder, os.W_OK):
                return False, f"cannot write to {folder}"
        transport.close()
        return True, ""

    @classmethod
    def from_options(cls, options: dict) -> "EscpVoucherPrinter":
        return cls(transport_from_options(options), options.get("forms_dir"))

    def print_document(self, name: str, pdf: bytes) -> str:
        raise PdfNotPrintable(f"the ESC/P printer ({self.transport.describe()}) cannot print the PDF "
                              f"document {name!r}: print it as a form, or on the simulated/office printer")

    def print_form(self, job: FormJob) -> str:
        """Renders the job (any error in the fields raises before a byte is sent) and sends it."""
        data = render_job(load_layout(job.layout, self.forms_dir), job.fields)
        self.transport.send(data)
        return self.transport.describe()

    def close(self) -> None:
        self.transport.close()
