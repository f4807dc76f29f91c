"""The reconciliation run end to end: postings at a workstation against the real core emulator
(its clock set to the workstation's day), the journal pushed to the branch store, the core's
camt.053 imported, the ladder run; breaks resolved by supervisors, carried forward and aged."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
import uuid
from decimal import Decimal

import httpx
import pytest

from teller.core.process import start_core_process
from teller.domain.denominations import Breakdown
from teller.domain.errors import PermissionDenied, SelfAuthorisation
from teller.recon.importer import StatementImporter
from teller.recon.service import ReconRefused, ReconService
from teller.services.credentials import Credentials
from teller.store.stores import BranchStore
from teller.sync.core_client import HttpCoreGateway
from tests.recon.conftest import CASH_HEAD, MANAGER, TELLER

DAY = "2026-11-23"
RICH, WANG = "44010001000000017", "44010001000000025"
NONCASH_HEAD = Credentials("0A1B2C3E02", "900002")


@pytest.fixture
def core_on_day(tmp_path, clock):
    """The emulator with its clock moved to the workstation's clock (2026-11-23 09:30 +08:00)."""
    offset = (clock.now() - dt.datetime.now(dt.timezone.utc)).total_seconds()
    with start_core_process(str(tmp_path / "core.sqlite"), extra_args=("--demo", "--clock-offset", str(offset))) as core:
        yield core


@pytest.fixture
def setup(make_workstation, core_on_day, branch_url, clock):
    gateway = HttpCoreGateway(core_on_day.url)
    ws = make_workstation(gateway, branch_url)
    session = ws.sessions.sign_in(TELLER)
    ws.till.open(session, Breakdown({"N10000": 50}, ws.ctx.settings.denominations), TELLER, CASH_HEAD)
    store = BranchStore(ws.branch_engine)
    recon = ReconService(store, clock, ws.sessions.check_credentials)
    yield ws, session, core_on_day, store, recon
    gateway.close()


def deposit(ws, session, account, yuan):
    n = int(yuan) // 100
    result = ws.cash.post(session, "1001", account, Decimal(yuan), Breakdown({"N10000": n}, ws.ctx.settings.denominations))
    assert result.outcome.status == "approved", result.outcome
    return result.outcome


def import_statement(core, store, clock, date=DAY, fmt="camt053"):
    data = httpx.get(f"{core.url}/statements/{date}", params={"format": fmt}).content
    return StatementImporter(store, clock).import_file(data, f"eod-{date}.{fmt}", "S003")


def direct_post(core, key, account, direction, amount_fen):
    answer = httpx.post(f"{core.url}/postings", json={"key": key, "account": account, "direction": direction,
                                                      "amount_fen": amount_fen, "tx_code": "1001",
                                                      "workstation": "HQ", "teller": "X"})
    assert answer.json()["status"] == "approved"


def test_a_clean_day_matches_by_key_with_no_break(setup, clock):
    ws, session, core, store, recon = setup
    for yuan in ("100", "300", "200"):
        deposit(ws, session, RICH, yuan)
    assert ws.replicator.push().ok
    import_statement(core, store, clock)
    summary = recon.run(DAY, "S003")
    assert summary.by_rung == {"key": 3, "account_amount_date": 0, "one_to_many": 0}
    assert sum(summary.by_kind.values()) == 0 and summary.new_breaks == 0
    assert (summary.core_entries, summary.branch_entries) == (3, 3)


def test_breaks_found_resolved_carried_and_aged(setup, clock):
    ws, session, core, store, recon = setup
    kept = deposit(ws, session, RICH, "100")
    reversed_at_core = deposit(ws, session, WANG, "200")
    assert ws.replicator.push().ok
    direct_post(core, f"HQ-{uuid.uuid4().hex[:6]}", RICH, "credit", 2_000_00)  # the branch never made it
    httpx.post(f"{core.url}/postings/{reversed_at_core.key}/reversal")  # reversed at the core only
    import_statement(core, store, clock)
    summary = recon.run(DAY, "S003")
    assert summary.by_kind["missing_at_branch"] == 1 and summary.by_kind["reversed_one_side"] == 1
    assert summary.by_rung["key"] == 2
    breaks = {b.kind: b for b in recon.breaks(on=DAY)}
    assert set(breaks) == {"missing_at_branch", "reversed_one_side"}
    big, rev = breaks["missing_at_branch"], breaks["reversed_one_side"]
    assert big.amount_fen == 2_000_00 and big.core_side and not big.branch_side
    assert rev.core_side[0]["key"] == reversed_at_core.key and rev.core_side[0]["reversal"] is True

    with pytest.raises(PermissionDenied):  # a teller does not resolve breaks
        recon.resolve(TELLER, rev.id, "carry", "timing")
    with pytest.raises(ReconRefused, match="note"):
        recon.resolve(CASH_HEAD, rev.id, "carry", "  ")
    with pytest.raises(ReconRefused, match="branch manager's authorisation"):  # 2,000.00 is over the limit
        recon.resolve(CASH_HEAD, big.id, "carry", "booked by head office, ours tomorrow")
    with pytest.raises(PermissionDenied):  # the authoriser must be the branch manager
        recon.resolve(CASH_HEAD, big.id, "carry", "head office", authoriser=NONCASH_HEAD)
    with pytest.raises(SelfAuthorisation):
        recon.resolve(MANAGER, big.id, "carry", "head office", authoriser=MANAGER)
    carried = recon.resolve(CASH_HEAD, big.id, "carry", "head office booking, ours tomorrow", authoriser=MANAGER)
    ids = {c: recon.verify(c).staff_id for c in (CASH_HEAD, MANAGER)}
    assert (carried.state, carried.resolution, carried.resolved_by, carried.authorised_by) == (
        "carried", "carry", ids[CASH_HEAD], ids[MANAGER])
    with pytest.raises(ReconRefused, match="correcting posting"):
        recon.resolve(CASH_HEAD, rev.id, "correction", "re-posted")
    done = recon.resolve(CASH_HEAD, rev.id, "correction", "re-posted after the core's reversal",
                         correction_key=kept.key)
    assert done.state == "resolved" and kept.key in done.note
    with pytest.raises(ReconRefused, match="already resolved"):
        recon.resolve(CASH_HEAD, rev.id, "write_off", "again", authoriser=MANAGER)

    # the next day: the carried break is still there, one day older, not a second break
    clock.advance(days=1)
    next_day = (dt.date.fromisoformat(DAY) + dt.timedelta(days=1)).isoformat()
    summary2 = recon.run(next_day, "S003")
    assert (summary2.new_breaks, summary2.carried_breaks, summary2.cleared_breaks) == (0, 1, 0)
    (still,) = recon.breaks(on=next_day)
    assert (still.id, still.kind, still.age_days, still.first_seen) == (big.id, "missing_at_branch", 1, DAY)


def test_a_posting_the_core_books_a_day_late_shows_as_date_differs_then_clears(setup, clock):
    ws, session, core, store, recon = setup
    late = deposit(ws, session, RICH, "100")
    assert ws.replicator.push().ok
    # the core's statement of the day lacks it (booked the next day): made by hand from the CSV
    data = httpx.get(f"{core.url}/statements/{DAY}", params={"format": "csv"}).text
    lines = data.splitlines()
    header, rows = lines[0], [l for l in lines[1:] if late.key in l]
    assert rows
    cols = header.split(",")
    row = dict(zip(cols, rows[0].split(",")))
    row["booking_date"] = "2026-11-24"
    moved = {**row, "statement_id": "LATE-1", "opening_balance": row["closing_balance"],
             "closing_balance": str(Decimal(row["closing_balance"]) + Decimal(row["amount"]))}
    text = header + "\n" + ",".join(moved[c] for c in cols) + "\n"
    StatementImporter(store, clock).import_file(text.encode(), "late.csv", "S003")
    summary = recon.run(DAY, "S003")
    assert summary.by_kind["date_differs"] == 1
    (brk,) = recon.breaks(on=DAY)
    assert brk.kind == "date_differs" and brk.core_side[0]["booking_date"] == "2026-11-24"


def test_teller_admin_recon_run_and_import(setup, clock, teller_home, branch_url):
    ws, session, core, store, recon = setup
    deposit(ws, session, RICH, "100")
    assert ws.replicator.push().ok
    statement = teller_home / "eod.xml"
    statement.write_bytes(httpx.get(f"{core.url}/statements/{DAY}").content)
    env = {"TELLER_HOME": str(teller_home), "PATH": "/usr/bin:/bin"}
    base = [sys.executable, "-m", "teller.cli", "recon"]
    imported = subprocess.run(base + ["import", str(statement), "--branch-url", branch_url],
                              capture_output=True, text=True, timeout=120, env=env)
    assert imported.returncode == 0, imported.stderr
    again = subprocess.run(base + ["import", str(statement), "--branch-url", branch_url],
                           capture_output=True, text=True, timeout=120, env=env)
    assert again.returncode == 0 and "already imported" in again.stdout
    ran = subprocess.run(base + ["run", "--date", DAY, "--branch-url", branch_url],
                         capture_output=True, text=True, timeout=120, env=env)
    assert ran.returncode == 0, ran.stderr
    assert "key 1" in ran.stdout and "breaks 0" in ran.stdout
    broken = teller_home / "broken.xml"
    broken.write_bytes(statement.read_bytes()[:-40])
    refused = subprocess.run(base + ["import", str(broken), "--branch-url", branch_url],
                             capture_output=True, text=True, timeout=120, env=env)
    assert refused.returncode == 2 and "truncated" in refused.stderr
