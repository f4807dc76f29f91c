"""The forms the golden byte streams were made from, shared by the ESC/P and contract tests.

Golden files are written only when TELLER_UPDATE_GOLDEN=1, and then reviewed by hand
against protocols.md section 6 before they are committed."""
from __future__ import annotations

import os
from pathlib import Path

from printing.forms import passbook_fields
from teller.ports import FormJob

GOLDEN = Path(__file__).with_name("golden")

DEPOSIT = FormJob("deposit_slip", {
    "date": "2026-11-23", "journal_seq": "WS01-000482", "account": "6222020200114821",
    "account_name": "李四 Li Si", "amount": "1,409.50", "currency": "人民币 CNY",
    "amount_words": "人民币壹仟肆佰零玖元伍角", "remark": "现金存款", "tx_code": "1001",
    "teller": "T0107", "workstation": "WS-PD-03"}, "deposit-WS01-000482")

WITHDRAWAL = FormJob("withdrawal_slip", {
    "date": "2026-11-23", "journal_seq": "WS01-000483", "account": "6222020200114821",
    "account_name": "王小明", "amount": "98,765,432.10", "currency": "CNY",
    "amount_words": "人民币玖仟捌佰柒拾陆万伍仟肆佰叁拾贰元壹角", "id_type": "身份证",
    "id_number": "110101********1234", "tx_code": "1002", "teller": "T0107",
    "workstation": "WS-PD-03"}, "withdrawal-WS01-000483")

# lines 9-12: two above the fold, two below it; empty amount columns; condensed teller
PASSBOOK_START = 9
PASSBOOK_LINES = [
    {"date": "20261121", "code": "存现", "amount_in": "1,000.00", "balance": "1,000.00", "teller": "T0107"},
    {"date": "20261122", "code": "取现", "amount_out": "200.00", "balance": "800.00", "teller": "T0107"},
    {"date": "20261123", "code": "存现", "amount_in": "12,345.67", "balance": "13,145.67", "teller": "T0212"},
    {"date": "20261124", "code": "结息", "amount_in": "3.21", "balance": "13,148.88", "teller": "SYS"},
]
PASSBOOK = FormJob("passbook", passbook_fields(PASSBOOK_LINES, PASSBOOK_START), "passbook-PB001-p1-l9")

JOBS = {"deposit_slip": DEPOSIT, "withdrawal_slip": WITHDRAWAL, "passbook": PASSBOOK}


def golden(name: str) -> bytes:
    return (GOLDEN / f"{name}.bin").read_bytes()


def golden_or_update(name: str, produced: bytes) -> bytes:
    """The reviewed golden stream; with TELLER_UPDATE_GOLDEN=1 first replaced by `produced`."""
    if os.environ.get("TELLER_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        (GOLDEN / f"{name}.bin").write_bytes(produced)
    return golden(name)
