"""The outbox against a misbehaving core emulator (real processes): 500s before and after
applying, timeouts, a core stopped and restarted between resolver runs, lost acks, a poison
item. Each test ends by comparing the workstation's journal and outbox with the core's ledger
entry by entry: every posting done once or still resumable, none twice, per-account order."""
from decimal import Decimal

import pytest
from sqlalchemy import update

from teller.core.process import start_core_process
from teller.domain.denominations import Breakdown
from teller.services.credentials import Credentials
from teller.store.models import OutboxItem
from teller.sync.core_client import HttpCoreGateway
from teller.sync.outbox import BACKOFF_CAP_S, POISON_ATTEMPTS, backoff_delay
from tests.services.outbox_checks import check_three_ways, journal_rows, outbox_rows

TELLER = Credentials("0A1B2C3D01", "111111")
CASH_HEAD = Credentials("0A1B2C3E01", "900001")
RICH, WANG, LI, FROZEN, MINGDA = ("44010001000000017", "44010001000000025", "44010001000000033",
                                  "44010001000000041", "44010001000000066")


def cash(ws, **counts):
    return Breakdown(counts, ws.ctx.settings.denominations)


@pytest.fixture
def branch(tmp_path):
    return f"sqlite:///{tmp_path / 'branch.sqlite'}"


def open_workstation(make_workstation, gateway, branch):
    ws = make_workstation(gateway, branch)
    session = ws.sessions.sign_in(TELLER)
    ws.till.open(session, cash(ws, N10000=100), TELLER, CASH_HEAD)
    return ws, session


def dead_url(tmp_path) -> str:
    with start_core_process(str(tmp_path / "dead.sqlite")) as core:
        return core.url


def drain(ws, clock, rounds=300) -> int:
    """Runs the resolver until nothing is open, moving the clock past every backoff; returns the runs."""
    for run in range(1, rounds + 1):
        ws.outbox.resolve_pending()
        if not ws.outbox.open_items():
            return run
        clock.advance(seconds=BACKOFF_CAP_S + 1)
    raise AssertionError(f"still open after {rounds} runs: {[i.idempotency_key for i in ws.outbox.open_items()]}")


def balances(gateway, accounts):
    return {a: gateway.get_account(a).balance_fen for a in accounts}


def test_backoff_doubles_from_one_second_to_five_minutes():
    assert [backoff_delay(n) for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert backoff_delay(9) == 256 and backoff_delay(10) == 300 and backoff_delay(500) == 300


@pytest.mark.parametrize("faults", [("--fail-rate", "0.35"), ("--fail-after-apply-rate", "0.35"),
                                    ("--fail-rate", "0.2", "--fail-after-apply-rate", "0.2")],
                         ids=["before-apply", "after-apply", "both"])
def test_core_answering_500s_posts_everything_exactly_once(make_workstation, branch, tmp_path, clock, faults):
    db = tmp_path / "core.sqlite"
    accounts = (RICH, LI, MINGDA)
    with start_core_process(str(db), extra_args=("--demo", "--seed", "11", *faults)) as core:
        gateway = HttpCoreGateway(core.url)
        ws, session = open_workstation(make_workstation, gateway, branch)
        before = balances(gateway, accounts)
        results = []
        for n in range(24):  # the teller keeps working while the core fails now and then
            account = accounts[n % 3]
            if n % 4 == 3:
                results.append(ws.cash.post(session, "1002", account, Decimal("100"), cash(ws, N10000=1)))
            else:
                results.append(ws.cash.post(session, "1001", account, Decimal(200 + n), cash(ws, N10000=2, N100=n)))
        statuses = {r.outcome.status for r in results}
        assert statuses <= {"approved", "offline_accepted", "offline_refused"}
        drain(ws, clock)
        after = balances(gateway, accounts)
    states = check_three_ways(ws, db)
    assert set(states) <= {"approved", "reversed"}
    # the core's balances moved by exactly what the workstation says was done
    expected = dict(before)
    for item in outbox_rows(ws.ctx):
        if item.state == "approved":
            expected[item.account] += item.amount_fen if item.direction == "credit" else -item.amount_fen
    assert after == expected
    assert ws.till.balance(session).balanced


def test_core_timing_out_is_asked_by_key_never_posted_twice(make_workstation, branch, tmp_path, clock):
    db = tmp_path / "core.sqlite"
    with start_core_process(str(db), extra_args=("--demo", "--delay-ms", "400")) as core:
        gateway = HttpCoreGateway(core.url, read_timeout=0.2)
        ws, session = open_workstation(make_workstation, gateway, branch)
        keys = [ws.cash.record_posting(session, "1001", account, Decimal("50"), cash(ws, N5000=1))[0]
                for account in (RICH, WANG, RICH, WANG, RICH)]
        drain(ws, clock)
    states = check_three_ways(ws, db)
    assert states == {"approved": 5}
    assert [i.idempotency_key for i in outbox_rows(ws.ctx)] == keys


def test_core_stopped_and_restarted_between_resolver_runs(make_workstation, branch, tmp_path, clock):
    db = tmp_path / "core.sqlite"
    with start_core_process(str(db), extra_args=("--demo",)) as core:
        ws, session = open_workstation(make_workstation, HttpCoreGateway(core.url), branch)
        first = ws.cash.post(session, "1001", RICH, Decimal("100"), cash(ws, N10000=1))
        assert first.outcome.status == "approved"
    # the core is down: deposits are taken offline, a withdrawal over the offline limit is refused
    ws.ctx.core = HttpCoreGateway(dead_url(tmp_path), connect_timeout=0.3, read_timeout=0.5)
    offline = [ws.cash.post(session, "1001", account, Decimal("300"), cash(ws, N10000=3))
               for account in (RICH, LI, RICH, MINGDA)]
    refused = ws.cash.post(session, "1002", LI, Decimal("2100"), cash(ws, N10000=21))
    assert [r.outcome.status for r in offline] == ["offline_accepted"] * 4
    assert refused.outcome.status == "offline_refused"
    # resolver runs while the core is down: the first due item backs off (its send was attempt 1)
    result = ws.outbox.resolve_pending()
    assert result == {"settled": 0, "failed": 0, "waiting": 5}
    head = outbox_rows(ws.ctx)[1]
    assert head.attempts == 2 and head.next_attempt_at == "2026-11-23T01:30:02.000000+00:00"  # 2 s later
    assert ws.outbox.resolve_pending() == {"settled": 0, "failed": 0, "waiting": 5}  # not due, nor its account
    clock.advance(seconds=2)
    ws.outbox.resolve_pending()
    head = outbox_rows(ws.ctx)[1]
    assert head.attempts == 3 and head.next_attempt_at == "2026-11-23T01:30:06.000000+00:00"  # then 4 s
    check_three_ways(ws, db, allow_open=True)
    # the core is back: RICH's head is not due yet, so RICH waits; the other accounts go on
    with start_core_process(str(db)) as core:
        ws.ctx.core = HttpCoreGateway(core.url)
        result = ws.outbox.resolve_pending()
        assert result["settled"] == 3 and result["waiting"] == 2
        assert {i.account for i in ws.outbox.open_items()} == {RICH}
        check_three_ways(ws, db, allow_open=True)
        clock.advance(seconds=BACKOFF_CAP_S)
        assert ws.outbox.resolve_pending() == {"settled": 2, "failed": 0, "waiting": 0}
    states = check_three_ways(ws, db)
    assert states == {"approved": 5, "reversed": 1}


def test_lost_ack_in_the_resolver_is_found_by_key_after_a_restart(make_workstation, branch, tmp_path, clock):
    db = tmp_path / "core.sqlite"
    with start_core_process(str(db), extra_args=("--demo", "--drop-acks")) as core:
        ws, session = open_workstation(make_workstation, HttpCoreGateway(core.url, read_timeout=1.0), branch)
        keys = [ws.cash.record_posting(session, "1001", account, Decimal("80"), cash(ws, N5000=1, N1000=3))[0]
                for account in (RICH, RICH, LI)]
        result = ws.outbox.resolve_pending()  # applied at the core, the answer lost: the run stops
        assert result == {"settled": 0, "failed": 0, "waiting": 3}
        check_three_ways(ws, db, allow_open=True)
    with start_core_process(str(db)) as core:
        ws.ctx.core = HttpCoreGateway(core.url)
        drain(ws, clock)
    assert check_three_ways(ws, db) == {"approved": 3}
    assert [i.idempotency_key for i in outbox_rows(ws.ctx)] == keys


def test_poison_item_goes_to_the_exception_queue_and_never_blocks_others(make_workstation, branch, tmp_path,
                                                                          clock):
    db = tmp_path / "core.sqlite"
    with start_core_process(str(db), extra_args=("--demo",)) as core:
        ws, session = open_workstation(make_workstation, HttpCoreGateway(core.url), branch)
        poison = ws.cash.record_posting(session, "1001", RICH, Decimal("10"), cash(ws, N1000=1))[0]
        behind = ws.cash.record_posting(session, "1001", RICH, Decimal("20"), cash(ws, N1000=2))[0]
        other = ws.cash.record_posting(session, "1001", LI, Decimal("30"), cash(ws, N1000=3))[0]
        with ws.ctx.workstation_tx() as wdb:  # a damaged row: the core answers 400 every time
            wdb.execute(update(OutboxItem).where(OutboxItem.idempotency_key == poison).values(direction="sideways"))
        first = ws.outbox.resolve_pending()
        assert first == {"settled": 1, "failed": 0, "waiting": 2}  # the other account went on
        assert {i.idempotency_key for i in ws.outbox.open_items()} == {poison, behind}  # same account waits
        runs = drain(ws, clock)
        assert runs <= POISON_ATTEMPTS + 1
    [exception] = ws.outbox.exceptions()
    assert exception.key == poison and exception.attempts == POISON_ATTEMPTS
    assert "core_bad_request" in exception.reason or "refused the request" in exception.reason
    states = {i.idempotency_key: i.state for i in outbox_rows(ws.ctx)}
    assert states == {poison: "failed", behind: "approved", other: "approved"}
    check_three_ways(ws, db)


def test_offline_deposit_refused_after_the_fact_goes_to_the_exception_queue(make_workstation, branch, tmp_path,
                                                                             clock):
    db = tmp_path / "core.sqlite"
    with start_core_process(str(db), extra_args=("--demo",)):
        pass  # the demo ledger exists; the core is down while the teller works
    ws, session = open_workstation(make_workstation,
                                   HttpCoreGateway(dead_url(tmp_path), connect_timeout=0.3), branch)
    refused = ws.cash.post(session, "1001", FROZEN, Decimal("500"), cash(ws, N10000=5))
    later = ws.cash.post(session, "1001", FROZEN, Decimal("100"), cash(ws, N10000=1))
    assert refused.outcome.status == later.outcome.status == "offline_accepted"
    with start_core_process(str(db)) as core:
        ws.ctx.core = HttpCoreGateway(core.url)
        assert ws.outbox.resolve_pending() == {"settled": 2, "failed": 0, "waiting": 0}
    exceptions = ws.outbox.exceptions()
    assert [e.key for e in exceptions] == [refused.outcome.key, later.outcome.key]
    assert all("frozen_account" in e.reason for e in exceptions)
    kinds = [e.kind for e in journal_rows(ws.ctx)]
    assert kinds.count("host_rejected_after_offline") == 2
    check_three_ways(ws, db)


def test_link_state_and_the_backlog_counting_down_while_it_is_sent(make_workstation, branch, tmp_path):
    """Offline with a backlog; the core back (slow: 40 ms an answer): the round's backlog counts
    down where the status bar reads it, the link reads online once all is sent."""
    import threading
    import time

    from teller.sync.link_state import core_link_state

    ws, session = open_workstation(make_workstation, HttpCoreGateway(dead_url(tmp_path)), branch)
    for _ in range(12):
        ws.cash.post(session, "1001", RICH, Decimal("100"), cash(ws, N10000=1))
    assert core_link_state(ws.outbox.core_online, len(ws.outbox.open_items())) == "offline"
    with start_core_process(str(tmp_path / "core.sqlite"), extra_args=("--demo", "--delay-ms", "40")) as core:
        ws.ctx.core = HttpCoreGateway(core.url)
        seen, result = [], {}
        worker = threading.Thread(target=lambda: result.update(ws.outbox.resolve_pending(ignore_backoff=True)))
        worker.start()
        while worker.is_alive():
            seen.append((ws.outbox.core_online, ws.outbox.backlog))
            time.sleep(0.02)
        worker.join()
        assert result == {"settled": 12, "failed": 0, "waiting": 0}
        counting = [left for online, left in seen if online and 0 < left < 12]
        assert counting and counting == sorted(counting, reverse=True)  # the count goes down, never up
        assert core_link_state(ws.outbox.core_online, result["waiting"]) == "online" and ws.outbox.backlog == 0
        assert core_link_state(True, 3) == "degraded"
        check_three_ways(ws, ws.ctx.core)
