"""PIN hashing with scrypt (a slow, memory-hard KDF); a PIN is never stored or logged in clear.

A six-digit PIN has only 10^6 values, so the cost per check is what protects a stolen hash:
COST makes one check take >= 100 ms on the branch's machines (bench/pin_kdf.py measures it;
N=2^14 took 53 ms and a whole PIN space fell in hours on two cores). Hashes carry their own
parameters, so older ones still verify and `needs_rehash` tells the branch to upgrade them
at the next right PIN.

The branch store keeps the verifier (`scrypt$...`). A workstation's copy of it (for sign-in
while the branch is down) is keyed (`scrypt-hmac$...`: HMAC-SHA256 of the scrypt digest under
a key from the workstation's keyring), so a copied workstation file alone cannot be searched
for PINs at all.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ScryptCost:
    n: int
    r: int
    p: int

    @property
    def memory_bytes(self) -> int:  # per lane; the p lanes run one after another
        return 128 * self.n * self.r


# 2**15 * 8 * 128 bytes = 32 MiB per lane, two lanes: ~210 ms per check on a 2-core branch PC.
COST = ScryptCost(2**15, 8, 2)
_PIN_FORMAT = re.compile(r"^\d{6}$")
PLAIN, KEYED = "scrypt", "scrypt-hmac"


def is_valid_pin_format(pin: str) -> bool:
    """Branch PINs are six digits."""
    return bool(_PIN_FORMAT.match(pin))


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=dklen,
                          maxmem=2 * 128 * n * r * p + 2**20)


def hash_pin(pin: str, *, salt: bytes | None = None, cost: ScryptCost | None = None) -> str:
    cost = cost or COST
    salt = salt if salt is not None else os.urandom(16)
    digest = _scrypt(pin, salt, cost.n, cost.r, cost.p, 32)
    return f"{PLAIN}${cost.n}${cost.r}${cost.p}${salt.hex()}${digest.hex()}"


def keyed_verifier(stored: str, key: bytes) -> str:
    """The workstation's copy of a branch verifier: the digest replaced by HMAC(key, digest)."""
    scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
    if scheme != PLAIN:
        raise ValueError(f"not a branch PIN verifier: {scheme}")
    if not key:
        raise ValueError("a keyed verifier needs a key")
    keyed = hmac.new(key, bytes.fromhex(digest_hex), hashlib.sha256).hexdigest()
    return f"{KEYED}${n}${r}${p}${salt_hex}${keyed}"


def verify_pin(pin: str, stored: str, *, key: bytes | None = None) -> bool:
    """True when `pin` matches `stored`: a branch verifier, or with `key` only a keyed copy (a
    workstation never accepts a plain verifier in its copy)."""
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
        n_, r_, p_, salt = int(n), int(r), int(p), bytes.fromhex(salt_hex)
    except ValueError:
        return False
    if scheme == PLAIN and key is None:
        digest = _scrypt(pin, salt, n_, r_, p_, len(digest_hex) // 2).hex()
    elif scheme == KEYED and key:
        digest = hmac.new(key, _scrypt(pin, salt, n_, r_, p_, 32), hashlib.sha256).hexdigest()
    else:
        return False
    return hmac.compare_digest(digest, digest_hex)


def needs_rehash(stored: str, cost: ScryptCost | None = None) -> bool:
    """A branch verifier made with less work than `cost` (COST): hash the PIN again."""
    cost = cost or COST
    try:
        scheme, n, r, p, *_ = stored.split("$")
        return scheme == PLAIN and int(n) * int(r) * int(p) < cost.n * cost.r * cost.p
    except ValueError:
        return False
