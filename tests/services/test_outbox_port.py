"""The outbox depends on the CoreGateway port, not on the HTTP client: the same postings, key
checks and reversals through the in-process double (tests/doubles.py InProcessCore)."""
from decimal import Decimal

import pytest

from teller.domain.denominations import Breakdown
from teller.services.credentials import Credentials
from teller.sync.core_client import KeyReused
from tests.doubles import InProcessCore

TELLER = Credentials("0A1B2C3D01", "111111")
CASH_HEAD = Credentials("0A1B2C3E01", "900001")
RICH = "44010001000000017"


@pytest.fixture
def in_process(tmp_path):
    core = InProcessCore(str(tmp_path / "core.sqlite"))
    yield core
    core.close()


@pytest.fixture
def counter(make_workstation, in_process, tmp_path):
    ws = make_workstation(in_process, f"sqlite:///{tmp_path / 'branch.sqlite'}")
    session = ws.sessions.sign_in(TELLER)
    ws.till.open(session, Breakdown({"N10000": 10}, ws.ctx.settings.denominations), TELLER, CASH_HEAD)
    return ws, session


def note(ws, n=1):
    return Breakdown({"N10000": n}, ws.ctx.settings.denominations)


def test_postings_settle_through_the_port(counter, in_process):
    ws, session = counter
    before = in_process.get_account(RICH).balance_fen
    deposit = ws.cash.post(session, "1001", RICH, Decimal("100"), note(ws))
    withdrawal = ws.cash.post(session, "1002", RICH, Decimal("300"), note(ws, 3))
    assert (deposit.outcome.status, withdrawal.outcome.status) == ("approved", "approved")
    assert in_process.get_account(RICH).balance_fen == before - 200_00
    assert ws.till.position(session).to_json_dict() == {"N10000": 8}


def test_a_key_held_for_another_posting_is_set_aside_through_the_port(counter, in_process):
    ws, session = counter
    with ws.ctx.workstation.reading() as unit:
        next_key = f"WS01-{unit.journal.head('WS01')[0] + 1}"
    in_process.post(key=next_key, account=RICH, direction="credit", amount_fen=1, tx_code="1001",
                    workstation="WS01", teller="T001")  # an old posting under the key this one will get
    with pytest.raises(KeyReused):
        ws.cash.post(session, "1001", RICH, Decimal("100"), note(ws))
    assert [e.key for e in ws.outbox.exceptions()] == [next_key]
    assert ws.till.position(session).to_json_dict() == {"N10000": 10}  # no cash moved
