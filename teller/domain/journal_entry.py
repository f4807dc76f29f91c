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
from dataclasses import dataclass, field

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


_ENCODE = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode
_ENCODE_STR = json.encoder.encode_basestring  # what _ENCODE does for a str (ensure_ascii=False)


def _scalar(value) -> str:
    """_ENCODE(value) for the entry's own fields (str, int or None), without the encoder's set-up."""
    if value is None:
        return "null"
    if type(value) is str:
        return _ENCODE_STR(value)
    if type(value) is int:
        return int.__repr__(value)
    return _ENCODE(value)


def canonical_json(value) -> str:
    return _ENCODE(value)


def canonical_bytes(fields: EntryFields) -> bytes:
    if fields.amount_fen is not None and not isinstance(fields.amount_fen, int):
        raise TypeError("journal amounts are integer fen")
    return canonical_entry_bytes(fields.workstation_id, fields.seq, fields.business_date, fields.recorded_at,
                                 fields.teller_id, fields.kind, fields.tx_code, fields.account, fields.amount_fen,
                                 fields.refers_to, canonical_json(fields.payload))


def canonical_entry_bytes(workstation_id: str, seq: int, business_date: str, recorded_at: str, teller_id: str,
                          kind: str, tx_code: str | None, account: str | None, amount_fen: int | None,
                          refers_to: int | None, payload_json: str) -> bytes:
    """The canonical bytes of an entry whose payload is already canonical JSON: the sorted-key
    JSON of every field, written out in key order (account, amount_fen, business_date, kind,
    payload, recorded_at, refers_to, seq, teller_id, tx_code, workstation_id) — byte for byte
    what json.dumps(sort_keys=True) of the whole entry gives, without copying the payload."""
    enc = _scalar
    return (f'{{"account":{enc(account)},"amount_fen":{enc(amount_fen)},"business_date":{enc(business_date)},'
            f'"kind":{enc(kind)},"payload":{payload_json},"recorded_at":{enc(recorded_at)},'
            f'"refers_to":{enc(refers_to)},"seq":{enc(seq)},"teller_id":{enc(teller_id)},'
            f'"tx_code":{enc(tx_code)},"workstation_id":{enc(workstation_id)}}}').encode("utf-8")


def chain_hash(prev_hash: str, fields: EntryFields) -> str:
    return hashlib.sha256(bytes.fromhex(prev_hash) + canonical_bytes(fields)).hexdigest()


def entry_mac(key: bytes, entry_hash: str) -> str:
    return hmac.digest(key, bytes.fromhex(entry_hash), "sha256").hex()  # = hmac.new(...).hexdigest(), one call
