"""Denominations, their configuration and counted breakdowns of cash."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teller.domain.denominations import (DEFAULT_CNY, Breakdown, Denomination, check_matches,
                                         denominations_from_config)
from teller.domain.errors import (BreakdownMismatch, ConfigurationError, InsufficientTillCash,
                                  InvalidDenominationCount)

DEFAULT_CONFIG = [
    {"kind": "note", "value": v} for v in ("100", "50", "20", "10", "5", "1")
] + [{"kind": "coin", "value": v} for v in ("1", "0.5", "0.1")]


def test_default_cny_ids_and_labels():
    assert [d.id for d in DEFAULT_CNY] == ["N10000", "N5000", "N2000", "N1000", "N500", "N100",
                                           "C100", "C50", "C10"]
    assert [d.label for d in DEFAULT_CNY] == ["100", "50", "20", "10", "5", "1", "1", "0.5", "0.1"]
    assert Denomination(5, "coin").label == "0.05"
    assert Denomination(250, "note").label == "2.5"
    assert Denomination(10000, "note").name == "¥100 notes"


def test_one_yuan_note_and_coin_are_different_denominations():
    note, coin = Denomination(100, "note"), Denomination(100, "coin")
    assert note != coin and note.id != coin.id


def test_denomination_refuses_bad_values():
    with pytest.raises(ValueError):
        Denomination(0, "note")
    with pytest.raises(ValueError):
        Denomination(100, "bill")


def test_config_builds_the_default_set():
    assert denominations_from_config(DEFAULT_CONFIG) == DEFAULT_CNY


@pytest.mark.parametrize("items, why", [
    ([], "non-empty"),
    ([{"kind": "coin", "value": 0.1}], "string"),
    ([{"kind": "note", "value": 100}], "string"),
    ([{"kind": "note"}], "string"),
    ([{"kind": "note", "value": "abc"}], "not an amount"),
    ([{"kind": "note", "value": "1.005"}], "not an amount"),
    ([{"kind": "note", "value": "-5"}], "not an amount"),
    ([{"kind": "note", "value": "0"}], "greater than zero"),
    ([{"kind": "bill", "value": "5"}], "kind"),
    ([{"kind": "note", "value": "5", "colour": "green"}], "unknown keys colour"),
    ([{"kind": "note", "value": "5"}, {"kind": "note", "value": "5.00"}], "listed twice"),
    (["N500"], "expected a table"),
])
def test_config_refuses(items, why):
    with pytest.raises(ConfigurationError, match=why):
        denominations_from_config(items)


def test_breakdown_basics():
    b = Breakdown({"N10000": 3, "C50": 2, "N100": 0})
    assert b.denominations is DEFAULT_CNY
    assert dict(b) == {"N10000": 3, "C50": 2}
    assert b.count("N100") == 0 and b.count("N10000") == 3
    assert b.total_fen() == 30100
    assert b.to_json_dict() == {"C50": 2, "N10000": 3}
    assert list(b.to_json_dict()) == ["C50", "N10000"]
    assert Breakdown.from_json_dict(b.to_json_dict()) == b
    assert [(d.id, n) for d, n in b.lines()] == [("N10000", 3), ("C50", 2)]
    assert not b.is_empty() and Breakdown().is_empty() and Breakdown({"N100": 0}).is_empty()
    assert hash(b) == hash(Breakdown({"C50": 2, "N10000": 3}))


@pytest.mark.parametrize("counts, why", [
    ({"N10000": -1}, "cannot be negative"),
    ({"N10000": 1.5}, "whole number"),
    ({"N10000": "3"}, "whole number"),
    ({"N10000": True}, "whole number"),
    ({"N30000": 1}, "unknown denomination"),
    ({10000: 1}, "unknown denomination"),
])
def test_breakdown_refuses(counts, why):
    with pytest.raises(InvalidDenominationCount, match=why):
        Breakdown(counts)


def test_breakdown_is_immutable():
    b = Breakdown({"N100": 1})
    with pytest.raises(TypeError):
        b["N100"] = 2  # type: ignore[index]
    with pytest.raises(AttributeError):
        b.extra = 1  # type: ignore[attr-defined]


def test_add_and_subtract():
    till = Breakdown({"N10000": 5, "C10": 3})
    assert till + Breakdown({"N10000": 1, "N500": 2}) == Breakdown({"N10000": 6, "N500": 2, "C10": 3})
    assert till - Breakdown({"N10000": 5}) == Breakdown({"C10": 3})


def test_subtracting_more_than_held_names_the_denomination():
    till = Breakdown({"N10000": 3})
    with pytest.raises(InsufficientTillCash, match=r"not enough ¥100 notes: 3 held, 5 needed"):
        till - Breakdown({"N10000": 5})
    with pytest.raises(InsufficientTillCash, match=r"¥0.5 coins: 0 held, 1 needed"):
        till.minus(Breakdown({"C50": 1}))


def test_explicit_signed_difference():
    counted, expected = Breakdown({"N10000": 3, "C10": 2}), Breakdown({"N10000": 4})
    difference = counted.minus(expected, allow_negative=True)
    assert difference == {"N10000": -1, "C10": 2}
    assert difference.total_fen() == -9980
    assert Breakdown.from_json_dict(difference.to_json_dict(), allow_negative=True) == difference
    with pytest.raises(InvalidDenominationCount):
        Breakdown.from_json_dict(difference.to_json_dict())


def test_subtracting_unknown_denomination():
    other = Breakdown({"N9": 1}, (Denomination(9, "note"),))
    with pytest.raises(InvalidDenominationCount, match="unknown denomination"):
        Breakdown({"N100": 1}) - other


def test_check_matches():
    check_matches(Breakdown({"N10000": 2, "C50": 1}), 20050)
    with pytest.raises(BreakdownMismatch, match=r"denominations add up to 200.00, amount is 200.50"):
        check_matches(Breakdown({"N10000": 2}), 20050)


def test_custom_denomination_set_is_kept():
    denoms = denominations_from_config([{"kind": "note", "value": "2"}])
    b = Breakdown({"N200": 4}, denoms)
    assert b.denominations == denoms and b.total_fen() == 800
    with pytest.raises(InvalidDenominationCount):
        Breakdown({"N10000": 1}, denoms)


counts = st.dictionaries(st.sampled_from([d.id for d in DEFAULT_CNY]), st.integers(0, 10**6))


@given(counts)
def test_total_is_sum_of_value_times_count(raw):
    values = {d.id: d.value_fen for d in DEFAULT_CNY}
    assert Breakdown(raw).total_fen() == sum(values[i] * n for i, n in raw.items())


@given(counts, counts)
def test_add_then_subtract_is_identity(a, b):
    a, b = Breakdown(a), Breakdown(b)
    assert (a + b) - b == a
    assert (a + b).total_fen() == a.total_fen() + b.total_fen()


@given(counts)
def test_json_round_trip(raw):
    b = Breakdown(raw)
    assert Breakdown.from_json_dict(b.to_json_dict()) == b


def test_denomination_set_cannot_be_swapped():
    with pytest.raises(AttributeError):
        Breakdown({"N100": 1}).denominations = ()  # type: ignore[misc]
