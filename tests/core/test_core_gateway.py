"""The emulator as a real process, exercised through HttpCoreGateway."""
from __future__ import annotations

import itertools
import socket
import time
import uuid

import httpx
import pytest

from teller.core.process import start_core_process
from teller.domain.errors import CoreUnavailable
from teller.domain.masking import mask_number
from teller.sync.core_client import HttpCoreGateway, IdempotencyConflict, UnknownAccount

_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def core(tmp_path_factory):
    with start_core_process(tmp_path_factory.mktemp("core") / "core.sqlite",
                            extra_args=("--demo",)) as proc:
        yield proc


@pytest.fixture(scope="module")
def gw(core):
    with HttpCoreGateway(core.url) as gateway:
        yield gateway


@pytest.fixture
def acct(gw):
    """A fresh account with 1,000.00 yuan, so tests do not see each other's postings."""
    number = f"4401000900{next(_numbers):07d}"
    gw.create_account(number, "测试 TEST", 100_000)
    return number


def key() -> str:
    return f"WS01-{uuid.uuid4().hex}"


def post(gw, k, account, direction="credit", amount=10_000, teller="T001"):
    return gw.post(key=k, account=account, direction=direction, amount_fen=amount,
                   tx_code="1001", workstation="WS01", teller=teller)


def balance(gw, account):
    return gw.get_account(account).balance_fen


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_health_and_demo_accounts(core, gw):
    assert httpx.get(f"{core.url}/health").json() == {"status": "ok"}
    zhang = gw.get_account("44010001000000017")
    assert zhang.name == "张伟 ZHANG WEI" and zhang.currency == "CNY"
    assert type(zhang.balance_fen) is int and zhang.status == "active"


def test_unknown_account_lookup(gw):
    with pytest.raises(UnknownAccount) as info:
        gw.get_account("44010001999999999")
    assert "44010001999999999" not in str(info.value)
    assert mask_number("44010001999999999") in str(info.value)


def test_credit_and_debit_change_balance(gw, acct):
    c = post(gw, key(), acct, "credit", 25_050)
    assert (c.status, c.reason, c.balance_fen) == ("approved", None, 125_050) and c.core_ref
    d = post(gw, key(), acct, "debit", 125_050)
    assert (d.status, d.balance_fen) == ("approved", 0)
    assert balance(gw, acct) == 0


def test_same_key_twice_is_one_posting(core, gw, acct):
    k = key()
    first = post(gw, k, acct)
    assert post(gw, k, acct) == first
    assert balance(gw, acct) == 110_000
    ledger = httpx.get(f"{core.url}/ledger").json()
    assert [p["key"] for p in ledger].count(k) == 1


def test_same_key_different_payload_conflicts(gw, acct):
    k = key()
    post(gw, k, acct)
    with pytest.raises(IdempotencyConflict):
        post(gw, k, acct, amount=10_001)
    assert balance(gw, acct) == 110_000


@pytest.mark.parametrize("case", ["unknown_account", "insufficient_funds", "frozen_account"])
def test_rejections(gw, acct, case):
    account, direction, amount = acct, "debit", 100
    if case == "unknown_account":
        account = "44010001999999998"
    elif case == "insufficient_funds":
        amount = 100_001
    else:
        gw.set_account_status(acct, "frozen")
    k = key()
    p = post(gw, k, account, direction, amount)
    assert (p.status, p.reason, p.core_ref) == ("rejected", case, None)
    if case == "frozen_account":
        gw.set_account_status(acct, "active")
    assert post(gw, k, account, direction, amount) == p
    assert gw.get_posting(k) == p
    assert balance(gw, acct) == 100_000


def test_get_posting_unknown_is_none(gw):
    assert gw.get_posting(key()) is None


def test_reversal_restores_balance_once(gw, acct):
    k = key()
    post(gw, k, acct, "debit", 40_000)
    assert balance(gw, acct) == 60_000
    r = gw.reverse(k)
    assert (r.key, r.status, r.balance_fen) == (k, "reversed", 100_000)
    assert gw.reverse(k) == r
    assert post(gw, k, acct, "debit", 40_000) == r
    assert gw.get_posting(k) == r
    assert balance(gw, acct) == 100_000


def test_tombstone_then_late_posting_is_rejected(gw, acct):
    k = key()
    assert gw.reverse(k) is None
    assert gw.reverse(k) is None
    p = post(gw, k, acct)
    assert (p.status, p.reason) == ("rejected", "reversed_before_arrival")
    assert balance(gw, acct) == 100_000


def test_keys_with_odd_characters_round_trip(gw, acct):
    k = "WS01/2024-06-01 #7?冲正&x=%2F"
    p = post(gw, k, acct)
    assert p.key == k and gw.get_posting(k) == p
    assert gw.reverse(k).status == "reversed"


def test_malformed_requests_are_400(core, gw, acct):
    r = httpx.post(f"{core.url}/postings", content=b"{not json",
                   headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "error" in r.json()
    r = httpx.post(f"{core.url}/postings", json={"key": key(), "account": acct})
    assert r.status_code == 400 and "missing" in r.json()["error"]
    body = {"key": key(), "account": acct, "direction": "credit", "amount_fen": 100.5,
            "tx_code": "1001", "workstation": "WS01", "teller": "T001"}
    assert httpx.post(f"{core.url}/postings", json=body).status_code == 400
    assert httpx.get(f"{core.url}/accounts/{acct}/nowhere").status_code == 404
    with pytest.raises(TypeError):
        post(gw, key(), acct, amount=100.0)
    assert balance(gw, acct) == 100_000


def test_core_not_running_is_unavailable_quickly():
    port = free_port()
    with HttpCoreGateway(f"http://127.0.0.1:{port}", connect_timeout=1.0) as gw:
        started = time.monotonic()
        with pytest.raises(CoreUnavailable, match="not reachable at http://127.0.0.1"):
            post(gw, key(), "44010001000000017")
        with pytest.raises(CoreUnavailable):
            gw.get_posting(key())
        assert time.monotonic() - started < 1.5


def test_slow_core_times_out_but_posting_applied(tmp_path):
    with start_core_process(tmp_path / "slow.sqlite",
                            extra_args=("--demo", "--delay-ms", "1500")) as slow, \
            HttpCoreGateway(slow.url, read_timeout=0.3) as gw:
        k = key()
        with pytest.raises(CoreUnavailable, match=r"did not answer within 0.3 s"):
            post(gw, k, "44010001000000017", "credit", 1_00)
        p = gw.get_posting(k)
        assert p is not None and p.status == "approved"
        assert balance(gw, "44010001000000017") == 1_250_000_00 + 1_00


def test_dropped_ack_is_unavailable_but_posting_applied(tmp_path):
    with start_core_process(tmp_path / "drop.sqlite",
                            extra_args=("--demo", "--drop-acks")) as drop, \
            HttpCoreGateway(drop.url) as gw:
        k = key()
        with pytest.raises(CoreUnavailable, match="closed the connection"):
            post(gw, k, "44010001000000058", "debit", 50_00)
        p = gw.get_posting(k)
        assert p is not None and (p.status, p.balance_fen) == ("approved", 50_00)
        with pytest.raises(CoreUnavailable):  # the resend is applied once, its ack lost again
            post(gw, k, "44010001000000058", "debit", 50_00)
        assert balance(gw, "44010001000000058") == 50_00


def test_sigterm_stops_cleanly_and_ledger_persists(tmp_path):
    db = tmp_path / "persist.sqlite"
    k = key()
    proc = start_core_process(db, extra_args=("--demo",))
    with HttpCoreGateway(proc.url) as gw:
        post(gw, k, "44010001000000017")
    assert proc.stop() == 0
    with start_core_process(db) as again, HttpCoreGateway(again.url) as gw:
        assert gw.get_posting(k).status == "approved"


@pytest.mark.parametrize("status, body, exc", [
    (503, b'{"error": "maintenance"}', CoreUnavailable),
    (500, b"oops", CoreUnavailable),
    (200, b"<html>", CoreUnavailable),
    (409, b'{"error": "idempotency_conflict"}', IdempotencyConflict),
])
def test_http_answers_map_to_errors(status, body, exc):
    transport = httpx.MockTransport(lambda request: httpx.Response(status, content=body))
    with HttpCoreGateway("http://core.invalid", transport=transport) as gw:
        with pytest.raises(exc):
            post(gw, key(), "44010001000000017")
