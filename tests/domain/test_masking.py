from hypothesis import given, strategies as st

from teller.domain.masking import mask_number


def test_examples():
    assert mask_number("44010001000000017") == "440100*******0017"
    assert mask_number("6228480000001234") == "622848******1234"
    assert mask_number("123456789") == "*****6789"
    assert mask_number("1234") == "****"
    assert mask_number(None) == "" and mask_number("") == ""


@given(st.text(alphabet="0123456789", min_size=5, max_size=30))
def test_mask_keeps_length_and_hides_the_middle(number):
    masked = mask_number(number)
    assert len(masked) == len(number) and masked.endswith(number[-4:])
    assert masked.count("*") >= len(number) - 10
