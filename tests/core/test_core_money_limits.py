"""Issue 14 item 2: the emulator (a real process) keeps money as integers that cannot overflow
silently, refuses amounts above the maximum with 400, and answers hostile JSON with 400."""
from __future__ import annotations

import itertools
import uuid

import httpx
import pytest

from teller.core.ledger import MAX_AMOUNT_FEN, MAX_BALANCE_FEN
from teller.core.process import start_core_process

_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def core(tmp_path_factory):
    with start_core_process(tmp_path_factory.mktemp("core") / "core.sqlite",
                            extra_args=("--demo",)) as proc:
        yield proc


@pytest.fixture(scope="module")
def http(core):
    with httpx.Client(base_url=core.url, timeout=10) as client:
        yield client


@pytest.fixture
def acct(http):
    number = f"4401000800{next(_numbers):07d}"
    assert http.post("/accounts", json={"account": number, "name": "测试", "balance_fen": 100_000}
                     ).status_code == 201
    return number


def posting(account, amount, direction="credit", key=None):
    return {"key": key or f"WS01-{uuid.uuid4().hex}", "account": account, "direction": direction,
            "amount_fen": amount, "tx_code": "1001", "workstation": "WS01", "teller": "T001"}


def balance(http, account):
    value = http.get(f"/accounts/{account}").json()["balance_fen"]
    assert type(value) is int
    return value


def test_maximum_is_999_999_999_999_99():
    assert MAX_AMOUNT_FEN == 99_999_999_999_999


@pytest.mark.parametrize("amount", [2**63 - 1, 10**15, MAX_AMOUNT_FEN + 1, 2**64, -(2**63)])
def test_amount_above_maximum_is_refused_with_400_and_nothing_moves(http, acct, amount):
    body = posting(acct, amount)
    answer = http.post("/postings", json=body)
    assert answer.status_code == 400, answer.text
    assert "maximum" in answer.json()["error"]
    assert balance(http, acct) == 100_000
    assert http.get(f"/postings/{body['key']}").status_code == 404  # the key stays free


def test_int64_max_no_longer_turns_the_balance_into_a_float(http, acct):
    """The reproduction of the issue: 9223372036854775807 fen was approved and the balance
    became 9.224e18; later credits added nothing."""
    assert http.post("/postings", json=posting(acct, 2**63 - 1)).status_code == 400
    ok = http.post("/postings", json=posting(acct, 1))
    assert ok.status_code == 200 and ok.json()["status"] == "approved"
    assert ok.json()["balance_fen"] == 100_001
    assert balance(http, acct) == 100_001


def test_the_maximum_itself_is_accepted_exactly(http, acct):
    answer = http.post("/postings", json=posting(acct, MAX_AMOUNT_FEN))
    assert answer.status_code == 200 and answer.json()["status"] == "approved"
    assert balance(http, acct) == 100_000 + MAX_AMOUNT_FEN
    http.post("/postings", json=posting(acct, MAX_AMOUNT_FEN, "debit"))
    assert balance(http, acct) == 100_000


def test_balance_never_leaves_the_integer_range(http):
    number = f"4401000800{next(_numbers):07d}"
    near = MAX_BALANCE_FEN - 5
    assert http.post("/accounts", json={"account": number, "name": "满", "balance_fen": near}
                     ).status_code == 201
    answer = http.post("/postings", json=posting(number, 10))
    assert answer.status_code == 200
    assert (answer.json()["status"], answer.json()["reason"]) == ("rejected", "balance_limit")
    assert balance(http, number) == near
    too_big = http.post("/accounts", json={"account": number + "1", "name": "x",
                                           "balance_fen": 2**63})
    assert too_big.status_code == 400


def test_a_float_amount_is_refused(http, acct):
    raw = ('{"key": "k-float-%s", "account": "%s", "direction": "credit", "amount_fen": 1e3,'
           ' "tx_code": "1001", "workstation": "WS01", "teller": "T001"}' % (uuid.uuid4().hex, acct))
    answer = http.post("/postings", content=raw, headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    assert balance(http, acct) == 100_000


def _raw_post(http, path, raw: bytes):
    return http.post(path, content=raw, headers={"Content-Type": "application/json"})


def test_lone_surrogate_answers_400(http, acct):
    raw = ('{"key": "k-\\ud800", "account": "%s", "direction": "credit", "amount_fen": 100,'
           ' "tx_code": "1001", "workstation": "WS01", "teller": "T001"}' % acct).encode()
    answer = _raw_post(http, "/postings", raw)
    assert answer.status_code == 400, answer.text
    assert "surrogate" in answer.json()["error"]
    name = _raw_post(http, "/accounts", b'{"account": "44019", "name": "\\udfff"}')
    assert name.status_code == 400
    assert balance(http, acct) == 100_000


def test_5000_digit_number_answers_400(http, acct):
    raw = ('{"key": "k-digits", "account": "%s", "direction": "credit", "amount_fen": %s,'
           ' "tx_code": "1001", "workstation": "WS01", "teller": "T001"}' % (acct, "9" * 5000))
    answer = _raw_post(http, "/postings", raw.encode())
    assert answer.status_code == 400, answer.text
    assert balance(http, acct) == 100_000


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{\"a\":", "}")])
def test_100k_nested_brackets_answer_400(http, opening, closing):
    raw = (opening * 100_000 + "1" + closing * 100_000).encode()
    answer = _raw_post(http, "/postings", raw)
    assert answer.status_code == 400, answer.text


def test_unbalanced_100k_brackets_and_oversized_bodies_answer_400(core, http):
    assert _raw_post(http, "/postings", b"[" * 100_000).status_code == 400
    assert _raw_post(http, "/accounts", b" " * (2 << 20)).status_code == 400
    assert http.get("/health").status_code == 200  # still serving


def test_configured_lower_maximum(tmp_path):
    with start_core_process(tmp_path / "c.sqlite", extra_args=("--demo", "--max-amount-fen", "500_00")
                            ) as proc, httpx.Client(base_url=proc.url) as http:
        over = http.post("/postings", json=posting("44010001000000017", 500_01))
        assert over.status_code == 400
        at = http.post("/postings", json=posting("44010001000000017", 500_00))
        assert at.json()["status"] == "approved"
