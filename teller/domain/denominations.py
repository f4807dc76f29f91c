"""Denominations of the till and vault, and a counted breakdown of cash by denomination.

A denomination's identity is (kind, value): CNY 1 exists both as a note and as a
coin and they are counted, stored and handed over separately. Each has a stable
string id ("N10000" = 100-yuan note, "C50" = 0.5-yuan coin) used as the key in the
stores and in the canonical JSON of a breakdown.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from teller.domain.errors import (BreakdownMismatch, ConfigurationError, InsufficientTillCash,
                                  InvalidDenominationCount)
from teller.domain.money import format_amount
from teller.domain.texts import Text

KINDS = ("note", "coin")
_ID_PREFIX = {"note": "N", "coin": "C"}
_CONFIG_VALUE = re.compile(r"^[0-9]+(\.[0-9]{1,2})?$")


@dataclass(frozen=True)
class Denomination:
    value_fen: int
    kind: str  # "note" | "coin"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"denomination kind must be 'note' or 'coin', not {self.kind!r}")
        if not isinstance(self.value_fen, int) or isinstance(self.value_fen, bool) or self.value_fen <= 0:
            raise ValueError(f"denomination value must be a positive int of fen, not {self.value_fen!r}")

    @property
    def id(self) -> str:
        """Stable key, e.g. "N10000" for the 100-yuan note, "C100" for the 1-yuan coin."""
        return f"{_ID_PREFIX[self.kind]}{self.value_fen}"

    @property
    def label(self) -> str:
        """Face value in yuan without trailing zeros: "100", "1", "0.5", "0.05"."""
        yuan, fen = divmod(self.value_fen, 100)
        if fen == 0:
            return str(yuan)
        return f"{yuan}.{fen // 10}" if fen % 10 == 0 else f"{yuan}.{fen:02d}"

    @property
    def name(self) -> str:
        """For messages: "¥100 notes", "¥0.5 coins"."""
        return f"¥{self.label} {self.kind}s"


DEFAULT_CNY: tuple[Denomination, ...] = (
    Denomination(10000, "note"), Denomination(5000, "note"), Denomination(2000, "note"),
    Denomination(1000, "note"), Denomination(500, "note"), Denomination(100, "note"),
    Denomination(100, "coin"), Denomination(50, "coin"), Denomination(10, "coin"),
)


def denominations_from_config(items: list[dict]) -> tuple[Denomination, ...]:
    """Build denominations from config tables `{kind = "note", value = "100"}`, in the given order.

    `value` must be a string of yuan: a TOML float such as 0.1 is refused, so a
    binary fraction never becomes money.
    """
    if not isinstance(items, list) or not items:
        raise ConfigurationError("till.denominations must be a non-empty list of {kind, value} tables")
    result: list[Denomination] = []
    for position, item in enumerate(items, start=1):
        where = f"till.denominations #{position}"
        if not isinstance(item, dict):
            raise ConfigurationError(f"{where}: expected a table with kind and value, got {item!r}")
        unknown = sorted(set(item) - {"kind", "value"})
        if unknown:
            raise ConfigurationError(f"{where}: unknown keys {', '.join(unknown)} (only kind and value)")
        kind, value = item.get("kind"), item.get("value")
        if kind not in KINDS:
            raise ConfigurationError(f"{where}: kind must be \"note\" or \"coin\", not {kind!r}")
        if not isinstance(value, str):
            raise ConfigurationError(f"{where}: value must be a string of yuan such as \"0.5\", "
                                     f"not {type(value).__name__} {value!r}")
        if not _CONFIG_VALUE.match(value):
            raise ConfigurationError(f"{where}: value {value!r} is not an amount in yuan such as \"100\" or \"0.5\"")
        whole, _, fraction = value.partition(".")
        value_fen = int(whole) * 100 + int(fraction.ljust(2, "0"))
        if value_fen == 0:
            raise ConfigurationError(f"{where}: value must be greater than zero")
        denomination = Denomination(value_fen, kind)
        if denomination in result:
            raise ConfigurationError(f"{where}: {denomination.name} ({denomination.id}) is listed twice")
        result.append(denomination)
    return tuple(result)


class Breakdown(Mapping[str, int]):
    """Immutable count of cash per denomination id, validated against a denomination set.

    Zero counts are dropped, so iteration and `to_json_dict` show only what is
    there; `count(id)` answers 0 for a known denomination that is absent. Counts
    are non-negative unless built with `allow_negative=True` (a till movement
    out), and subtraction never goes below zero except through an explicit
    `minus(other, allow_negative=True)`.
    """

    __slots__ = ("_counts", "_denominations", "_by_id")

    def __init__(self, counts: Mapping[str, int] | None = None,
                 denominations: tuple[Denomination, ...] = DEFAULT_CNY, *, allow_negative: bool = False):
        self._denominations = tuple(denominations)
        self._by_id = {d.id: d for d in self._denominations}
        cleaned: dict[str, int] = {}
        for denom_id, count in (counts or {}).items():
            denomination = self._by_id.get(denom_id) if isinstance(denom_id, str) else None
            if denomination is None:
                raise InvalidDenominationCount(
                    f"unknown denomination {denom_id!r} (known: {', '.join(self._by_id)})")
            if not isinstance(count, int) or isinstance(count, bool):
                raise InvalidDenominationCount(f"the count of {denomination.name} must be a whole number, "
                                               f"not {count!r}")
            if count < 0 and not allow_negative:
                raise InvalidDenominationCount(f"the count of {denomination.name} cannot be negative ({count})")
            if count:
                cleaned[denom_id] = count
        # Keep denomination order (largest first as configured) for display.
        self._counts = {d.id: cleaned[d.id] for d in self.denominations if d.id in cleaned}

    @property
    def denominations(self) -> tuple[Denomination, ...]:
        """The denomination set this breakdown was validated against."""
        return self._denominations

    def __getitem__(self, denom_id: str) -> int:
        return self._counts[denom_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)

    def __hash__(self) -> int:
        return hash(frozenset(self._counts.items()))

    def __repr__(self) -> str:
        return f"Breakdown({self._counts!r})"

    def count(self, denom_id: str) -> int:
        """Count of one denomination, 0 when absent; unknown ids are an error."""
        if denom_id not in self._by_id:
            raise InvalidDenominationCount(f"unknown denomination {denom_id!r}")
        return self._counts.get(denom_id, 0)

    def lines(self) -> Iterator[tuple[Denomination, int]]:
        """(denomination, count) for every non-zero count, in denomination order."""
        for denom_id, count in self._counts.items():
            yield self._by_id[denom_id], count

    def total_fen(self) -> int:
        return sum(d.value_fen * count for d, count in self.lines())

    def is_empty(self) -> bool:
        return not self._counts

    def has_negative(self) -> bool:
        return any(count < 0 for count in self._counts.values())

    def __add__(self, other: Breakdown) -> Breakdown:
        if not isinstance(other, Breakdown):
            return NotImplemented
        summed = dict(self._counts)
        for denom_id, count in other.items():
            summed[denom_id] = summed.get(denom_id, 0) + count
        # Adding signed movements may stay signed; adding two counts of cash never goes negative.
        return Breakdown(summed, self.denominations,
                         allow_negative=self.has_negative() or other.has_negative())

    def __sub__(self, other: Breakdown) -> Breakdown:
        if not isinstance(other, Breakdown):
            return NotImplemented
        return self.minus(other)

    def minus(self, other: Breakdown, allow_negative: bool = False) -> Breakdown:
        """Take `other` out of this breakdown.

        Raises InsufficientTillCash naming the first denomination that would go
        below zero, unless `allow_negative` (a signed difference, e.g. counted
        minus expected at till close).
        """
        result = dict(self._counts)
        for denom_id, count in other.items():
            if denom_id not in self._by_id:
                raise InvalidDenominationCount(f"unknown denomination {denom_id!r}")
            result[denom_id] = result.get(denom_id, 0) - count
        if not allow_negative:
            for denomination in self.denominations:
                if denomination.id in other and result[denomination.id] < 0:
                    raise InsufficientTillCash(Text("insufficient_till", denomination=denomination.name,
                                                    denomination_id=denomination.id,
                                                    have=self.count(denomination.id), need=other[denomination.id]))
        return Breakdown(result, self.denominations, allow_negative=allow_negative or self.has_negative())

    def to_json_dict(self) -> dict[str, int]:
        """Canonical form for storage and the journal: non-zero counts, ids sorted."""
        return {denom_id: self._counts[denom_id] for denom_id in sorted(self._counts)}

    @classmethod
    def from_json_dict(cls, data: Mapping[str, int], denominations: tuple[Denomination, ...] = DEFAULT_CNY,
                       *, allow_negative: bool = False) -> Breakdown:
        if not isinstance(data, Mapping):
            raise InvalidDenominationCount(f"a breakdown is an object of id -> count, not {type(data).__name__}")
        return cls(data, denominations, allow_negative=allow_negative)


def check_matches(breakdown: Breakdown, amount_fen: int) -> None:
    """Raise BreakdownMismatch unless the counted cash adds up to the amount."""
    total = breakdown.total_fen()
    if total != amount_fen:
        raise BreakdownMismatch(f"denominations add up to {format_amount(total)}, "
                                f"amount is {format_amount(amount_fen)}")
