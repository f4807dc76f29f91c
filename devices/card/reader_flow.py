"""The teller's chip card read: find the application, start it, read the records.

Written against a bare `transmit(apdu) -> (data, sw1, sw2)` callable so that pyscard, the
virtual vpcd card and recorded traces all drive exactly the same code. Only what the
teller needs is read (PAN, expiry, name); no cryptogram is requested.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from teller.domain.masking import mask_number

from devices.card.emv import (CardReadError, MalformedTlv, Tlv, build_dol_data,
                              default_terminal_data, find, find_all, parse_dol, parse_tlv)

__all__ = ["CardData", "CardReadError", "CardRemoved", "NoSupportedApplication", "CardBlocked",
           "WrongLength", "NoPanOnCard", "UnexpectedStatus", "MalformedTlv", "KNOWN_AIDS",
           "read_card"]

Transmit = Callable[[bytes], tuple[bytes, int, int]]


class CardRemoved(CardReadError):
    """Raised by the transmit callable (the PC/SC adapter) when the card leaves the reader."""

    code = "card_removed"

    def __init__(self, message: str = "the card was removed while it was being read; insert it again"):
        super().__init__(message)


class NoSupportedApplication(CardReadError):
    code = "card_no_application"


class CardBlocked(CardReadError):
    code = "card_blocked"


class WrongLength(CardReadError):
    code = "card_wrong_length"


class NoPanOnCard(CardReadError):
    code = "card_no_pan"


class UnexpectedStatus(CardReadError):
    code = "card_unexpected_status"


@dataclass(frozen=True, repr=False)
class CardData:
    pan: str
    expiry: str | None  # "YYMM"
    holder_name: str | None
    aid: str  # upper-case hex
    label: str | None
    pan_sequence: int | None = None

    @property
    def masked_pan(self) -> str:
        """First 6 and last 4 digits, same length: what receipts and logs may show."""
        return mask_number(self.pan)

    # The PAN must never reach a log line or a traceback, so both renderings mask it.
    def __repr__(self) -> str:
        return (f"CardData(pan={self.masked_pan!r}, expiry={self.expiry!r}, "
                f"holder_name={self.holder_name!r}, aid={self.aid!r}, label={self.label!r}, "
                f"pan_sequence={self.pan_sequence!r})")

    def __str__(self) -> str:
        return self.masked_pan


PSE = b"1PAY.SYS.DDF01"
PPSE = b"2PAY.SYS.DDF01"
# Tried in this order when the card has neither PSE nor PPSE (EMV "list of AIDs").
KNOWN_AIDS = (
    "A000000333010101",  # UnionPay debit
    "A000000333010102",  # UnionPay credit
    "A000000333010103",  # UnionPay quasi-credit
    "A000000333010106",  # UnionPay e-cash
    "A0000000031010",    # Visa credit/debit
    "A0000000041010",    # Mastercard credit/debit
)
_OK, _NOT_FOUND, _BLOCKED, _REC_NOT_FOUND, _REFUSED, _WRONG_LENGTH = (
    0x9000, 0x6A82, 0x6283, 0x6A83, 0x6985, 0x6700)
_MAX_CHAIN = 32  # bound on 61xx/6Cxx rounds: a faulty card must not loop us forever
_MAX_DIR_RECORDS = 32


def _with_le(apdu: bytes, le: int) -> bytes:
    """The same command with Le replaced (or added), for 6Cxx."""
    if len(apdu) <= 5:  # case 1 or 2: header (+ Le)
        return apdu[:4] + bytes([le])
    lc = apdu[4]
    return apdu[:5 + lc] + bytes([le])


def _exchange(transmit: Transmit, apdu: bytes) -> tuple[bytes, int]:
    """One command with T=0 repairs: 61xx -> GET RESPONSE, 6Cxx -> resend with Le=xx.

    Readers that already do this in firmware never return 61/6C, so both paths agree."""
    command = apdu
    collected = b""
    data, sw1, sw2 = transmit(command)
    for _ in range(_MAX_CHAIN):
        if sw1 == 0x6C:
            command = _with_le(command, sw2)
        elif sw1 == 0x61:
            collected += bytes(data)
            command = bytes([0x00, 0xC0, 0x00, 0x00, sw2])
        else:
            return collected + bytes(data), sw1 << 8 | sw2
        data, sw1, sw2 = transmit(command)
    raise UnexpectedStatus(f"the card kept answering {sw1:02X}{sw2:02X} to {apdu[:4].hex().upper()}; "
                           "remove it and try again")


def _check_length(sw: int, what: str) -> None:
    if sw == _WRONG_LENGTH:
        raise WrongLength(f"the card rejected the length of {what} (6700); the card or reader is faulty")


def _select(transmit: Transmit, name: bytes) -> tuple[bytes, int]:
    data, sw = _exchange(transmit, bytes([0x00, 0xA4, 0x04, 0x00, len(name)]) + name + b"\x00")
    _check_length(sw, f"SELECT {name.hex().upper()}")
    return data, sw


def _read_record(transmit: Transmit, sfi: int, record: int) -> tuple[bytes, int]:
    data, sw = _exchange(transmit, bytes([0x00, 0xB2, record, sfi << 3 | 4, 0x00]))
    _check_length(sw, f"READ RECORD {record} of SFI {sfi}")
    return data, sw


@dataclass
class _Candidate:
    aid: str
    label: str | None
    priority: int  # 87 low nibble; 0 = none


def _text(raw: bytes | None) -> str | None:
    """Card text: ASCII, else GBK (PBOC names), else Latin-1 (never fails)."""
    if raw is None:
        return None
    for encoding in ("ascii", "gbk", "latin-1"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    text = text.replace("\x00", "").strip()
    return text or None


def _entries(templates: list[Tlv]) -> list[_Candidate]:
    out = []
    for entry in templates:
        aid = find(entry.children, "4F")
        if aid is None:  # a DDF entry (9D), not an application
            continue
        label = find(entry.children, "50")
        prio = find(entry.children, "87")
        out.append(_Candidate(aid.value.hex().upper(), _text(label.value) if label else None,
                              prio.value[0] & 0x0F if prio and prio.value else 0))
    return out


def _pse_directory(transmit: Transmit) -> list[_Candidate]:
    data, sw = _select(transmit, PSE)
    if sw == 0x6A81:
        raise CardBlocked("the card is blocked (it refused application selection, 6A81)")
    if sw != _OK:  # 6A82 and anything else: no usable PSE, use the next method
        return []
    sfi = find(parse_tlv(data), "88")
    if sfi is None or not sfi.value:
        return []
    found: list[_Candidate] = []
    for record in range(1, _MAX_DIR_RECORDS + 1):
        rec, sw = _read_record(transmit, sfi.value[0] & 0x1F, record)
        if sw != _OK:  # 6A83 = end of directory
            break
        found += _entries(find_all(parse_tlv(rec), "61"))
    return found


def _ppse_directory(transmit: Transmit) -> list[_Candidate]:
    data, sw = _select(transmit, PPSE)
    if sw != _OK:
        return []
    directory = find(parse_tlv(data), "BF0C")
    return _entries([t for t in directory.children if t.tag == "61"]) if directory else []


def _ber_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    return bytes([0x81, n]) if n < 0x100 else bytes([0x82]) + n.to_bytes(2, "big")


def _gpo(transmit: Transmit, fci: list[Tlv], terminal: dict[str, bytes]) -> tuple[bytes, int]:
    pdol = find(fci, "9F38")
    values = build_dol_data(parse_dol(pdol.value), terminal) if pdol else b""
    body = b"\x83" + _ber_length(len(values)) + values
    if len(body) > 255:
        raise MalformedTlv("the card's PDOL asks for more data than one command can carry")
    data, sw = _exchange(transmit, bytes([0x80, 0xA8, 0x00, 0x00, len(body)]) + body + b"\x00")
    _check_length(sw, "GET PROCESSING OPTIONS")
    return data, sw


def _afl(gpo_reply: list[Tlv]) -> bytes:
    if not gpo_reply:
        raise MalformedTlv("the card answered GET PROCESSING OPTIONS with no data")
    top = gpo_reply[0]
    if top.tag == "80":  # format 1: AIP (2 bytes) then the AFL
        if len(top.value) < 2:
            raise MalformedTlv("GET PROCESSING OPTIONS format 1 reply is shorter than the AIP")
        afl = top.value[2:]
    elif top.tag == "77":  # format 2: AIP 82 and AFL 94 inside
        entry = find(top.children, "94")
        afl = entry.value if entry else b""
    else:
        raise MalformedTlv(f"unexpected GET PROCESSING OPTIONS template {top.tag}")
    if len(afl) % 4:
        raise MalformedTlv(f"the application file locator is {len(afl)} bytes, not a multiple of 4")
    return afl


def _read_records(transmit: Transmit, afl: bytes) -> list[Tlv]:
    out: list[Tlv] = []
    for i in range(0, len(afl), 4):
        sfi, first, last = afl[i] >> 3, afl[i + 1], afl[i + 2]
        if not 1 <= sfi <= 30 or first == 0 or last < first:
            raise MalformedTlv(f"bad application file locator entry {afl[i:i + 4].hex().upper()}")
        for record in range(first, last + 1):
            data, sw = _read_record(transmit, sfi, record)
            if sw != _OK:
                raise UnexpectedStatus(f"the card could not read record {record} of file {sfi} "
                                       f"(status {sw:04X})")
            if sfi > 10:  # SFI 11-30 hold proprietary, possibly non-TLV records: skip them
                continue
            parsed = parse_tlv(data)
            if not parsed or parsed[0].tag != "70":
                raise MalformedTlv(f"record {record} of file {sfi} is not an EMV record template (70)")
            out += parsed
    return out


def _card_data(tlvs: list[Tlv], aid: str, label: str | None) -> CardData:
    pan = expiry = None
    if (tag := find(tlvs, "5A")) is not None:
        pan = tag.value.hex().upper().rstrip("F")
    if (track2 := find(tlvs, "57")) is not None:
        digits = track2.value.hex().upper().rstrip("F")
        if "D" not in digits:
            raise MalformedTlv("the track 2 equivalent data (57) has no field separator")
        t2_pan, _, rest = digits.partition("D")
        pan = pan or t2_pan
        expiry = rest[:4] if len(rest) >= 4 else None
    if not pan:
        raise NoPanOnCard("the card holds no card number (neither 5A nor 57)")
    if not pan.isdigit() or not 8 <= len(pan) <= 19:
        raise MalformedTlv("the card number on the card is not 8-19 digits")  # no digits in the message
    if (tag := find(tlvs, "5F24")) is not None and len(tag.value) >= 2:
        expiry = tag.value.hex()[:4]  # YYMMDD -> YYMM; 5F24 wins over track 2
    if expiry is not None and not expiry.isdigit():
        raise MalformedTlv("the card's expiry date is not numeric")
    name = find(tlvs, "5F20") or find(tlvs, "9F0B")
    seq = find(tlvs, "5F34")
    seq_hex = seq.value.hex() if seq else ""
    return CardData(pan=pan, expiry=expiry, holder_name=_text(name.value) if name else None,
                    aid=aid, label=label, pan_sequence=int(seq_hex) if seq_hex.isdigit() else None)


def _try_application(transmit: Transmit, cand: _Candidate, terminal: dict[str, bytes]) -> CardData | int:
    """The card data, or the status word that made this application unusable."""
    data, sw = _select(transmit, bytes.fromhex(cand.aid))
    if sw != _OK:
        return sw
    fci = parse_tlv(data)
    df_name = find(fci, "84")  # the full AID when a partial one was selected
    label = find(fci, "50")
    data, sw = _gpo(transmit, fci, terminal)
    if sw == _REFUSED:
        return sw
    if sw != _OK:
        raise UnexpectedStatus(f"the card refused to start application {cand.aid} (status {sw:04X})")
    reply = parse_tlv(data)
    tlvs = reply + _read_records(transmit, _afl(reply))
    return _card_data(tlvs, df_name.value.hex().upper() if df_name else cand.aid,
                      _text(label.value) if label else cand.label)


def read_card(transmit: Transmit, *, today: dt.date,
              unpredictable: bytes = b"\x00\x00\x00\x00") -> CardData:
    """Reads the card in the reader. `transmit` raises CardRemoved if the card leaves;
    every other problem is a CardReadError subclass with a message for the teller."""
    terminal = default_terminal_data(today, unpredictable)
    directory = _pse_directory(transmit) or _ppse_directory(transmit)
    if directory:
        # Priority 1 first; entries without a priority keep directory order, last.
        candidates = sorted(directory, key=lambda c: c.priority or 16)
    else:
        candidates = [_Candidate(aid, None, 0) for aid in KNOWN_AIDS]
    failures: list[int] = []
    for cand in candidates:
        result = _try_application(transmit, cand, terminal)
        if isinstance(result, CardData):
            return result
        failures.append(result)
    if _BLOCKED in failures:
        raise CardBlocked("the card's payment application is blocked (6283); refer the customer to the issuer")
    if _REFUSED in failures:
        raise NoSupportedApplication("the card refused to start its payment application (6985)")
    tried = ", ".join(c.aid for c in candidates)
    raise NoSupportedApplication(f"no supported payment application on this card (tried {tried})")
