"""PcscCardReader around the PC/SC service: usable or not and why, no reader, a reader filter
that matches nothing, pcscd going away and coming back (hot-plug), a card already inserted."""
from __future__ import annotations

import pytest

from teller.ports import CardRead

import devices.card.pcsc as pcsc_module
from devices.card.pcsc import PcscCardReader
from devices.card.simulated import SimulatedCardReader
from devices.card.virtual_card import VirtualCard


@pytest.fixture
def started():
    readers = []

    def start(events, **options):
        reader = PcscCardReader(**options)
        reader.start(events)
        readers.append(reader)
        return reader

    yield start
    for reader in readers:
        reader.stop()


@pytest.fixture
def cards(pcscd):
    inserted: list[VirtualCard] = []
    yield inserted
    for card in inserted:
        card.remove()
    if pcscd.proc is not None:
        for slot in (pcscd.slot0, pcscd.slot1):
            pcscd.wait_slot(slot, present=False)


def test_usable_when_pcscd_has_our_reader(pcscd):
    assert PcscCardReader.is_usable({}) == (True, "")
    assert PcscCardReader.is_usable({"reader": pcscd.slot1}) == (True, "")


def test_reader_filter_that_matches_nothing(pcscd, events, started):
    assert PcscCardReader.is_usable({"reader": "nonexistent"}) == \
        (True, "No card reader matching 'nonexistent' is connected")
    started(events, reader="nonexistent")
    error = events.wait_for("error")
    assert error.message == "No card reader matching 'nonexistent' is connected."
    assert "reader_added" not in events.kinds()


def test_pcscd_without_readers(pcscd, events, started):
    pcscd.start(with_reader=False)
    assert PcscCardReader.is_usable({}) == (True, "No card reader is connected")
    started(events)
    assert events.wait_for("error").message == "No card reader is connected."


def test_card_already_inserted_when_the_reader_starts(pcscd, events, started, cards):
    cards.append(VirtualCard(holder_name="WANG/WU").insert(port=pcscd.port))
    pcscd.wait_slot(pcscd.slot0, present=True)
    started(events, reader=pcscd.slot0)  # announced like any insertion, then read
    assert events.wait_for("read").card.holder_name == "WANG/WU"
    assert events.kinds()[:2] == ["reader_added", "inserted"]


def test_pcscd_down_then_back_is_hot_plug(pcscd, events, started, cards):
    cards.append(VirtualCard(holder_name="ZHAO/LIU").insert(port=pcscd.port + 1))  # waits in slot 1
    pcscd.stop()
    usable, why = PcscCardReader.is_usable({})
    assert not usable and why.startswith("pcscd is not running")
    started(events, retry_interval=0.2)
    assert "pcscd" in events.wait_for("error").message

    pcscd.start()
    both = {pcscd.slot0, pcscd.slot1}
    events.wait_until(lambda _: events.readers("reader_added") == both, "both readers added")
    read = events.wait_for("read")
    assert (read.reader, read.card.holder_name) == (pcscd.slot1, "ZHAO/LIU")

    seen = len(events.events)
    pcscd.stop()  # the service takes its readers, and the card in one, with it
    events.wait_until(lambda _: events.readers("reader_removed", seen) == both, "both readers removed")
    assert events.wait_for("removed", after=seen).reader == pcscd.slot1

    seen = len(events.events)
    pcscd.start()  # a restart while running: where pyscard's own monitors stop for good
    events.wait_until(lambda _: events.readers("reader_added", seen) == both, "both readers back")
    assert events.wait_for("read", after=seen).card.holder_name == "ZHAO/LIU"


def test_from_options():
    reader = PcscCardReader.from_options({"reader": "ACS", "read_timeout": "3"})
    assert (reader.reader_filter, reader.read_timeout) == ("ACS", 3.0)
    assert PcscCardReader.from_options({}).reader_filter == ""


def test_without_pyscard_the_reason_says_so(monkeypatch):
    monkeypatch.setattr(pcsc_module, "scard", None)
    assert PcscCardReader.is_usable({}) == (False, "pyscard is not installed (pip install pyscard)")


def test_simulated_reader_takes_a_card_read_and_checks_faults(events):
    assert SimulatedCardReader.is_usable({}) == (True, "")
    reader = SimulatedCardReader.from_options({"reader": "Counter 3"})
    reader.start(events)
    try:
        reader.insert(CardRead(pan="6259650000001111", masked_pan="", expiry="2805",
                               holder_name="测试", aid="A000000333010102", label="UnionPay Credit"))
        read = events.wait_for("read")
        assert read.reader == "Counter 3"
        assert (read.card.masked_pan, read.card.expiry, read.card.holder_name, read.card.aid) == \
            ("625965******1111", "2805", "测试", "A000000333010102")
        with pytest.raises(ValueError, match="unknown fault"):
            reader.insert(read.card, fault="on_fire")
    finally:
        reader.stop()
