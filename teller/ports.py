"""Protocols the services depend on; devices/ and teller.sync implement them."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, ClassVar, Protocol, runtime_checkable


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """Timezone-aware current time."""


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.timezone.utc).astimezone()


class SecretStore(Protocol):
    def get_secret(self, name: str) -> bytes | None: ...

    def set_secret(self, name: str, value: bytes) -> None: ...


@dataclass(frozen=True)
class CoreAccount:
    account: str
    name: str
    balance_fen: int
    currency: str
    status: str  # "active" | "frozen" | "closed"


@dataclass(frozen=True)
class CorePosting:
    """The core's answer for one posting, identified by the caller's idempotency key, and the
    posting behind the key (every answer about a posting carries it; None where a gateway does
    not say, and then the caller cannot trust the answer with its key)."""

    key: str
    status: str  # "approved" | "rejected" | "reversed"
    reason: str | None  # rejection reason code: unknown_account, insufficient_funds, frozen_account, ...
    balance_fen: int | None
    core_ref: str | None
    account: str | None = None
    direction: str | None = None
    amount_fen: int | None = None
    tx_code: str | None = None
    workstation: str | None = None
    teller: str | None = None

    @property
    def says_what_is_under_the_key(self) -> bool:
        return None not in (self.account, self.direction, self.amount_fen, self.tx_code, self.workstation,
                            self.teller)

    def differences(self, *, account: str, direction: str, amount_fen: int, tx_code: str,
                    workstation: str, teller: str) -> list[str]:
        """How the posting at the core differs from the one given ([] when it is the same);
        account numbers masked, amounts in yuan."""
        from teller.domain.masking import mask_number
        from teller.domain.money import format_amount

        if not self.says_what_is_under_the_key:
            return ["the core did not say which posting is under the key"]
        found = []
        if self.account != account:
            found.append(f"account {mask_number(self.account)} at the core, {mask_number(account)} here")
        for name, theirs, ours in (("direction", self.direction, direction), ("transaction code", self.tx_code, tx_code),
                                   ("workstation", self.workstation, workstation),
                                   ("teller", self.teller, teller)):
            if theirs != ours:
                found.append(f"{name} {theirs} at the core, {ours} here")
        if self.amount_fen != amount_fen:
            found.append(f"amount {format_amount(self.amount_fen)} at the core, {format_amount(amount_fen)} here")
        return found


class CoreGateway(Protocol):
    """The core banking system. Raises teller.domain.errors.CoreUnavailable when it cannot be reached
    (or answered something unreadable: the outcome is unknown), and IdempotencyConflict (a
    TellerError) when a key is already used by the core for another posting."""

    def get_account(self, account: str) -> CoreAccount: ...

    def account_for_card(self, pan: str) -> CoreAccount:
        """The account a bank card was issued on; the workstation keeps the account, never the PAN."""

    def post(self, *, key: str, account: str, direction: str, amount_fen: int, tx_code: str,
             workstation: str, teller: str) -> CorePosting: ...

    def get_posting(self, key: str) -> CorePosting | None:
        """The core's answer for the key and the posting behind it; None if the key is unknown."""

    def reverse(self, key: str, original: dict | None = None) -> CorePosting | None:
        """Timeout reversal (冲正) by the original key; None when the core tombstoned the key (the
        original never arrived, and now never will be taken). `original` (account, direction,
        amount_fen, tx_code, workstation, teller) names what is meant: if the key holds another
        posting the core refuses (IdempotencyConflict) and nothing is reversed."""


# -- devices (design.md "Devices"): plugins found through the entry-point group
# `teller.devices`; each class has `kind`, `name`, `is_usable(options)` and `from_options(options)`.

@runtime_checkable
class DevicePlugin(Protocol):
    kind: ClassVar[str]  # "card" | "badge" | "printer"
    name: ClassVar[str]  # e.g. "simulated", "pcsc", "rdm6300", "escp"

    @classmethod
    def is_usable(cls, options: dict) -> tuple[bool, str]:
        """Whether it can work on this machine with these options, and why not."""

    @classmethod
    def from_options(cls, options: dict) -> "DevicePlugin": ...


@dataclass(frozen=True)
class CardRead:
    """What a bank card's chip gave: the PAN is for the core only, never for the journal or logs."""

    pan: str = field(repr=False)
    masked_pan: str
    expiry: str | None  # YYMM
    holder_name: str | None
    aid: str
    label: str | None


@dataclass(frozen=True)
class CardEvent:
    kind: str  # reader_added | reader_removed | inserted | removed | read | error
    reader: str
    card: CardRead | None = None
    message: str = ""


@runtime_checkable
class CardReader(Protocol):
    """Reports readers and cards coming and going and reads each inserted card, calling
    `on_event` from its own thread."""

    def start(self, on_event: Callable[[CardEvent], None]) -> None: ...

    def stop(self) -> None: ...


@runtime_checkable
class BadgeReader(Protocol):
    """Delivers badge UIDs (10 hex characters) to a callback, from any thread; `on_state`
    hears "connected"/"disconnected" with a detail."""

    def start(self, on_badge: Callable[[str], None],
              on_state: Callable[[str, str], None] | None = None) -> None: ...

    def stop(self) -> None: ...


@dataclass(frozen=True)
class FormJob:
    """A form (voucher, passbook page) to print: a layout name and its field values."""

    layout: str
    fields: dict[str, str]
    name: str = ""


@runtime_checkable
class VoucherPrinter(Protocol):
    def print_document(self, name: str, pdf: bytes) -> str:
        """Prints (or previews) a finished PDF document; returns where it went."""

    def print_form(self, job: FormJob) -> str:
        """Prints a form layout filled with fields; returns where it went."""
