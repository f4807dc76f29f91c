"""The recorded cards of tests/data/emv served by the virtual card through vpcd +
pcscd + pyscard and read by PcscCardReader: the teller sees what test_emv_traces.py expects
from the same traces read in-process, so the PC/SC path adds nothing and loses nothing."""
from __future__ import annotations

import pytest

from devices.card.pcsc import PcscCardReader
from devices.card.virtual_card import VirtualCard
from tests.samples import EMV_TRACES

SAMPLES = EMV_TRACES

EXPECTED = {  # pan, expiry, holder name, aid, label: as in tests/devices/test_emv_traces.py
    "visa_contact_test_card.json":
        ("4761340000000050", "1712", "CARD 5/VISA TEST", "A0000000031010", "VISA TEST"),
    "mastercard_contact_test_card.json":
        ("5413330089600044", "1412", None, "A0000000041010", "PPC MCD 04  v20"),
    "unionpay_pboc_contact_test_card.json":
        ("6210948000000011", "3010", "银联62标准卡@测试专用Cards", "A000000333010102", "UICC CREDIT"),
}


@pytest.mark.parametrize("name, t0", [(name, False) for name in EXPECTED]
                         + [("unionpay_pboc_contact_test_card.json", True)])
def test_recorded_card_through_pcscd(pcscd, events, name, t0):
    assert (SAMPLES / name).is_file(), f"recorded card trace missing: {SAMPLES / name}"
    card = VirtualCard.from_trace(SAMPLES / name, t0=t0)
    reader = PcscCardReader(reader=pcscd.slot0)
    reader.start(events)
    try:
        card.insert(port=pcscd.port)
        read = events.wait_for("read")
    finally:
        card.remove()
        reader.stop()
        pcscd.wait_slot(pcscd.slot0, present=False)
    got = read.card
    assert (got.pan, got.expiry, got.holder_name, got.aid, got.label) == EXPECTED[name]
    assert got.masked_pan == got.pan[:6] + "*" * (len(got.pan) - 10) + got.pan[-4:]
    assert card.applet.unmatched == []  # every command the reader sent was in the recording
    if t0:  # the T=0 repairs ran on the wire: GET RESPONSE after 61xx, resend after 6Cxx
        assert any(c[:2] == b"\x00\xC0" for c, _ in card.log)
        assert any(r[:1] == b"\x6C" for _, r in card.log)
