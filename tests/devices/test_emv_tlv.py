"""BER-TLV and DOL codecs: examples from the spec and the traces, plus properties."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from devices.card.emv import (MalformedTlv, Tlv, build_dol_data, default_terminal_data, find,
                              find_all, parse_dol, parse_tlv)
from teller.domain.errors import TellerError


# ---- an encoder for the tests only (the workstation never writes TLV to a card) ----------

def encode_length(n: int, form: str = "short") -> bytes:
    if form == "short" and n < 0x80:
        return bytes([n])
    if form in ("short", "81") and n < 0x100:
        return bytes([0x81, n])
    return bytes([0x82]) + n.to_bytes(2, "big")


def encode(tlvs: list[Tlv], form: str = "short") -> bytes:
    return b"".join(bytes.fromhex(t.tag) + encode_length(len(t.value), form) + t.value for t in tlvs)


def make(tag: str, value: bytes = b"", children: list[Tlv] | None = None) -> Tlv:
    if children is not None:
        return Tlv(tag, encode(children), children)
    return Tlv(tag, value, [])


# First tag byte: not 00 (filler), low 5 bits not 11111 unless a longer tag follows.
def _tag(constructed: bool):
    flag = 0x20 if constructed else 0x00
    single = st.integers(0, 0xFF).filter(lambda b: b & 0x1F != 0x1F and b & 0x20 == flag and b not in (0x00, 0xFF))
    multi = st.tuples(
        st.integers(0, 3).map(lambda cls: (cls << 6) | flag | 0x1F).filter(lambda b: b != 0xFF),
        st.lists(st.integers(0x80, 0xFF), max_size=2),
        st.integers(0x01, 0x7F),
    ).map(lambda t: bytes([t[0], *t[1], t[2]]).hex().upper())
    return st.one_of(single.map(lambda b: f"{b:02X}"), multi)


primitive = st.builds(make, _tag(False), st.binary(max_size=300))
trees = st.recursive(
    primitive,
    lambda kids: st.builds(lambda tag, ch: make(tag, children=ch), _tag(True), st.lists(kids, max_size=4)),
    max_leaves=12,
)


@given(st.lists(trees, max_size=5), st.sampled_from(["short", "81", "82"]))
def test_round_trip(tlvs, form):
    # Constructed values are re-encoded in the chosen form too, so rebuild them first.
    def rebuild(t: Tlv) -> Tlv:
        if not t.constructed:
            return t
        kids = [rebuild(c) for c in t.children]
        return Tlv(t.tag, encode(kids, form), kids)

    tlvs = [rebuild(t) for t in tlvs]
    assert parse_tlv(encode(tlvs, form)) == tlvs


@given(st.lists(trees, min_size=1, max_size=4), st.data())
def test_filler_between_objects_is_skipped(tlvs, data):
    parts = [b"".join(data.draw(st.lists(st.sampled_from([b"\x00", b"\xff"]), max_size=3))) + encode([t])
             for t in tlvs]
    assert parse_tlv(b"".join(parts) + b"\x00\xff") == tlvs


@given(trees)
def test_every_strict_prefix_is_malformed(tlv):
    raw = encode([tlv])
    for cut in range(1, len(raw)):
        with pytest.raises(MalformedTlv):
            parse_tlv(raw[:cut])


@settings(max_examples=500)
@given(st.binary(max_size=200))
def test_garbage_never_crashes(raw):
    try:
        parse_tlv(raw)
    except MalformedTlv as error:
        assert "offset" in str(error)


def test_deep_nesting_is_refused_not_a_recursion_error():
    raw = b""
    for _ in range(2000):
        raw = b"\x70" + encode_length(len(raw), "82") + raw
    with pytest.raises(MalformedTlv, match="nested"):
        parse_tlv(raw)


def test_fci_from_a_real_card():
    fci = parse_tlv(bytes.fromhex("6F3B8408A000000333010102A52F500B55494343204352454449548701015F2D02636E"
                                  "9F1101019F120B5549434320435245444954BF0C059F4D020B0A"))
    assert [t.tag for t in fci] == ["6F"]
    assert find(fci, "84").value.hex().upper() == "A000000333010102"
    assert find(fci, "50").value == b"UICC CREDIT"
    assert find(fci, "9F4D").value == b"\x0b\x0a"  # two-byte tag inside three-level nesting
    assert [t.tag for t in find(fci, "A5").children] == ["50", "87", "5F2D", "9F11", "9F12", "BF0C"]
    assert find(fci, "9f12").value == b"UICC CREDIT"  # lower-case tag accepted
    assert find(fci, "5A") is None


def test_lengths_81_and_82():
    value = bytes(range(200))
    assert parse_tlv(b"\x5A\x81\xC8" + value) == [make("5A", value)]
    assert parse_tlv(b"\x9F\x46\x82\x00\xC8" + value) == [make("9F46", value)]
    assert parse_tlv(b"\x9F\x46\x82\x01\x2C" + bytes(300))[0].value == bytes(300)


def test_three_byte_tag():
    assert parse_tlv(bytes.fromhex("DF8101020102")) == [make("DF8101", b"\x01\x02")]


def test_find_is_depth_first_in_document_order():
    tree = [make("70", children=[make("61", children=[make("4F", b"\x01")]), make("4F", b"\x02")])]
    assert find(tree, "4F").value == b"\x01"
    assert [t.value for t in find_all(tree, "4F")] == [b"\x01", b"\x02"]


@pytest.mark.parametrize("raw, fragment", [
    (bytes.fromhex("5A0501020304"), "tag 5A at offset 0 declares 5 bytes"),
    (bytes.fromhex("700A5A0501"), "tag 70 at offset 0"),
    (bytes.fromhex("70045A050102"), "tag 5A at offset 2"),  # offsets are absolute inside templates
    (bytes.fromhex("5A"), "has no length at offset 1"),
    (bytes.fromhex("5A81"), "inside the length of tag 5A at offset 1"),
    (bytes.fromhex("5A8201"), "inside the length of tag 5A at offset 1"),
    (bytes.fromhex("5A80"), "bad length form 80"),
    (bytes.fromhex("5A830000010000"), "bad length form 83"),
    (bytes.fromhex("9F"), "inside the tag starting at offset 0"),
    (bytes.fromhex("0000DF81"), "inside the tag starting at offset 2"),
    (bytes.fromhex("DF8181818101"), "longer than 4 bytes"),
])
def test_malformed_names_the_offset(raw, fragment):
    with pytest.raises(MalformedTlv) as info:
        parse_tlv(raw)
    assert fragment in str(info.value)
    assert isinstance(info.value, TellerError)


# ---- DOL ----------------------------------------------------------------------------

VISA_CDOL1 = bytes.fromhex("9F02069F03069F1A0295055F2A029A039C019F3704")


def test_parse_dol():
    assert parse_dol(VISA_CDOL1) == [("9F02", 6), ("9F03", 6), ("9F1A", 2), ("95", 5), ("5F2A", 2),
                                     ("9A", 3), ("9C", 1), ("9F37", 4)]
    assert parse_dol(b"") == []
    with pytest.raises(MalformedTlv, match="DOL truncated"):
        parse_dol(bytes.fromhex("9F0206 9F03".replace(" ", "")))


def test_dol_data_matches_the_recorded_visa_terminal():
    # The GENERATE AC in visa_contact_test_card.json carries exactly CDOL1 filled in.
    values = {"9F02": bytes.fromhex("000000001000"), "9F03": bytes(6), "9F1A": b"\x00\x36",
              "95": bytes.fromhex("8000008000"), "5F2A": b"\x00\x36", "9A": bytes.fromhex("120316"),
              "9C": b"\x00", "9F37": bytes.fromhex("D3173A1F")}
    assert build_dol_data(parse_dol(VISA_CDOL1), values).hex().upper() == \
        "00000000100000000000000000368000008000003612031600D3173A1F"


@pytest.mark.parametrize("dol, values, expected", [
    ([("9F02", 3)], {"9F02": bytes.fromhex("000000012345")}, "012345"),  # numeric: keep right-most
    ([("9F02", 6)], {"9F02": bytes.fromhex("1234")}, "000000001234"),    # numeric: pad left
    ([("9A", 2)], {"9A": bytes.fromhex("240316")}, "0316"),
    ([("9F4E", 2)], {"9F4E": b"ABCD"}, "4142"),                          # other: keep left-most
    ([("9F4E", 4)], {"9F4E": b"AB"}, "41420000"),                        # other: pad right
    ([("DF01", 3)], {}, "000000"),                                       # unknown: zeros
    ([("9F02", 0), ("9F4E", 0)], {"9F02": b"\x01", "9F4E": b"x"}, ""),
])
def test_dol_length_rules(dol, values, expected):
    assert build_dol_data(dol, values).hex().upper() == expected


def test_default_terminal_data():
    data = default_terminal_data(dt.date(2024, 3, 16), b"\x01\x02\x03\x04")
    assert data["9A"] == bytes.fromhex("240316")
    assert data["5F2A"] == data["9F1A"] == b"\x01\x56"
    assert data["9F37"] == b"\x01\x02\x03\x04"
    assert data["9F02"] == bytes(6) and data["95"] == bytes(5) and data["9F35"] == b"\x12"
    with pytest.raises(ValueError):
        default_terminal_data(dt.date(2024, 3, 16), b"\x01")
