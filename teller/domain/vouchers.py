"""Important blank vouchers (重要空白凭证): types with their serial formats, serial ranges, and the
states a serial goes through (stdlib only).

A serial is the type's prefix and a fixed number of digits (ZP00000001). Every serial of the
branch is in exactly one state at any time:

    stock (the branch's stock, with the voucher keeper) -> teller (issued to a teller)
    teller -> used (consumed by a posting's journal entry) | sold (to an account) | voided (作废)
    teller -> stock (returned at close)

so that, per type, received = stock + with tellers + used + sold + voided (the branch), and
per teller, issued - returned = with the teller + used + sold + voided.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from teller.domain.errors import ConfigurationError, TellerError

STOCK, WITH_TELLER, USED, SOLD, VOIDED = "stock", "teller", "used", "sold", "voided"
STATES = (STOCK, WITH_TELLER, USED, SOLD, VOIDED)
MAX_RANGE = 100_000  # serials in one receipt or issue: a typing slip of a digit is refused, not stored


class VoucherRefused(TellerError):
    """A voucher step refused; the message names the serial (or range) at fault."""

    code = "voucher_refused"


@dataclass(frozen=True)
class VoucherType:
    code: str
    name_zh: str
    name_en: str
    prefix: str
    digits: int
    book_size: int = 1
    sale_fee_fen: int | None = None
    fee_code: str | None = None

    def name(self, language: str) -> str:
        return self.name_zh if language.startswith("zh") else self.name_en

    def format(self, number: int) -> str:
        return f"{self.prefix}{number:0{self.digits}d}"

    def parse(self, text: str) -> int:
        """The serial's number; refuses text that is not a serial of this type, naming it."""
        serial = text.strip().upper()
        if not serial.startswith(self.prefix):
            raise VoucherRefused(f"{text.strip()} is not a serial of {self.name_en} (its serials look like "
                                 f"{self.format(1)}).")
        digits = serial[len(self.prefix):]
        if len(digits) != self.digits or not digits.isascii() or not digits.isdigit() or int(digits) == 0:
            raise VoucherRefused(f"{text.strip()} is not a serial of {self.name_en}: {self.digits} digits "
                                 f"after {self.prefix}, not all zeros.")
        return int(digits)

    @property
    def sold(self) -> bool:
        return self.sale_fee_fen is not None


@dataclass(frozen=True)
class SerialRange:
    """Serials first..last of one type, both included."""

    vtype: VoucherType
    first: int
    last: int

    @classmethod
    def parse(cls, vtype: VoucherType, first: str, last: str | None = None) -> "SerialRange":
        start = vtype.parse(first)
        end = vtype.parse(last) if last and last.strip() else start
        if end < start:
            raise VoucherRefused(f"{vtype.format(end)} comes before {vtype.format(start)}: give the range "
                                 "first serial to last.")
        if end - start + 1 > MAX_RANGE:
            raise VoucherRefused(f"{vtype.format(start)}-{vtype.format(end)} is {end - start + 1} serials, over "
                                 f"{MAX_RANGE} in one step: check the serials.")
        return cls(vtype, start, end)

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    def numbers(self) -> range:
        return range(self.first, self.last + 1)

    def text(self) -> str:
        if self.first == self.last:
            return self.vtype.format(self.first)
        return f"{self.vtype.format(self.first)}-{self.vtype.format(self.last)}"

    def require_whole_books(self) -> None:
        """Types kept in books move in whole books: first of a book to last of a book."""
        size = self.vtype.book_size
        if size > 1 and ((self.first - 1) % size or self.count % size):
            raise VoucherRefused(f"{self.text()} is not whole books of {size}: {self.vtype.name_en} moves in "
                                 f"books ({self.vtype.format(1)}-{self.vtype.format(size)}, ...).")


def book_of(vtype: VoucherType, number: int) -> SerialRange:
    """The book a serial belongs to (the serial itself for types not kept in books)."""
    first = (number - 1) // vtype.book_size * vtype.book_size + 1
    return SerialRange(vtype, first, first + vtype.book_size - 1)


def first_not_in(wanted: SerialRange, present: set[int]) -> int | None:
    """The first serial of `wanted` missing from `present` (None: all there)."""
    return next((n for n in wanted.numbers() if n not in present), None)


@dataclass(frozen=True)
class VoucherBalance:
    """Serials of one type by state, for the branch or for one teller."""

    received: int  # the branch: received into stock; a teller: issued to them less returned
    stock: int
    with_tellers: int
    used: int
    sold: int
    voided: int

    @property
    def balanced(self) -> bool:
        return self.received == self.stock + self.with_tellers + self.used + self.sold + self.voided


class VoucherCatalogue:
    def __init__(self, types: list[VoucherType]):
        self._types = {t.code: t for t in types}
        prefixes = [t.prefix for t in types]
        if len(set(prefixes)) != len(prefixes):
            raise ConfigurationError("voucher types: two types share a serial prefix")

    @classmethod
    def from_config(cls, items: list[dict]) -> "VoucherCatalogue":
        types = []
        for item in items:
            try:
                fee = item.get("sale_fee")
                vtype = VoucherType(code=str(item["code"]), name_zh=item["name_zh"], name_en=item["name_en"],
                                    prefix=str(item["prefix"]).upper(), digits=int(item["digits"]),
                                    book_size=int(item.get("book_size", 1)),
                                    sale_fee_fen=None if fee is None else _fee_fen(str(fee)),
                                    fee_code=item.get("fee_code"))
            except (KeyError, ValueError, TypeError, ArithmeticError) as exc:
                raise ConfigurationError(f"voucher type entry {item!r} is invalid: {exc}") from exc
            if not vtype.prefix.isalpha() or not 1 <= vtype.digits <= 18 or vtype.book_size < 1:
                raise ConfigurationError(f"voucher type {vtype.code}: prefix letters, 1-18 digits, book size >= 1")
            if vtype.sold and not vtype.fee_code:
                raise ConfigurationError(f"voucher type {vtype.code}: a sale fee needs its fee_code")
            types.append(vtype)
        return cls(types)

    def get(self, code: str) -> VoucherType:
        try:
            return self._types[code]
        except KeyError:
            raise VoucherRefused(f"Unknown voucher type {code!r}.") from None

    def for_serial(self, text: str) -> VoucherType:
        """The type a serial belongs to, by its prefix."""
        serial = text.strip().upper()
        for vtype in self._types.values():
            if serial.startswith(vtype.prefix):
                vtype.parse(serial)
                return vtype
        raise VoucherRefused(f"{text.strip()} is not a serial of any voucher type.")

    def all(self) -> list[VoucherType]:
        return list(self._types.values())


def _fee_fen(text: str) -> int:
    amount = Decimal(text)
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"sale_fee {text!r}: yuan with at most two decimals")
    return int(amount * 100)
