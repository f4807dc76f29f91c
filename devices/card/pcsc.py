"""PC/SC card reader through pyscard (protocols.md §2): hot-plug, card insert/remove, chip read.

One monitor thread per reader object waits in SCardGetStatusChange on every reader plus the
PnP notification pseudo-reader. pyscard's CardMonitor/ReaderMonitor are not used: both are
process-wide singletons whose thread stops for good on the first PC/SC error (pcscd restarted
or gone: SCARD_E_NO_SERVICE), and CardMonitor's thread cannot be stopped. Here a lost service
is retried every `retry_interval`, readers come back as reader_added, and stop() cancels the
wait at once. The chip is read in a worker thread under a deadline (never on the monitor thread:
a stuck card blocks PC/SC calls with no timeout). The APDU transport repairs for T=0 (61xx,
6Cxx) live in reader_flow, so the transmit adapter here only maps bytes and PC/SC errors.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable

from teller.ports import CardEvent

from devices.card.base import EventSink, read_chip, read_with_deadline
from devices.card.reader_flow import CardData, CardReadError, CardRemoved

try:  # optional so that is_usable() can say why instead of the import failing
    from smartcard import scard
    from smartcard.Exceptions import NoCardException, SmartcardException
    from smartcard.pcsc.PCSCReader import PCSCReader
except ImportError:  # pragma: no cover - pyscard is a declared dependency
    scard = None

log = logging.getLogger(__name__)

PNP = "\\\\?PnP?\\Notification"  # pcsc-lite's pseudo-reader that changes when readers come and go
_REMOVAL_PROBE = 3.0  # vpcd and USB readers notice an empty slot within ~0.5 s; slack for load
_REMOVAL_GRACE = _REMOVAL_PROBE + 1  # "removed" waits this long for the read's error to go first


class ReaderError(CardReadError):
    code = "card_reader_error"


def _code(hresult) -> int:
    return (hresult or 0) & 0xFFFFFFFF


def _hr(name: str) -> int:
    return _code(getattr(scard, name))


class PcscCardReader:
    kind = "card"
    name = "pcsc"

    def __init__(self, reader: str = "", read_timeout: float = 10.0, retry_interval: float = 1.0):
        self.reader_filter = reader  # substring of the reader name; "" = every reader
        self.read_timeout = read_timeout
        self.retry_interval = retry_interval
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._sink: EventSink | None = None
        self._ctx = None
        self._ctx_lock = threading.Lock()
        self._reads: dict[str, threading.Thread] = {}

    @classmethod
    def is_usable(cls, options: dict | None = None) -> tuple[bool, str]:
        """Usable when the PC/SC service answers; readers may be plugged in later, so having none
        is usable with a reason the UI can show."""
        if scard is None:
            return False, "pyscard is not installed (pip install pyscard)"
        hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if _code(hr) != 0:
            return False, f"pcscd is not running ({scard.SCardGetErrorMessage(hr)})"
        try:
            hr, names = scard.SCardListReaders(ctx, [])
        finally:
            scard.SCardReleaseContext(ctx)
        wanted = (options or {}).get("reader", "")
        if not [n for n in (names if _code(hr) == 0 else []) if wanted in n]:
            return True, _no_reader_message(wanted)
        return True, ""

    @classmethod
    def from_options(cls, options: dict) -> PcscCardReader:
        return cls(options.get("reader", ""), float(options.get("read_timeout", 10.0)))

    def start(self, on_event: Callable[[CardEvent], None]) -> None:
        if scard is None:
            raise RuntimeError(self.is_usable({})[1])
        if self._thread is not None:
            raise RuntimeError("the PC/SC card reader is already started")
        self._sink = EventSink(on_event)
        self._stopping.clear()
        self._thread = threading.Thread(target=self._monitor, daemon=True, name="pcsc-card-monitor")
        self._thread.start()

    def stop(self) -> None:
        if self._thread is None:
            return
        self._stopping.set()
        deadline = time.monotonic() + 5
        while self._thread.is_alive() and time.monotonic() < deadline:
            # Wakes SCardGetStatusChange now rather than at its timeout. Repeated because a
            # cancel that lands between two calls (the monitor busy handling an event) is lost.
            with self._ctx_lock:
                if self._ctx is not None:
                    scard.SCardCancel(self._ctx)
            self._thread.join(0.05)
        self._sink.close()  # reads still running (a stuck card) report to nobody
        self._thread = None

    # ---- monitor thread -------------------------------------------------------------------

    def _monitor(self) -> None:
        states: dict[str, int] = {}  # reader -> last event state, CHANGED bit cleared
        pnp = 0
        outage_reported = reported_no_reader = False
        while not self._stopping.is_set():
            if self._ctx is None:
                hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
                if _code(hr) != 0:
                    self._forget(states)
                    if not outage_reported:
                        self._sink("error", "", message="The PC/SC service (pcscd) is not running; "
                                                        "card reading starts when it is back.")
                        outage_reported = True
                    self._stopping.wait(self.retry_interval)
                    continue
                with self._ctx_lock:
                    self._ctx, outage_reported = ctx, False
            hr, names = scard.SCardListReaders(self._ctx, [])
            if _code(hr) not in (0, _hr("SCARD_E_NO_READERS_AVAILABLE")):
                pnp = self._lose_service(states)
                continue
            names = [n for n in (names if _code(hr) == 0 else []) if self.reader_filter in n]
            for gone in [n for n in states if n not in names]:
                self._card_state(gone, states.pop(gone), 0)
                self._sink("reader_removed", gone)
            for new in [n for n in names if n not in states]:
                states[new] = scard.SCARD_STATE_UNAWARE
                self._sink("reader_added", new)
            if not names and not reported_no_reader:
                self._sink("error", "", message=_no_reader_message(self.reader_filter) + ".")
            reported_no_reader = reported_no_reader or not names
            watch = [(n, states[n]) for n in names] + [(PNP, pnp)]
            hr, changes = scard.SCardGetStatusChange(self._ctx, 1000, watch)
            if _code(hr) in (_hr("SCARD_E_TIMEOUT"), _hr("SCARD_E_CANCELLED")):
                continue
            if _code(hr) == _hr("SCARD_E_UNKNOWN_READER"):  # a reader vanished mid-call: list again
                self._stopping.wait(0.05)
                continue
            if _code(hr) != 0:
                pnp = self._lose_service(states)
                continue
            for name, event, _atr in changes:
                if name == PNP:
                    pnp = event & ~scard.SCARD_STATE_CHANGED
                elif name in states:
                    self._card_state(name, states[name], event)
                    states[name] = event & ~scard.SCARD_STATE_CHANGED
        self._drop_context()

    def _drop_context(self) -> None:
        with self._ctx_lock:
            ctx, self._ctx = self._ctx, None
        if ctx is not None:
            scard.SCardReleaseContext(ctx)

    def _lose_service(self, states: dict[str, int]) -> int:
        """pcscd stopped or restarted (NO_SERVICE, COMM_ERROR...): its readers went with it, and
        come back as reader_added once a new context works. Returns the fresh PnP state."""
        self._drop_context()
        self._forget(states)
        self._stopping.wait(0.1)  # never spin on a broken service
        return 0

    def _forget(self, states: dict[str, int]) -> None:
        """The service is gone, and with it every reader it had."""
        for name, state in list(states.items()):
            self._card_state(name, state, 0)
            self._sink("reader_removed", name)
        states.clear()

    def _card_state(self, name: str, old: int, new: int) -> None:
        present = scard.SCARD_STATE_PRESENT
        # The high word counts insertions and removals: a quick remove + insert between two
        # waits shows as "present both times" with a new count.
        swapped = bool(old) and old & present and new & present and (old >> 16) != (new >> 16)
        if old & present and (not new & present or swapped):
            reading = self._reads.pop(name, None)
            if reading is not None:
                reading.join(_REMOVAL_GRACE)
            self._sink("removed", name)
        if new & present and (not old & present or swapped):
            self._sink("inserted", name)
            reading = threading.Thread(target=self._read_and_report, args=(name,), daemon=True,
                                       name=f"pcsc-read:{name}")
            self._reads[name] = reading
            reading.start()

    # ---- reading ----------------------------------------------------------------------------

    def _read_and_report(self, name: str) -> None:
        self._sink.deliver(read_with_deadline(name, lambda: self._read_chip(name), self.read_timeout))

    def _read_chip(self, name: str) -> CardData:
        conn = _connect(name)

        def transmit(apdu: bytes) -> tuple[bytes, int, int]:
            try:
                data, sw1, sw2 = conn.transmit(list(apdu))
            except SmartcardException as exc:
                raise _failure(exc, conn) from None
            return bytes(data), sw1, sw2

        try:
            return read_chip(transmit)
        finally:
            for close in (conn.disconnect, conn.release):  # release too, or pyscard's __del__ retries
                try:
                    close()
                except SmartcardException:
                    pass  # the card or the service is already gone


# Right after insertion a reader may still be powering the card: SCardConnect then answers
# "unpowered" or "unresponsive" for a moment. Real readers do it too; try again briefly.
_POWER_UP_WAIT = 2.0


def _connect(name: str):
    deadline = time.monotonic() + _POWER_UP_WAIT
    while True:
        try:
            conn = PCSCReader(name).createConnection()
            conn.connect()  # protocol as the ATR says (T=0 or T=1)
            return conn
        except NoCardException:
            raise CardRemoved() from None
        except SmartcardException as exc:
            code = _code(getattr(exc, "hresult", 0))
            powering = code in (_hr("SCARD_W_UNPOWERED_CARD"), _hr("SCARD_W_UNRESPONSIVE_CARD"))
            if not powering or time.monotonic() >= deadline:
                raise _failure(exc, None) from None
            time.sleep(0.1)


def _no_reader_message(wanted: str) -> str:
    if wanted:
        return f"No card reader matching {wanted!r} is connected"
    return "No card reader is connected"


def _card_left(conn) -> bool:
    """A lost card shows first as a failed or empty exchange ("no valid response") and only
    ~0.5 s later as a removal; wait that long before calling it a reader fault."""
    deadline = time.monotonic() + _REMOVAL_PROBE
    while time.monotonic() < deadline:
        try:
            conn.getATR()
        except SmartcardException:
            return True
        time.sleep(0.05)
    return False


def _failure(exc: SmartcardException, conn) -> CardReadError:
    code = _code(getattr(exc, "hresult", 0))
    if code in (_hr("SCARD_W_REMOVED_CARD"), _hr("SCARD_E_NO_SMARTCARD")) or (conn is not None and _card_left(conn)):
        return CardRemoved()
    log.warning("PC/SC error while reading a card: %s", exc)
    if code == _hr("SCARD_E_SHARING_VIOLATION"):
        return ReaderError("Another program is using the card reader. Close it, then insert the card again.")
    if code in (_hr("SCARD_E_NO_SERVICE"), _hr("SCARD_E_SERVICE_STOPPED")):
        return ReaderError("The PC/SC service (pcscd) stopped while the card was being read.")
    if code in (_hr("SCARD_E_READER_UNAVAILABLE"), _hr("SCARD_E_UNKNOWN_READER")):
        return ReaderError("The card reader was disconnected while the card was being read.")
    if code in (_hr("SCARD_W_UNRESPONSIVE_CARD"), _hr("SCARD_W_UNPOWERED_CARD")):
        return ReaderError("The card does not answer. Insert it chip first, face up, and try again.")
    return ReaderError(f"The card reader could not talk to the card ({exc}). Remove it and insert it again.")
