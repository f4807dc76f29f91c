"""End-of-day statements of the emulator (a real process) as camt.053.001.08 and CSV: each
entry carries our key, booking date, amount, credit/debit and the reversal indicator, and
opening + entries = closing."""
from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ET
from decimal import Decimal

import httpx
import pytest

from teller.core.ledger import CORE_TZ

NS = {"c": "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"}
ACCT = "44010001000000025"  # 王芳, 86,432.15 at the start


def _post(http, account, direction, amount):
    key = f"WS01-{uuid.uuid4().hex[:12]}"
    answer = http.post("/postings", json={"key": key, "account": account, "direction": direction,
                                          "amount_fen": amount, "tx_code": "1001" if direction == "credit" else "1002",
                                          "workstation": "WS01", "teller": "T001"})
    assert answer.status_code == 200 and answer.json()["status"] == "approved"
    return key


@pytest.fixture
def day(core):
    with httpx.Client(base_url=core.url, timeout=10) as http:
        now = dt.datetime.fromisoformat(http.get("/clock").json()["now"]).astimezone(CORE_TZ)
        keys = {"deposit": _post(http, ACCT, "credit", 500_00),
                "withdrawal": _post(http, ACCT, "debit", 120_50),
                "reversed": _post(http, ACCT, "credit", 7_00)}
        assert http.post(f"/postings/{keys['reversed']}/reversal").status_code == 200
        _post(http, "44010001000000017", "credit", 1_00)
        yield http, now.date().isoformat(), keys


def test_camt053_statement_carries_our_keys_and_balances(day):
    http, date, keys = day
    answer = http.get(f"/statements/{date}", params={"format": "camt053"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(answer.content)
    statements = root.findall("c:BkToCstmrStmt/c:Stmt", NS)
    by_account = {s.findtext("c:Acct/c:Id/c:Othr/c:Id", namespaces=NS): s for s in statements}
    assert set(by_account) == {ACCT, "44010001000000017"}
    stmt = by_account[ACCT]
    balances = {b.findtext("c:Tp/c:CdOrPrtry/c:Cd", namespaces=NS): b for b in stmt.findall("c:Bal", NS)}
    opening = Decimal(balances["OPBD"].findtext("c:Amt", namespaces=NS))
    closing = Decimal(balances["CLBD"].findtext("c:Amt", namespaces=NS))
    assert opening == Decimal("86432.15") and closing == Decimal("86811.65")  # +500 -120.50 +7 -7
    entries = [(e.findtext("c:NtryDtls/c:TxDtls/c:Refs/c:EndToEndId", namespaces=NS),
                e.findtext("c:Amt", namespaces=NS), e.findtext("c:CdtDbtInd", namespaces=NS),
                e.findtext("c:RvslInd", namespaces=NS), e.findtext("c:BookgDt/c:Dt", namespaces=NS),
                e.findtext("c:Sts/c:Cd", namespaces=NS), bool(e.findtext("c:AcctSvcrRef", namespaces=NS)))
               for e in stmt.findall("c:Ntry", NS)]
    assert entries == [(keys["deposit"], "500.00", "CRDT", "false", date, "BOOK", True),
                       (keys["withdrawal"], "120.50", "DBIT", "false", date, "BOOK", True),
                       (keys["reversed"], "7.00", "CRDT", "false", date, "BOOK", True),
                       (keys["reversed"], "7.00", "DBIT", "true", date, "BOOK", True)]
    assert stmt.findtext("c:TxsSummry/c:TtlNtries/c:NbOfNtries", namespaces=NS) == "4"


def test_csv_statement_is_the_same(day):
    http, date, keys = day
    answer = http.get(f"/statements/{date}", params={"format": "csv", "account": "44010001000000058"})
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    mine = [r for r in rows if r["account"] == ACCT]
    assert [(r["end_to_end_id"], r["amount"], r["credit_debit"], r["reversal"]) for r in mine] == [
        (keys["deposit"], "500.00", "CRDT", "false"), (keys["withdrawal"], "120.50", "DBIT", "false"),
        (keys["reversed"], "7.00", "CRDT", "false"), (keys["reversed"], "7.00", "DBIT", "true")]
    assert {(r["opening_balance"], r["closing_balance"]) for r in mine} == {("86432.15", "86811.65")}
    quiet = [r for r in rows if r["account"] == "44010001000000058"]  # asked for, no bookings
    assert len(quiet) == 1 and quiet[0]["end_to_end_id"] == "" and quiet[0]["opening_balance"] == "100.00"


def test_a_day_without_bookings_and_a_bad_date(day):
    http, _, _ = day
    empty = ET.fromstring(http.get("/statements/2001-01-01").content)
    assert empty.findall("c:BkToCstmrStmt/c:Stmt", NS) == []
    assert http.get("/statements/yesterday").status_code == 400
    assert http.get("/statements/2026-11-23", params={"format": "pdf"}).status_code == 400


def test_teller_admin_core_statement(day, core, tmp_path, teller_home):
    _, date, keys = day
    out = tmp_path / "eod.xml"
    done = subprocess.run([sys.executable, "-m", "teller.cli", "core", "statement", "--date", date,
                           "--core-url", core.url, "--out", str(out)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert keys["deposit"].encode() in out.read_bytes()
    as_csv = subprocess.run([sys.executable, "-m", "teller.cli", "core", "statement", "--date", date,
                             "--core-url", core.url, "--format", "csv"], capture_output=True, text=True, timeout=60)
    assert as_csv.returncode == 0 and keys["withdrawal"] in as_csv.stdout
