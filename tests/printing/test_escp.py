"""ESC/P command encoders (protocols.md section 6) and the golden byte stream of each layout."""
from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from printing import escp
from printing.forms import FormFieldError, load_layout, passbook_lines_from_fields
from tests.printing.form_samples import JOBS, PASSBOOK_LINES, PASSBOOK_START, golden, golden_or_update


@pytest.mark.parametrize("name", sorted(JOBS))
def test_layout_renders_its_golden_byte_stream(name):
    job = JOBS[name]
    produced = escp.render_job(load_layout(job.layout), job.fields)
    assert produced == golden_or_update(name, produced)


def test_render_form_and_passbook_lines_match_render_job():
    assert escp.render_form(load_layout("deposit_slip"), JOBS["deposit_slip"].fields) == golden("deposit_slip")
    assert escp.render_passbook_lines(load_layout("passbook"), PASSBOOK_LINES, PASSBOOK_START) == golden("passbook")
    assert passbook_lines_from_fields(JOBS["passbook"].fields) == (PASSBOOK_START, PASSBOOK_LINES)


def test_each_command_encoder():
    assert escp.INIT == b"\x1b\x40"
    assert escp.set_unit() == bytes.fromhex("1b 28 55 01 00 14")  # 20/3600" = 1/180"
    assert escp.set_unit(60) == bytes.fromhex("1b 28 55 01 00 3c")
    assert escp.page_length(1440) == bytes.fromhex("1b 28 43 02 00 a0 05")
    assert escp.absolute_vertical(292) == bytes.fromhex("1b 28 56 02 00 24 01")
    assert escp.absolute_horizontal(482) == bytes.fromhex("1b 24 e2 01")
    assert escp.bold(True) == b"\x1bE" and escp.bold(False) == b"\x1bF"
    assert escp.condensed(True) == b"\x0f" and escp.condensed(False) == b"\x12"
    assert escp.PICA == b"\x1bP" and escp.FORM_FEED == b"\x0c"
    assert escp.CHINESE_ON == b"\x1c\x26" and escp.CHINESE_OFF == b"\x1c\x2e"


@pytest.mark.parametrize("call, arg", [(escp.set_unit, 7), (escp.page_length, 0),
                                       (escp.absolute_horizontal, 65536), (escp.absolute_vertical, -1)])
def test_encoders_refuse_values_the_command_cannot_carry(call, arg):
    with pytest.raises(ValueError):
        call(arg)


def test_text_keeps_ascii_outside_chinese_mode_and_encodes_gb18030_inside():
    assert escp.text("Li Si") == b"Li Si"
    assert escp.text("李四") == b"\x1c&\xc0\xee\xcb\xc4\x1c."
    assert escp.text("李四 Li 四") == b"\x1c&\xc0\xee\xcb\xc4\x1c. Li \x1c&\xcb\xc4\x1c."
    assert escp.text("€") == b"\x1c&" + "€".encode("gb18030") + b"\x1c."  # a 4-byte GB18030 sequence
    with pytest.raises(ValueError, match="control character"):
        escp.text("a\x1bb")


@pytest.mark.parametrize("mm, units", [
    (0, 0), ("25.4", 180), ("101.6", 720), ("12.7", 90),
    ("20.6", 146), ("75.6", 536),  # 535.748...: a float detour would not change it, exact is exact
    (Fraction(127, 1000), 1),  # exactly 0.9 units -> 1
    (Fraction(254, 3600), 1),  # exactly half a unit rounds up
    (Fraction(254, 3600) - Fraction(1, 10**9), 0),
])
def test_mm_to_units_rounds_exactly_half_up(mm, units):
    assert escp.mm_to_units(mm) == units


def test_mm_to_units_refuses_floats_and_negatives():
    with pytest.raises(TypeError):
        escp.mm_to_units(12.7)
    with pytest.raises(ValueError):
        escp.mm_to_units(-1)


@given(st.fractions(min_value=0, max_value=500))
def test_mm_to_units_is_within_half_a_unit(mm):
    units = escp.mm_to_units(mm)
    assert abs(units - mm * escp.UNITS_PER_INCH / Fraction("25.4")) <= Fraction(1, 2)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_no_field_value_can_inject_a_command(value):
    """Whatever lands in a field, its bytes are printable ASCII or a GB18030 run in FS & ... FS ."""
    layout = load_layout("deposit_slip")
    out = escp.render_form(layout, {"remark": value})
    head = escp.header(layout.page_height_mm)
    remark = next(f for f in layout.fields if f.name == "remark")
    moves = escp.absolute_vertical(escp.mm_to_units(remark.y_mm)) + escp.absolute_horizontal(escp.mm_to_units(remark.x_mm))
    if out == head + escp.FORM_FEED:
        return  # nothing printable in the value
    assert out.startswith(head + moves) and out.endswith(escp.FORM_FEED)
    printed = out[len(head + moves):-1]
    for i, part in enumerate(printed.split(escp.CHINESE_ON)):
        chinese, _, ascii_part = part.rpartition(escp.CHINESE_OFF) if i else (b"", b"", part)
        assert all(0x20 <= b <= 0x7E for b in ascii_part), printed
        assert all(b >= 0x30 for b in chinese) and escp.CHINESE_OFF not in chinese, printed
        chinese.decode("gb18030")


def test_fields_are_cut_to_their_width_and_amounts_refuse_to_be_cut():
    layout = load_layout("deposit_slip")
    out = escp.render_form(layout, {"remark": "现金存款" * 20})
    # 96 mm = 37 pica cells: 18 Chinese characters, then Chinese mode ends
    assert b"\x1c&" + ("现金存款" * 4 + "现金").encode("gb18030") + b"\x1c." in out
    with pytest.raises(FormFieldError, match="amount"):
        escp.render_form(layout, {"amount": "1" * 30})


def test_passbook_lines_must_fit_the_page():
    layout = load_layout("passbook")
    with pytest.raises(ValueError, match="do not fit"):
        escp.render_passbook_lines(layout, PASSBOOK_LINES, layout.lines_per_page - 2)
    assert escp.render_passbook_lines(layout, PASSBOOK_LINES, layout.lines_per_page - 3)
