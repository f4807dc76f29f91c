"""The journal entry's canonical form, chain hash and MAC (design.md, "The journal").

hash = SHA-256(prev_hash ‖ canonical bytes); mac = HMAC-SHA256(key, hash).
The canonical bytes are sorted-key JSON of every field except hash and mac, amounts
as integer fen, so any change to a stored field, a removal or a reordering breaks
the chain at that entry.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass, field

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class EntryFields:
    workstation_id: str
    seq: int
    business_date: str  # ISO date
    recorded_at: str  # ISO datetime with offset
    teller_id: str
    kind: str
    tx_code: str | None = None
    account: str | None = None
    amount_fen: int | None = None
    refers_to: int | None = None
    payload: dict = field(default_factory=dict)


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_bytes(fields: EntryFields) -> bytes:
    if fields.amount_fen is not None and not isinstance(fields.amount_fen, int):
        raise TypeError("journal amounts are integer fen")
    return canonical_json(asdict(fields)).encode("utf-8")


def chain_hash(prev_hash: str, fields: EntryFields) -> str:
    return hashlib.sha256(bytes.fromhex(prev_hash) + canonical_bytes(fields)).hexdigest()


def entry_mac(key: bytes, entry_hash: str) -> str:
    return hmac.new(key, bytes.fromhex(entry_hash), hashlib.sha256).hexdigest()
