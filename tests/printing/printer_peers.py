"""Real peers for printer transports: a socat pty pair with a reader on the far end, and a
raw TCP "printer" on 127.0.0.1 that can be switched off and on again on the same port."""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
import serial

from tests.socat import SocatPair


def wait_for(predicate, timeout: float = 5.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.005)


class PtyPrinter:
    """A socat pair between `printer_port` (what the transport opens) and a far end read by a thread."""

    def __init__(self, directory: Path):
        self.pair = SocatPair(directory, "ttyPrinter", "ttyFar")
        self.printer_port, self.far_end = self.pair.a, self.pair.b
        self._received = bytearray()
        self._lock = threading.Lock()
        self._reader: threading.Thread | None = None
        self._far: serial.Serial | None = None

    def start(self) -> None:
        self.pair.start()
        # pyserial's open() flushes input: the far end must be open before anything is written
        self._far = serial.Serial(str(self.far_end), timeout=0.05)
        self._reader = threading.Thread(target=self._read, args=(self._far,), daemon=True)
        self._reader.start()

    def _read(self, far: serial.Serial) -> None:
        while True:
            try:
                chunk = far.read(4096)
            except (serial.SerialException, OSError, TypeError):
                return  # socat is gone (or the port was closed under us)
            if chunk:
                with self._lock:
                    self._received += chunk

    def kill(self) -> None:
        """The link vanishes: socat dies, both ptys go with it."""
        self.pair.kill()
        if self._reader:
            self._reader.join(5)
        if self._far:
            try:
                self._far.close()
            except (serial.SerialException, OSError):
                pass

    def received(self) -> bytes:
        with self._lock:
            return bytes(self._received)

    def settled(self, quiet: float = 0.1) -> bytes:
        """What arrived once nothing more has come for `quiet` seconds (socat forwards at once)."""
        before = None
        while before != (now := self.received()):
            before = now
            time.sleep(quiet)
        return now

    def wait_received(self, size: int) -> bytes:
        wait_for(lambda: len(self.received()) >= size, what=f"{size} bytes on the far end")
        return self.received()


class TcpPrinter:
    """A raw-port printer: each connection is one job, read to EOF and kept in order."""

    def __init__(self):
        self.port = 0
        self.jobs: list[bytes] = []
        self.hold_open = False  # read the job but keep the connection open (a busy printer)
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.connections = 0

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))  # port 0 the first time, the same port after
        listener.listen(8)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._thread = threading.Thread(target=self._serve, args=(listener,), daemon=True)
        self._thread.start()

    def _serve(self, listener: socket.socket) -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return  # stopped
            with self._lock:
                self.connections += 1
            with conn:
                data = bytearray()
                while chunk := conn.recv(65536):
                    data += chunk
                with self._lock:
                    self.jobs.append(bytes(data))
                while self.hold_open and listener.fileno() != -1:
                    time.sleep(0.01)

    def stop(self) -> None:
        """Switched off: new connections are refused."""
        if self._listener:
            try:  # close() alone does not wake a thread blocked in accept(); shutdown does (Linux)
                self._listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._listener.close()
        if self._thread:
            self._thread.join(5)

    def received(self) -> bytes:
        with self._lock:
            return b"".join(self.jobs)


@pytest.fixture
def pty_printer(tmp_path):
    printer = PtyPrinter(tmp_path)  # needs socat: fails under CI=true, skips elsewhere
    printer.start()
    yield printer
    printer.kill()


@pytest.fixture
def tcp_printer():
    printer = TcpPrinter()
    printer.start()
    yield printer
    printer.stop()
