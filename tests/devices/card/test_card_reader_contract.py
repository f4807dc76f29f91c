"""What every CardReader must do (teller.ports.CardReader), run against each backend: the
simulated reader driven by insert()/remove(), and PcscCardReader through pyscard, a private
pcscd and the vpcd driver, with the virtual card on the other end of the socket."""
from __future__ import annotations

import logging
import time

import pytest

from teller.ports import CardReader, DevicePlugin

from devices.card.pcsc import PcscCardReader
from devices.card.simulated import SimulatedCardReader
from devices.card.virtual_applets import fault_options
from devices.card.virtual_card import VirtualCard

PAN = "6217000010001234567"
MASKED = "621700*********4567"
CARD = {"pan": PAN, "expiry": "3012", "holder_name": "ZHANG/SAN", "aid": "A000000333010101",
        "label": "UnionPay Debit"}
READ_TIMEOUT = 15.0  # roomy for a loaded CI machine; the stuck-card test shortens it


class SimulatedRig:
    def __init__(self, events):
        self.reader = SimulatedCardReader(read_timeout=READ_TIMEOUT)
        self.reader.start(events)
        self.reader_name = SimulatedCardReader.READER

    def insert(self, card: dict, fault: str | None = None, t0: bool = False) -> None:
        self.reader.insert(card, fault)  # T=0 is a contact property; the simulation has none

    def remove(self) -> None:
        self.reader.remove()

    def close(self) -> None:
        self.reader.stop()


class PcscRig:
    def __init__(self, events, pcscd):
        self.pcscd = pcscd
        self.reader = PcscCardReader(reader=pcscd.slot0, read_timeout=READ_TIMEOUT)
        self.reader.start(events)
        self.reader_name = pcscd.slot0
        self.card: VirtualCard | None = None

    def insert(self, card: dict, fault: str | None = None, t0: bool = False) -> None:
        self.card = VirtualCard(card["pan"], card["expiry"], card["holder_name"],
                                ((card["aid"], card["label"]),), t0=t0, **fault_options(fault))
        self.card.insert(port=self.pcscd.port)

    def remove(self) -> None:
        if self.card is not None:
            self.card.remove()

    def close(self) -> None:
        self.remove()
        self.reader.stop()
        self.pcscd.wait_slot(self.reader_name, present=False)


@pytest.fixture(params=["simulated", "pcsc"])
def rig(request, events):
    if request.param == "simulated":
        made = SimulatedRig(events)
    else:
        made = PcscRig(events, request.getfixturevalue("pcscd"))
    events.wait_for("reader_added")
    yield made
    made.close()


@pytest.fixture(autouse=True)
def no_pan_anywhere(events, caplog):
    """After every test: the full PAN is in no event text, no repr and no log line."""
    caplog.set_level(logging.DEBUG)
    yield
    for event in events.events:
        assert PAN not in repr(event) and PAN not in str(event) and PAN not in event.message
    assert all(PAN not in record.getMessage() for record in caplog.records)


def test_both_backends_are_plugins():
    for cls, name in ((SimulatedCardReader, "simulated"), (PcscCardReader, "pcsc")):
        assert isinstance(cls, DevicePlugin) and (cls.kind, cls.name) == ("card", name)
        assert isinstance(cls.from_options({}), CardReader)


class TestCardReaderContract:
    def test_insert_read_remove(self, rig, events):
        rig.insert(CARD)
        inserted = events.wait_for("inserted")
        read = events.wait_for("read")
        assert inserted.reader == read.reader == rig.reader_name
        card = read.card
        assert (card.pan, card.masked_pan, card.expiry, card.holder_name, card.aid, card.label) == \
            (PAN, MASKED, "3012", "ZHANG/SAN", "A000000333010101", "UnionPay Debit")
        rig.remove()
        events.wait_for("removed")
        assert events.kinds() == ["reader_added", "inserted", "read", "removed"], events.described()

    def test_chinese_name_on_a_t0_card(self, rig, events):
        rig.insert({**CARD, "holder_name": "张三"}, t0=True)
        assert events.wait_for("read").card.holder_name == "张三"

    def test_next_card_after_removal(self, rig, events):
        rig.insert(CARD)
        events.wait_for("read")
        rig.remove()
        events.wait_for("removed")
        rig.insert({**CARD, "pan": "6222020200112233445", "holder_name": "LI/SI"})
        second = events.wait_for("read", after=3)
        assert (second.card.masked_pan, second.card.holder_name) == ("622202*********3445", "LI/SI")

    def test_card_pulled_mid_read(self, rig, events):
        rig.insert(CARD, fault="pulled")
        error = events.wait_for("error")
        assert error.message == "The card was removed before it could be read. Insert it again."
        events.wait_for("removed")
        assert events.kinds() == ["reader_added", "inserted", "error", "removed"]

    @pytest.mark.parametrize("fault, says", [
        ("no_application", "No supported payment application on this card"),
        ("malformed_record", "Card data truncated"),
        ("wrong_length", "rejected the length of GET PROCESSING OPTIONS (6700)"),
    ])
    def test_card_fault_is_an_error_event(self, rig, events, fault, says):
        rig.insert(CARD, fault=fault)
        error = events.wait_for("error")
        assert says in error.message and error.reader == rig.reader_name and error.card is None
        assert "read" not in events.kinds()
        rig.remove()
        events.wait_for("removed")

    def test_stuck_card_times_out(self, rig, events):
        rig.reader.read_timeout = 1.5
        rig.insert(CARD, fault="stuck")
        events.wait_for("inserted")
        started = time.monotonic()
        error = events.wait_for("error")
        assert "did not answer within 1.5 seconds. Remove it and insert it again." in error.message
        assert time.monotonic() - started < 1.5 + 2
        rig.remove()
        events.wait_for("removed")

    def test_failing_handler_does_not_stop_the_reader(self, rig, events):
        calls = []

        def bad_handler(event):
            calls.append(event)
            events(event)
            if event.kind == "inserted":
                raise RuntimeError("handler bug")

        rig.reader.stop()
        rig.reader.start(bad_handler)
        rig.insert(CARD)
        assert events.wait_for("read").card.masked_pan == MASKED
