"""A workstation store restored from an old backup repeats its sequence numbers, so its new
postings reuse idempotency keys the core already holds for the lost postings. The core's answer
for such a key is never taken as "done", nothing is sent again, no lost posting is reversed: the
item goes to the exception queue naming the key. Real core emulator process, real stores."""
import sqlite3
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from teller.core.process import start_core_process
from teller.domain.denominations import Breakdown
from teller.services.authorisation import LocalApproval
from teller.services.credentials import Credentials
from teller.store.models import TillMovement
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


@contextmanager
def restored_after_losing(make_workstation, tmp_path, postings):
    """`postings` ((code, account, yuan, 100-yuan notes), ...) approved at the core, then the
    workstation store put back to a backup taken before them (a till of 100 notes of 100 yuan
    open). Yields (core, core file, gateway, restored workstation, its session, the lost keys)."""
    db = tmp_path / "core.sqlite"
    branch = f"sqlite:///{tmp_path / 'branch.sqlite'}"
    with start_core_process(str(db), extra_args=("--demo",)) as core:
        gateway = HttpCoreGateway(core.url)
        ws = make_workstation(gateway, branch)
        session = ws.sessions.sign_in(TELLER)
        ws.till.open(session, cash(ws, N10000=100), TELLER, CASH_HEAD)
        backup = back_up(ws, tmp_path / "backup.sqlite")
        lost = [ws.cash.record_posting(session, code, account, Decimal(yuan), cash(ws, N10000=notes))[0]
                for code, account, yuan, notes in postings]
        assert [ws.outbox.send(key).status for key in lost] == ["approved"] * len(lost)
        restore(ws, backup)
        restored = make_workstation(gateway, branch)
        yield core, db, gateway, restored, restored.sessions.sign_in(TELLER), set(lost)


@pytest.fixture
def lost_and_restored(make_workstation, tmp_path):
    """Three postings lost: a deposit to RICH, a withdrawal and a deposit of LI."""
    with restored_after_losing(make_workstation, tmp_path, [("1001", RICH, "100", 1), ("1002", LI, "200", 2),
                                                            ("1001", LI, "300", 3)]) as restored:
        yield restored


@pytest.fixture
def next_key_lost(make_workstation, tmp_path):
    """Two deposits lost, to LI and then to RICH (100.00 each): after the restored workstation's
    sign-in, the first posting recorded reuses the RICH deposit's key, the ones after it have keys
    of their own."""
    with restored_after_losing(make_workstation, tmp_path, [("1001", LI, "100", 1),
                                                            ("1001", RICH, "100", 1)]) as restored:
        yield restored


def payable(ws, session) -> Breakdown:
    """What the teller's till may still pay out: its cash less the withdrawals still pending."""
    with ws.ctx.workstation.reading() as unit:
        till = unit.till.open_till(session.teller_id)
        return ws.till.cash_in(unit, till.id, include_pending_out=True)


def movement_states(ws, journal_seq: int) -> set[str]:
    with ws.ctx.workstation_db() as db:
        return set(db.scalars(select(TillMovement.state).where(TillMovement.journal_seq == journal_seq)))


def key_reused_entries(ws) -> list[int]:
    """The postings (journal seqs) journaled as set aside for a reused key."""
    return [e.refers_to for e in journal_rows(ws.ctx) if e.kind == "host_key_reused"]


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
        assert item.state == "failed" and item.failed_reason in str(raised.value)
        assert str(raised.value).startswith("Not posted: ")
        assert movement_states(ws, item.journal_seq) == {"void"}  # the deposit's cash is not in the till
        at_core = {p["key"]: p for p in ws.ctx.core.ledger()}
        assert at_core[item.idempotency_key]["amount_fen"] != 700_00  # the lost posting, untouched
        assert check_three_ways(ws, ws.ctx.core, foreign_keys=lost) == {"failed": 1}


def test_key_refused_409_while_the_teller_waits_is_set_aside_at_once(next_key_lost):
    core, db, gateway, ws, session, lost = next_key_lost
    at_core_before = gateway.ledger()
    till_before = ws.till.position(session)
    # a withdrawal recorded under the lost deposit's key: the core answers 409 to the first post
    with pytest.raises(KeyReused) as raised:
        ws.cash.post(session, "1002", RICH, Decimal("100"), cash(ws, N10000=1))
    [item] = outbox_rows(ws.ctx)
    lost_key = item.idempotency_key
    assert lost_key in lost
    message = str(raised.value)
    assert message.startswith(f"Not posted: the core holds another posting under idempotency key {lost_key}")
    assert "already used for a different posting" in message
    assert "in the exception queue for a supervisor" in message and "Pay out or take in no cash" in message
    # set aside as the resolver would: failed, journaled, in the supervisor's queue; never resent
    assert item.state == "failed" and item.failed_reason in message
    assert key_reused_entries(ws) == [item.journal_seq]
    [queued] = [q for q in ws.exceptions.exceptions() if q.key == lost_key]
    assert queued.state == "no_cash" and "not sent again and not taken as done" in queued.reason  # nothing to settle
    # the till: nothing paid out and nothing held back for the withdrawal
    assert movement_states(ws, item.journal_seq) == {"void"}
    assert ws.till.position(session) == till_before == payable(ws, session) == cash(ws, N10000=100)
    assert ws.till.balance(session).balanced
    # the next posting of the account goes at once and is approved
    assert ws.outbox.core_online
    following = ws.cash.post(session, "1001", RICH, Decimal("50"), cash(ws, N5000=1))
    assert following.outcome.status == "approved"
    assert ws.outbox.resolve_pending() == {"settled": 0, "failed": 0, "waiting": 0}
    at_core = gateway.ledger()
    assert at_core[:len(at_core_before)] == at_core_before  # the lost deposit stands as it was
    assert [p["key"] for p in at_core[len(at_core_before):]] == [following.outcome.key]
    assert ws.till.position(session) == cash(ws, N10000=100, N5000=1)
    assert check_three_ways(ws, gateway, foreign_keys=lost) == {"failed": 1, "approved": 1}


def test_resolver_counts_a_set_aside_item_as_failed_and_the_account_goes_on(next_key_lost):
    core, db, gateway, ws, session, lost = next_key_lost
    # recorded after the restore, the workstation stopped before sending: a withdrawal under the
    # lost key (its timeout reversal is refused: the key holds the lost deposit), then a deposit
    reused = ws.cash.record_posting(session, "1002", RICH, Decimal("100"), cash(ws, N10000=1))
    later = ws.cash.record_posting(session, "1001", RICH, Decimal("50"), cash(ws, N5000=1))
    assert reused[0] in lost and later[0] not in lost

    assert ws.outbox.resolve_pending() == {"settled": 1, "failed": 1, "waiting": 0}

    states = {i.idempotency_key: i.state for i in outbox_rows(ws.ctx)}
    assert states == {reused[0]: "failed", later[0]: "approved"}
    assert key_reused_entries(ws) == [reused[1]]
    assert movement_states(ws, reused[1]) == {"void"} and movement_states(ws, later[1]) == {"effective"}
    assert payable(ws, session) == ws.till.position(session) == cash(ws, N10000=100, N5000=1)
    assert ws.outbox.resolve_pending() == {"settled": 0, "failed": 0, "waiting": 0}
    assert check_three_ways(ws, gateway, foreign_keys=lost) == {"failed": 1, "approved": 1}


def test_earlier_posting_found_under_a_reused_key_does_not_hold_the_teller_back(next_key_lost):
    core, db, gateway, ws, session, lost = next_key_lost
    reused = ws.cash.record_posting(session, "1001", RICH, Decimal("700"), cash(ws, N10000=7))[0]
    assert reused in lost  # recorded, not sent (a crash): the core holds the lost 100.00 under its key

    # the next posting of the account finds it first: set aside, and this one goes at once
    posted = ws.cash.post(session, "1001", RICH, Decimal("50"), cash(ws, N5000=1))

    assert posted.outcome.status == "approved" and ws.outbox.core_online
    assert [e.key for e in ws.outbox.exceptions()] == [reused]
    assert "amount 100.00 at the core, 700.00 here" in ws.outbox.exceptions()[0].reason
    assert len(key_reused_entries(ws)) == 1
    assert ws.till.position(session) == cash(ws, N10000=100, N5000=1)
    assert check_three_ways(ws, gateway, foreign_keys=lost) == {"failed": 1, "approved": 1}


MANAGER = Credentials("0A1B2C3F01", "900003")


@pytest.fixture
def many_keys_lost(make_workstation, tmp_path):
    """Six deposits lost: the restored workstation's next postings all reuse keys held at the core."""
    with restored_after_losing(make_workstation, tmp_path, [("1001", LI, "100", 1)] * 6) as restored:
        yield restored


def test_the_supervisor_sees_a_reused_key_and_reverses_only_where_cash_moved(many_keys_lost):
    """Told at once, the teller moved no cash: listed, closed, nothing to reverse or write off.
    Accepted offline (the cash taken in) before its key turned out to be taken: open until the
    supervisor hands the cash back."""
    from teller.services.exceptions import ExceptionRefused

    core, db, gateway, ws, session, lost = many_keys_lost
    with pytest.raises(KeyReused):
        ws.cash.post(session, "1002", RICH, Decimal("100"), cash(ws, N10000=1))  # told at once
    core.stop()
    offline = ws.cash.post(session, "1001", LI, Decimal("300"), cash(ws, N10000=3))
    assert offline.outcome.status == "offline_accepted"
    with start_core_process(str(db)) as back:  # the core returns: that deposit's key is taken too
        ws.ctx.core = HttpCoreGateway(back.url)
        ws.outbox.resolve_pending()
        told, accepted = sorted(ws.exceptions.exceptions(), key=lambda q: q.seq)
        assert (told.kind, accepted.kind) == ("key_reused", "key_reused")
        assert (told.state, accepted.state) == ("no_cash", "open") and accepted.key == offline.outcome.key in lost
        ws.sessions.sign_off(session)
        manager = ws.sessions.sign_in(MANAGER)
        for step in (ws.exceptions.reverse, ws.exceptions.write_off):
            with pytest.raises(ExceptionRefused, match=f"No cash moved for {told.key}"):
                step(manager, told.key, "customer left", LocalApproval(CASH_HEAD))
        ws.exceptions.reverse(manager, accepted.key, "deposit handed back", LocalApproval(CASH_HEAD))
        assert {q.key: q.state for q in ws.exceptions.exceptions()}[accepted.key] == "reversed"
        with ws.ctx.workstation.reading() as unit:
            till = unit.till.open_till("T001")
            assert ws.till.cash_in(unit, till.id) == cash(ws, N10000=100)  # the 300.00 went back out
        at_core = {p["key"]: p for p in HttpCoreGateway(back.url).ledger()}
        assert at_core[accepted.key]["amount_fen"] != 300_00  # the lost posting under the key, untouched
