"""Keyboard-wedge badge readers: a reader's burst of keystrokes + Enter is a badge, a person
typing is not; the decimal tag a wedge types maps to our 10-hex UID with version byte 00."""
import pytest
from hypothesis import given, strategies as st

from devices.badge.wedge import WedgeDetector, wedge_uid


def typed(detector: WedgeDetector, text: str, start: float, gap: float, enter_gap: float | None = None):
    t = start
    for i, char in enumerate(text):
        t = start + i * gap
        detector.key(char, t)
    return detector.enter(t + (gap if enter_gap is None else enter_gap))


@pytest.mark.parametrize("text, uid", [
    ("3808980205", "00E3086CED"),  # protocols.md §4: tag 0xE3086CED typed as decimal
    ("0000000000", "0000000000"),
    ("4294967295", "00FFFFFFFF"),  # the largest 32-bit tag
    ("4294967296", "4294967296"),  # too big for a decimal tag: a hex UID made of digits
    ("0A1B2C3D01", "0A1B2C3D01"),  # hex passes through
    ("0a1b2c3d01", "0A1B2C3D01"),
])
def test_uid_mapping(text, uid):
    assert wedge_uid(text) == uid


@pytest.mark.parametrize("text", ["", "123456789", "12345678901", "0A1B2C3D0G", "12345 6789", "１２３４５６７８９０"])
def test_not_a_badge_number(text):
    assert wedge_uid(text) is None


@given(st.integers(0, 0xFFFFFFFF))
def test_every_32_bit_tag_maps_back(tag):
    uid = wedge_uid(f"{tag:010d}")
    assert uid[:2] == "00" and int(uid[2:], 16) == tag


def test_reader_speed_is_a_badge_and_a_person_is_not():
    detector = WedgeDetector(max_gap_s=0.05)
    assert typed(detector, "3808980205", 0.0, 0.012) == "00E3086CED"  # MagTek-like 12 ms
    assert typed(detector, "0A1B2C3D01", 1.0, 0.0012) == "0A1B2C3D01"  # ID TECH-like 1.2 ms
    assert typed(detector, "0A1B2C3D01", 2.0, 0.15) is None  # a person
    assert typed(detector, "3808980205", 5.0, 0.012, enter_gap=0.5) is None  # Enter pressed by hand later
    assert typed(detector, "0A1B2C3D0", 7.0, 0.01) is None  # 9 characters
    assert typed(detector, "0A1B2C3D011", 8.0, 0.01) is None  # 11 characters


def test_a_slow_prefix_does_not_spoil_the_burst():
    detector = WedgeDetector(max_gap_s=0.05)
    detector.key("9", 0.0)
    detector.key("9", 0.3)  # somebody typed two characters by hand, then swiped
    assert typed(detector, "3808980205", 1.0, 0.005) == "00E3086CED"


def test_one_slow_gap_inside_the_burst_breaks_it():
    detector = WedgeDetector(max_gap_s=0.05)
    for i, char in enumerate("38089"):
        detector.key(char, i * 0.01)
    for i, char in enumerate("80205"):
        detector.key(char, 0.2 + i * 0.01)
    assert detector.enter(0.25) is None


def test_reset_by_an_editing_key_and_the_default_clock():
    now = [0.0]
    detector = WedgeDetector(clock=lambda: now[0])
    for char in "38089802":
        detector.key(char)
        now[0] += 0.001
    detector.reset()  # Backspace
    for char in "05":
        detector.key(char)
    assert detector.enter() is None
