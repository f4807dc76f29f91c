"""Shared fixtures: an in-memory keyring, a throwaway data directory, real PostgreSQL
schemas, a real core emulator process and a wired workstation with the demo branch."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid

import keyring
import pytest
from sqlalchemy import create_engine, text

from tests.doubles import InMemoryKeyring

ON_CI = os.environ.get("CI", "").lower() == "true"
PG_URL = os.environ.get("TELLER_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def require_component(available: bool, why: str) -> None:
    """A test that needs a system component: under CI=true it fails, elsewhere it skips saying why."""
    if available:
        return
    if ON_CI:
        pytest.fail(f"required system component missing under CI: {why}")
    pytest.skip(why)


def require_program(name: str) -> str:
    path = shutil.which(name)
    require_component(path is not None, f"{name} is not installed (run scripts/setup.sh)")
    return path


@pytest.fixture(autouse=True)
def quick_pin_kdf(monkeypatch):
    """PINs hashed in the test process cost what they did before issue 14 (N=2^14, ~50 ms)
    instead of COST (>= 100 ms, measured by bench/pin_kdf.py), so hundreds of sign-ins stay fast.
    The verifiers carry their parameters; teller-admin subprocesses hash at the real COST, and
    tests/domain/test_pin.py checks COST itself."""
    from teller.domain import pin

    monkeypatch.setattr(pin, "COST", pin.ScryptCost(2**14, 8, 1))


@pytest.fixture(autouse=True)
def memory_keyring():
    previous = keyring.get_keyring()
    ring = InMemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture
def teller_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("TELLER_HOME", str(home))
    return home


def _pg_available() -> bool:
    try:
        engine = create_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001 - any failure means "not here"
        return False


@pytest.fixture
def pg_url():
    """A fresh schema in the PostgreSQL test database, dropped afterwards."""
    require_component(_pg_available(), f"PostgreSQL not reachable at {PG_URL}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def branch_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'branch.sqlite'}"
    return request.getfixturevalue("pg_url")


class ManualClock:
    """A clock the test moves by hand (business date, idle time)."""

    def __init__(self, start: dt.datetime | None = None):
        self.current = start or dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))

    def now(self) -> dt.datetime:
        return self.current

    def advance(self, **delta) -> None:
        self.current += dt.timedelta(**delta)


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def core(tmp_path):
    from teller.core.process import start_core_process

    with start_core_process(str(tmp_path / "core.sqlite"), extra_args=("--demo",)) as process:
        yield process


@pytest.fixture
def core_gateway(core):
    from teller.sync.core_client import HttpCoreGateway

    gateway = HttpCoreGateway(core.url)
    yield gateway
    gateway.close()


@pytest.fixture
def make_workstation(teller_home, clock):
    """Builds a workstation (own store) on a branch store URL, seeding the demo branch once."""
    from teller.config import load_settings
    from teller.services.demo import seed_demo_branch
    from teller.services.workstation import build_workstation
    from teller.store.secrets import KeyringSecretStore

    built = []

    def make(core_gateway, branch_url=None, workstation_id="WS01", overrides=None):
        raw = {"workstation": {"id": workstation_id}}
        raw.update(overrides or {})
        settings = load_settings(teller_home, raw)
        ws = build_workstation(settings, core_gateway, KeyringSecretStore(), clock, branch_url=branch_url)
        with ws.ctx.branch_tx() as db:
            seed_demo_branch(db, "test")
        built.append(ws)
        return ws

    yield make
    for ws in built:
        ws.close()


@pytest.fixture
def workstation(make_workstation, core_gateway, branch_url):
    return make_workstation(core_gateway, branch_url)


class StoppedCore:
    """A core emulator that seeded its demo ledger and stopped: the link is down. `gateway()`
    reaches for it with short time-outs; `restart()` brings it back on the same ledger."""

    def __init__(self, db_path):
        from teller.core.process import start_core_process

        self.db_path = str(db_path)
        with start_core_process(self.db_path, extra_args=("--demo",)) as core:
            self.url = core.url

    def gateway(self):
        from teller.sync.core_client import HttpCoreGateway

        return HttpCoreGateway(self.url, connect_timeout=0.5, read_timeout=1.0)

    def restart(self):
        from teller.core.process import start_core_process

        return start_core_process(self.db_path)


@pytest.fixture
def stopped_core(tmp_path):
    return StoppedCore(tmp_path / "c.sqlite")
