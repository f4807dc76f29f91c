"""ESC/P (ESC/P2) byte streams for forms and passbook lines: pure functions, bytes out.

Commands and their encodings are protocols.md section 6. Choices made here:

* One unit for every move: ``ESC ( U 01 00 14`` = 20/3600" = 1/180", the dot pitch of
  24-pin voucher printers. ESC/P2 applies the unit set by ESC ( U to ``ESC $`` too (Epson
  ESC/P2 reference; the DOSBox/86Box ESC/P emulators do the same), so ESC $ counts 1/180"
  here, not its 1/60" default: one unit for x and y keeps the millimetre rounding identical
  in both directions.
* The stream starts with ``ESC @`` and sets everything it relies on (unit, page
  length, 10 cpi), because ESC @ restores the printer's panel defaults, which an
  operator may have changed.
* Fields go top to bottom (forward paper motion only; reverse feed is limited), left to
  right within a line. Bold and condensed are switched only when they change.
* Non-ASCII text goes out GB18030-encoded between ``FS &`` and ``FS .``; ASCII runs stay
  outside Chinese mode. GB18030 never produces bytes below 0x30, and control characters
  in field values were blanked by printing.forms, so a value cannot smuggle in commands.
* mm -> units is exact: mm * 180 / 25.4 as a fraction, rounded half up once.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Iterable, Mapping, Sequence

from printing.forms import FormLayout, PassbookLayout, Placed, plan_form, plan_job, plan_passbook

ESC, FS = b"\x1b", b"\x1c"
UNIT_M = 20  # ESC ( U m: the unit is m/3600 inch, here 1/180"
UNITS_PER_INCH = 3600 // UNIT_M
INIT = ESC + b"@"
PICA = ESC + b"P"  # 10 cpi: the cell width printing.forms assumes
FORM_FEED = b"\x0c"
CHINESE_ON, CHINESE_OFF = FS + b"&", FS + b"."


def _u16(n: int) -> bytes:
    if not 0 <= n <= 0xFFFF:
        raise ValueError(f"{n} does not fit an ESC/P 16-bit parameter")
    return n.to_bytes(2, "little")


def mm_to_units(mm: Fraction | int | str) -> int:
    """Millimetres to 1/180" units, rounded half up (exact: no float on the way)."""
    if isinstance(mm, float):  # 12.7 as a float is 12.6999...: pass Fraction or str
        raise TypeError("mm_to_units takes an exact Fraction, int or decimal string, not a float")
    exact = Fraction(mm) * UNITS_PER_INCH * 10 / 254
    if exact < 0:
        raise ValueError(f"{mm} mm is before the top/left edge")
    return int(exact + Fraction(1, 2))  # floor(x + 1/2) for x >= 0


def set_unit(m: int = UNIT_M) -> bytes:
    """ESC ( U 01 00 m: unit for ESC ( V / ( C / $ = m/3600 inch."""
    if m not in (5, 10, 20, 30, 40, 50, 60):
        raise ValueError(f"ESC ( U unit {m}/3600\" is not one the printers take")
    return ESC + b"(U" + _u16(1) + bytes([m])


def page_length(units: int) -> bytes:
    """ESC ( C 02 00 mL mH: page length in units (sets top of form to here)."""
    if units < 1:
        raise ValueError("a page must be at least one unit long")
    return ESC + b"(C" + _u16(2) + _u16(units)


def absolute_vertical(units: int) -> bytes:
    """ESC ( V 02 00 mL mH: move down to `units` from the top margin (ESC/P2)."""
    return ESC + b"(V" + _u16(2) + _u16(units)


def absolute_horizontal(units: int) -> bytes:
    """ESC $ nL nH: move to `units` from the left margin."""
    return ESC + b"$" + _u16(units)


def bold(on: bool) -> bytes:
    return ESC + (b"E" if on else b"F")


def condensed(on: bool) -> bytes:
    return b"\x0f" if on else b"\x12"  # SI / DC2


def text(value: str) -> bytes:
    """ASCII as is; each run of other characters GB18030 inside FS & ... FS ."""
    out = bytearray()
    run: list[str] = []
    for ch in value + "\0":  # the sentinel closes a trailing Chinese run
        if ord(ch) >= 0x80:
            run.append(ch)
            continue
        if run:
            out += CHINESE_ON + "".join(run).encode("gb18030") + CHINESE_OFF
            run.clear()
        if ch != "\0":
            if ord(ch) < 0x20 or ch == "\x7f":
                raise ValueError(f"control character {ord(ch):#04x} in printable text")
            out += ch.encode("ascii")
    return bytes(out)


def header(page_height_mm: Fraction) -> bytes:
    return INIT + set_unit() + page_length(mm_to_units(page_height_mm)) + PICA


def placed_runs(runs: Iterable[Placed]) -> bytes:
    """Moves, style switches and text for runs already in top-to-bottom order."""
    out = bytearray()
    y = is_bold = is_condensed = None
    for run in runs:
        if (vertical := mm_to_units(run.y_mm)) != y:
            out += absolute_vertical(vertical)
            y = vertical
        out += absolute_horizontal(mm_to_units(run.x_mm))
        if run.bold != bool(is_bold):
            out += bold(run.bold)
        if run.condensed != bool(is_condensed):
            out += condensed(run.condensed)
        is_bold, is_condensed = run.bold, run.condensed
        out += text(run.text)
    if is_bold:  # leave the printer as ESC @ would, for whoever prints next without resetting
        out += bold(False)
    if is_condensed:
        out += condensed(False)
    return bytes(out)


def render_form(layout: FormLayout, fields: Mapping[str, str]) -> bytes:
    """One form (voucher) filled with `fields`, ejected with a form feed."""
    return header(layout.page_height_mm) + placed_runs(plan_form(layout, fields)) + FORM_FEED


def render_passbook_lines(layout: PassbookLayout, lines: Sequence[Mapping[str, str]], start_line: int) -> bytes:
    """Passbook `lines` from `start_line` of the open page, then eject the passbook."""
    return header(layout.page_height_mm) + placed_runs(plan_passbook(layout, lines, start_line)) + FORM_FEED


def render_job(layout: FormLayout, fields: Mapping[str, str]) -> bytes:
    """A FormJob's bytes, whichever kind of layout it names."""
    return header(layout.page_height_mm) + placed_runs(plan_job(layout, fields)) + FORM_FEED
