"""Customer ID numbers for the large-cash form: resident ID via python-stdnum, others by shape."""
from __future__ import annotations

import datetime as dt

import pytest

from teller.domain.errors import TellerError
from teller.services.identity import InvalidIdNumber, check_id_document, check_resident_id

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def with_check_digit(first17: str) -> str:
    """GB 11643 check digit (ISO 7064 MOD 11-2), computed here independently of stdnum."""
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def test_check_digit_helper_agrees_with_the_classic_example():
    assert with_check_digit("11010519491231002") == "11010519491231002X"


@pytest.mark.parametrize("typed, expected", [
    ("11010519491231002X", "11010519491231002X"),
    ("11010519491231002x", "11010519491231002X"),
    ("110105 19491231 002X", "11010519491231002X"),
    ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),
    ("360426199101010071", "360426199101010071"),
    (with_check_digit("11010519900307123"), with_check_digit("11010519900307123")),
    (with_check_digit("44030520000229456"), with_check_digit("44030520000229456")),  # leap day
])
def test_valid_resident_ids_come_back_compact(typed, expected):
    assert check_resident_id(typed) == expected


@pytest.mark.parametrize("typed, message", [
    ("", "Enter the ID number"),
    ("11010519491231002", "18 characters; 17 were entered"),
    ("11010519491231002X1", "18 characters; 19 were entered"),
    ("110105194912310029", "check digit"),
    ("1101051949123A002X", "17 digits followed by a digit or X"),
    (with_check_digit("11010519990230123"), r"birth date in the ID number \(19990230\) is not a real date"),
    (with_check_digit("11010519991301123"), "not a real date"),
    (with_check_digit("99999919900307123"), "region code 999999"),
    ("110105491231002", "15-digit first-generation"),
])
def test_invalid_resident_ids_say_why(typed, message):
    with pytest.raises(InvalidIdNumber, match=message) as caught:
        check_resident_id(typed)
    assert isinstance(caught.value, TellerError) and caught.value.code == "invalid_id_number"


def test_birth_date_in_the_future_is_refused():
    number = with_check_digit("11010520300101123")
    with pytest.raises(InvalidIdNumber, match="in the future"):
        check_resident_id(number, today=dt.date(2025, 6, 1))
    assert check_resident_id(number, today=dt.date(2030, 1, 1)) == number


def test_other_documents_by_type():
    assert check_id_document("resident_id", "11010519491231002x") == "11010519491231002X"
    assert check_id_document("passport", "e 1234 5678") == "E12345678"
    assert check_id_document("other", "H12345678") == "H12345678"
    with pytest.raises(InvalidIdNumber, match="passport number"):
        check_id_document("passport", "E12")
    with pytest.raises(InvalidIdNumber, match="passport number"):
        check_id_document("passport", "E1234/5678")
    with pytest.raises(InvalidIdNumber, match="Enter the ID number"):
        check_id_document("other", "  ")
    with pytest.raises(InvalidIdNumber, match="Unknown ID document type"):
        check_id_document("library_card", "12345")
    with pytest.raises(InvalidIdNumber, match="check digit"):
        check_id_document("resident_id", "110105194912310029")
