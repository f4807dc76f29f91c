"""Wake-ups between workstations (teller.store.notifications) with real parts: the maker's
workstation WS01 and the supervisor's WS02 (own SQLite stores) on one branch store —
PostgreSQL (LISTEN/NOTIFY) and SQLite (polling) — and the real core emulator.

The supervisor's Listener on REQUESTS_CHANNEL does what the supervisor's workstation does on a
wake: it reads the queue (`pending_for`). A wake counts for a request when its payload is the
request id (PostgreSQL) or when the queue read on that wake shows the request (either store).
"""
import threading
import time
import uuid
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text

from teller.domain.denominations import Breakdown
from teller.services.authorisation import REQUESTS_CHANNEL
from teller.services.credentials import Credentials
from teller.store.notifications import Listener

TELLER = Credentials("0A1B2C3D01", "111111")
CASH_HEAD = Credentials("0A1B2C3E01", "900001")
MANAGER = Credentials("0A1B2C3F01", "900003")
RICH = "44010001000000017"

WAKE_WITHIN_S = 1.0
RECONNECT_WITHIN_S = 5.0
STOP_WITHIN_S = 1.5


class Wakes:
    """The supervisor's on_wake: reads the queue and remembers what each wake saw."""

    def __init__(self, desk, manager):
        self.desk, self.manager = desk, manager
        self.seen: list[tuple[float, str, frozenset[int]]] = []  # (perf_counter at wake, payload, pending ids)
        self._changed = threading.Condition()

    def __call__(self, payload: str) -> None:
        at = time.perf_counter()
        pending = frozenset(r.id for r in self.desk.authorisation.pending_for(self.manager))
        with self._changed:
            self.seen.append((at, payload, pending))
            self._changed.notify_all()

    def first(self, request_id: int, timeout: float, by_payload: bool = False) -> float | None:
        """perf_counter of the first wake that saw `request_id`, waiting up to `timeout` s for it."""
        def found():
            for at, payload, pending in self.seen:
                if payload == str(request_id) or (not by_payload and request_id in pending):
                    return at
            return None

        with self._changed:
            self._changed.wait_for(lambda: found() is not None, timeout=timeout)
            return found()

    def count(self) -> int:
        with self._changed:
            return len(self.seen)


def _build(make_workstation, core_gateway, branch_url):
    """WS01 with one settled deposit whose reversal needs the branch manager's remote approval,
    and WS02 with the branch manager signed in."""
    maker = make_workstation(core_gateway, branch_url, "WS01")
    desk = make_workstation(core_gateway, branch_url, "WS02")
    denoms = maker.ctx.settings.denominations
    session = maker.sessions.sign_in(TELLER)
    maker.till.open(session, Breakdown({"N10000": 100}, denoms), TELLER, CASH_HEAD)
    deposit = maker.cash.post(session, "1001", RICH, Decimal("100"), Breakdown({"N10000": 1}, denoms))
    need = maker.reversal.need(session, deposit.outcome.seq)
    assert need.decision.outcome == "remote"
    manager = desk.sessions.sign_in(MANAGER)
    return maker, session, need, desk, manager


@pytest.fixture
def branch(make_workstation, core_gateway, branch_url):
    return _build(make_workstation, core_gateway, branch_url)


def _request(maker, session, need) -> tuple[float, int]:
    t0 = time.perf_counter()
    return t0, maker.authorisation.request_remote(session, need)


def test_listener_wakes_within_a_second_of_a_request_and_stops_promptly(branch, branch_url):
    maker, session, need, desk, manager = branch
    wakes = Wakes(desk, manager)
    listener = Listener(desk.branch_engine, REQUESTS_CHANNEL, wakes).start()
    try:
        time.sleep(0.3)  # listening (PostgreSQL: LISTEN issued) before the first request
        for _ in range(3):
            t0, request_id = _request(maker, session, need)
            woke = wakes.first(request_id, timeout=5)
            assert woke is not None, f"no wake saw request {request_id} within 5 s"
            assert woke - t0 < WAKE_WITHIN_S, f"woke {woke - t0:.3f} s after request_remote"
            if branch_url.startswith("postgresql"):  # the payload is the request id
                assert wakes.first(request_id, timeout=5, by_payload=True) is not None
    finally:
        started = time.perf_counter()
        listener.stop()
        stopped_in = time.perf_counter() - started
    assert stopped_in < STOP_WITHIN_S, f"stop() took {stopped_in:.2f} s"
    after_stop = wakes.count()
    _request(maker, session, need)
    time.sleep(0.6)  # longer than one poll interval and one notifies() timeout
    assert wakes.count() == after_stop, "the listener woke after stop()"


def _listening_pids(admin, application_name: str) -> list[int]:
    with admin.connect() as conn:
        return list(conn.execute(text("SELECT pid FROM pg_stat_activity WHERE application_name = :name "
                                      "AND query LIKE 'LISTEN%'"), {"name": application_name}).scalars())


def _wait_for_listener(admin, application_name: str, not_pid: int | None = None) -> int:
    deadline = time.monotonic() + RECONNECT_WITHIN_S
    while time.monotonic() < deadline:
        pids = [p for p in _listening_pids(admin, application_name) if p != not_pid]
        if pids:
            return pids[0]
        time.sleep(0.05)
    raise AssertionError(f"no LISTEN backend for {application_name} within {RECONNECT_WITHIN_S} s")


@pytest.mark.postgres
def test_listener_survives_a_lost_connection(make_workstation, core_gateway, pg_url):
    maker, session, need, desk, manager = _build(make_workstation, core_gateway, pg_url)

    # The listener's own engine on the same branch store, tagged so that we terminate our
    # listener's backend and nobody else's (other test runs may listen on the same server).
    tag = f"teller-test-listener-{uuid.uuid4().hex[:8]}"
    listen_engine = create_engine(f"{pg_url}&application_name={tag}")
    admin = create_engine(pg_url)
    wakes = Wakes(desk, manager)
    listener = Listener(listen_engine, REQUESTS_CHANNEL, wakes).start()
    try:
        first_pid = _wait_for_listener(admin, tag)
        t0, before = _request(maker, session, need)
        woke = wakes.first(before, timeout=5, by_payload=True)
        assert woke is not None and woke - t0 < WAKE_WITHIN_S

        with admin.begin() as conn:  # the branch server drops the listener's connection
            killed = conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                       "WHERE application_name = :name AND query LIKE 'LISTEN%'"),
                                  {"name": tag}).scalars().all()
        assert killed == [True]
        # requested while the listener may be disconnected: its NOTIFY can be lost, the wake
        # on reconnecting ("whatever arrived before we listened") must still find it
        t0, during = _request(maker, session, need)
        woke = wakes.first(during, timeout=RECONNECT_WITHIN_S)
        assert woke is not None, f"request {during} not seen within {RECONNECT_WITHIN_S} s of the lost connection"
        assert woke - t0 < RECONNECT_WITHIN_S

        second_pid = _wait_for_listener(admin, tag, not_pid=first_pid)
        assert second_pid != first_pid
        t0, after = _request(maker, session, need)
        woke = wakes.first(after, timeout=5, by_payload=True)
        assert woke is not None, "no NOTIFY received after reconnecting"
        assert woke - t0 < WAKE_WITHIN_S
    finally:
        started = time.perf_counter()
        listener.stop()
        stopped_in = time.perf_counter() - started
        listen_engine.dispose()
    assert stopped_in < STOP_WITHIN_S, f"stop() took {stopped_in:.2f} s"
    deadline = time.monotonic() + 2
    while _listening_pids(admin, tag) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _listening_pids(admin, tag) == [], "the stopped listener's connection is still open"
    admin.dispose()
