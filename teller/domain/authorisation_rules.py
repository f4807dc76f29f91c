"""Reading the authorisation rules' TOML: parsing, branch overrides and the validation
primitives; every problem is a ConfigurationError naming the key (teller.domain.authorisation)."""
from __future__ import annotations

import re
import tomllib
from decimal import Decimal

from teller.domain.errors import ConfigurationError
from teller.domain.roles import Role

_AMOUNT = re.compile(r"\d{1,12}(\.\d{1,2})?")


def parse_rules(text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"authorisation rules are not valid TOML: {exc}") from exc


def merge_overrides(base_rules: dict, override_rules: dict) -> dict:
    """Branch overrides over the defaults: tables merge key by key, anything else (a band list)
    is replaced whole, since merging bands position by position would mix two schedules.
    An override may lower the large-cash threshold, never raise it: it is the central bank's rule."""
    def merge(base, override):
        merged = dict(base)
        for key, value in override.items():
            both = isinstance(value, dict) and isinstance(merged.get(key), dict)
            merged[key] = merge(merged[key], value) if both else value
        return merged
    merged = merge(base_rules, override_rules)
    base_cash = _table(base_rules.get("limits", {}), "limits").get("large_cash")
    new_cash = _table(merged.get("limits", {}), "limits").get("large_cash")
    if base_cash is not None and _amount(new_cash, "limits.large_cash") > _amount(base_cash, "limits.large_cash"):
        _fail("limits.large_cash", f"a branch may not raise the large-cash threshold above {base_cash}")
    return merged


def _fail(key: str, problem: str):
    raise ConfigurationError(f"authorisation rules: {key}: {problem}")


def _table(value, key) -> dict:
    if not isinstance(value, dict):
        _fail(key, "missing" if value is None else "must be a table")
    return value


def _keys(table: dict, key: str, allowed: set[str]) -> None:
    for name in sorted(set(table) - allowed):
        _fail(f"{key}.{name}" if key else name, f"unknown key (known: {', '.join(sorted(allowed))})")


def _amount(value, key) -> int:
    # strings only: a TOML float would be binary, an int would leave yuan or fen unclear
    if not isinstance(value, str) or not _AMOUNT.fullmatch(value):
        _fail(key, f"bad amount {value!r}: write it as a string like \"50000.00\"")
    return int(Decimal(value) * 100)


def _bool(value, key) -> bool:
    if not isinstance(value, bool):
        _fail(key, f"must be true or false, not {value!r}")
    return value


def _int_key(key: str, where: str) -> int:
    if not key.isdigit() or int(key) < 1:
        _fail(where, "levels are numbered 1, 2, ...")
    return int(key)


def _roles(value, key) -> frozenset[Role]:
    if not isinstance(value, list):
        _fail(key, "must be a list of roles")
    try:
        return frozenset(Role(v) for v in value)
    except ValueError:
        _fail(key, f"unknown role in {value!r} (known: {', '.join(r.value for r in Role)})")
