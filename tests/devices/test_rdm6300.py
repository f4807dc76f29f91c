"""RDM6300 frames, stream decoding, debouncing and the reader thread over pyserial's
loop:// and over a real socat pty pair (including the port vanishing and coming back)."""
from __future__ import annotations

import threading
import time
from functools import reduce

import pytest
import serial
from hypothesis import given, strategies as st

from devices.badge.rdm6300 import BadFrame, Debouncer, FrameDecoder, Rdm6300Reader, parse_frame
from teller.domain.errors import TellerError
from teller.ports import BadgeReader
from tests.socat import socat_pair  # noqa: F401 (fixture)

EXAMPLE = bytes.fromhex("02 36 32 45 33 30 38 36 43 45 44 30 38 03")


def frame(uid: str, checksum: int | None = None) -> bytes:
    data = bytes.fromhex(uid)
    xor = reduce(lambda a, b: a ^ b, data) if checksum is None else checksum
    return b"\x02" + uid.upper().encode() + f"{xor:02X}".encode() + b"\x03"


# ---- parse_frame --------------------------------------------------------------------

def test_protocol_examples():
    assert parse_frame(EXAMPLE) == "62E3086CED"
    assert frame("13005D1DA5") == b"\x0213005D1DA5F6\x03"
    assert parse_frame(b"\x0213005D1DA5F6\x03") == "13005D1DA5"
    assert parse_frame(b"\x0213005d1da5f6\x03") == "13005D1DA5"  # lower case accepted, upper out


@pytest.mark.parametrize("raw, message", [
    (EXAMPLE[:-1], "13 bytes, expected 14"),
    (EXAMPLE + b"\x03", "15 bytes, expected 14"),
    (b"\x01" + EXAMPLE[1:], "starts with 01"),
    (EXAMPLE[:-1] + b"\x04", "ends with 04"),
    (b"\x0262E3086CEG08\x03", "non-hex"),
    (b"\x0262E3086C D08\x03", "non-hex"),  # bytes.fromhex would skip the space
    (b"\x0262E3086CED09\x03", r"checksum 09 does not match the data \(08\)"),
])
def test_bad_frames(raw, message):
    with pytest.raises(BadFrame, match=message) as info:
        parse_frame(raw)
    assert isinstance(info.value, TellerError)


# ---- FrameDecoder -------------------------------------------------------------------

def test_decoder_resyncs_and_drops_bad_frames():
    decoder = FrameDecoder()
    stream = (b"noise\x03\xff" + EXAMPLE + b"\x02\x36\x32\x45" + frame("13005D1DA5")
              + frame("0102030405", checksum=0) + b"\x02\x02" + frame("AABBCCDDEE"))
    assert decoder.feed(stream) == ["62E3086CED", "13005D1DA5", "AABBCCDDEE"]
    assert decoder.errors == 4  # partial frame, bad checksum, two lone 02s


def test_decoder_handles_frames_split_across_feeds():
    decoder = FrameDecoder()
    out = [uid for byte in (EXAMPLE * 2) for uid in decoder.feed(bytes([byte]))]
    assert out == ["62E3086CED", "62E3086CED"] and decoder.errors == 0
    assert decoder.feed(EXAMPLE[:5]) == []
    assert decoder.feed(EXAMPLE[5:]) == ["62E3086CED"]


uids = st.binary(min_size=5, max_size=5).map(lambda b: b.hex().upper())
hex_chars = st.sampled_from(b"0123456789ABCDEF")
# Garbage that can never form a valid frame: no 03 except as the last byte of a piece
# that starts with 02, so any 14-byte window ending at that 03 either is the piece
# itself (invalid by construction) or holds a 02 in its body.
garbage_piece = st.one_of(
    st.binary(max_size=20).map(lambda b: b.replace(b"\x03", b"")),
    st.lists(hex_chars, max_size=12).map(lambda h: b"\x02" + bytes(h)),  # partial frame
    st.tuples(uids, st.integers(0, 255)).filter(
        lambda t: t[1] != reduce(lambda a, b: a ^ b, bytes.fromhex(t[0]))).map(lambda t: frame(*t)),
    st.lists(hex_chars, max_size=20).filter(lambda h: len(h) != 12).map(lambda h: b"\x02" + bytes(h) + b"\x03"),
)


@given(st.lists(st.tuples(st.lists(garbage_piece, max_size=3), uids), max_size=8),
       st.lists(garbage_piece, max_size=3), st.lists(st.integers(1, 20), min_size=1))
def test_decoder_finds_exactly_the_valid_frames(pairs, tail, cuts):
    stream = b"".join(b"".join(junk) + frame(uid) for junk, uid in pairs) + b"".join(tail)
    decoder = FrameDecoder()
    out, pos, i = [], 0, 0
    while pos < len(stream):  # feed in arbitrary pieces
        out += decoder.feed(stream[pos:pos + cuts[i % len(cuts)]])
        pos += cuts[i % len(cuts)]
        i += 1
    assert out == [uid for _, uid in pairs]


# ---- Debouncer ----------------------------------------------------------------------

def test_debouncer_with_a_fake_clock():
    now = [0.0]
    debouncer = Debouncer(0.5, clock=lambda: now[0])

    def at(t: float, uid: str = "AA00000001") -> bool:
        now[0] = t
        return debouncer.accept(uid)

    assert at(0.0)
    assert not at(0.3)   # badge still held
    assert not at(0.7)   # window restarted at 0.3
    assert at(1.3)       # away for 0.6 s: a new presentation
    assert at(1.31, "BB00000002")
    assert at(1.32)      # another badge came in between


# ---- the reader thread --------------------------------------------------------------

class Events:
    def __init__(self):
        self.uids: list[str] = []
        self.states: list[tuple[str, str]] = []
        self._cond = threading.Condition()

    def badge(self, uid: str) -> None:
        with self._cond:
            self.uids.append(uid)
            self._cond.notify_all()

    def state(self, state: str, detail: str) -> None:
        with self._cond:
            self.states.append((state, detail))
            self._cond.notify_all()

    def wait(self, predicate, timeout: float = 5.0) -> None:
        with self._cond:
            assert self._cond.wait_for(predicate, timeout), f"timed out: uids={self.uids} states={self.states}"

    def last_state(self) -> str | None:
        return self.states[-1][0] if self.states else None


def test_reader_over_loop_port_and_reconnect():
    loop = serial.serial_for_url("loop://", timeout=0.05)
    calls = []

    class Vanishing:
        """A port whose device disappears on the first read."""
        in_waiting = 0

        def read(self, n):
            raise serial.SerialException("device reports readiness to read but returned no data")

        def close(self):
            pass

    def factory(url, **kwargs):
        calls.append(url)
        if len(calls) == 1:
            raise serial.SerialException("could not open port")
        return Vanishing() if len(calls) == 2 else loop

    events = Events()
    reader = Rdm6300Reader("loop://", reconnect_delay=0.01, serial_factory=factory, on_state=events.state)
    assert isinstance(reader, BadgeReader)
    reader.start(events.badge)
    try:
        events.wait(lambda: len(events.states) >= 4)
        assert [s for s, _ in events.states] == ["disconnected", "connected", "disconnected", "connected"]
        loop.write(frame("0102030405") * 3 + b"junk" + frame("A1B2C3D4E5", checksum=1) + EXAMPLE)
        events.wait(lambda: len(events.uids) >= 2)
        time.sleep(0.1)
        assert events.uids == ["0102030405", "62E3086CED"]  # repeats debounced, bad frame dropped
        assert reader.decoder.errors == 1
    finally:
        reader.stop()
    assert reader.state == "stopped"


def test_callback_errors_do_not_stop_the_reader():
    loop = serial.serial_for_url("loop://", timeout=0.05)
    seen = []

    def on_badge(uid):
        seen.append(uid)
        raise RuntimeError("UI bug")

    reader = Rdm6300Reader("loop://", serial_factory=lambda *a, **k: loop, debounce_s=0)
    reader.start(on_badge)
    try:
        loop.write(EXAMPLE + frame("0102030405"))
        deadline = time.monotonic() + 5
        while len(seen) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert seen == ["62E3086CED", "0102030405"]
    finally:
        reader.stop()


def test_is_usable():
    assert Rdm6300Reader.is_usable()[0]
    assert Rdm6300Reader.is_usable("loop://")[0]
    ok, reason = Rdm6300Reader.is_usable("/dev/does-not-exist")
    assert not ok and "does not exist" in reason


# ---- over a real socat pty pair ------------------------------------------------------

def test_reader_over_socat_survives_the_port_vanishing(socat_pair):
    events = Events()
    reader = Rdm6300Reader(str(socat_pair.a), reconnect_delay=0.05, on_state=events.state)
    reader.start(events.badge)
    try:
        # open() flushes input, so nothing may be written before "connected".
        events.wait(lambda: events.last_state() == "connected")
        socat_pair.write(b"\x00noise\x03", EXAMPLE[:6], EXAMPLE[6:], b"\x02\x36\x32",
                         frame("13005D1DA5"), frame("0102030405", checksum=0xEE), EXAMPLE, EXAMPLE)
        events.wait(lambda: len(events.uids) >= 3)
        time.sleep(0.1)  # nothing more may arrive
        assert events.uids == ["62E3086CED", "13005D1DA5", "62E3086CED"]

        socat_pair.stop()
        events.wait(lambda: events.last_state() == "disconnected")
        socat_pair.start()
        events.wait(lambda: events.last_state() == "connected")
        socat_pair.write(frame("CAFEBABE01"))
        events.wait(lambda: len(events.uids) >= 4)
        assert events.uids[3] == "CAFEBABE01"
        assert [s for s, _ in events.states] == ["connected", "disconnected", "connected"]
    finally:
        reader.stop()
