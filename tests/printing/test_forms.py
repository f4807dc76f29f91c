"""Form layouts from TOML: the packaged ones load, bad ones are refused naming file and field,
and text is placed, cut and aligned in printer cells."""
from __future__ import annotations

from fractions import Fraction

import pytest

from printing import forms
from printing.forms import FormFieldError, load_layout, parse_layout, plan_form, plan_passbook
from teller.domain.errors import ConfigurationError

FORM = """
[form]
name = "slip"
kind = "form"
page_width_mm = 100
page_height_mm = 50

[[field]]
name = "amount"
x_mm = 10
y_mm = 10
width_mm = 25.4
align = "right"
"""

PASSBOOK = """
[form]
name = "book"
kind = "passbook"
page_width_mm = 180
page_height_mm = 125

[passbook]
lines_per_page = 20
first_line_y_mm = 20
line_pitch_mm = 4.5
fold_after_line = 10
fold_gap_mm = 10
""" + "".join(f'\n[[column]]\nname = "{c}"\nx_mm = {10 + 25 * i}\nwidth_mm = 24\n'
              for i, c in enumerate(forms.PASSBOOK_COLUMNS))


@pytest.mark.parametrize("name, kind", [("deposit_slip", "form"), ("withdrawal_slip", "form"),
                                        ("passbook", "passbook")])
def test_packaged_layouts_load(name, kind):
    layout = load_layout(name)
    assert layout.name == name and layout.kind == kind and layout.source == f"resources/forms/{name}.toml"


def test_layout_names_cannot_leave_the_forms_folder():
    for name in ("../defaults", "Deposit", "", "a/b"):
        with pytest.raises(ConfigurationError, match="lower-case"):
            load_layout(name)
    with pytest.raises(ConfigurationError, match="no form layout 'nothing_here'"):
        load_layout("nothing_here")


def test_a_forms_dir_overrides_the_packaged_layout(tmp_path):
    (tmp_path / "deposit_slip.toml").write_text(FORM.replace('"slip"', '"deposit_slip"'), encoding="utf-8")
    assert [f.name for f in load_layout("deposit_slip", tmp_path).fields] == ["amount"]
    assert load_layout("passbook", tmp_path).kind == "passbook"  # not overridden: the packaged one
    (tmp_path / "withdrawal_slip.toml").write_text(FORM, encoding="utf-8")  # copied, not renamed inside
    with pytest.raises(ConfigurationError, match="withdrawal_slip.toml: \\[form\\]: name 'slip' does not match"):
        load_layout("withdrawal_slip", tmp_path)


def replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


@pytest.mark.parametrize("text, where, problem", [
    ("[form\nname = 1", "top level", "not valid TOML"),
    (FORM.replace("[form]", "[from]"), "[form]", "missing, or not a table"),
    (FORM + "\n[extra]\nx = 1\n", "top level", "extra does not belong"),
    (replace(FORM, "page_height_mm = 50\n", ""), "[form]", "missing page_height_mm"),
    (replace(FORM, 'kind = "form"', 'kind = "poster"'), "[form]", "kind = 'poster' must be one of"),
    (replace(FORM, "width_mm = 25.4", 'width_mm = "wide"'), "field 'amount'", "width_mm must be a number"),
    (replace(FORM, "x_mm = 10", "x_mm = 80"), "field 'amount'", "beyond page_width_mm = 100"),
    (replace(FORM, "y_mm = 10", "y_mm = 48"), "field 'amount'", "leaves no room for a line"),
    (replace(FORM, "y_mm = 10", "y_mm = -1"), "field 'amount'", "y_mm = -1 must be at least 0"),
    (replace(FORM, 'align = "right"', 'align = "justify"'), "field 'amount'", "align = 'justify'"),
    (replace(FORM, 'align = "right"', 'allign = "right"'), "field 'amount'", "unknown key(s) allign"),
    (replace(FORM, 'align = "right"', 'bold = "yes"'), "field 'amount'", "bold must be true or false"),
    (replace(FORM, "width_mm = 25.4", "width_mm = 1"), "field 'amount'", "narrower than one character"),
    (FORM + FORM[FORM.index("[[field]]"):], "field 'amount'", "defined twice"),
    (FORM.split("[[field]]")[0], "[[field]]", "at least one field"),
    (FORM + "\n[passbook]\nlines_per_page = 2\n", "top level", "passbook does not belong"),
    (replace(PASSBOOK, "lines_per_page = 20", "lines_per_page = 40"), "[passbook]", "line 40 would start"),
    (replace(PASSBOOK, "fold_after_line = 10", "fold_after_line = 20"), "[passbook]", "fold_after_line"),
    (replace(PASSBOOK, 'name = "teller"', 'name = "clerk"'), "[[column]]", "unknown ['clerk']"),
    (replace(PASSBOOK, "line_pitch_mm = 4.5", "line_pitch_mm = 1"), "[passbook]", "line_pitch_mm = 1"),
    (FORM + '\n[[preprint]]\ntext = "x"\nx_mm = 1\ny_mm = 99\n', "preprint #1", "off the page"),
    (FORM + '\n[[preprint]]\nx_mm = 1\ny_mm = 1\nx2_mm = 5\n', "preprint #1", "both x2_mm and y2_mm"),
])
def test_bad_layouts_are_refused_naming_file_and_field(text, where, problem):
    with pytest.raises(ConfigurationError) as caught:
        parse_layout(text, "forms/bad.toml")
    message = str(caught.value)
    assert message.startswith("forms/bad.toml: "), message
    if problem != "not valid TOML":
        assert f": {where}: " in message, message
    assert problem in message, message


def test_right_alignment_and_cutting_in_cells():
    layout = parse_layout(FORM, "t")
    (run,) = plan_form(layout, {"amount": "1.00"})  # 25.4 mm = 10 cells; 4 used, 6 free
    assert run.x_mm == 10 + 6 * forms.PICA_CELL_MM and run.text == "1.00"
    (run,) = plan_form(layout, {"amount": "123456789012"})
    assert run.text == "1234567890" and run.x_mm == 10
    (run,) = plan_form(layout, {"amount": "12345678 中"})  # a Chinese character is two cells: no half
    assert run.text == "12345678"


def test_control_characters_are_blanked_and_empty_fields_skipped():
    layout = parse_layout(FORM.replace('align = "right"', 'align = "center"'), "t")
    (run,) = plan_form(layout, {"amount": "a\x1bb\x0c"})
    assert run.text == "a b"
    assert run.x_mm == 10 + Fraction(7, 2) * forms.PICA_CELL_MM
    assert plan_form(layout, {"amount": " \n "}) == []


def test_unknown_fields_are_refused():
    with pytest.raises(FormFieldError, match="no field"):
        plan_form(parse_layout(FORM, "t"), {"amout": "1.00"})


def test_passbook_geometry_and_fold():
    layout = parse_layout(PASSBOOK, "t")
    assert [layout.line_y_mm(n) for n in (1, 2, 10, 11, 20)] == [20, Fraction("24.5"), Fraction("60.5"), 75,
                                                                 Fraction("115.5")]
    runs = plan_passbook(layout, [{"date": "20261123"}, {"teller": "T1"}], 10)
    assert [(r.y_mm, r.text) for r in runs] == [(Fraction("60.5"), "20261123"), (75, "T1")]
    with pytest.raises(FormFieldError, match="unknown column"):
        plan_passbook(layout, [{"memo": "x"}], 1)
    with pytest.raises(ValueError, match="line 21"):
        layout.line_y_mm(21)


def test_passbook_job_fields_round_trip_and_refuse_strays():
    lines = [{"date": "1", "balance": "2"}, {"code": "存现"}]
    fields = forms.passbook_fields(lines, 5)
    assert fields == {"first_line": "5", "line_count": "2", "5.date": "1", "5.balance": "2", "6.code": "存现"}
    assert forms.passbook_lines_from_fields(fields) == (5, lines)
    with pytest.raises(FormFieldError, match="'7.date'"):
        forms.passbook_lines_from_fields({**fields, "7.date": "x"})
    with pytest.raises(FormFieldError, match="first_line"):
        forms.passbook_lines_from_fields({"5.date": "x"})
