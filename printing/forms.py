"""Form layouts (vouchers, passbook pages) read from TOML in millimetres, and where each
field's characters land on the paper.

A layout lives in ``resources/forms/<name>.toml`` (or a ``forms_dir`` an administrator
points at, for a bank's own pre-printed stock). Both printers use `plan_form` /
`plan_passbook`, so the ESC/P byte stream and the simulated printer's PDF put every
character at the same millimetre.

Geometry is that of a fixed-pitch impact printer: 10 cpi (pica), condensed 120/7 cpi;
an ASCII character fills one cell, any other character (printed in Chinese mode) two.
Positions are exact fractions of a millimetre; only the ESC/P encoder rounds, once.

A passbook FormJob carries its lines in flat fields (FormJob.fields is str -> str):
``first_line``, ``line_count`` and ``"<line>.<column>"`` for each printed line, e.g.
``"7.balance": "1,200.00"`` (teller.services.passbook builds them).
"""
from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Mapping, Sequence

from teller.domain.errors import ConfigurationError, TellerError

MM_PER_INCH = Fraction("25.4")
PICA_CELL_MM = MM_PER_INCH / 10
CONDENSED_CELL_MM = MM_PER_INCH * 7 / 120
LINE_HEIGHT_MM = MM_PER_INCH / 6  # a text line's height: nothing may start lower than this above the edge
PASSBOOK_COLUMNS = ("date", "code", "amount_out", "amount_in", "balance", "teller")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # would reach the printer as commands


class FormFieldError(TellerError):
    """A value does not fit its field where cutting it would change its meaning (amounts)."""

    code = "form_field_error"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    x_mm: Fraction
    y_mm: Fraction  # top of the characters; unused (0) for passbook columns
    width_mm: Fraction
    bold: bool = False
    condensed: bool = False
    align: str = "left"  # left | right | center
    overflow: str = "truncate"  # truncate | error

    @property
    def cell_mm(self) -> Fraction:
        return CONDENSED_CELL_MM if self.condensed else PICA_CELL_MM


@dataclass(frozen=True)
class Preprint:
    """What the blank form already carries (captions, rules): drawn only in the PDF preview."""

    text: str
    x_mm: Fraction
    y_mm: Fraction
    x2_mm: Fraction | None = None  # a rule from (x, y) to (x2, y2) when set
    y2_mm: Fraction | None = None
    size_pt: float = 8  # captions only


@dataclass(frozen=True)
class FormLayout:
    name: str
    title: str
    source: str
    page_width_mm: Fraction
    page_height_mm: Fraction
    fields: tuple[FieldSpec, ...]
    preprint: tuple[Preprint, ...] = ()
    kind: str = "form"


@dataclass(frozen=True)
class PassbookLayout(FormLayout):
    lines_per_page: int = 0
    first_line_y_mm: Fraction = Fraction(0)
    line_pitch_mm: Fraction = Fraction(0)
    fold_after_line: int = 0  # 0: no fold; else lines after it sit fold_gap_mm lower
    fold_gap_mm: Fraction = Fraction(0)

    def line_y_mm(self, line: int) -> Fraction:
        if not 1 <= line <= self.lines_per_page:
            raise ValueError(f"passbook line {line} is not on a page of {self.lines_per_page} lines")
        y = self.first_line_y_mm + (line - 1) * self.line_pitch_mm
        return y + self.fold_gap_mm if self.fold_after_line and line > self.fold_after_line else y


@dataclass(frozen=True)
class Placed:
    """A run of text at its place on the paper, already cut to its field."""

    x_mm: Fraction
    y_mm: Fraction
    text: str
    bold: bool
    condensed: bool

    @property
    def cell_mm(self) -> Fraction:
        return CONDENSED_CELL_MM if self.condensed else PICA_CELL_MM


def cells(ch: str) -> int:
    return 1 if ord(ch) < 0x80 else 2


# ------------------------------------------------------------------------ loading

def load_layout(name: str, forms_dir: str | Path | None = None) -> FormLayout:
    """The layout `name` from `forms_dir` if it has one, else the packaged one."""
    if not _NAME.match(name or ""):
        raise ConfigurationError(f"form layout name {name!r} must be lower-case letters, digits and '_'")
    if forms_dir is not None and (Path(forms_dir) / f"{name}.toml").is_file():
        path = Path(forms_dir) / f"{name}.toml"
        layout = _load_cached(str(path), path.read_text(encoding="utf-8"))
    else:
        resource = importlib_resources.files("resources").joinpath("forms", f"{name}.toml")
        if not resource.is_file():
            raise ConfigurationError(f"no form layout {name!r} (resources/forms/{name}.toml)")
        layout = _load_cached(f"resources/forms/{name}.toml", resource.read_text(encoding="utf-8"))
    if layout.name != name:  # a copied file not renamed inside would print the wrong form's positions
        raise ConfigurationError(f"{layout.source}: [form]: name {layout.name!r} does not match the file name")
    return layout


@lru_cache(maxsize=32)
def _load_cached(source: str, text: str) -> FormLayout:  # keyed by content: an edited file reloads
    return parse_layout(text, source)


def parse_layout(text: str, source: str) -> FormLayout:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{source}: not valid TOML: {exc}") from exc
    return _Reader(source).layout(data)


class _Reader:
    """Turns parsed TOML into a layout; every complaint names the file and the field."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, problem: str):
        raise ConfigurationError(f"{self.source}: {where}: {problem}")

    def keys(self, table, where: str, allowed: set[str], required: set[str]) -> dict:
        if not isinstance(table, dict):
            self.fail(where, "missing, or not a table")
        if unknown := sorted(set(table) - allowed):  # a misspelt key would silently fall back to a default
            self.fail(where, f"unknown key(s) {', '.join(unknown)}")
        if missing := sorted(required - set(table)):
            self.fail(where, f"missing {', '.join(missing)}")
        return table

    def mm(self, table: dict, key: str, where: str, minimum: Fraction = Fraction(0)) -> Fraction:
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            self.fail(where, f"{key} must be a number of millimetres, not {value!r}")
        exact = Fraction(str(value))  # str() of a TOML float is its shortest decimal: 12.7 stays 127/10
        if exact < minimum:
            self.fail(where, f"{key} = {value} must be at least {float(minimum):g}")
        return exact

    def whole(self, table: dict, key: str, where: str, low: int, high: int, default: int = 0) -> int:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(where, f"{key} must be a whole number from {low} to {high}, not {value!r}")
        return value

    def flag(self, table: dict, key: str, where: str) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            self.fail(where, f"{key} must be true or false, not {value!r}")
        return value

    def choice(self, table: dict, key: str, where: str, options: tuple[str, ...]) -> str:
        value = table.get(key, options[0])
        if value not in options:
            self.fail(where, f"{key} = {value!r} must be one of {', '.join(options)}")
        return value

    def layout(self, data: dict) -> FormLayout:
        form = self.keys(data.get("form"), "[form]", {"name", "title", "kind", "page_width_mm", "page_height_mm"},
                         {"name", "kind", "page_width_mm", "page_height_mm"})
        kind = self.choice(form, "kind", "[form]", ("form", "passbook"))
        parts = {"field"} if kind == "form" else {"passbook", "column"}
        if stray := sorted(set(data) - parts - {"form", "preprint"}):
            self.fail("top level", f"{', '.join(stray)} does not belong in a kind = \"{kind}\" layout")
        if not isinstance(form["name"], str) or not _NAME.match(form["name"]):
            self.fail("[form]", f"name {form['name']!r} must be lower-case letters, digits and '_'")
        width = self.mm(form, "page_width_mm", "[form]", Fraction(1))
        height = self.mm(form, "page_height_mm", "[form]", Fraction(1))
        page = dict(name=form["name"], title=str(form.get("title", form["name"])), source=self.source,
                    page_width_mm=width, page_height_mm=height,
                    preprint=tuple(self.preprint(p, i, width, height) for i, p in enumerate(self.array(data, "preprint"))))
        if kind == "form":
            fields = self.specs(data, "field", width, height)
            if not fields:
                self.fail("[[field]]", "a form needs at least one field")
            return FormLayout(fields=fields, **page)
        book = self.keys(data.get("passbook"), "[passbook]",
                         {"lines_per_page", "first_line_y_mm", "line_pitch_mm", "fold_after_line", "fold_gap_mm"},
                         {"lines_per_page", "first_line_y_mm", "line_pitch_mm"})
        lines = self.whole(book, "lines_per_page", "[passbook]", 1, 99)
        columns = self.specs(data, "column", width, height)
        if {c.name for c in columns} != set(PASSBOOK_COLUMNS):
            names = {c.name for c in columns}
            self.fail("[[column]]", f"a passbook needs exactly the columns {', '.join(PASSBOOK_COLUMNS)}; missing "
                                    f"{sorted(set(PASSBOOK_COLUMNS) - names)}, unknown {sorted(names - set(PASSBOOK_COLUMNS))}")
        layout = PassbookLayout(
            fields=columns, kind="passbook", lines_per_page=lines,
            fold_after_line=self.whole(book, "fold_after_line", "[passbook]", 0, lines - 1),
            first_line_y_mm=self.mm(book, "first_line_y_mm", "[passbook]"),
            line_pitch_mm=self.mm(book, "line_pitch_mm", "[passbook]", LINE_HEIGHT_MM / 2),
            fold_gap_mm=self.mm(book, "fold_gap_mm", "[passbook]") if "fold_gap_mm" in book else Fraction(0), **page)
        if layout.line_y_mm(lines) + LINE_HEIGHT_MM > height:
            self.fail("[passbook]", f"line {lines} would start at {float(layout.line_y_mm(lines)):g} mm, "
                                    f"too low for a page {float(height):g} mm high")
        return layout

    def array(self, data: dict, key: str) -> list[dict]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(f"[[{key}]]", "must be an array of tables")
        return value

    def specs(self, data: dict, kind: str, page_w: Fraction, page_h: Fraction) -> tuple[FieldSpec, ...]:
        specs = tuple(self.field(f, kind, i, page_w, page_h) for i, f in enumerate(self.array(data, kind)))
        names = [s.name for s in specs]
        if twice := sorted({n for n in names if names.count(n) > 1}):
            self.fail(f"{kind} {twice[0]!r}", "defined twice")
        return specs

    def field(self, f: dict, kind: str, index: int, page_w: Fraction, page_h: Fraction) -> FieldSpec:
        name, has_y = f.get("name"), kind == "field"  # passbook columns take y from the line
        where = f"{kind} {name!r}" if isinstance(name, str) else f"{kind} #{index + 1}"
        required = {"name", "x_mm", "width_mm"} | ({"y_mm"} if has_y else set())
        self.keys(f, where, required | {"bold", "condensed", "align", "overflow"}, required)
        if not isinstance(name, str) or not _NAME.match(name):
            self.fail(where, "name must be lower-case letters, digits and '_'")
        spec = FieldSpec(name, self.mm(f, "x_mm", where), self.mm(f, "y_mm", where) if has_y else Fraction(0),
                         self.mm(f, "width_mm", where), self.flag(f, "bold", where), self.flag(f, "condensed", where),
                         self.choice(f, "align", where, ("left", "right", "center")),
                         self.choice(f, "overflow", where, ("truncate", "error")))
        if spec.width_mm < spec.cell_mm:
            self.fail(where, f"width_mm = {float(spec.width_mm):g} is narrower than one character")
        if spec.x_mm + spec.width_mm > page_w:
            self.fail(where, f"x_mm + width_mm = {float(spec.x_mm + spec.width_mm):g} is beyond "
                             f"page_width_mm = {float(page_w):g}")
        if spec.y_mm + LINE_HEIGHT_MM > page_h:
            self.fail(where, f"y_mm = {float(spec.y_mm):g} leaves no room for a line on a page {float(page_h):g} mm high")
        return spec

    def preprint(self, p: dict, index: int, page_w: Fraction, page_h: Fraction) -> Preprint:
        where = f"preprint #{index + 1}"
        self.keys(p, where, {"text", "x_mm", "y_mm", "x2_mm", "y2_mm", "size_pt"}, {"x_mm", "y_mm"})
        rule = "x2_mm" in p or "y2_mm" in p
        if rule and not ("x2_mm" in p and "y2_mm" in p):
            self.fail(where, "a rule needs both x2_mm and y2_mm")
        if not rule and not isinstance(p.get("text"), str):
            self.fail(where, "needs text (a caption) or x2_mm/y2_mm (a rule)")
        item = Preprint(str(p.get("text", "")), self.mm(p, "x_mm", where), self.mm(p, "y_mm", where),
                        self.mm(p, "x2_mm", where) if rule else None, self.mm(p, "y2_mm", where) if rule else None,
                        float(self.whole(p, "size_pt", where, 4, 36, default=8)))
        for x, y in ((item.x_mm, item.y_mm), (item.x2_mm, item.y2_mm)):
            if x is not None and (x > page_w or y > page_h):
                self.fail(where, f"({float(x):g}, {float(y):g}) mm is off the page")
        return item


# ------------------------------------------------------------------------ placing text

def fit(spec: FieldSpec, value: str, where: str = "") -> Placed | None:
    """The value placed in its field: control characters blanked, cut to the width, aligned."""
    text = _CONTROL.sub(" ", value).strip()
    if not text:
        return None
    capacity = int(spec.width_mm / spec.cell_mm)
    used, kept = 0, []
    for ch in text:
        if used + cells(ch) > capacity:
            if spec.overflow == "error":
                raise FormFieldError(f"{where or spec.name}: {text!r} does not fit in {float(spec.width_mm):g} mm "
                                     f"({capacity} characters)")
            break
        kept.append(ch)
        used += cells(ch)
    text = "".join(kept).rstrip()  # a cut may end on a blank: align what is printed
    slack = spec.width_mm - sum(map(cells, text)) * spec.cell_mm
    offset = {"left": Fraction(0), "right": slack, "center": slack / 2}[spec.align]
    return Placed(spec.x_mm + offset, spec.y_mm, text, spec.bold, spec.condensed)


def plan_form(layout: FormLayout, fields: Mapping[str, str]) -> list[Placed]:
    """Every filled field of a form, top to bottom, left to right (the head never moves back up)."""
    if layout.kind != "form":
        raise ValueError(f"{layout.name} is a {layout.kind} layout, not a form")
    specs = {f.name: f for f in layout.fields}
    unknown = sorted(set(fields) - set(specs))
    if unknown:  # a misspelt field would print nothing on a voucher that looks complete
        raise FormFieldError(f"form {layout.name} has no field(s) {', '.join(unknown)}")
    placed = [fit(specs[name], str(value), f"{layout.name}.{name}") for name, value in fields.items()]
    return sorted((p for p in placed if p), key=lambda p: (p.y_mm, p.x_mm))


def plan_passbook(layout: PassbookLayout, lines: Sequence[Mapping[str, str]], start_line: int) -> list[Placed]:
    """Passbook lines printed from `start_line` (1-based) of the open page downwards."""
    if layout.kind != "passbook":
        raise ValueError(f"{layout.name} is a {layout.kind} layout, not a passbook")
    if not lines or start_line < 1 or start_line + len(lines) - 1 > layout.lines_per_page:
        raise ValueError(f"{len(lines)} line(s) from line {start_line} do not fit a page of "
                         f"{layout.lines_per_page} lines")
    placed: list[Placed] = []
    for number, line in enumerate(lines, start=start_line):
        unknown = sorted(set(line) - set(PASSBOOK_COLUMNS))
        if unknown:
            raise FormFieldError(f"passbook line {number} has unknown column(s) {', '.join(unknown)}")
        y = layout.line_y_mm(number)
        for spec in sorted(layout.fields, key=lambda s: s.x_mm):
            p = fit(spec, str(line.get(spec.name, "")), f"passbook line {number} {spec.name}")
            if p:
                placed.append(Placed(p.x_mm, y, p.text, p.bold, p.condensed))
    return placed


def passbook_lines_from_fields(fields: Mapping[str, str]) -> tuple[int, list[dict[str, str]]]:
    """(first line, lines) of a passbook FormJob's flat fields (see the module docstring)."""
    try:
        first, count = int(fields["first_line"]), int(fields["line_count"])
    except (KeyError, ValueError) as exc:
        raise FormFieldError("a passbook job needs whole-number first_line and line_count fields") from exc
    lines: list[dict[str, str]] = [{} for _ in range(max(count, 0))]
    for key, value in fields.items():
        if key in ("first_line", "line_count"):
            continue
        number, _, column = key.partition(".")
        if not number.isdigit() or not first <= int(number) < first + count or column not in PASSBOOK_COLUMNS:
            raise FormFieldError(f"passbook job field {key!r} is not <line>.<column> within lines "
                                 f"{first}-{first + count - 1}")
        lines[int(number) - first][column] = value
    return first, lines


def passbook_fields(lines: Sequence[Mapping[str, str]], first_line: int) -> dict[str, str]:
    """The flat FormJob fields for `lines` starting at `first_line` (inverse of the above)."""
    fields = {"first_line": str(first_line), "line_count": str(len(lines))}
    for number, line in enumerate(lines, start=first_line):
        fields.update({f"{number}.{column}": value for column, value in line.items()})
    return fields


def plan_job(layout: FormLayout, fields: Mapping[str, str]) -> list[Placed]:
    """What a FormJob puts on paper, whichever kind of layout it names."""
    if isinstance(layout, PassbookLayout):
        first, lines = passbook_lines_from_fields(fields)
        return plan_passbook(layout, lines, first)
    return plan_form(layout, fields)
