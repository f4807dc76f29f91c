"""The simulated voucher printer: each document becomes `<out_dir>/<name>.pdf`.

The UI shows a preview window of what was "printed". Files are written atomically
(temporary file in the same folder, fsync, rename), so a preview never sees half a PDF.

Forms (vouchers, passbook lines) are drawn from the same layout and the same placement
(printing.forms.plan_job) as the ESC/P printer's bytes, every character in its printer
cell, over a faint picture of the blank form: a teller without a printer can work, and a
developer sees where the ESC/P printer would put each character.
"""
from __future__ import annotations

import io
import os
import pathlib
import re
import tempfile

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing.fonts import register_cjk_font
from printing.forms import FormLayout, PassbookLayout, Placed, cells, load_layout, plan_job
from teller.ports import FormJob

_SAFE_NAME = re.compile(r"^[\w\-.]+$")
_UNSAFE_CHARS = re.compile(r"[^\w\-.]")
FONT_PT = 10.5  # ESC/P pica's nominal size
ASCENT = 0.8  # baseline below the top of a character cell, as a share of the font size
PAPER = colors.HexColor("#FFFDF5")
PREPRINT = colors.HexColor("#4A78B5")  # the blue of pre-printed bank stationery
INK = colors.HexColor("#111111")


class SimulatedVoucherPrinter:
    """Implements teller.ports.VoucherPrinter by writing PDF files."""

    kind = "printer"
    name = "simulated"

    def __init__(self, out_dir: pathlib.Path, forms_dir: str | pathlib.Path | None = None):
        self.out_dir = pathlib.Path(out_dir)
        self.forms_dir = forms_dir

    @classmethod
    def is_usable(cls, options: dict | None = None) -> tuple[bool, str]:
        out_dir = (options or {}).get("out_dir")
        if out_dir is not None:
            existing = next((p for p in (pathlib.Path(out_dir), *pathlib.Path(out_dir).parents) if p.exists()), None)
            if existing is None or not os.access(existing, os.W_OK):
                return False, f"cannot write previews to {out_dir}"
        return True, ""

    @classmethod
    def from_options(cls, options: dict) -> "SimulatedVoucherPrinter":
        if not options.get("out_dir"):
            raise ValueError("the simulated printer needs out_dir (where the PDFs go)")
        return cls(pathlib.Path(options["out_dir"]), options.get("forms_dir"))

    def print_document(self, name: str, pdf: bytes) -> str:
        if not _SAFE_NAME.match(name) or name in {".", ".."}:
            raise ValueError(f"document name {name!r} must be letters, digits, '-', '_' or '.' only")
        self.out_dir.mkdir(parents=True, exist_ok=True)
        target = self.out_dir / f"{name}.pdf"
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.out_dir)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(pdf)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise
        return str(target)

    def print_form(self, job: FormJob) -> str:
        layout = load_layout(job.layout, self.forms_dir)
        pdf = render_form_pdf(layout, plan_job(layout, job.fields), job.name or layout.title)
        return self.print_document(self._document_name(job), pdf)

    def _document_name(self, job: FormJob) -> str:
        name = _UNSAFE_CHARS.sub("_", job.name).strip("._")
        if name:
            return name
        n = 1  # unnamed jobs are numbered, so an earlier preview is never overwritten
        while (self.out_dir / f"{job.layout}-{n:04d}.pdf").exists():
            n += 1
        return f"{job.layout}-{n:04d}"


def render_form_pdf(layout: FormLayout, runs: list[Placed], title: str) -> bytes:
    """A page the size of the form: the blank form faintly, the printed characters in ink."""
    font = register_cjk_font()
    width, height = float(layout.page_width_mm) * mm, float(layout.page_height_mm) * mm
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(width, height), invariant=1, pageCompression=1, initialFontName=font)
    c.setTitle(title)
    c.setCreator("teller-workstation simulated printer")
    c.setFillColor(PAPER)
    c.rect(0, 0, width, height, stroke=0, fill=1)
    _draw_preprint(c, layout, font, height)
    c.setFillColor(INK)
    c.setStrokeColor(INK)
    for run in runs:
        _draw_run(c, run, font, height)
    c.showPage()
    c.save()
    return buf.getvalue()


def _draw_preprint(c: Canvas, layout: FormLayout, font: str, height: float) -> None:
    c.setFillColor(PREPRINT)
    c.setStrokeColor(PREPRINT)
    c.setLineWidth(0.5)
    for item in layout.preprint:
        x, y = float(item.x_mm) * mm, height - float(item.y_mm) * mm
        if item.x2_mm is not None:
            c.line(x, y, float(item.x2_mm) * mm, height - float(item.y2_mm) * mm)
        else:
            c.setFont(font, item.size_pt)
            c.drawString(x, y - item.size_pt * ASCENT, item.text)
    if isinstance(layout, PassbookLayout):  # line numbers in the margin, as passbooks carry them
        c.setFont(font, 6)
        for line in range(1, layout.lines_per_page + 1):
            c.drawRightString(5 * mm, height - float(layout.line_y_mm(line)) * mm - FONT_PT * ASCENT, str(line))


def _draw_run(c: Canvas, run: Placed, font: str, height: float) -> None:
    """Each character centred in its printer cell(s), as the print head would place it."""
    cell = float(run.cell_mm) * mm
    scale = 60 if run.condensed else 100  # condensed glyphs are narrower, as SI makes them (7/12)
    baseline = height - float(run.y_mm) * mm - FONT_PT * ASCENT
    x = float(run.x_mm) * mm
    text = c.beginText()
    text.setFont(font, FONT_PT)
    text.setHorizScale(scale)
    if run.bold:  # the CJK font has no bold face: fill and stroke, like the print head's double pass
        text.setTextRenderMode(2)
        c.setLineWidth(FONT_PT / 30)
    for ch in run.text:
        span = cells(ch) * cell
        glyph = c.stringWidth(ch, font, FONT_PT) * scale / 100
        text.setTextOrigin(x + (span - glyph) / 2, baseline)
        text.textOut(ch)
        x += span
    c.drawText(text)
