"""kill -9 at random points of a burst of postings, then a fresh resolver: the journal chain
verifies, every recorded posting is at the core exactly once (or, for a withdrawal never paid
out, tombstoned/reversed), none twice, per-account order kept."""
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from teller.config import load_settings
from teller.core.process import start_core_process
from teller.domain.denominations import Breakdown
from teller.services.credentials import Credentials
from teller.services.demo import seed_demo_branch
from teller.services.workstation import build_workstation
from teller.store.secrets import make_secret_store
from teller.sync.core_client import HttpCoreGateway
from tests.clocks import ShiftedClock
from tests.services.outbox_checks import check_three_ways, outbox_rows

PASSWORD_ENV = "TELLER_KEYRING_PASSWORD"
TELLER = Credentials("0A1B2C3D01", "111111")
CASH_HEAD = Credentials("0A1B2C3E01", "900001")
ROOT = str(Path(__file__).resolve().parents[2])
ITERATIONS = 8


@pytest.fixture
def home(teller_home, monkeypatch):
    (teller_home / "config.toml").write_text('[secrets]\nbackend = "encrypted-file"\n', encoding="utf-8")
    monkeypatch.setenv(PASSWORD_ENV, "crash loop password")
    return teller_home


@pytest.fixture
def business_clock():
    """Real time from 09:30 branch time on the test's business date: the parent and every child
    share it (the child gets `spec()`), so the postings never depend on the machine's hour."""
    return ShiftedClock()


def workstation(home, url, clock, secrets=None):
    """A freshly started workstation on HOME. `secrets`: the keyring already unlocked by this test
    process (unlocking the encrypted file costs an Argon2 derivation, a second or more)."""
    settings = load_settings(home)
    return build_workstation(settings, HttpCoreGateway(url), secrets or make_secret_store(settings.secrets, home),
                             clock)


def test_kill_9_during_a_burst_of_postings_leaves_nothing_twice(home, tmp_path, business_clock):
    rng = random.Random(20261123)
    db = tmp_path / "core.sqlite"
    secrets = make_secret_store(load_settings(home).secrets, home)
    with start_core_process(str(db), extra_args=("--demo",)) as core:
        ws = workstation(home, core.url, business_clock, secrets)
        with ws.ctx.branch_tx() as bdb:
            seed_demo_branch(bdb, "test")
        session = ws.sessions.sign_in(TELLER)
        ws.till.open(session, Breakdown({"N10000": 100}, ws.ctx.settings.denominations), TELLER, CASH_HEAD)
        ws.close()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (ROOT, os.environ.get("PYTHONPATH")) if p))
        started, killed_mid_burst = time.monotonic(), 0
        for _ in range(ITERATIONS):
            child = subprocess.Popen([sys.executable, "-m", "tests.services.outbox_crash_child", str(home),
                                      core.url, "400", business_clock.spec()],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env, text=True)
            try:
                assert child.stdout.readline().strip() == "ready", child.stderr.read()
                time.sleep(rng.uniform(0.0, 0.6))
                child.send_signal(signal.SIGKILL)
                rc = child.wait(10)
            finally:
                if child.poll() is None:
                    child.kill()
                    child.wait(10)
            killed_mid_burst += rc == -signal.SIGKILL
            # a restart: a fresh workstation resolves what the dead one left open
            ws = workstation(home, core.url, business_clock, secrets)
            try:
                left = len(ws.outbox.open_items())
                result = ws.outbox.resolve_pending(ignore_backoff=True)
                assert result["failed"] == 0 and result["waiting"] == 0, result
                assert result["settled"] == left
                states = check_three_ways(ws, db)
                assert set(states) <= {"approved", "reversed"}, states
                # a withdrawal is reversed only when it was left unanswered: never a deposit
                assert all(i.direction == "debit" for i in outbox_rows(ws.ctx) if i.state == "reversed")
            finally:
                ws.close()
        assert killed_mid_burst >= ITERATIONS // 2
        assert time.monotonic() - started < 60
    assert len(outbox_rows_of(home, business_clock)) > ITERATIONS  # the bursts did get postings in before the kills


def outbox_rows_of(home, clock):
    settings = load_settings(home)
    ws = build_workstation(settings, None, make_secret_store(settings.secrets, home), clock)
    try:
        return outbox_rows(ws.ctx)
    finally:
        ws.close()
