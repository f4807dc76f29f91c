"""Test doubles for what cannot run on a build machine, named as such."""
from __future__ import annotations

import keyring.backend


class InMemoryKeyring(keyring.backend.KeyringBackend):
    """TEST DOUBLE for the system keyring (none runs in CI): secrets live in this process's
    memory only and are gone when it exits. Never for production."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.passwords.get((service, username))

    def set_password(self, service, username, password):
        self.passwords[(service, username)] = password

    def delete_password(self, service, username):
        self.passwords.pop((service, username), None)


class InProcessCore:
    """A CoreGateway (teller.ports) in this process over the emulator's own ledger
    (teller.core.ledger), for tests that need a core without HTTP. It answers as the HTTP
    client does (tests/core/test_core_gateway_contract.py holds both to one contract)."""

    def __init__(self, path: str, *, demo: bool = True):
        from teller.core.ledger import Ledger, seed_demo

        self.ledger = Ledger(path)
        if demo:
            seed_demo(self.ledger)

    def close(self) -> None:
        self.ledger.close()

    @staticmethod
    def _account(found):
        from teller.ports import CoreAccount

        return CoreAccount(found.account, found.name, found.balance_fen, found.currency, found.status)

    @staticmethod
    def _posting(found):
        from teller.ports import CorePosting

        return CorePosting(**found.answer(), **{k: v for k, v in found.lookup().items() if k not in found.answer()})

    def _call(self, what: str, fn):
        from teller.core.ledger import KeyConflict
        from teller.sync.core_client import IdempotencyConflict

        try:
            return fn()
        except KeyConflict:
            raise IdempotencyConflict(f"{what}: the key was already used for a different posting") from None

    def get_account(self, account: str):
        from teller.domain.masking import mask_number
        from teller.sync.core_client import UnknownAccount

        found = self.ledger.get_account(account)
        if found is None:
            raise UnknownAccount(f"account {mask_number(account)} is not known to the core")
        return self._account(found)

    def account_for_card(self, pan: str):
        from teller.domain.masking import mask_number
        from teller.sync.core_client import UnknownAccount

        found = self.ledger.account_for_card(pan)
        if found is None:
            raise UnknownAccount(f"card {mask_number(pan)} is not known to the core")
        return self._account(found)

    def post(self, *, key: str, account: str, direction: str, amount_fen: int, tx_code: str,
             workstation: str, teller: str):
        if type(amount_fen) is not int:
            raise TypeError("amount_fen must be an int (fen), never float")
        return self._posting(self._call(f"posting {key}", lambda: self.ledger.post(
            key, account, direction, amount_fen, tx_code, workstation, teller)))

    def get_posting(self, key: str):
        found = self.ledger.get_posting(key)
        return self._posting(found) if found is not None else None

    def reverse(self, key: str, original: dict | None = None):
        found = self._call(f"reversal of {key}", lambda: self.ledger.reverse(key, original))
        return self._posting(found) if found is not None else None

    # -- admin helpers, as HttpCoreGateway has them ---------------------------------------
    def create_account(self, account: str, name: str, balance_fen: int, currency: str = "CNY",
                       status: str = "active"):
        return self._account(self.ledger.create_account(account, name, balance_fen, currency, status))


class BusinessHoursClock:
    """A clock for tests whose processes must agree on the time without a ManualClock to share
    (a child process killed mid-burst and its restart): 2026-11-23 between 10:00 and 11:00 +08:00,
    the minutes and seconds of the machine's current hour. So the business date and the business
    hours never depend on when the test runs, and time still passes within a run."""

    def now(self):
        import datetime as dt
        import time

        start = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
        return start + dt.timedelta(seconds=time.time() % 3600)
