"""Transaction codes typed at the counter (from resources/transaction_codes.toml)."""
from __future__ import annotations

from dataclasses import dataclass

from teller.domain.errors import ConfigurationError, UnknownTransactionCode
from teller.domain.roles import Role

KNOWN_ACTIONS = {"cash_deposit", "cash_withdrawal"}


@dataclass(frozen=True)
class TransactionCode:
    code: str
    action: str
    direction: str  # credit | debit (the customer's account at the core)
    name_zh: str
    name_en: str
    roles: frozenset[Role]

    def name(self, language: str) -> str:
        return self.name_zh if language.startswith("zh") else self.name_en


class TransactionCatalogue:
    def __init__(self, codes: list[TransactionCode]):
        self._codes = {c.code: c for c in codes}

    @classmethod
    def from_config(cls, items: list[dict]) -> "TransactionCatalogue":
        codes = []
        for item in items:
            try:
                code = TransactionCode(
                    code=str(item["code"]), action=item["action"], direction=item["direction"],
                    name_zh=item["name_zh"], name_en=item["name_en"],
                    roles=frozenset(Role(r) for r in item.get("roles", [])))
            except (KeyError, ValueError) as exc:
                raise ConfigurationError(f"transaction code entry {item!r} is invalid: {exc}") from exc
            if code.action not in KNOWN_ACTIONS or code.direction not in ("credit", "debit"):
                raise ConfigurationError(f"transaction code {code.code}: unknown action or direction")
            codes.append(code)
        return cls(codes)

    def get(self, code: str) -> TransactionCode:
        try:
            return self._codes[code]
        except KeyError:
            raise UnknownTransactionCode(f"Unknown transaction code {code!r}") from None

    def all(self) -> list[TransactionCode]:
        return sorted(self._codes.values(), key=lambda c: c.code)
