"""A workstation store restored from an old backup repeats its sequence numbers, so its new
postings reuse idempotency keys the core already holds for the lost postings. The core's answer
for such a key is never taken as "done", nothing is sent again, no lost posting is reversed: the
item goes to the exception queue naming the key. Real core emulator process, real stores."""
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from teller.core.process import start_core_process
from teller.domain.denominations import Breakdown
from teller.services.credentials import Credentials
from teller.sync.core_client import HttpCoreGateway, KeyReused
from tests.services.outbox_checks import check_three_ways, journal_rows, outbox_rows

TELLER = Credentials("0A1B2C3D01", "111111")
CASH_HEAD = Credentials("0A1B2C3E01", "900001")
RICH, LI, MINGDA = "44010001000000017", "44010001000000033", "44010001000000066"


def cash(ws, **counts):
    return Breakdown(counts, ws.ctx.settings.denominations)


def store_path(ws) -> Path:
    return Path(ws.ctx.settings.workstation_store_url.removeprefix("sqlite:///"))


def back_up(ws, target: Path) -> Path:
    with sqlite3.connect(store_path(ws)) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


def restore(ws, backup: Path) -> None:
    """What an administrator does after a disk failure: the old backup put back in place."""
    path = store_path(ws)
    ws.close()
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    with sqlite3.connect(backup) as source, sqlite3.connect(path) as copy:
        source.backup(copy)


@pytest.fixture
def lost_and_restored(make_workstation, tmp_path):
    """Postings approved at the core, then the workstation store put back to a backup taken
    before them. Yields (core, gateway, restored workstation, its session, the lost keys)."""
    db = tmp_path / "core.sqlite"
    branch = f"sqlite:///{tmp_path / 'branch.sqlite'}"
    with start_core_process(str(db), extra_args=("--demo",)) as core:
        gateway = HttpCoreGateway(core.url)
        ws = make_workstation(gateway, branch)
        session = ws.sessions.sign_in(TELLER)
        ws.till.open(session, cash(ws, N10000=100), TELLER, CASH_HEAD)
        backup = back_up(ws, tmp_path / "backup.sqlite")
        lost = [ws.cash.record_posting(session, "1001", RICH, Decimal("100"), cash(ws, N10000=1))[0],
                ws.cash.record_posting(session, "1002", LI, Decimal("200"), cash(ws, N10000=2))[0],
                ws.cash.record_posting(session, "1001", LI, Decimal("300"), cash(ws, N10000=3))[0]]
        assert [ws.outbox.send(key).status for key in lost] == ["approved"] * 3
        restore(ws, backup)
        restored = make_workstation(gateway, branch)
        yield core, db, gateway, restored, restored.sessions.sign_in(TELLER), set(lost)


def test_reused_keys_found_by_the_resolver_go_to_the_exception_queue(lost_and_restored):
    core, db, gateway, ws, session, lost = lost_and_restored
    at_core_before = {p["key"]: p for p in gateway.ledger()}
    balances_before = {a: gateway.get_account(a).balance_fen for a in (RICH, LI, MINGDA)}
    # recorded again after the restore (a crash before sending): the same keys, other postings
    deposit = ws.cash.record_posting(session, "1001", MINGDA, Decimal("500"), cash(ws, N10000=5))[0]
    withdrawal = ws.cash.record_posting(session, "1002", RICH, Decimal("100"), cash(ws, N10000=1))[0]
    fresh = ws.cash.record_posting(session, "1001", LI, Decimal("50"), cash(ws, N5000=1))[0]
    assert deposit in lost and withdrawal in lost and fresh not in lost  # the scenario itself

    ws.outbox.resolve_pending()

    states = {i.idempotency_key: i.state for i in outbox_rows(ws.ctx)}
    assert states == {deposit: "failed", withdrawal: "failed", fresh: "approved"}
    exceptions = {e.key: e for e in ws.outbox.exceptions()}
    assert set(exceptions) == {deposit, withdrawal}
    for key, exception in exceptions.items():
        assert f"under idempotency key {key}" in exception.reason
        assert "not sent again and not taken as done" in exception.reason
    # the deposit's key holds the lost withdrawal of LI; the withdrawal's key the lost deposit of LI,
    # which a timeout reversal by the key alone would have undone
    assert "direction debit at the core, credit here" in exceptions[deposit].reason
    assert "amount 200.00 at the core, 500.00 here" in exceptions[deposit].reason
    assert "440100*******0033" in exceptions[deposit].reason and LI not in exceptions[deposit].reason
    assert "refused" not in exceptions[deposit].reason
    assert "already used for a different posting" in exceptions[withdrawal].reason
    # nothing resent, nothing reversed: the lost postings stand at the core as they were
    after = {p["key"]: p for p in gateway.ledger()}
    assert {k: after[k] for k in at_core_before} == at_core_before
    assert set(after) - set(at_core_before) == {fresh}
    assert {a: gateway.get_account(a).balance_fen for a in (RICH, LI, MINGDA)} == \
        {**balances_before, LI: balances_before[LI] + 50_00}
    kinds = [(e.kind, e.refers_to) for e in journal_rows(ws.ctx) if e.kind == "host_key_reused"]
    assert len(kinds) == 2
    # later runs leave them alone: not open any more, never sent
    assert ws.outbox.resolve_pending() == {"settled": 0, "failed": 0, "waiting": 0}
    assert {p["key"]: p for p in gateway.ledger()} == after
    assert check_three_ways(ws, gateway, foreign_keys=lost) == {"failed": 2, "approved": 1}


def test_reused_key_found_when_asking_before_resending(lost_and_restored, tmp_path):
    core, db, gateway, ws, session, lost = lost_and_restored
    core.stop()  # the core comes back failing every posting before applying it (HTTP 500)
    with start_core_process(str(db), extra_args=("--fail-rate", "1")) as failing:
        ws.ctx.core = HttpCoreGateway(failing.url)
        with pytest.raises(KeyReused) as raised:
            ws.cash.post(session, "1001", MINGDA, Decimal("700"), cash(ws, N10000=7))
        [item] = [i for i in outbox_rows(ws.ctx) if i.amount_fen == 700_00]
        assert item.idempotency_key in lost
        assert f"under idempotency key {item.idempotency_key}" in str(raised.value)
        assert item.state == "failed" and item.failed_reason == str(raised.value)
        at_core = {p["key"]: p for p in ws.ctx.core.ledger()}
        assert at_core[item.idempotency_key]["amount_fen"] != 700_00  # the lost posting, untouched
        assert check_three_ways(ws, ws.ctx.core, foreign_keys=lost) == {"failed": 1}
