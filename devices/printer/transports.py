"""How ESC/P bytes reach a printer: a serial port, a raw TCP socket (port 9100) or a file.

Every transport has `send(data)`; it returns once the bytes are out, or raises
`PrinterOffline` when the link is gone (port vanished, connection refused, EIO, write
timeout). `PrinterOffline.sent` says how many bytes left before the failure: with 0 the
job can go again unchanged; with more, part of it may be on the paper and only the
teller, looking at the paper, can say whether to print it again (teller.services.print_queue
keeps such a job "interrupted"). The print queue reads `retryable` and `partial` only,
so it needs nothing from this package.

None of these links can tell "out of paper" from "offline" without a vendor status
protocol (PR2's ESC SP B is unverified, protocols.md section 6): a stalled printer shows
up as a write timeout, i.e. offline. `PrinterOutOfPaper` is for printers that can tell.
"""
from __future__ import annotations

import errno
import os
import socket
import threading
from pathlib import Path

from teller.domain.errors import TellerError

try:  # optional so that is_usable() can say why instead of the import failing
    import serial
except ImportError:  # pragma: no cover - pyserial is a declared dependency
    serial = None

CHUNK = 256  # bytes per serial write: a failure loses track of at most one chunk
DEFAULT_TCP_PORT = 9100


class PrinterError(TellerError):
    code = "printer_error"
    retryable = False  # True: the same job may be sent again as it is
    partial = False  # True: some of it may already be on the paper


class PrinterOffline(PrinterError):
    code = "printer_offline"
    retryable = True

    def __init__(self, message: str, sent: int = 0):
        super().__init__(message)
        self.sent = sent
        self.partial = sent > 0


class PrinterOutOfPaper(PrinterError):
    code = "printer_out_of_paper"
    retryable = True


class SerialTransport:
    """A serial printer through pyserial's serial_for_url: a device path, a pty or loop://.

    The port opens on first use and is dropped after any failure, so the next job reopens
    it: a USB-serial adapter re-plugged (or socat restarted) comes back on its own.
    """

    def __init__(self, port: str, baudrate: int = 9600, write_timeout: float = 10.0, serial_factory=None):
        if serial is None:
            raise PrinterOffline("pyserial is not installed")
        self.port, self.baudrate, self.write_timeout = port, baudrate, write_timeout
        self._factory = serial_factory or serial.serial_for_url  # tests hand in a loop:// port they read
        self._serial = None
        self._lock = threading.Lock()

    def describe(self) -> str:
        return f"serial {self.port} @ {self.baudrate}"

    def _open(self):
        if self._serial is None:
            try:
                self._serial = self._factory(self.port, baudrate=self.baudrate, write_timeout=self.write_timeout)
            except (serial.SerialException, OSError, ValueError) as exc:
                raise PrinterOffline(f"printer port {self.port} cannot be opened: {exc}") from exc
        return self._serial

    def send(self, data: bytes) -> None:
        with self._lock:
            port, sent = self._open(), 0
            try:
                for start in range(0, len(data), CHUNK):
                    sent += port.write(data[start:start + CHUNK]) or 0
                port.flush()  # tcdrain: the bytes have left the host, not just our buffer
            except (serial.SerialException, OSError) as exc:  # SerialTimeoutException is one too
                self.close()
                raise PrinterOffline(f"printer on {self.port} stopped taking data: {exc}", sent) from exc

    def close(self) -> None:
        if self._serial is not None:
            try:
                self._serial.close()
            except (serial.SerialException, OSError):
                pass  # the port is already gone: nothing left to release
            self._serial = None


class TcpTransport:
    """A network printer's raw port: one connection per job.

    After the data the write side is shut and the printer's close awaited: a printer
    that read the whole job closes cleanly; a reset or a dead host means the job did not
    arrive whole. A fresh connection per job also means a printer that was restarted
    needs no reconnect logic.
    """

    def __init__(self, host: str, port: int = DEFAULT_TCP_PORT, timeout: float = 10.0):
        self.host, self.port, self.timeout = host, int(port), timeout

    def describe(self) -> str:
        return f"tcp {self.host}:{self.port}"

    def send(self, data: bytes) -> None:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as exc:
            raise PrinterOffline(f"printer at {self.host}:{self.port} is not reachable: {exc}") from exc
        with sock:
            sent, view = 0, memoryview(data)
            try:
                while sent < len(data):  # not sendall: count what the kernel took
                    sent += sock.send(view[sent:])
                sock.shutdown(socket.SHUT_WR)
            except OSError as exc:  # a timeout too: the printer stopped reading
                raise PrinterOffline(f"printer at {self.host}:{self.port} stopped taking data: {exc}",
                                     sent) from exc
            try:
                while sock.recv(4096):
                    pass  # status bytes some printers send back: not interpreted
            except TimeoutError:
                # Everything was sent and nothing broke; a printer busy printing may hold the
                # connection open. Its TCP stack took the bytes, so the job counts as sent.
                return
            except OSError as exc:
                raise PrinterOffline(f"printer at {self.host}:{self.port} dropped the connection: {exc}",
                                     sent) from exc

    def close(self) -> None:
        pass


class FileTransport:
    """Appends each job to a file: a capture file, or a device node such as /dev/usb/lp0."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def describe(self) -> str:
        return f"file {self.path}"

    def send(self, data: bytes) -> None:
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            raise PrinterOffline(f"printer file {self.path} cannot be opened: {exc.strerror}") from exc
        sent = 0
        try:
            view = memoryview(data)
            while sent < len(data):
                sent += os.write(fd, view[sent:])
            if self.path.is_file():
                os.fsync(fd)  # a capture file keeps its jobs through a power cut; devices need no sync
        except OSError as exc:
            why = "disk full" if exc.errno == errno.ENOSPC else exc.strerror
            raise PrinterOffline(f"printer file {self.path} stopped taking data: {why}", sent) from exc
        finally:
            os.close(fd)

    def close(self) -> None:
        pass


def transport_from_options(options: dict):
    """transport = serial (port, baudrate) | tcp (host, port) | file (path)."""
    kind = options.get("transport")
    if kind == "serial":
        if not options.get("port"):
            raise ValueError("serial printer needs port (e.g. /dev/ttyUSB0 or loop://)")
        return SerialTransport(str(options["port"]), int(options.get("baudrate", 9600)),
                               float(options.get("write_timeout", 10.0)))
    if kind == "tcp":
        if not options.get("host"):
            raise ValueError("network printer needs host")
        return TcpTransport(str(options["host"]), int(options.get("port", DEFAULT_TCP_PORT)),
                            float(options.get("timeout", 10.0)))
    if kind == "file":
        if not options.get("path"):
            raise ValueError("file printer needs path")
        return FileTransport(options["path"])
    raise ValueError(f"printer transport must be serial, tcp or file, not {kind!r}")
