"""The form of a non-cash transaction code, built from the code's field list in
resources/transaction_codes.toml (a bank adds a code without writing a screen), and the checks of
what was typed into it (stdlib only)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from teller.domain.errors import InvalidAmount, TellerError
from teller.domain.money import parse_amount, to_fen
from teller.domain.transaction_codes import TransactionCode

NONCASH_ACTIONS = frozenset({"transfer", "debit_voucher", "credit_voucher"})
COMPANY_MARKS = ("公司", "企业", "厂", "CO LTD", "CO., LTD", "LIMITED", "CORP", "LLC")


class FormRefused(TellerError):
    """A field of a non-cash form is missing or wrong; the message names the field."""

    code = "form_refused"

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label_en: str
    label_zh: str
    kind: str  # serial | account | amount | text | image
    required: bool = True

    def label(self, language: str) -> str:
        return self.label_zh if language.startswith("zh") else self.label_en


FIELDS = {
    "voucher_serial": FieldSpec("voucher_serial", "Voucher serial", "凭证号码", "serial"),
    "account": FieldSpec("account", "Account", "账号", "account"),
    "payee_account": FieldSpec("payee_account", "Payee account", "收款人账号", "account"),
    "amount": FieldSpec("amount", "Amount", "金额", "amount"),
    "memo": FieldSpec("memo", "Purpose", "用途", "text", required=False),
    "voucher_image": FieldSpec("voucher_image", "Voucher image", "凭证影像", "image", required=False),
    "seal_card_image": FieldSpec("seal_card_image", "Specimen seal card", "印鉴卡影像", "image", required=False),
}


def form_of(code: TransactionCode) -> list[FieldSpec]:
    """The fields of a code's form, in the order its configuration gives."""
    return [FIELDS[name] for name in code.fields]


@dataclass(frozen=True)
class NoncashForm:
    """What was typed, checked: accounts stripped, the amount in fen."""

    account: str
    amount_fen: int
    payee_account: str | None = None
    memo: str = ""
    voucher_serial: str | None = None


def looks_like_company(holder_name: str) -> bool:
    """A company account (its name says so: the core keeps no account kind): a voucher on it is
    checked against the specimen seal card (验印)."""
    upper = holder_name.upper()
    return any(mark in upper for mark in COMPANY_MARKS)


def check_form(code: TransactionCode, values: dict[str, str]) -> NoncashForm:
    """The typed values of `code`'s form, or FormRefused naming the first field at fault."""
    if code.action not in NONCASH_ACTIONS:
        raise FormRefused(f"Transaction {code.code} ({code.name_en}) is not posted at the non-cash counter.", "code")
    fields = {spec.name: spec for spec in form_of(code)}
    text = {name: str(values.get(name, "") or "").strip() for name in fields if fields[name].kind != "image"}
    for name, spec in fields.items():
        if spec.kind != "image" and spec.required and not text[name]:
            raise FormRefused(f"{spec.label_en} is required.", name)
    for name in ("account", "payee_account"):
        if name in text and not (text[name].isascii() and text[name].isdigit() and 8 <= len(text[name]) <= 32):
            raise FormRefused(f"{fields[name].label_en} {text[name]!r} is not an account number (8 to 32 digits).",
                              name)
    if "payee_account" in text and text["payee_account"] == text.get("account"):
        raise FormRefused("The payee account is the payer's own account.", "payee_account")
    try:
        amount: Decimal = parse_amount(text.get("amount", ""))
    except InvalidAmount as exc:
        raise FormRefused(f"Amount: {exc.message}", "amount") from None
    return NoncashForm(account=text["account"], amount_fen=to_fen(amount), payee_account=text.get("payee_account"),
                       memo=text.get("memo", ""), voucher_serial=text.get("voucher_serial") or None)
