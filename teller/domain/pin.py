"""PIN hashing with scrypt (a slow, memory-hard KDF); a PIN is never stored or logged in clear."""
from __future__ import annotations

import hashlib
import hmac
import os
import re

# 2**14 * 8 * 128 bytes = 16 MiB and ~50 ms per check: slow enough to make a stolen
# store expensive to brute-force, fast enough for a sign-in.
_N, _R, _P = 2**14, 8, 1
_PIN_FORMAT = re.compile(r"^\d{6}$")


def is_valid_pin_format(pin: str) -> bool:
    """Branch PINs are six digits."""
    return bool(_PIN_FORMAT.match(pin))


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r), p=int(p),
                            dklen=len(digest_hex) // 2)
    return hmac.compare_digest(digest.hex(), digest_hex)
