"""The teller read flow replayed against recorded card traces, then against scripted
cards for the error paths and the T=0 repairs (61xx, 6Cxx)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from devices.card.emv import MalformedTlv
from devices.card.reader_flow import (CardBlocked, CardData, CardReadError, CardRemoved,
                                      NoPanOnCard, NoSupportedApplication, UnexpectedStatus,
                                      WrongLength, read_card)
from tests.samples import EMV_TRACES

SAMPLES = EMV_TRACES
TODAY = dt.date(2026, 11, 23)


class TraceCard:
    """Serves a recorded trace in order. SELECTs and READ RECORDs must match exactly; GPO
    (80A8) by prefix, since our date and unpredictable number differ from the recording.
    A SELECT the card never saw gets 6A82 (the card does not have that file)."""

    def __init__(self, path: Path):
        self.exchanges = [(bytes.fromhex(e["c"]), bytes.fromhex(e["r"])) for e in json.loads(path.read_text())]
        self.cursor = 0
        self.matched: list[int] = []

    def __call__(self, apdu: bytes) -> tuple[bytes, int, int]:
        for i in range(self.cursor, len(self.exchanges)):
            command, response = self.exchanges[i]
            if command == apdu or command[:2] == apdu[:2] == b"\x80\xA8":
                self.cursor = i + 1
                self.matched.append(i)
                return response[:-2], response[-2], response[-1]
        if apdu[:2] == b"\x00\xA4":
            return b"", 0x6A, 0x82
        raise AssertionError(f"{apdu.hex().upper()} is not in the trace after exchange {self.cursor}")

    def assert_followed_until_generate_ac(self) -> None:
        """Every recorded exchange before the first GENERATE AC / GET DATA was used, in order."""
        end = next(i for i, (c, _) in enumerate(self.exchanges) if c[:2] in (b"\x80\xAE", b"\x80\xCA"))
        assert self.matched == list(range(end))


def test_samples_are_present():
    assert SAMPLES.is_dir(), f"recorded card traces missing at {SAMPLES}"
    assert len(list(SAMPLES.glob("*.json"))) == 3


@pytest.mark.parametrize("name, expected", [
    ("visa_contact_test_card.json",
     CardData("4761340000000050", "1712", "CARD 5/VISA TEST", "A0000000031010", "VISA TEST", None)),
    ("mastercard_contact_test_card.json",
     CardData("5413330089600044", "1412", None, "A0000000041010", "PPC MCD 04  v20", 1)),
    ("unionpay_pboc_contact_test_card.json",  # credit has priority 1 in the PSE directory
     CardData("6210948000000011", "3010", "银联62标准卡@测试专用Cards", "A000000333010102", "UICC CREDIT", 1)),
])
def test_replay_recorded_card(name, expected):
    card = TraceCard(SAMPLES / name)
    data = read_card(card, today=TODAY, unpredictable=b"\x12\x34\x56\x78")
    assert data == expected
    card.assert_followed_until_generate_ac()


@pytest.mark.parametrize("name, masked", [
    ("visa_contact_test_card.json", "476134******0050"),
    ("mastercard_contact_test_card.json", "541333******0044"),
    ("unionpay_pboc_contact_test_card.json", "621094******0011"),
])
def test_masked_pan_and_no_full_pan_in_text(name, masked):
    data = read_card(TraceCard(SAMPLES / name), today=TODAY)
    assert data.masked_pan == masked
    for text in (repr(data), str(data), f"{data}", f"{[data]}", f"{data!r}"):
        assert data.pan not in text
    assert masked in repr(data) and str(data) == masked


def test_masking_keeps_length():
    assert CardData("6228480000001234567", None, None, "A0", None).masked_pan == "622848*********4567"
    assert CardData("1234567890", None, None, "A0", None).masked_pan == "******7890"


# ---- scripted cards -----------------------------------------------------------------

def tlv(tag: str, value: bytes) -> bytes:
    assert len(value) < 0x80
    return bytes.fromhex(tag) + bytes([len(value)]) + value


AID = bytes.fromhex("A0000000031010")
SELECT_PSE = bytes.fromhex("00A404000E315041592E5359532E444446303100")
SELECT_PPSE = bytes.fromhex("00A404000E325041592E5359532E444446303100")
SELECT_AID = bytes.fromhex("00A4040007A000000003101000")
PDOL = bytes.fromhex("9F02069F37049A03")
FCI = tlv("6F", tlv("84", AID) + tlv("A5", tlv("50", b"VISA") + tlv("87", b"\x01") + tlv("9F38", PDOL)))
RECORD = tlv("70", tlv("5A", bytes.fromhex("4761340000000050")) + tlv("5F24", bytes.fromhex("291231"))
             + tlv("5F20", b"ZHANG/SAN ") + tlv("5F34", b"\x02"))
GPO_DATA = bytes.fromhex("83") + bytes([13]) + bytes(6) + bytes.fromhex("12345678") + bytes.fromhex("261123")
GPO = bytes.fromhex("80A800000F") + GPO_DATA + b"\x00"


def scripted(answers: dict[bytes, bytes], *, removed_after: int | None = None):
    """A card answering whole commands from a dict (response hex includes SW); unknown -> 6D00."""
    sent: list[bytes] = []

    def transmit(apdu: bytes):
        sent.append(apdu)
        if removed_after is not None and len(sent) > removed_after:
            raise CardRemoved()
        response = answers.get(apdu, b"\x6D\x00")
        return response[:-2], response[-2], response[-1]

    transmit.sent = sent
    return transmit


def good_card(overrides: dict[bytes, bytes] | None = None) -> dict[bytes, bytes]:
    answers = {SELECT_PSE: b"\x6A\x82", SELECT_PPSE: b"\x6A\x82", SELECT_AID: FCI + b"\x90\x00",
               GPO: tlv("77", tlv("82", b"\x18\x00") + tlv("94", bytes.fromhex("08010100"))) + b"\x90\x00",
               bytes.fromhex("00B2010C00"): RECORD + b"\x90\x00"}
    answers.update(overrides or {})
    return answers


def read(answers, **kw):
    return read_card(scripted(answers, **kw), today=TODAY, unpredictable=bytes.fromhex("12345678"))


def test_pdol_is_filled_and_format_2_read():
    data = read(good_card())
    assert (data.pan, data.expiry, data.holder_name, data.pan_sequence, data.label) == \
        ("4761340000000050", "2912", "ZHANG/SAN", 2, "VISA")


def test_gpo_format_1_and_track2_only_card():
    track2 = tlv("70", tlv("57", bytes.fromhex("6228480000001234567D2805201000000F")))
    data = read(good_card({GPO: bytes.fromhex("800618000801010090 00".replace(" ", "")),
                             bytes.fromhex("00B2010C00"): track2 + b"\x90\x00"}))
    assert (data.pan, data.expiry, data.holder_name) == ("6228480000001234567", "2805", None)
    assert data.masked_pan == "622848*********4567"


def test_ppse_directory_is_used():
    ppse = tlv("6F", tlv("84", b"2PAY.SYS.DDF01") + tlv("A5", tlv("BF0C", tlv("61", tlv("4F", AID)))))
    data = read(good_card({SELECT_PPSE: ppse + b"\x90\x00"}))
    assert data.aid == "A0000000031010"


def test_t0_get_response_and_wrong_le_are_repaired():
    inner = scripted(good_card())
    log: list[bytes] = []
    pending = b""

    def t0(apdu: bytes):
        """Answers 61xx in 16-byte pieces, and 6Cxx to any Le that is not exact."""
        nonlocal pending
        log.append(apdu)
        if apdu[:2] == b"\x00\xC0":
            chunk, pending = pending[:apdu[4]], pending[apdu[4]:]
            return (chunk, 0x61, min(len(pending), 16)) if pending else (chunk, 0x90, 0x00)
        data, sw1, sw2 = inner(apdu[:-1] + b"\x00") if apdu[:2] == b"\x00\xB2" else inner(apdu)
        if apdu[:2] == b"\x00\xB2" and data and apdu[-1] != len(data):
            return b"", 0x6C, len(data)
        if data and apdu[:2] != b"\x00\xB2":
            pending = data
            return b"", 0x61, min(len(pending), 16)
        return data, sw1, sw2

    data = read_card(t0, today=TODAY, unpredictable=bytes.fromhex("12345678"))
    assert data.pan == "4761340000000050" and data.label == "VISA"
    assert bytes.fromhex("00C0000010") in log
    assert bytes([0x00, 0xB2, 0x01, 0x0C, len(RECORD)]) in log  # resent with the exact Le


def test_6985_on_gpo_tries_the_next_application():
    pse = tlv("6F", tlv("84", b"1PAY.SYS.DDF01") + tlv("A5", tlv("88", b"\x01")))
    other = bytes.fromhex("A0000000041010")
    directory = tlv("70", tlv("61", tlv("4F", AID) + tlv("87", b"\x01"))
                    + tlv("61", tlv("4F", other) + tlv("87", b"\x02")))
    fci_other = tlv("6F", tlv("84", other) + tlv("A5", tlv("50", b"MC")))
    answers = good_card({
        SELECT_PSE: pse + b"\x90\x00", bytes.fromhex("00B2010C00"): directory + b"\x90\x00",
        bytes.fromhex("00B2020C00"): b"\x6A\x83", GPO: b"\x69\x85",
        bytes.fromhex("00A4040007A000000004101000"): fci_other + b"\x90\x00",
        bytes.fromhex("80A8000002830000"): bytes.fromhex("8006180010010100") + b"\x90\x00",
        bytes.fromhex("00B2011400"): RECORD + b"\x90\x00"})
    transmit = scripted(answers)
    data = read_card(transmit, today=TODAY, unpredictable=bytes.fromhex("12345678"))
    assert (data.aid, data.label) == ("A0000000041010", "MC")
    assert transmit.sent.index(GPO) < transmit.sent.index(bytes.fromhex("00A4040007A000000004101000"))


def test_all_6985_is_reported():
    with pytest.raises(NoSupportedApplication, match="6985"):
        read(good_card({GPO: b"\x69\x85"}))


def test_no_application():
    with pytest.raises(NoSupportedApplication, match="no supported payment application") as info:
        read({SELECT_PSE: b"\x6A\x82"})
    assert info.value.code == "card_no_application"


def test_card_blocked_on_pse():
    with pytest.raises(CardBlocked, match="6A81"):
        read(good_card({SELECT_PSE: b"\x6A\x81"}))


def test_application_blocked():
    with pytest.raises(CardBlocked, match="6283"):
        read(good_card({SELECT_AID: b"\x62\x83"}))


def test_wrong_length():
    with pytest.raises(WrongLength, match="6700"):
        read(good_card({GPO: b"\x67\x00"}))


def test_malformed_record():
    with pytest.raises(MalformedTlv, match="offset"):
        read(good_card({bytes.fromhex("00B2010C00"): bytes.fromhex("70085A0847") + b"\x90\x00"}))


def test_no_pan():
    record = tlv("70", tlv("5F20", b"NO PAN"))
    with pytest.raises(NoPanOnCard):
        read(good_card({bytes.fromhex("00B2010C00"): record + b"\x90\x00"}))


def test_record_read_failure():
    with pytest.raises(UnexpectedStatus, match="record 1 of file 1"):
        read(good_card({bytes.fromhex("00B2010C00"): b"\x6A\x83"}))


def test_card_removed_propagates():
    with pytest.raises(CardRemoved, match="removed") as info:
        read(good_card(), removed_after=4)
    assert isinstance(info.value, CardReadError) and info.value.code == "card_removed"


def test_endless_61_is_bounded():
    with pytest.raises(UnexpectedStatus, match="kept answering"):
        read_card(lambda apdu: (b"", 0x61, 0x10), today=TODAY)
