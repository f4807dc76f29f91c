"""A crash between commit and send, a lost acknowledgement, a slow core: nothing is posted
twice, nothing is lost, and the till follows what the core really did. Each fault test ends by
comparing the journal, its branch copy and the core's ledger entry by entry."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from teller.core.ledger import Ledger
from teller.core.process import start_core_process
from teller.domain.denominations import Breakdown
from teller.services.credentials import Credentials
from teller.store.models import OutboxItem
from teller.sync.core_client import HttpCoreGateway
from teller.sync.outbox import OutboxDispatcher
from tests.services.outbox_checks import check_three_ways

TELLER = Credentials("0A1B2C3D01", "111111")
CASH_HEAD = Credentials("0A1B2C3E01", "900001")
RICH = "44010001000000017"


def cash(ws, **counts):
    return Breakdown(counts, ws.ctx.settings.denominations)


def ledger_statuses(path):
    ledger = Ledger(str(path))
    try:
        return {p.key: (p.status, p.amount_fen) for p in ledger.ledger_entries()}
    finally:
        ledger.close()


@pytest.fixture
def started(make_workstation, core_gateway, branch_url):
    ws = make_workstation(core_gateway, branch_url)
    session = ws.sessions.sign_in(TELLER)
    ws.till.open(session, cash(ws, N10000=20), TELLER, CASH_HEAD)
    return ws, session


def test_crash_between_commit_and_send_is_resumed_once(started, core, core_gateway):
    ws, session = started
    before = core_gateway.get_account(RICH).balance_fen
    deposit_key, _, _ = ws.cash.record_posting(session, "1001", RICH, Decimal("500"), cash(ws, N10000=5))
    withdrawal_key, _, _ = ws.cash.record_posting(session, "1002", RICH, Decimal("300"), cash(ws, N10000=3))
    # "restart": a new dispatcher finds both recorded but never sent
    restarted = OutboxDispatcher(ws.ctx)
    assert restarted.resolve_pending() == {"settled": 2, "failed": 0, "waiting": 0}
    assert restarted.resolve_pending()["settled"] == 0
    # the deposit reached the core once; the withdrawal, never paid out, was reversed/tombstoned
    assert core_gateway.get_account(RICH).balance_fen == before + 50000
    statuses = ledger_statuses(core.db_path)
    assert statuses[deposit_key] == ("approved", 50000)
    assert withdrawal_key not in statuses or statuses[withdrawal_key][0] == "reversed"
    assert ws.till.position(session).count("N10000") == 25
    assert ws.till.balance(session).balanced
    assert check_three_ways(ws, core_gateway) == {"approved": 1, "reversed": 1}


def test_lost_acknowledgement_is_found_by_key_not_posted_again(make_workstation, branch_url, tmp_path):
    db = tmp_path / "core.sqlite"
    with start_core_process(str(db), extra_args=("--demo", "--drop-acks")) as core:
        gateway = HttpCoreGateway(core.url, read_timeout=2.0)
        ws = make_workstation(gateway, branch_url)
        session = ws.sessions.sign_in(TELLER)
        ws.till.open(session, cash(ws, N10000=20), TELLER, CASH_HEAD)
        before = gateway.get_account(RICH).balance_fen
        result = ws.cash.post(session, "1002", RICH, Decimal("700"), cash(ws, N10000=7))
        # the answer was lost, but the core had applied it: found by its key, approved, paid once
        assert result.outcome.status == "approved"
        assert gateway.get_account(RICH).balance_fen == before - 70000
    assert ledger_statuses(db)[result.outcome.key] == ("approved", 70000)
    assert ws.till.position(session).count("N10000") == 13
    assert check_three_ways(ws, db) == {"approved": 1}


def test_slow_core_times_out_then_is_asked_before_any_resend(make_workstation, branch_url, tmp_path):
    db = tmp_path / "core.sqlite"
    with start_core_process(str(db), extra_args=("--demo", "--delay-ms", "1500")) as core:
        gateway = HttpCoreGateway(core.url, read_timeout=0.5)
        ws = make_workstation(gateway, branch_url)
        session = ws.sessions.sign_in(TELLER)
        ws.till.open(session, cash(ws, N10000=20), TELLER, CASH_HEAD)
        result = ws.cash.post(session, "1001", RICH, Decimal("100"), cash(ws, N10000=1))
        assert result.outcome.status in ("approved", "offline_accepted")
        ws.outbox.resolve_pending()
        with ws.ctx.workstation_db() as wdb:
            assert wdb.execute(select(OutboxItem.state)).scalars().all() == ["approved"]
    assert [s for s, _ in ledger_statuses(db).values()] == ["approved"]
    assert ws.till.balance(session).balanced
    assert check_three_ways(ws, db) == {"approved": 1}


def test_receipt_states_what_the_journal_says(started, tmp_path):
    from dataclasses import asdict

    from pypdf import PdfReader

    from printing.receipt import ReceiptData, render_receipt

    ws, session = started
    result = ws.cash.post(session, "1001", RICH, Decimal("1409.50"), cash(ws, N10000=14, N500=1, N100=4, C50=1),
                          "张伟 ZHANG WEI")
    facts = ws.receipts.facts(result.outcome.seq, reprint=True, staff=session.staff)
    assert facts.amount_fen == 140950 and facts.teller_id == "T001" and facts.status.startswith("记账成功")
    pdf = render_receipt(ReceiptData(**asdict(facts)))
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    text = "".join(page.extract_text() for page in PdfReader(str(path)).pages).replace(" ", "")
    assert "壹仟肆佰零玖元伍角" in text and "440100*******0017" in text and RICH not in text
    assert result.entry_hash[:8] in text and result.entry_hash[:9] not in text
    assert "REPRINT" in text
