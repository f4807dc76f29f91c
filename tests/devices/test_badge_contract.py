"""One contract for every badge reader (teller.ports.BadgeReader), run against the simulated
reader, the RDM6300 reader over pyserial's loop:// and the RDM6300 reader over a real socat
pty pair with the frames written by another process."""
from __future__ import annotations

import time

import pytest
import serial

from devices import registry
from devices.badge.rdm6300 import Rdm6300Reader
from devices.badge.simulated import SimulatedBadgeReader
from teller.domain.errors import TellerError
from teller.ports import BadgeReader, DevicePlugin
from tests.devices.test_rdm6300 import Events, frame
from tests.socat import SocatPair


class SimulatedHarness:
    def __init__(self):
        self.reader = SimulatedBadgeReader.from_options({})

    def present(self, *uids: str) -> None:
        for uid in uids:
            self.reader.present(uid)

    def close(self) -> None:
        pass


class LoopHarness:
    """The reader opens a fresh loop:// port each time; what is written to it comes back."""

    def __init__(self):
        self.port = None

        def factory(url, **kwargs):
            self.port = serial.serial_for_url(url, **kwargs)
            return self.port

        self.reader = Rdm6300Reader("loop://", reconnect_delay=0.05, serial_factory=factory)

    def present(self, *uids: str) -> None:
        self.port.write(b"".join(frame(uid) for uid in uids))

    def close(self) -> None:
        pass


class SocatHarness:
    def __init__(self, tmp_path):
        self.pair = SocatPair(tmp_path)  # needs socat: fails under CI=true, skips elsewhere
        self.pair.start()
        self.reader = registry.create("badge", "rdm6300", {"port": str(self.pair.a), "baudrate": 9600})

    def present(self, *uids: str) -> None:
        self.pair.write(*(frame(uid) for uid in uids))

    def close(self) -> None:
        self.pair.stop()


@pytest.fixture(params=["simulated", "rdm6300-loop", "rdm6300-socat"])
def harness(request, tmp_path):
    made = {"simulated": SimulatedHarness, "rdm6300-loop": LoopHarness,
            "rdm6300-socat": lambda: SocatHarness(tmp_path)}[request.param]()
    yield made
    made.reader.stop()
    made.close()


def started(harness) -> Events:
    events = Events()
    harness.reader.start(events.badge, events.state)
    # A serial port flushes its input when opened: present nothing before "connected".
    events.wait(lambda: events.last_state() == "connected")
    return events


class TestBadgeReaderContract:
    def test_is_a_badge_plugin(self, harness):
        cls = type(harness.reader)
        assert isinstance(harness.reader, BadgeReader) and isinstance(cls, type)
        assert cls.kind == "badge" and cls.name in {"simulated", "rdm6300"}
        assert isinstance(harness.reader, DevicePlugin)
        usable, reason = cls.is_usable({})
        assert usable is True and isinstance(reason, str)

    def test_badges_arrive_in_order_upper_case(self, harness):
        events = started(harness)
        harness.present("0A1B2C3D01", "cafebabe02", "62E3086CED")
        events.wait(lambda: len(events.uids) >= 3)
        assert events.uids == ["0A1B2C3D01", "CAFEBABE02", "62E3086CED"]
        assert events.states[0][0] == "connected"

    def test_a_failing_callback_does_not_stop_the_reader(self, harness):
        events = Events()

        def on_badge(uid):
            events.badge(uid)
            raise RuntimeError("UI bug")

        harness.reader.start(on_badge, events.state)
        events.wait(lambda: events.last_state() == "connected")
        harness.present("0A1B2C3D01", "0A1B2C3E01")
        events.wait(lambda: len(events.uids) >= 2)
        assert events.uids == ["0A1B2C3D01", "0A1B2C3E01"]

    def test_nothing_after_stop_and_it_can_start_again(self, harness):
        events = started(harness)
        harness.reader.stop()
        harness.reader.stop()  # twice is harmless
        try:
            harness.present("0A1B2C3D01")
        except (TellerError, serial.SerialException, AttributeError):
            pass  # a stopped reader may refuse outright
        time.sleep(0.2)
        assert events.uids == []
        again = started(harness)
        harness.present("0A1B2C3E01")
        again.wait(lambda: len(again.uids) >= 1)
        assert again.uids == ["0A1B2C3E01"] and events.uids == []

    def test_start_twice_is_refused(self, harness):
        started(harness)
        with pytest.raises(RuntimeError, match="already started"):
            harness.reader.start(lambda uid: None)


def test_simulated_refuses_what_is_not_a_badge():
    reader = SimulatedBadgeReader()
    with pytest.raises(TellerError, match="not started"):
        reader.present("0A1B2C3D01")
    reader.start(lambda uid: None)
    try:
        for bad in ("0A1B2C3D0", "0A1B2C3D0G", ""):
            with pytest.raises(TellerError, match="10 hex characters"):
                reader.present(bad)
    finally:
        reader.stop()
