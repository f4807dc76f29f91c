"""RDM6300 125 kHz reader: 9600 8N1, transmit-only, 14-byte frames repeated while a tag
is in the field (protocols.md §4).

Frame: 02 | 10 ASCII hex (version + 32-bit tag) | 2 ASCII hex XOR of the 5 data bytes | 03.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from typing import Callable

from teller.domain.errors import ConfigurationError, TellerError

try:  # optional so that is_usable() can say why instead of the import failing
    import serial
except ImportError:  # pragma: no cover - pyserial is a declared dependency
    serial = None

log = logging.getLogger(__name__)

FRAME_LEN = 14
STX, ETX = 0x02, 0x03
_HEX = frozenset(b"0123456789ABCDEFabcdef")


class BadFrame(TellerError):
    code = "badge_bad_frame"


def parse_frame(frame: bytes) -> str:
    """The 10-hex-digit UID (upper case) of one complete frame, or BadFrame saying why."""
    frame = bytes(frame)
    if len(frame) != FRAME_LEN:
        raise BadFrame(f"badge frame is {len(frame)} bytes, expected {FRAME_LEN}")
    if frame[0] != STX:
        raise BadFrame(f"badge frame starts with {frame[0]:02X}, expected 02")
    if frame[-1] != ETX:
        raise BadFrame(f"badge frame ends with {frame[-1]:02X}, expected 03")
    body = frame[1:13]
    if not set(body) <= _HEX:  # bytes.fromhex alone would accept spaces
        raise BadFrame(f"badge frame contains non-hex characters: {body!r}")
    data = bytes.fromhex(body[:10].decode())
    checksum = int(body[10:].decode(), 16)
    computed = data[0] ^ data[1] ^ data[2] ^ data[3] ^ data[4]
    if computed != checksum:
        raise BadFrame(f"badge frame checksum {checksum:02X} does not match the data ({computed:02X})")
    return data.hex().upper()


class FrameDecoder:
    """Turns an arbitrary byte stream into UIDs; resynchronises on 02, drops bad frames."""

    def __init__(self):
        self._buf = bytearray()
        self.errors = 0  # frames started but dropped (bad length, end byte or checksum)

    def feed(self, data: bytes) -> list[str]:
        buf = self._buf
        buf += data
        out: list[str] = []
        while True:
            start = buf.find(STX)
            if start < 0:  # no frame start at all: it is all noise
                buf.clear()
                return out
            del buf[:start]
            # A non-hex byte inside the body ends this frame early: a partial frame
            # followed by a fresh 02 is dropped at once instead of swallowing the next one.
            bad = next((i for i in range(1, min(len(buf), 13)) if buf[i] not in _HEX), None)
            if bad is not None:
                self.errors += 1
                del buf[:bad]
                continue
            if len(buf) < FRAME_LEN:
                return out  # wait for the rest of the frame
            try:
                out.append(parse_frame(bytes(buf[:FRAME_LEN])))
                del buf[:FRAME_LEN]
            except BadFrame:
                self.errors += 1
                del buf[:1]  # the body had no 02 in it, so the next search resyncs cleanly


class Debouncer:
    """The reader repeats the frame while the badge is held; only the first one counts.

    The window restarts on every repeat, so a badge held for minutes still counts once,
    and the same badge counts again once it has been away for `window_s`."""

    def __init__(self, window_s: float = 0.5, clock: Callable[[], float] = time.monotonic):
        self.window_s = window_s
        self._clock = clock
        self._last_uid: str | None = None
        self._last_seen = 0.0

    def accept(self, uid: str) -> bool:
        now = self._clock()
        repeat = uid == self._last_uid and now - self._last_seen < self.window_s
        self._last_uid, self._last_seen = uid, now
        return not repeat


StateCallback = Callable[[str, str], None]
_DEFAULT_FACTORY = serial.serial_for_url if serial is not None else None


class Rdm6300Reader:
    """teller.ports.BadgeReader over a serial port (device path or pyserial URL).

    A daemon thread reads, decodes, debounces and calls `on_badge(uid)`. If the port
    vanishes (USB adapter unplugged) it reports "disconnected" and reopens every
    `reconnect_delay` seconds until it succeeds or `stop()` is called.

    As a `teller.devices` plugin ("badge-rdm6300") its options are `port` (device path or
    pyserial URL) and `baudrate` (default 9600)."""

    kind = "badge"
    name = "rdm6300"

    def __init__(self, port: str, baudrate: int = 9600, reconnect_delay: float = 0.5,
                 serial_factory: Callable | None = _DEFAULT_FACTORY, *, on_state: StateCallback | None = None,
                 debounce_s: float = 0.5, read_timeout: float = 0.1):
        self.port = port
        self.baudrate = baudrate
        self.reconnect_delay = reconnect_delay
        self._factory = serial_factory
        self._on_state = on_state
        self._debounce_s = debounce_s
        self._read_timeout = read_timeout  # bounds how long stop() waits for the thread
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.decoder = FrameDecoder()
        self.state = "stopped"

    @classmethod
    def is_usable(cls, options: dict | str | None = None) -> tuple[bool, str]:
        """Plugin options ({"port": ...}) or, as before, the port itself."""
        port = options.get("port") if isinstance(options, dict) else options
        if serial is None:
            return False, "pyserial is not installed"
        if port and "://" not in port and not os.path.exists(port):
            return False, f"serial port {port} does not exist"
        return True, "pyserial available" + (f", {port} present" if port else "")

    @classmethod
    def from_options(cls, options: dict) -> Rdm6300Reader:
        port = str(options.get("port") or "").strip()
        if not port:
            raise ConfigurationError("the RDM6300 badge reader needs the option port (e.g. /dev/ttyUSB0)")
        try:
            baudrate = int(options.get("baudrate", 9600))
        except (TypeError, ValueError) as exc:
            raise ConfigurationError(f"baudrate must be a number, not {options.get('baudrate')!r}") from exc
        return cls(port, baudrate)

    def start(self, on_badge: Callable[[str], None], on_state: StateCallback | None = None) -> None:
        if self._thread is not None:
            raise RuntimeError("badge reader already started")
        if self._factory is None:
            raise TellerError("pyserial is not installed: the RDM6300 badge reader cannot be used")
        if on_state is not None:
            self._on_state = on_state
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(on_badge,), daemon=True,
                                        name=f"rdm6300:{self.port}")
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5 + self._read_timeout)
            self._thread = None
        self.state = "stopped"

    # ---- reader thread --------------------------------------------------------------

    def _report(self, state: str, detail: str) -> None:
        if state == self.state:  # report transitions only: retries must not flood the UI
            return
        self.state = state
        log.info("badge reader %s: %s (%s)", self.port, state, detail)
        if self._on_state is not None:
            try:
                self._on_state(state, detail)
            except Exception:  # noqa: BLE001 - a UI bug must not kill the reader thread
                log.exception("badge reader state callback failed")

    def _run(self, on_badge: Callable[[str], None]) -> None:
        debouncer = Debouncer(self._debounce_s)
        while not self._stop.is_set():
            try:
                port = self._factory(self.port, baudrate=self.baudrate, timeout=self._read_timeout)
            except (OSError, ValueError) as error:  # SerialException is an OSError; ValueError = bad URL
                self._report("disconnected", str(error))
                self._stop.wait(self.reconnect_delay)
                continue
            self._report("connected", self.port)
            self.decoder = FrameDecoder()  # bytes from before a reconnect are stale
            try:
                self._pump(port, debouncer, on_badge)
            except OSError as error:  # SerialException when the device vanishes, OSError from in_waiting
                self._report("disconnected", str(error))
                self._stop.wait(self.reconnect_delay)
            finally:
                try:
                    port.close()
                except Exception:  # noqa: BLE001 - closing a vanished port may fail too
                    pass

    def _pump(self, port, debouncer: Debouncer, on_badge: Callable[[str], None]) -> None:
        while not self._stop.is_set():
            # Block for one byte (up to the timeout), then take whatever else is waiting.
            data = port.read(port.in_waiting or 1)
            if not data:
                continue
            for uid in self.decoder.feed(data):
                if not debouncer.accept(uid):
                    continue
                try:
                    on_badge(uid)
                except Exception:  # noqa: BLE001 - keep reading badges whatever the callback does
                    log.exception("badge callback failed for a badge read")
