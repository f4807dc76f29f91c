"""One contract for every CoreGateway (teller.ports), in the style of the device contract suites:
run against the HTTP client talking to the emulator as a real process, and against the in-process
double (tests/doubles.py InProcessCore). The outbox relies on each point here."""
from __future__ import annotations

import inspect
import itertools
import uuid

import pytest

from teller.domain.errors import CoreRejected
from teller.ports import CoreAccount, CoreGateway, CorePosting
from teller.sync.core_client import HttpCoreGateway, IdempotencyConflict
from tests.doubles import InProcessCore

_numbers = itertools.count(1)
PORT_METHODS = ("get_account", "account_for_card", "post", "get_posting", "reverse")


@pytest.fixture(params=["http", "in_process"])
def gateway(request, tmp_path):
    if request.param == "http":
        core = request.getfixturevalue("core")  # the emulator as its own process
        with HttpCoreGateway(core.url) as gw:
            yield gw
    else:
        gw = InProcessCore(str(tmp_path / "core.sqlite"))
        yield gw
        gw.close()


@pytest.fixture
def account(gateway):
    number = f"4401000800{next(_numbers):07d}"
    gateway.create_account(number, "契约 CONTRACT", 100_000)
    return number


def original(account, direction="credit", amount=10_000):
    return {"account": account, "direction": direction, "amount_fen": amount, "tx_code": "1001",
            "workstation": "WS01", "teller": "T001"}


def post(gw, key, account, direction="credit", amount=10_000):
    return gw.post(key=key, **original(account, direction, amount))


def new_key() -> str:
    return f"WS01-{uuid.uuid4().hex}"


@pytest.mark.parametrize("implementation", [HttpCoreGateway, InProcessCore])
def test_implementation_has_the_ports_signatures(implementation):
    """The port and each implementation take the same parameters (reverse(key, original) included)."""
    for name in PORT_METHODS:
        port = inspect.signature(getattr(CoreGateway, name))
        ours = inspect.signature(getattr(implementation, name))
        assert list(ours.parameters) == list(port.parameters), name
        assert [p.kind for p in ours.parameters.values()] == [p.kind for p in port.parameters.values()], name
        assert [p.default for p in ours.parameters.values()] == [p.default for p in port.parameters.values()], name


def test_account_lookup(gateway, account):
    found = gateway.get_account(account)
    assert isinstance(found, CoreAccount)
    assert (found.account, found.balance_fen, found.status) == (account, 100_000, "active")
    assert type(found.balance_fen) is int
    with pytest.raises(CoreRejected):
        gateway.get_account("4401999999999999999")


def test_post_is_idempotent_by_key_and_says_what_is_under_it(gateway, account):
    key = new_key()
    first = post(gateway, key, account)
    again = post(gateway, key, account)
    assert isinstance(first, CorePosting) and first.status == "approved" and first.balance_fen == 110_000
    assert (again.status, again.balance_fen, again.core_ref) == (first.status, first.balance_fen, first.core_ref)
    assert gateway.get_account(account).balance_fen == 110_000  # posted once
    asked = gateway.get_posting(key)
    assert asked.says_what_is_under_the_key and asked.differences(**original(account)) == []
    assert asked.differences(**original(account, amount=10_001)) == [
        "amount 100.00 at the core, 100.01 here"]
    assert gateway.get_posting(new_key()) is None


def test_a_key_reused_for_another_posting_is_refused(gateway, account):
    key = new_key()
    post(gateway, key, account)
    with pytest.raises(IdempotencyConflict):
        post(gateway, key, account, amount=20_000)
    with pytest.raises(IdempotencyConflict):  # a reversal naming another posting undoes nothing
        gateway.reverse(key, original(account, amount=20_000))
    assert gateway.get_account(account).balance_fen == 110_000


def test_rejection_carries_the_reason_and_moves_nothing(gateway, account):
    answer = post(gateway, new_key(), account, direction="debit", amount=100_001)
    assert (answer.status, answer.reason) == ("rejected", "insufficient_funds")
    assert gateway.get_account(account).balance_fen == 100_000


def test_reversal_by_key_undoes_once_and_tombstones_an_unknown_key(gateway, account):
    key = new_key()
    post(gateway, key, account, direction="debit", amount=30_000)
    reversed_ = gateway.reverse(key, original(account, direction="debit", amount=30_000))
    assert reversed_.status == "reversed" and gateway.get_account(account).balance_fen == 100_000
    assert gateway.reverse(key, original(account, direction="debit", amount=30_000)).status == "reversed"
    assert gateway.get_account(account).balance_fen == 100_000  # not undone twice
    never_arrived = new_key()
    assert gateway.reverse(never_arrived, original(account)) is None
    late = post(gateway, never_arrived, account)  # the unanswered request arriving after the reversal
    assert late.status == "rejected" and gateway.get_account(account).balance_fen == 100_000
