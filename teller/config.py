"""Configuration: embedded defaults (resources/*.toml) overridden by $TELLER_HOME/config.toml.

Paths come from platformdirs unless TELLER_HOME is set (tests, training, several
workstations on one machine).
"""
from __future__ import annotations

import os
import tomllib
from datetime import time as dt_time
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources as importlib_resources
from pathlib import Path

import platformdirs

from teller.domain.denominations import Denomination, denominations_from_config
from teller.domain.errors import ConfigurationError
from teller.domain.lobby import ServiceCatalogue
from teller.domain.transaction_codes import TransactionCatalogue
from teller.store.file_modes import private_dir

APP_NAME = "teller-workstation"


def data_dir() -> Path:
    home = os.environ.get("TELLER_HOME")
    path = Path(home) if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    private_dir(path)  # owner-only: the stores and the keyring file live here
    return path


def _read_resource(name: str) -> dict:
    text = importlib_resources.files("resources").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


@dataclass(frozen=True)
class Settings:
    raw: dict
    home: Path
    denominations: tuple[Denomination, ...]
    catalogue: TransactionCatalogue

    @property
    def workstation_id(self) -> str:
        return self.raw["workstation"]["id"]

    @property
    def branch(self) -> dict:
        return self.raw["branch"]

    @property
    def language(self) -> str:
        return self.raw["workstation"]["language"]

    @property
    def idle_lock_seconds(self) -> float:
        return float(self.raw["workstation"]["idle_lock_minutes"]) * 60

    @property
    def sign_in_recheck_seconds(self) -> float:
        return float(self.raw["workstation"]["sign_in_recheck_seconds"])

    def is_after_hours(self, moment) -> bool:
        """Outside the branch's business hours ([branch] business_hours = "HH:MM-HH:MM", local time)."""
        start, end = (dt_time.fromisoformat(part.strip()) for part in self.branch["business_hours"].split("-"))
        local = moment.timetz().replace(tzinfo=None)
        return not (start <= local < end)

    @property
    def auth_request_expiry_seconds(self) -> float:
        return float(self.raw["authorisation"]["request_expiry_seconds"])

    @property
    def auth_approval_valid_minutes(self) -> float:
        return float(self.raw["authorisation"].get("approval_valid_minutes", 10))

    @property
    def max_pin_attempts(self) -> int:
        return int(self.raw["security"]["max_pin_attempts"])

    @property
    def holding_limit_fen(self) -> int:
        return self._amount_fen("till", "holding_limit")

    def _amount_fen(self, section: str, key: str) -> int:
        try:
            return int(Decimal(str(self.raw[section][key])).quantize(Decimal("0.01")) * 100)
        except InvalidOperation as exc:
            raise ConfigurationError(f"{section}.{key} must be an amount like \"2000.00\"") from exc

    @property
    def offline_withdrawal_limit_fen(self) -> int:
        return self._amount_fen("offline", "withdrawal_limit")

    @property
    def offline_withdrawal_daily_limit_fen(self) -> int:
        return self._amount_fen("offline", "withdrawal_daily_limit")

    @property
    def workstation_store_url(self) -> str:
        return f"sqlite:///{self.home / ('workstation-' + self.workstation_id + '.sqlite')}"

    @property
    def branch_store_url(self) -> str:
        return self.raw["branch"].get("store_url") or f"sqlite:///{self.home / 'branch.sqlite'}"

    @property
    def core(self) -> dict:
        return self.raw["core"]

    @property
    def secrets(self) -> dict:
        return self.raw["secrets"]


def load_lobby_services() -> ServiceCatalogue:
    """The lobby's service types and ticket series (resources/lobby.toml)."""
    return ServiceCatalogue.from_config(_read_resource("lobby.toml").get("service", []))


def load_settings(home: Path | None = None, overrides: dict | None = None) -> Settings:
    home = home or data_dir()
    private_dir(home)
    raw = _read_resource("defaults.toml")
    user_file = home / "config.toml"
    if user_file.exists():
        try:
            raw = _merge(raw, tomllib.loads(user_file.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigurationError(f"{user_file}: {exc}") from exc
    if overrides:
        raw = _merge(raw, overrides)
    codes = _read_resource("transaction_codes.toml").get("code", [])
    return Settings(raw=raw, home=home,
                    denominations=denominations_from_config(raw["till"]["denominations"]),
                    catalogue=TransactionCatalogue.from_config(codes))
