"""Masking of account and card numbers for screens, receipts and logs: first 6 and last 4
visible (same length), only the last 4 for short numbers, which would otherwise reveal too much."""
from __future__ import annotations


def mask_number(number: str | None) -> str:
    if not number:
        return ""
    if len(number) <= 4:
        return "*" * len(number)
    head = 6 if len(number) >= 13 else 0
    hidden = len(number) - head - 4
    return number[:head] + "*" * hidden + number[-4:]
