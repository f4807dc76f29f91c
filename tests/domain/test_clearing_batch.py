"""The MICR code line and the clearing batch file: each part validated; the file round-trips, and
any corruption (a byte changed, inserted or removed, the file cut short) is refused whole."""
import pytest
from hypothesis import given, settings, strategies as st

from teller.domain.clearing import (BatchFileRefused, BatchItem, Cheque, ClearingBatchFile, InvalidMicrLine,
                                    bank_code_check_digit, parse_batch, parse_micr_line, render_batch)

OWN, HOUSE = "102581000012", "103581000026"


def test_micr_line_with_symbols_or_letters():
    line = "⑈00012345⑈ ⑆102581000012⑆ 44010001000000066⑈ ⑇0000123450⑇"
    expected = Cheque("00012345", OWN, "44010001000000066", 123450)
    assert parse_micr_line(line) == expected
    assert parse_micr_line("C00012345C T102581000012T 44010001000000066C A0000123450A") == expected
    assert parse_micr_line(expected.micr_line()) == expected


@pytest.mark.parametrize("line, message", [
    ("C0001234C T102581000012T 44010001000000066C A0000123450A", "Cheque number"),
    ("C00012345C T102581000013T 44010001000000066C A0000123450A", "check digit"),
    ("C00012345C T10258100001T 44010001000000066C A0000123450A", "12 digits"),
    ("C00012345C T102581000012T 4401C A0000123450A", "Account"),
    ("C00012345C T102581000012T 44010001000000066C A0000000000A", "more than zero"),
    ("C00012345C T102581000012T 44010001000000066C A123450A", "10 digits"),
    ("00012345 102581000012 44010001000000066 0000123450", "must read"),
])
def test_each_part_of_the_code_line_is_checked(line, message):
    with pytest.raises(InvalidMicrLine, match=message):
        parse_micr_line(line)


def bank_codes():
    return st.text("0123456789", min_size=11, max_size=11).map(lambda s: s + bank_code_check_digit(s))


cheques = st.builds(Cheque, st.text("0123456789", min_size=8, max_size=8), bank_codes(),
                    st.text("0123456789", min_size=8, max_size=32), st.integers(1, 99_999_999_99))
items = st.builds(BatchItem, cheques, st.one_of(st.just(""), st.text("0123456789", min_size=8, max_size=20)),
                  st.binary(max_size=40))
batches = st.builds(ClearingBatchFile, st.sampled_from(["OUT", "IN"]),
                    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", min_size=1, max_size=40), bank_codes(),
                    bank_codes(), st.dates().map(lambda d: d.isoformat()).filter(lambda d: len(d) == 10),
                    st.lists(items, max_size=6).map(tuple))


@settings(max_examples=150, deadline=None)
@given(batches)
def test_batch_file_round_trips(batch):
    assert parse_batch(render_batch(batch)) == batch


@settings(max_examples=300, deadline=None)
@given(batches, st.data())
def test_any_corruption_is_refused_whole(batch, data):
    raw = bytearray(render_batch(batch))
    how = data.draw(st.sampled_from(["change", "insert", "delete", "truncate"]))
    at = data.draw(st.integers(0, len(raw) - 1))
    if how == "change":
        raw[at] = data.draw(st.integers(0, 255).filter(lambda b: b != raw[at]))
    elif how == "insert":
        raw.insert(at, data.draw(st.integers(0, 255)))
    elif how == "delete":
        del raw[at]
    else:
        del raw[at:]
    with pytest.raises(BatchFileRefused) as refused:
        parse_batch(bytes(raw))
    assert refused.value.line >= 1 and f"Line {refused.value.line}" in refused.value.message


def batch_of(*amounts):
    return ClearingBatchFile("IN", "IN-1", HOUSE, OWN, "2026-11-23",
                             tuple(BatchItem(Cheque(f"{n:08d}", OWN, "44010001000000066", a), "", b"seal")
                                   for n, a in enumerate(amounts, 1)))


def test_refusals_name_the_line_and_the_reason():
    good = render_batch(batch_of(100, 200, 300)).decode()
    lines = good.splitlines(keepends=True)
    unbalanced = good.replace(",600,", ",601,")
    with pytest.raises(BatchFileRefused, match=r"Line 5: the trailer's total 601 fen differs"):
        parse_batch(unbalanced.encode())
    missing_item = "".join(lines[:2] + lines[3:])
    with pytest.raises(BatchFileRefused, match=r"Line 3: item number '3', 2 expected"):
        parse_batch(missing_item.encode())
    with pytest.raises(BatchFileRefused, match=r"Line 5: the trailer is missing"):
        parse_batch("".join(lines[:4]).encode())
    bad_amount = good.replace(",200,", ",2O0,")
    with pytest.raises(BatchFileRefused, match=r"Line 3: amount '2O0'"):
        parse_batch(bad_amount.encode())
