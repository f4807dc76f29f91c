"""The virtual card on its own: the vpcd framing against a fake vpcd (no pcscd needed), the
T=0 answers, the faults, and the command-line process for demos."""
from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from devices.card.virtual_card import ATR_T0, ATR_T1, VirtualCard

SELECT_PSE = bytes.fromhex("00A404000E315041592E5359532E444446303100")
ROOT = Path(__file__).resolve().parents[3]


class FakeVpcd:
    """The vpcd side of the socket: listens, sends frames, reads replies."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(10)
        self.port = self.server.getsockname()[1]
        self.conn: socket.socket | None = None

    def accept(self) -> None:
        self.conn, _ = self.server.accept()
        self.conn.settimeout(5)

    def send(self, payload: bytes) -> None:
        self.conn.sendall(len(payload).to_bytes(2, "big") + payload)

    def recv(self) -> bytes | None:
        header = self._exact(2)
        return None if header is None else self._exact(int.from_bytes(header, "big"))

    def _exact(self, n: int) -> bytes | None:
        buf = b""
        while len(buf) < n:
            chunk = self.conn.recv(n - len(buf))
            if not chunk:
                return None
            buf += chunk
        return buf

    def close(self) -> None:
        if self.conn:
            self.conn.close()
        self.server.close()


@pytest.fixture
def vpcd():
    fake = FakeVpcd()
    yield fake
    fake.close()


def test_vpcd_framing_control_and_apdu(vpcd):
    card = VirtualCard().insert(port=vpcd.port)
    try:
        vpcd.accept()
        vpcd.send(b"\x04")
        assert vpcd.recv() == ATR_T1
        for control in (b"\x01", b"\x02", b"\x00"):  # power on, reset, off: never answered
            vpcd.send(control)
        vpcd.send(b"\x04")
        assert vpcd.recv() == ATR_T1  # the next frame is the ATR: nothing was sent in between
        vpcd.send(SELECT_PSE)
        reply = vpcd.recv()
        assert reply[-2:] == b"\x90\x00" and b"1PAY.SYS.DDF01" in reply
    finally:
        card.remove()
    assert vpcd.recv() is None  # remove() closes the socket: vpcd sees the card go


def test_card_waits_for_vpcd_to_listen():
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nobody listens: the card gets ECONNREFUSED and retries
    card = VirtualCard(t0=True).insert(port=port)
    try:
        assert not card.connected.wait(0.3)
        server = socket.create_server(("127.0.0.1", port))
        server.settimeout(5)
        conn, _ = server.accept()
        conn.sendall(b"\x00\x01\x04")
        assert conn.recv(64) == len(ATR_T0).to_bytes(2, "big") + ATR_T0
        conn.close()
        server.close()
    finally:
        card.remove()


def test_pulled_card_closes_the_socket_mid_read(vpcd):
    card = VirtualCard(pull_after=1).insert(port=vpcd.port)
    try:
        vpcd.accept()
        vpcd.send(SELECT_PSE)
        assert vpcd.recv()[-2:] == b"\x90\x00"
        vpcd.send(SELECT_PSE)
        assert vpcd.recv() is None
        assert card.removed
    finally:
        card.remove()


def test_t0_answers_61xx_then_get_response_and_6cxx_for_wrong_le():
    card = VirtualCard(t0=True)
    data, sw1, sw2 = card.transmit(SELECT_PSE)
    assert (data, sw1) == (b"", 0x61)
    data, sw1, sw2 = card.transmit(bytes([0x00, 0xC0, 0x00, 0x00, sw2]))
    assert (sw1, sw2) == (0x90, 0x00) and data.startswith(b"\x6F")
    data, sw1, sw2 = card.transmit(bytes.fromhex("00B2010C00"))
    assert (data, sw1) == (b"", 0x6C)
    data, sw1, sw2 = card.transmit(bytes.fromhex("00B2010C") + bytes([sw2]))
    assert (sw1, sw2) == (0x90, 0x00) and data[0] == 0x70


@pytest.mark.parametrize("fault, command, status", [
    ("no_application", SELECT_PSE, (0x6A, 0x82)),
    ("wrong_length", None, (0x67, 0x00)),
])
def test_status_faults(fault, command, status):
    card = VirtualCard(fault=fault)
    if command is None:  # GPO after selecting the application
        card.transmit(bytes.fromhex("00A4040008A00000033301010100"))
        command = bytes.fromhex("80A8000002830000")
    assert card.transmit(command)[1:] == status


def test_unknown_fault_is_refused():
    with pytest.raises(ValueError, match="unknown fault"):
        VirtualCard(fault="on_fire")


def test_command_line_card_serves_vpcd(vpcd):
    process = subprocess.Popen([sys.executable, "-m", "devices.card.virtual_card", "--port", str(vpcd.port),
                                "--pan", "6222020200112233445", "--t0"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        vpcd.accept()
        vpcd.send(b"\x04")
        assert vpcd.recv() == ATR_T0
    finally:
        process.terminate()
        process.wait(5)
