"""Amount parsing, fen conversions, display and the PBOC amount in words."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teller.domain.errors import InvalidAmount
from teller.domain.money import (MAX_AMOUNT, amount_in_words, format_amount, from_fen, parse_amount,
                                 to_fen)

MAX_FEN = 99999999999999
FULL_WIDTH = str.maketrans({**{str(i): chr(0xFF10 + i) for i in range(10)}, ",": "，", ".": "．"})


# --- parse_amount: what tellers type ---------------------------------------------------------

@pytest.mark.parametrize("typed, expected", [
    ("1,234.5", "1234.50"),
    ("1234.50", "1234.50"),
    ("１２３４.５０", "1234.50"),
    ("１，２３４．５", "1234.50"),
    ("1234元", "1234.00"),
    ("1,234.56 元", "1234.56"),
    ("￥1234", "1234.00"),
    ("¥1,234.5", "1234.50"),
    ("¥ 12", "12.00"),
    ("  42  ", "42.00"),
    ("\u300042\u3000", "42.00"),
    ("0.5", "0.50"),
    (".5", "0.50"),
    ("7.", "7.00"),
    ("1,234,567.89", "1234567.89"),
    ("999,999,999,999.99", "999999999999.99"),
])
def test_parses_what_tellers_type(typed, expected):
    amount = parse_amount(typed)
    assert amount == Decimal(expected)
    assert amount.as_tuple().exponent == -2


@pytest.mark.parametrize("typed, why", [
    ("", "enter an amount"),
    ("   ", "enter an amount"),
    ("元", "enter an amount"),
    ("¥", "enter an amount"),
    (".", "enter an amount"),
    ("-5", "negative"),
    ("－５", "negative"),
    ("-¥5", "negative"),
    ("¥-5", "negative"),
    ("0", "greater than zero"),
    ("0.00", "greater than zero"),
    ("1.234", "more than two decimal places"),
    ("1.230", "more than two decimal places"),
    ("12a", "letters"),
    ("NaN", "letters"),
    ("Infinity", "letters"),
    ("inf", "letters"),
    ("1e5", "letters"),
    ("1E-2", "letters"),
    ("一百", "letters"),
    ("+5", "unexpected character"),
    ("5%", "unexpected character"),
    ("①", "unexpected character"),
    ("1 234", "spaces"),
    ("1.2.3", "more than one decimal point"),
    ("1,23,4", "misplaced comma"),
    ("1234,567", "misplaced comma"),
    ("1,2345", "misplaced comma"),
    (",123", "misplaced comma"),
    ("123,", "misplaced comma"),
    ("1.2,3", "misplaced comma"),
    ("1000000000000", "exceeds the maximum of 999,999,999,999.99"),
    ("999,999,999,999.999", "more than two decimal places"),
])
def test_refuses_with_a_reason(typed, why):
    with pytest.raises(InvalidAmount, match=why) as caught:
        parse_amount(typed)
    assert caught.value.code == "invalid_amount"


def test_arabic_indic_digits_are_refused():
    # Decimal() would accept these; a teller's keyboard never produces them.
    with pytest.raises(InvalidAmount):
        parse_amount("١٢٣")


def test_zero_allowed_when_asked():
    assert parse_amount("0", allow_zero=True) == Decimal("0.00")


def test_field_maximum_is_named():
    assert parse_amount("50000", maximum=Decimal("50000")) == Decimal("50000.00")
    with pytest.raises(InvalidAmount, match="maximum of 50,000.00"):
        parse_amount("50000.01", maximum=Decimal("50000"))


def test_not_a_string_is_a_programming_error():
    with pytest.raises(TypeError):
        parse_amount(12.5)  # type: ignore[arg-type]


# --- fen conversions and display ----------------------------------------------------------------

def test_fen_conversions():
    assert to_fen(Decimal("1234.50")) == 123450
    assert to_fen(Decimal("1234.5")) == 123450
    assert to_fen(Decimal("100")) == 10000
    assert from_fen(123450) == Decimal("1234.50")
    assert str(from_fen(5)) == "0.05"
    assert str(from_fen(0)) == "0.00"
    assert str(from_fen(-150)) == "-1.50"


def test_to_fen_refuses_float_and_fractions_of_a_fen():
    with pytest.raises(TypeError):
        to_fen(12.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidAmount):
        to_fen(Decimal("1.005"))
    with pytest.raises(InvalidAmount):
        to_fen(Decimal("NaN"))
    with pytest.raises(TypeError):
        from_fen(True)  # type: ignore[arg-type]


def test_format_amount():
    assert format_amount(123450) == "1,234.50"
    assert format_amount(Decimal("1234.5")) == "1,234.50"
    assert format_amount(5) == "0.05"
    assert format_amount(0) == "0.00"
    assert format_amount(-123450) == "-1,234.50"
    assert format_amount(MAX_AMOUNT) == "999,999,999,999.99"
    with pytest.raises(TypeError):
        format_amount(1.5)  # type: ignore[arg-type]


@given(st.integers(min_value=1, max_value=MAX_FEN))
def test_format_then_parse_round_trips(fen):
    assert to_fen(parse_amount(format_amount(fen))) == fen


@given(st.integers(min_value=1, max_value=MAX_FEN), st.booleans())
def test_full_width_parses_like_half_width(fen, with_commas):
    typed = format_amount(fen) if with_commas else str(from_fen(fen))
    assert parse_amount(typed.translate(FULL_WIDTH)) == parse_amount(typed)


# --- amount in words ----------------------------------------------------------------------------

@pytest.mark.parametrize("amount, words", [
    ("1409.50", "壹仟肆佰零玖元伍角"),
    ("6007.14", "陆仟零柒元壹角肆分"),
    ("100", "壹佰元整"),
    ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
    ("325.04", "叁佰贰拾伍元零肆分"),
    ("0", "零元整"),
    ("0.5", "伍角"),
    ("0.05", "伍分"),
    ("0.55", "伍角伍分"),
    ("10", "壹拾元整"),
    ("100000000", "壹亿元整"),
    ("100010000", "壹亿零壹万元整"),
    # Rule (3): the optional 零 is always written.
    ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
    ("107000.53", "壹拾万零柒仟元零伍角叁分"),
    ("1000.50", "壹仟元零伍角"),
    ("1000.05", "壹仟元零伍分"),
    ("1.05", "壹元零伍分"),
    ("100000", "壹拾万元整"),
    ("110000", "壹拾壹万元整"),
    ("10000000", "壹仟万元整"),
    ("100000001", "壹亿零壹元整"),
    ("1000000000", "壹拾亿元整"),
    ("100000000000", "壹仟亿元整"),
    ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
])
def test_amount_in_words(amount, words):
    assert amount_in_words(Decimal(amount)) == words


@pytest.mark.parametrize("amount, why", [
    ("-1", "negative"),
    ("1000000000000", "maximum"),
    ("1.001", "two decimal places"),
])
def test_amount_in_words_refuses(amount, why):
    with pytest.raises(InvalidAmount, match=why):
        amount_in_words(Decimal(amount))


ALLOWED = set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")


@given(st.integers(min_value=0, max_value=MAX_FEN))
def test_amount_in_words_properties(fen):
    words = amount_in_words(from_fen(fen))
    assert set(words) <= ALLOWED
    assert not words.endswith("分整")
    assert words.endswith("整") == (fen % 100 == 0)
    assert "零零" not in words
    assert not words.startswith("零") or words == "零元整"
    assert not words.startswith("拾")  # a leading ten is 壹拾


@pytest.mark.parametrize("text", ["0,001", "0,500", "00,500", "0,000,100"])
def test_a_thousands_group_never_starts_the_number_with_zero(text):
    with pytest.raises(InvalidAmount, match="misplaced comma"):
        parse_amount(text)


def test_posting_amounts_are_checked_in_the_service_too():
    from teller.domain.money import check_posting_amount

    assert check_posting_amount(1) == 1 and check_posting_amount(99999999999999) == 99999999999999
    for bad in (0, -100, 100000000000000, 10**19, True):
        with pytest.raises(InvalidAmount):
            check_posting_amount(bad)
