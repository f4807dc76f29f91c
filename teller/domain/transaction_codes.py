"""Transaction codes typed at the counter (from resources/transaction_codes.toml)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from teller.domain.errors import ConfigurationError, UnknownTransactionCode
from teller.domain.roles import Role

KNOWN_ACTIONS = {"cash_deposit", "cash_withdrawal",
                 # the non-cash counter (teller.services.noncash): no till cash moves
                 "transfer", "debit_voucher", "credit_voucher", "voucher_fee",
                 # same-city clearing (teller.services.clearing): no till cash moves
                 "clearing_incoming"}
# Fields a code's form may ask for, in the order its `fields` list gives (the form is built from it).
KNOWN_FIELDS = {"voucher_serial", "account", "payee_account", "amount", "memo", "voucher_image", "seal_card_image"}


@dataclass(frozen=True)
class TransactionCode:
    code: str
    action: str
    direction: str  # credit | debit (the customer's account at the core)
    name_zh: str
    name_en: str
    roles: frozenset[Role]
    fields: tuple[str, ...] = ()  # the form's fields, in order (non-cash codes)
    voucher_type: str | None = None  # consumes the teller's next serial of this blank voucher type
    review_from_fen: int | None = None  # at or above: reviewed (复核) before it goes to the core

    def name(self, language: str) -> str:
        return self.name_zh if language.startswith("zh") else self.name_en

    @property
    def moves_cash(self) -> bool:
        """A cash code (counts for the large-cash rule); the non-cash counter's codes move no cash."""
        return self.action in ("cash_deposit", "cash_withdrawal")


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
                    roles=frozenset(Role(r) for r in item.get("roles", [])),
                    fields=tuple(item.get("fields", ())), voucher_type=item.get("voucher"),
                    review_from_fen=_fen(item["review_from"]) if "review_from" in item else None)
            except (KeyError, ValueError, ArithmeticError) as exc:
                raise ConfigurationError(f"transaction code entry {item!r} is invalid: {exc}") from exc
            if code.action not in KNOWN_ACTIONS or code.direction not in ("credit", "debit"):
                raise ConfigurationError(f"transaction code {code.code}: unknown action or direction")
            if set(code.fields) - KNOWN_FIELDS:
                raise ConfigurationError(f"transaction code {code.code}: unknown fields "
                                         f"{sorted(set(code.fields) - KNOWN_FIELDS)}")
            codes.append(code)
        return cls(codes)

    def get(self, code: str) -> TransactionCode:
        try:
            return self._codes[code]
        except KeyError:
            raise UnknownTransactionCode(f"Unknown transaction code {code!r}") from None

    def all(self) -> list[TransactionCode]:
        return sorted(self._codes.values(), key=lambda c: c.code)


def _fen(text: str) -> int:
    """A TOML amount in yuan as a string ("50000.00"), never a float."""
    amount = Decimal(str(text))
    if not isinstance(text, str) or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"amount {text!r}: a string of yuan with at most two decimals")
    return int(amount * 100)
