"""A virtual EMV/PBOC contact card that plugs into vsmartcard's vpcd (protocols.md §1, §3).

The card is the TCP client of vpcd; every frame both ways is a 2-byte big-endian length and a
payload. Control payloads 00 (power off), 01 (power on), 02 (reset) get no reply, 04 asks for
the ATR; anything else is a C-APDU answered with data + SW. The same APDU engine also runs
in-process (`transmit`) so the simulated reader reads through the very same card.

    python -m devices.card.virtual_card --port 35963 --pan 6217000010001234567 --name 张三
"""
from __future__ import annotations

import argparse
import socket
import threading
import time
from pathlib import Path

from devices.card.reader_flow import CardRemoved
from devices.card.virtual_applets import ALL_FAULTS, EmvApplet, TraceApplet, fault_options

ATR_T0 = bytes.fromhex("3B68000073C84013009000")  # protocols.md §1: pcscd picks T=0
ATR_T1 = bytes.fromhex("3B800181")                 # T=1
_CONTROL = {b"\x00": "off", b"\x01": "on", b"\x02": "reset", b"\x04": "atr"}


class VirtualCard:
    """One card: an applet, the T=0 transport quirks, and the faults of a physical card.

    `t0=True` answers like a T=0 card: 61xx to case-4 commands (data via GET RESPONSE) and 6Cxx
    when Le is not the exact length. `pull_after=N` loses contact after N APDUs (the N+1th gets no
    answer); `stall_after=N` keeps the contact but stops answering, as a stuck card does."""

    def __init__(self, pan: str = "6217000010001234567", expiry: str = "3012",
                 holder_name: str | None = "ZHANG/SAN", aids=("A000000333010101",), *,
                 t0: bool = False, gpo_format: int = 2, fault: str | None = None,
                 pull_after: int | None = None, stall_after: int | None = None, applet=None):
        self.applet = applet or EmvApplet(pan=pan, expiry=expiry, holder_name=holder_name, aids=aids,
                                          gpo_format=gpo_format, fault=fault)
        self.t0, self.pull_after, self.stall_after = t0, pull_after, stall_after
        self.atr = ATR_T0 if t0 else ATR_T1
        self.apdu_count = 0
        self.log: list[tuple[bytes, bytes]] = []  # C-APDU, R-APDU as exchanged on the wire
        self._pending = b""  # T=0: data announced by 61xx, fetched by GET RESPONSE
        self._retry: bytes | None = None  # T=0: header + reply held back by a 6Cxx
        self._removed = threading.Event()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self.connected = threading.Event()  # set while vpcd holds our connection

    @property
    def removed(self) -> bool:
        """True once remove() was called or the card was pulled (pull_after)."""
        return self._removed.is_set()

    @classmethod
    def from_trace(cls, path: str | Path, **options) -> VirtualCard:
        return cls(applet=TraceApplet(path), **options)

    # ---- the card itself ------------------------------------------------------------------

    def power(self) -> None:
        self.applet.reset()
        self._pending, self._retry = b"", None

    def answer(self, apdu: bytes) -> bytes:
        """The R-APDU for one C-APDU (the fault counters are applied by the transports)."""
        apdu = bytes(apdu)
        if self.t0 and apdu[:2] == b"\x00\xC0":  # GET RESPONSE of what a 61xx announced
            if not self._pending:
                return b"\x69\x85"
            chunk, self._pending = self._pending[:apdu[4] or 256], self._pending[apdu[4] or 256:]
            return chunk + (bytes([0x61, min(len(self._pending), 255)]) if self._pending else b"\x90\x00")
        self._pending = b""
        resent, self._retry = self._retry, None
        if resent is not None and apdu[:4] == resent[:4] and len(apdu) == 5:
            return resent[4:]  # the 6Cxx resend: answer what was held back, do not run it twice
        # The applet sees the logical command: on T=0 the Le of a case-2 command is a transport
        # detail that this layer checks (6Cxx), so it is normalised to 00 ("all").
        reply = self.applet.respond(apdu[:4] + b"\x00" if self.t0 and len(apdu) == 5 else apdu)
        data, sw = reply[:-2], reply[-2:]
        if not self.t0 or not data:
            return reply
        if len(apdu) > 5 and len(apdu) > 5 + apdu[4]:  # case 4: data in and out
            self._pending = data
            return bytes([0x61, min(len(data), 255)]) if sw == b"\x90\x00" else reply
        if len(apdu) == 5 and (apdu[4] or 256) != len(data):  # case 2 with the wrong Le
            self._retry = apdu[:4] + reply
            return bytes([0x6C, len(data) % 256])
        return reply

    def _contact(self, apdu: bytes) -> bytes | None:
        """One APDU through the card's contact: the reply, or None once the contact is lost
        (pulled: at once and for good; stuck: only when the card is finally taken out)."""
        self.apdu_count += 1
        if self.pull_after is not None and self.apdu_count > self.pull_after:
            self._removed.set()
        if self.stall_after is not None and self.apdu_count > self.stall_after:
            self._removed.wait()
        if self._removed.is_set():
            return None
        reply = self.answer(apdu)
        self.log.append((bytes(apdu), reply))
        return reply

    def transmit(self, apdu: bytes) -> tuple[bytes, int, int]:
        """In-process use (simulated reader): the reader_flow transmit signature."""
        reply = self._contact(apdu)
        if reply is None:
            raise CardRemoved()
        return reply[:-2], reply[-2], reply[-1]

    # ---- vpcd transport ---------------------------------------------------------------------

    def insert(self, host: str = "127.0.0.1", port: int = 35963) -> VirtualCard:
        """Puts the card in the vpcd slot at host:port from a dedicated thread (vpcd may block
        on a card, so never from the caller's). Retries until vpcd listens; if vpcd goes away
        the card waits for it to come back, as a card left in a reader would."""
        self._removed.clear()
        self._thread = threading.Thread(target=self._run, args=(host, port), daemon=True,
                                        name=f"virtual-card:{port}")
        self._thread.start()
        return self

    def remove(self, timeout: float = 5.0) -> None:
        self._removed.set()
        self._close()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def _close(self) -> None:
        sock, self._sock = self._sock, None
        self.connected.clear()
        if sock is not None:
            try:  # shutdown wakes a recv() blocked in the serving thread; close alone does not
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _run(self, host: str, port: int) -> None:
        while not self._removed.is_set():
            try:
                sock = socket.create_connection((host, port), timeout=2)
            except OSError:  # ECONNREFUSED: vpcd not listening yet (pcscd starting or restarting)
                self._removed.wait(0.05)
                continue
            sock.settimeout(None)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._sock = sock
            self.connected.set()
            try:
                self._serve(sock)
            except OSError:
                pass  # vpcd went away or remove() closed us: reconnect unless removed
            self._close()

    def _serve(self, sock: socket.socket) -> None:
        while True:
            payload = _recv_frame(sock)
            if payload is None:
                return
            control = _CONTROL.get(payload) if len(payload) == 1 else None
            if control == "atr":
                sock.sendall(len(self.atr).to_bytes(2, "big") + self.atr)
            elif control is not None:
                self.power()  # off, on and reset all start a new card session; no reply
            else:
                reply = self._contact(payload)
                if reply is None:  # contact lost: closing the socket is what vpcd sees
                    return
                sock.sendall(len(reply).to_bytes(2, "big") + reply)


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def _recv_frame(sock: socket.socket) -> bytes | None:
    header = _recv_exact(sock, 2)
    return None if header is None else _recv_exact(sock, int.from_bytes(header, "big"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="A virtual EMV/PBOC card for vpcd (manual demos).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=35963)
    parser.add_argument("--pan", default="6217000010001234567")
    parser.add_argument("--expiry", default="3012", help="YYMM")
    parser.add_argument("--name", default="ZHANG/SAN", help="holder name (Chinese is sent as GBK)")
    parser.add_argument("--aid", action="append", help="AID hex, repeatable (default UnionPay debit)")
    parser.add_argument("--t0", action="store_true", help="answer like a T=0 card (61xx, 6Cxx)")
    parser.add_argument("--gpo-format", type=int, choices=(1, 2), default=2)
    parser.add_argument("--fault", choices=ALL_FAULTS)
    parser.add_argument("--trace", help="serve a recorded trace (JSON) instead")
    args = parser.parse_args(argv)
    if args.trace:
        card = VirtualCard.from_trace(args.trace, t0=args.t0, **fault_options(args.fault))
    else:
        card = VirtualCard(args.pan, args.expiry, args.name, tuple(args.aid or ("A000000333010101",)),
                           t0=args.t0, gpo_format=args.gpo_format, **fault_options(args.fault))
    card.insert(args.host, args.port)
    print(f"card inserted into vpcd at {args.host}:{args.port}; Ctrl-C removes it", flush=True)
    try:
        while not card.removed:
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    card.remove()


if __name__ == "__main__":
    main()
