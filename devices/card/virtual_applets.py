"""The applications inside the virtual card (devices.card.virtual_card): a generated EMV/PBOC
debit card (PSE, SFI directory, SELECT with PDOL, GPO format 1 or 2, AFL records) and a
replayer of recorded traces. Each answers one logical C-APDU with data + SW; the transport
quirks (T=0, lost contact) belong to VirtualCard.
"""
from __future__ import annotations

import calendar
import json
from pathlib import Path

PSE_NAME = b"1PAY.SYS.DDF01"
LABELS = {"A000000333010101": "UnionPay Debit", "A000000333010102": "UnionPay Credit",
          "A000000333010103": "UnionPay Quasi-credit", "A000000333010106": "UnionPay e-Cash",
          "A0000000031010": "VISA", "A0000000041010": "Mastercard"}
# A PBOC-style PDOL: the card checks the GPO data length against it, like a real card.
PDOL = bytes.fromhex("9F66049F02069F03069F1A0295055F2A029A039C019F3704")
PDOL_LENGTH = 4 + 6 + 6 + 2 + 5 + 2 + 3 + 1 + 4
FAULTS = ("no_application", "malformed_record", "wrong_length")  # faults of the card's data
# ... plus faults of the contact, after a few APDUs: past the first SELECT, inside the read.
CONTACT_FAULTS = {"pulled": "pull_after", "stuck": "stall_after"}
ALL_FAULTS = FAULTS + tuple(CONTACT_FAULTS)
MID_READ = 3


def fault_options(fault: str | None) -> dict:
    """VirtualCard keyword arguments for one named fault (shared by the simulated reader,
    the contract tests and the command line)."""
    if fault is None:
        return {}
    if fault in CONTACT_FAULTS:
        return {CONTACT_FAULTS[fault]: MID_READ}
    if fault in FAULTS:
        return {"fault": fault}
    raise ValueError(f"unknown fault {fault!r}; choose from {', '.join(ALL_FAULTS)}")


def tlv(tag: str, value: bytes) -> bytes:
    n = len(value)
    length = bytes([n]) if n < 0x80 else bytes([0x81, n]) if n < 0x100 else b"\x82" + n.to_bytes(2, "big")
    return bytes.fromhex(tag) + length + value


def _sw(code: int) -> bytes:
    return code.to_bytes(2, "big")


class EmvApplet:
    """The card's file system: PSE with an SFI directory, and payment applications that all
    carry the same cardholder data (like a debit card with an e-cash sibling)."""

    def __init__(self, *, pan: str, expiry: str, holder_name: str | None, aids, gpo_format: int,
                 fault: str | None):
        if fault is not None and fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; choose from {', '.join(FAULTS)}")
        self.fault = fault
        self.apps = [(a, LABELS.get(a, "PBOC")) if isinstance(a, str) else (a[0].upper(), a[1])
                     for a in aids]
        last_day = calendar.monthrange(2000 + int(expiry[:2]), int(expiry[2:]))[1]
        pan_bcd = bytes.fromhex(pan + "F" * (len(pan) % 2))
        track2 = pan + "D" + expiry + "201" + "00000"
        name = holder_name.encode("ascii" if holder_name.isascii() else "gbk") if holder_name else b""
        # SFI 1: track 2 and name; SFI 2: PAN, expiry, sequence number (split as real cards do).
        self.records = {
            (1, 1): tlv("70", tlv("57", bytes.fromhex(track2 + "F" * (len(track2) % 2)))
                        + (tlv("5F20", name) if name else b"")),
            (2, 1): tlv("70", tlv("5A", pan_bcd) + tlv("5F24", bytes.fromhex(f"{expiry}{last_day}"))
                        + tlv("5F34", b"\x01") + tlv("9F08", b"\x00\x30")),
        }
        if fault == "malformed_record":  # 5A declares 8 bytes, 2 follow: truncated TLV
            self.records[(2, 1)] = bytes.fromhex("70065A0862170000")
        afl = bytes.fromhex("08010100" "10010100")
        aip = b"\x7C\x00"
        self.gpo_reply = (tlv("80", aip + afl) if gpo_format == 1
                          else tlv("77", tlv("82", aip) + tlv("94", afl)))
        self.reset()

    def reset(self) -> None:
        self.selected: str | None = None  # "PSE" or an AID

    def respond(self, apdu: bytes) -> bytes:
        if self.fault == "no_application":
            return _sw(0x6A82)
        if len(apdu) < 4:
            return _sw(0x6700)
        cla, ins, p1, p2 = apdu[:4]
        if cla not in (0x00, 0x80):
            return _sw(0x6E00)
        if (cla, ins) == (0x00, 0xA4):
            return self._select(apdu)
        if (cla, ins) == (0x80, 0xA8):
            return self._gpo(apdu)
        if (cla, ins) == (0x00, 0xB2):
            return self._read_record(p1, p2)
        if (cla, ins) == (0x80, 0xCA):
            return _sw(0x6A88)  # referenced data not found
        return _sw(0x6D00)

    def _select(self, apdu: bytes) -> bytes:
        if apdu[2:4] != b"\x04\x00" or len(apdu) < 6 or len(apdu) < 5 + apdu[4]:
            return _sw(0x6A86)
        name = apdu[5:5 + apdu[4]]
        if name == PSE_NAME:
            self.selected = "PSE"
            return tlv("6F", tlv("84", name) + tlv("A5", tlv("88", b"\x01") + tlv("5F2D", b"zhen"))) + _sw(0x9000)
        for aid, label in self.apps:
            if bytes.fromhex(aid).startswith(name):  # partial AID selects the first match
                self.selected = aid
                fci = tlv("84", bytes.fromhex(aid)) + tlv("A5", tlv("50", label.encode()) + tlv("87", b"\x01")
                                                       + tlv("9F38", PDOL))
                return tlv("6F", fci) + _sw(0x9000)
        return _sw(0x6A82)

    def _gpo(self, apdu: bytes) -> bytes:
        if self.selected in (None, "PSE"):
            return _sw(0x6985)
        if self.fault == "wrong_length":
            return _sw(0x6700)
        data = apdu[5:5 + apdu[4]] if len(apdu) > 5 else b""
        if data[:2] != bytes([0x83, PDOL_LENGTH]) or len(data) != 2 + PDOL_LENGTH:
            return _sw(0x6700)  # what a real card says when the PDOL data does not fit
        return self.gpo_reply + _sw(0x9000)

    def _read_record(self, record: int, p2: int) -> bytes:
        if p2 & 0x07 != 0x04:
            return _sw(0x6A86)
        sfi = p2 >> 3
        if self.selected == "PSE":
            if (sfi, record) != (1, 1):
                return _sw(0x6A83)
            entries = b"".join(tlv("61", tlv("4F", bytes.fromhex(aid)) + tlv("50", label.encode())
                                   + tlv("87", bytes([i + 1]))) for i, (aid, label) in enumerate(self.apps))
            return tlv("70", entries) + _sw(0x9000)
        if self.selected is None:
            return _sw(0x6985)
        data = self.records.get((sfi, record))
        return data + _sw(0x9000) if data is not None else _sw(0x6A83)


class TraceApplet:
    """Serves a recorded trace in order: SELECT and READ RECORD must match exactly, GPO by its
    80A8 prefix (our date and random number differ from the recording); a SELECT the card never
    saw is 6A82. Anything else is 6F00 and noted in `unmatched`, so a replay test sees it."""

    def __init__(self, path: str | Path):
        self.exchanges = [(bytes.fromhex(e["c"]), bytes.fromhex(e["r"]))
                          for e in json.loads(Path(path).read_text())]
        self.unmatched: list[bytes] = []
        self.reset()

    def reset(self) -> None:
        self.cursor = 0

    def respond(self, apdu: bytes) -> bytes:
        for i in range(self.cursor, len(self.exchanges)):
            command, response = self.exchanges[i]
            if command == apdu or command[:2] == apdu[:2] == b"\x80\xA8":
                self.cursor = i + 1
                return response
        if apdu[:2] == b"\x00\xA4":
            return _sw(0x6A82)
        self.unmatched.append(apdu)
        return _sw(0x6F00)
