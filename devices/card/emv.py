"""EMV BER-TLV (Book 3 Annex B) and DOL (Book 3 §5.4) codecs, pure and strict.

Card data is untrusted input: every malformed shape raises `MalformedTlv` naming the
offset, never IndexError, so the teller sees "the card sent bad data" rather than a crash.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from teller.domain.errors import TellerError


class CardReadError(TellerError):
    """Base of every error while reading a chip card (shown to the teller as is)."""

    code = "card_read_error"


class MalformedTlv(CardReadError):
    code = "card_malformed_data"


# Deep nesting never occurs in real cards; the limit stops crafted data from
# exhausting the Python stack (RecursionError would escape as a crash).
_MAX_DEPTH = 32
# EMV tags are at most 3 bytes; 4 leaves room for ISO 7816 oddities.
_MAX_TAG_BYTES = 4


@dataclass(frozen=True)
class Tlv:
    tag: str  # upper-case hex of the whole tag, e.g. "9F38"
    value: bytes
    children: list[Tlv] = field(default_factory=list)

    @property
    def constructed(self) -> bool:
        return bool(int(self.tag[:2], 16) & 0x20)


def _read_tag(data: bytes, pos: int, end: int) -> tuple[str, int]:
    start = pos
    first = data[pos]
    pos += 1
    if first & 0x1F == 0x1F:  # low 5 bits all set: subsequent bytes follow
        while True:
            if pos >= end:
                raise MalformedTlv(f"card data truncated inside the tag starting at offset {start}")
            b = data[pos]
            pos += 1
            if pos - start > _MAX_TAG_BYTES:
                raise MalformedTlv(f"tag at offset {start} is longer than {_MAX_TAG_BYTES} bytes")
            if not b & 0x80:  # b8 = 0: last tag byte
                break
    return data[start:pos].hex().upper(), pos


def _read_length(data: bytes, pos: int, end: int, tag: str) -> tuple[int, int]:
    if pos >= end:
        raise MalformedTlv(f"card data truncated: tag {tag} has no length at offset {pos}")
    first = data[pos]
    if first < 0x80:
        return first, pos + 1
    if first in (0x81, 0x82):
        count = first - 0x80
        if pos + 1 + count > end:
            raise MalformedTlv(f"card data truncated inside the length of tag {tag} at offset {pos}")
        return int.from_bytes(data[pos + 1:pos + 1 + count], "big"), pos + 1 + count
    # 0x80 (indefinite) and 0x83+ are not allowed by EMV Annex B.
    raise MalformedTlv(f"bad length form {first:02X} for tag {tag} at offset {pos}")


def _parse(data: bytes, pos: int, end: int, depth: int) -> list[Tlv]:
    if depth > _MAX_DEPTH:
        raise MalformedTlv(f"card data nested deeper than {_MAX_DEPTH} levels at offset {pos}")
    out: list[Tlv] = []
    while pos < end:
        if data[pos] in (0x00, 0xFF):  # filler allowed before, between and after objects
            pos += 1
            continue
        tag_at = pos
        tag, pos = _read_tag(data, pos, end)
        length, pos = _read_length(data, pos, end, tag)
        if pos + length > end:
            raise MalformedTlv(
                f"card data truncated: tag {tag} at offset {tag_at} declares {length} bytes, "
                f"only {end - pos} remain")
        value = data[pos:pos + length]
        children = _parse(data, pos, pos + length, depth + 1) if data[tag_at] & 0x20 else []
        out.append(Tlv(tag, value, children))
        pos += length
    return out


def parse_tlv(data: bytes) -> list[Tlv]:
    """All top-level objects of `data`; constructed ones carry their parsed `children`.

    Error offsets are absolute in `data`, also for nested objects."""
    return _parse(bytes(data), 0, len(data), 0)


def find(tlvs: list[Tlv], tag: str) -> Tlv | None:
    """First object with `tag`, depth-first in document order (parent before children)."""
    tag = tag.upper()
    for tlv in tlvs:
        if tlv.tag == tag:
            return tlv
        hit = find(tlv.children, tag)
        if hit is not None:
            return hit
    return None


def find_all(tlvs: list[Tlv], tag: str) -> list[Tlv]:
    tag = tag.upper()
    out: list[Tlv] = []
    for tlv in tlvs:
        if tlv.tag == tag:
            out.append(tlv)
        out.extend(find_all(tlv.children, tag))
    return out


# ---- Data object lists (PDOL, CDOL, ...) -------------------------------------------

# Terminal data in numeric (n) format: right-aligned, so truncation drops the left
# bytes and padding adds leading 00 (Book 3 §5.4). Everything else is aligned left.
NUMERIC_TAGS = frozenset({"9F02", "9F03", "9A", "5F2A", "9F1A", "9C", "9F21", "9F41", "5F36"})


def parse_dol(data: bytes) -> list[tuple[str, int]]:
    """A DOL is tag + one length byte, repeated, with no values."""
    data = bytes(data)
    out: list[tuple[str, int]] = []
    pos = 0
    while pos < len(data):
        tag_at = pos
        tag, pos = _read_tag(data, pos, len(data))
        if pos >= len(data):
            raise MalformedTlv(f"DOL truncated: tag {tag} at offset {tag_at} has no length")
        out.append((tag, data[pos]))
        pos += 1
    return out


def build_dol_data(dol: list[tuple[str, int]], values: dict[str, bytes]) -> bytes:
    """The concatenated values the card asked for, each forced to its DOL length."""
    out = bytearray()
    for tag, length in dol:
        value = values.get(tag.upper())
        if value is None:  # the terminal does not know it: zeros (Book 3 §5.4)
            out += bytes(length)
        elif tag.upper() in NUMERIC_TAGS:  # keep the right-most digits, pad on the left
            value = value[len(value) - length:] if len(value) > length else value
            out += bytes(length - len(value)) + value
        else:  # keep the left-most bytes, pad on the right
            value = value[:length]
            out += value + bytes(length - len(value))
    return bytes(out)


def _bcd(number: int) -> int:
    return (number // 10) << 4 | number % 10


def default_terminal_data(today: dt.date, random_bytes: bytes) -> dict[str, bytes]:
    """The teller's terminal values for PDOL/CDOL (protocols.md §3): no amount, CNY, China."""
    if len(random_bytes) != 4:
        raise ValueError("the unpredictable number (9F37) is 4 bytes")
    return {
        "9F02": bytes(6),            # amount authorised: none, this is an identification read
        "9F03": bytes(6),            # amount other
        "9F1A": b"\x01\x56",         # terminal country code: China (156)
        "5F2A": b"\x01\x56",         # transaction currency: CNY (156)
        "9A": bytes([_bcd(today.year % 100), _bcd(today.month), _bcd(today.day)]),
        "9C": b"\x00",               # transaction type: goods/services (0x31 = balance enquiry)
        "9F37": bytes(random_bytes),  # unpredictable number
        "95": bytes(5),              # TVR: nothing failed yet
        "9F35": b"\x12",             # terminal type: financial institution, attended, online
        "9F33": b"\xE0\xF8\xC8",     # terminal capabilities
        "9F66": b"\x36\x00\x00\x00",  # TTQ (contactless kernels only; harmless on contact)
        "9F7A": b"\x00",             # PBOC e-cash indicator off: keep the debit/credit path
    }
