"""The SecretStore port over keyring: the system keyring, or an explicitly configured
encrypted file (keyrings.cryptfile) on machines without one. Never a silent plaintext fallback."""
from __future__ import annotations

import os
from pathlib import Path

import keyring
import keyring.errors

from teller.domain.errors import SecretStoreUnavailable

SERVICE = "teller-workstation"


class KeyringSecretStore:
    def __init__(self, backend: keyring.backend.KeyringBackend | None = None, service: str = SERVICE):
        self._backend = backend
        self._service = service

    def _ring(self):
        return self._backend or keyring.get_keyring()

    def get_secret(self, name: str) -> bytes | None:
        try:
            value = self._ring().get_password(self._service, name)
        except keyring.errors.KeyringError as exc:
            raise _unavailable(exc) from exc
        except ValueError as exc:  # keyrings.cryptfile: the MAC of the file does not verify
            raise _wrong_password() from exc
        return bytes.fromhex(value) if value else None

    def set_secret(self, name: str, value: bytes) -> None:
        try:
            self._ring().set_password(self._service, name, value.hex())
        except keyring.errors.KeyringError as exc:
            raise _unavailable(exc) from exc
        kept_in = getattr(self._backend, "file_path", None)  # the encrypted-file keyring: owner-only
        if kept_in and Path(kept_in).exists():
            Path(kept_in).chmod(0o600)


def _wrong_password() -> SecretStoreUnavailable:
    return SecretStoreUnavailable("The encrypted keyring file cannot be opened: its password (the [secrets] "
                                  "password_env variable, TELLER_KEYRING_PASSWORD by default) is wrong, or the "
                                  "file is damaged.")


def _unavailable(exc: Exception) -> SecretStoreUnavailable:
    return SecretStoreUnavailable(
        f"No usable keyring for the journal key ({exc}). Install a system keyring, or set "
        "[secrets] backend = \"encrypted-file\" in config.toml and export its password variable.")


def encrypted_file_backend(path: Path, password: str):
    from keyrings.cryptfile.cryptfile import CryptFileKeyring

    ring = CryptFileKeyring()
    ring.file_path = str(path)
    ring.keyring_key = password
    return ring


def make_secret_store(secrets_config: dict, home: Path) -> KeyringSecretStore:
    backend = secrets_config.get("backend", "keyring")
    if backend == "keyring":
        return KeyringSecretStore()
    if backend == "encrypted-file":
        env_name = secrets_config.get("password_env", "TELLER_KEYRING_PASSWORD")
        password = os.environ.get(env_name)
        if not password:
            raise SecretStoreUnavailable(
                f"[secrets] backend is encrypted-file but the environment variable {env_name} "
                "holding its password is not set.")
        try:
            return KeyringSecretStore(encrypted_file_backend(home / "secrets.cfg", password))
        except ValueError as exc:  # keyrings.cryptfile checks the password when it is set
            raise _wrong_password() from exc
    raise SecretStoreUnavailable(f"Unknown [secrets] backend {backend!r} (keyring or encrypted-file)")


def journal_mac_key(store: KeyringSecretStore, workstation_id: str) -> bytes:
    """The workstation's journal HMAC key, created on first run."""
    return _key(store, f"journal-mac-{workstation_id}")


def pin_cache_key(store: KeyringSecretStore, workstation_id: str) -> bytes:
    """The key of the workstation's copy of the PIN verifiers (a pepper kept out of its store file),
    created on first run; a copy made under another key simply no longer verifies until refreshed."""
    return _key(store, f"pin-cache-{workstation_id}")


def existing_journal_mac_key(store: KeyringSecretStore, workstation_id: str) -> bytes | None:
    """The journal key if there is one; never creates one (verification only reads)."""
    return store.get_secret(f"journal-mac-{workstation_id}")


def _key(store: KeyringSecretStore, name: str) -> bytes:
    key = store.get_secret(name)
    if key is None:
        key = os.urandom(32)
        store.set_secret(name, key)
    return key
