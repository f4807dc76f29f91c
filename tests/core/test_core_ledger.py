"""Unit tests of the emulated core ledger on a temporary SQLite file."""
from __future__ import annotations

import threading

import pytest

from teller.core.ledger import (DEMO_ACCOUNTS, AccountExists, InvalidRequest, KeyConflict,
                                Ledger, UnknownAccount, seed_demo)

ACC = "44010001000000999"


@pytest.fixture
def ledger(tmp_path):
    led = Ledger(str(tmp_path / "core.sqlite"))
    led.create_account(ACC, "测试 TEST", 100_000, "CNY")
    yield led
    led.close()


def post(led, key, direction="credit", amount=10_000, account=ACC, teller="T001"):
    return led.post(key, account, direction, amount, "1001", "WS01", teller)


def balance(led, account=ACC):
    return led.get_account(account).balance_fen


def test_sqlite_settings(ledger):
    db = ledger._db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_credit_and_debit_change_balance(ledger):
    p = post(ledger, "k1", "credit", 5_000)
    assert (p.status, p.reason, p.balance_after_fen) == ("approved", None, 105_000)
    assert p.core_ref
    d = post(ledger, "k2", "debit", 105_000)
    assert d.status == "approved" and d.balance_after_fen == 0
    assert balance(ledger) == 0
    assert p.answer() == {"key": "k1", "status": "approved", "reason": None,
                          "balance_fen": 105_000, "core_ref": p.core_ref}


def test_same_key_twice_applies_once(ledger):
    first = post(ledger, "k1")
    again = post(ledger, "k1")
    assert again == first
    assert balance(ledger) == 110_000
    assert len(ledger.ledger_entries()) == 1


def test_same_key_different_payload_conflicts(ledger):
    post(ledger, "k1")
    with pytest.raises(KeyConflict):
        post(ledger, "k1", amount=10_001)
    with pytest.raises(KeyConflict):
        post(ledger, "k1", teller="T002")
    assert balance(ledger) == 110_000


@pytest.mark.parametrize("setup, direction, amount, account, reason", [
    (None, "debit", 100_001, ACC, "insufficient_funds"),
    (None, "credit", 100, "44010001000000000", "unknown_account"),
    ("frozen", "credit", 100, ACC, "frozen_account"),
    ("closed", "debit", 100, ACC, "account_closed"),
    (None, "credit", 0, ACC, "invalid_amount"),
    (None, "debit", -5, ACC, "invalid_amount"),
])
def test_rejections_are_stored_and_repeatable(ledger, setup, direction, amount, account, reason):
    if setup:
        ledger.set_status(ACC, setup)
    p = post(ledger, "r1", direction, amount, account)
    assert (p.status, p.reason, p.core_ref) == ("rejected", reason, None)
    assert post(ledger, "r1", direction, amount, account) == p
    assert ledger.get_posting("r1") == p
    assert balance(ledger) == 100_000
    if setup:  # unfreezing later does not change the stored answer
        ledger.set_status(ACC, "active")
        assert post(ledger, "r1", direction, amount, account).reason == reason


def test_malformed_requests_store_nothing(ledger):
    with pytest.raises(InvalidRequest):
        ledger.post("m1", ACC, "credit", 10.5, "1001", "WS01", "T001")
    with pytest.raises(InvalidRequest):
        ledger.post("m1", ACC, "credit", True, "1001", "WS01", "T001")
    with pytest.raises(InvalidRequest):
        ledger.post("m1", ACC, "sideways", 100, "1001", "WS01", "T001")
    assert ledger.get_posting("m1") is None


def test_get_posting_unknown_is_none(ledger):
    assert ledger.get_posting("nope") is None


@pytest.mark.parametrize("direction, after", [("credit", 100_000), ("debit", 100_000)])
def test_reversal_restores_balance_once(ledger, direction, after):
    post(ledger, "k1", direction, 30_000)
    r = ledger.reverse("k1")
    assert r.status == "reversed" and r.answer()["balance_fen"] == after
    assert balance(ledger) == after
    assert ledger.reverse("k1") == r
    assert balance(ledger) == after
    assert post(ledger, "k1", direction, 30_000) == r  # a late resend changes nothing


def test_reversal_of_credit_may_overdraw(ledger):
    post(ledger, "c1", "credit", 50_000)
    post(ledger, "d1", "debit", 150_000)
    r = ledger.reverse("c1")
    assert r.status == "reversed"
    assert balance(ledger) == -50_000


def test_reversal_before_arrival_tombstones_key(ledger):
    assert ledger.reverse("late") is None
    assert ledger.reverse("late") is None
    p = post(ledger, "late")
    assert (p.status, p.reason) == ("rejected", "reversed_before_arrival")
    assert post(ledger, "late") == p
    assert ledger.reverse("late") is None
    assert balance(ledger) == 100_000


def test_reversal_of_rejection_changes_nothing(ledger):
    p = post(ledger, "r1", "debit", 999_999)
    assert ledger.reverse("r1") == p
    assert balance(ledger) == 100_000


def test_accounts_admin(ledger):
    with pytest.raises(AccountExists):
        ledger.create_account(ACC, "dup", 0)
    with pytest.raises(UnknownAccount):
        ledger.set_status("44010001000000000", "frozen")
    with pytest.raises(InvalidRequest):
        ledger.set_status(ACC, "asleep")
    assert ledger.set_status(ACC, "frozen").status == "frozen"
    assert ledger.get_account("44010001000000000") is None


def test_concurrent_debits_never_overdraw(ledger):
    results = []

    def worker(i):
        results.append(post(ledger, f"c{i}", "debit", 30_000))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(r.status == "approved" for r in results) == 3
    assert balance(ledger) == 10_000


def test_persists_across_reopen(tmp_path):
    path = str(tmp_path / "c.sqlite")
    led = Ledger(path)
    led.create_account(ACC, "x", 0)
    led.post("k", ACC, "credit", 1, "1001", "WS01", "T1")
    led.close()
    led = Ledger(path)
    assert led.get_posting("k").status == "approved" and led.get_account(ACC).balance_fen == 1
    led.close()


def test_seed_demo_is_idempotent(tmp_path):
    led = Ledger(str(tmp_path / "demo.sqlite"))
    accounts = seed_demo(led)
    assert seed_demo(led) == accounts
    assert len(accounts) == len(DEMO_ACCOUNTS) == 6
    assert all(len(a.account) == 17 and a.account.isdigit() for a in accounts)
    assert all(type(a.balance_fen) is int for a in accounts)
    assert any(a.status == "frozen" for a in accounts)
    assert any(a.balance_fen == 100_00 for a in accounts)
    assert accounts[0].name == "张伟 ZHANG WEI"
    led.close()
