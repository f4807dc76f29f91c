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
