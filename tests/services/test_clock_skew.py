"""The workstation's clock and the core's disagree by minutes, also across midnight: the core
emulator runs as its own process with its clock offset (`--clock-offset`). Postings still go
exactly once (every answer lost, found by asking for the key), backoff runs on the workstation's
clock alone, business dates are the workstation's business day whatever day the core is in, and
nothing is taken as expired or duplicate."""
import datetime as dt
from decimal import Decimal

import pytest

from teller.core.ledger import CORE_TZ
from teller.core.process import start_core_process
from teller.domain.denominations import Breakdown
from teller.services.credentials import Credentials
from teller.sync.core_client import HttpCoreGateway
from tests.services.outbox_checks import check_three_ways, journal_rows, outbox_rows

TELLER = Credentials("0A1B2C3D01", "111111")
CASH_HEAD = Credentials("0A1B2C3E01", "900001")
RICH, LI, MINGDA = "44010001000000017", "44010001000000033", "44010001000000066"
BEIJING = dt.timezone(dt.timedelta(hours=8))


def cash(ws, **counts):
    return Breakdown(counts, ws.ctx.settings.denominations)


def utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


@pytest.mark.parametrize("workstation_at, skew_s", [
    (dt.datetime(2026, 11, 23, 9, 30, tzinfo=BEIJING), 420),
    (dt.datetime(2026, 11, 23, 9, 30, tzinfo=BEIJING), -420),
    (dt.datetime(2026, 11, 23, 23, 57, tzinfo=BEIJING), 420),  # the core is in tomorrow already
    (dt.datetime(2026, 11, 24, 0, 3, tzinfo=BEIJING), -420),  # the core is still in yesterday
], ids=["core-7min-ahead", "core-7min-behind", "core-ahead-across-midnight", "core-behind-across-midnight"])
def test_postings_go_once_with_the_clocks_minutes_apart(make_workstation, tmp_path, clock, workstation_at, skew_s):
    clock.current = workstation_at
    offset = (workstation_at + dt.timedelta(seconds=skew_s) - dt.datetime.now(dt.timezone.utc)).total_seconds()
    skew_args = ("--clock-offset", f"{offset:.3f}")
    db, branch = tmp_path / "core.sqlite", f"sqlite:///{tmp_path / 'branch.sqlite'}"
    with start_core_process(str(db), extra_args=("--demo", "--drop-acks", *skew_args)) as core:
        gateway = HttpCoreGateway(core.url, read_timeout=1.0)
        core_now = dt.datetime.fromisoformat(gateway.core_time())
        assert abs((core_now - workstation_at).total_seconds() - skew_s) < 30  # the skew is real
        # a counter open around midnight (extended hours), so no after-hours authorisation is asked
        ws = make_workstation(gateway, branch, overrides={"branch": {"business_hours": "00:00-23:59"}})
        session = ws.sessions.sign_in(TELLER)
        ws.till.open(session, cash(ws, N10000=50), TELLER, CASH_HEAD)
        # every answer is lost on the way back: each posting is found by its key, none sent twice
        online = [ws.cash.post(session, "1001", RICH, Decimal("100"), cash(ws, N10000=1)),
                  ws.cash.post(session, "1002", LI, Decimal("300"), cash(ws, N10000=3)),
                  ws.cash.post(session, "1001", LI, Decimal("200"), cash(ws, N10000=2))]
        assert [p.outcome.status for p in online] == ["approved"] * 3
    # the core is down: deposits are taken offline and wait, backing off on the workstation's clock
    ws.ctx.core = HttpCoreGateway(core.url, connect_timeout=0.3, read_timeout=0.5)
    offline = [ws.cash.post(session, "1001", account, Decimal("500"), cash(ws, N10000=5)) for account in (MINGDA, RICH)]
    assert [p.outcome.status for p in offline] == ["offline_accepted"] * 2
    assert ws.outbox.resolve_pending() == {"settled": 0, "failed": 0, "waiting": 2}
    head = [i for i in outbox_rows(ws.ctx) if i.state == "offline_accepted"][0]
    assert head.attempts == 2 and head.next_attempt_at == utc_text(clock.now() + dt.timedelta(seconds=2))
    with start_core_process(str(db), extra_args=skew_args) as core:
        ws.ctx.core = gateway = HttpCoreGateway(core.url)
        clock.advance(seconds=1)  # RICH's item was never tried while down: due; MINGDA's is not yet
        assert ws.outbox.resolve_pending() == {"settled": 1, "failed": 0, "waiting": 1}
        assert [i.idempotency_key for i in ws.outbox.open_items()] == [head.idempotency_key]
        clock.advance(seconds=1)
        assert ws.outbox.resolve_pending() == {"settled": 1, "failed": 0, "waiting": 0}
        assert check_three_ways(ws, gateway) == {"approved": 5}
        at_core = [p for p in gateway.ledger() if p["workstation"] == "WS01"]
    # business dates are the workstation's day; the core keeps its own
    workstation_day = workstation_at.date().isoformat()
    assert {e.business_date for e in journal_rows(ws.ctx)} == {workstation_day}
    core_day = (workstation_at + dt.timedelta(seconds=skew_s)).astimezone(CORE_TZ).strftime("%Y%m%d")
    assert len(at_core) == 5 and all(p["status"] == "approved" and p["core_ref"][4:12] == core_day for p in at_core)
    assert all(abs((dt.datetime.fromisoformat(p["created_at"]) - workstation_at).total_seconds() - skew_s) < 60
               for p in at_core)
    assert ws.till.balance(session).balanced
