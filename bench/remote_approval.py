"""Benchmark: remote approval latency through the branch store (see bench/README.md).

    .venv/bin/python bench/remote_approval.py [--n 200] [--warmup 5] [--profile]

The maker's workstation WS01 asks for a remote approval (`request_remote`) and waits until it
sees "approved"; the supervisor's workstation WS02 is woken by LISTEN/NOTIFY on
REQUESTS_CHANNEL and approves (`pending_for` + `decide`) from its own listener thread; the
maker is woken on DECISIONS_CHANNEL (a threading.Event + `state_of`). Both workstations have
their own SQLite stores (temp TELLER_HOME) on one PostgreSQL branch store (a throwaway schema,
created and dropped here; URL from TELLER_BENCH_PG_URL, default the local `test` database)
and the core emulator runs as a real process.

Latency = from just before `request_remote` to the maker seeing "approved". Target: p95 < 300 ms.
Reference, same run, same server: a bare NOTIFY -> LISTEN (one hop) and a bare ping-pong (two
hops, as a request and its decision), psycopg only, no tables.

Top-level imports are standard library only, like bench/posting.py.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
P95_TARGET_MS = 300.0

TELLER_BADGE, TELLER_PIN = "0A1B2C3D01", "111111"  # demo cash teller (teller.services.demo)
HEAD_BADGE, HEAD_PIN = "0A1B2C3E01", "900001"  # demo cash-area head (opens the till with the teller)
MANAGER_BADGE, MANAGER_PIN = "0A1B2C3F01", "900003"  # demo branch manager: decides reversals
RICH_ACCOUNT = "44010001000000017"  # demo account of the core emulator
TX_CASH_DEPOSIT = "1001"
# Business hours over the whole day: the bench measures the reversal's remote approval at
# any hour; at night the default hours would also route each 1.00 deposit to the manager.
ALL_DAY = {"branch": {"business_hours": "00:00-23:59:59.999999"}}


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _pct(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def _ms(samples_ns: list[int]) -> dict:
    ms = sorted(s / 1e6 for s in samples_ns)
    return {"p50": _pct(ms, 50), "p95": _pct(ms, 95), "max": ms[-1] if ms else float("nan"),
            "mean": statistics.fmean(ms) if ms else float("nan"), "n": len(ms)}


def _now() -> int:
    return time.perf_counter_ns()


# -- test doubles and stand-ins ---------------------------------------------------------------

def install_memory_keyring() -> None:
    import keyring

    from tests.doubles import InMemoryKeyring  # the test double: no system keyring on a build machine

    keyring.set_keyring(InMemoryKeyring())


class AutomatedApprover:
    """BENCH STAND-IN for the branch manager at the supervisor's workstation WS02: on every wake
    of its Listener on REQUESTS_CHANNEL (its own thread, as at WS02) it reads the queue and
    approves everything pending at once. A real manager reads each request and decides."""

    def __init__(self, desk, manager):
        self.desk, self.manager = desk, manager
        self.woke: dict[int, int] = {}  # request id -> perf_counter_ns of the wake that handled it
        self.read: dict[int, int] = {}  # ... when pending_for returned
        self.decided: dict[int, int] = {}  # ... when decide returned
        self.errors: list[str] = []

    def __call__(self, _payload: str) -> None:
        from teller.services.authorisation import RequestAlreadyDecided

        woke = _now()
        pending = self.desk.authorisation.pending_for(self.manager)
        read = _now()
        for row in pending:
            self.woke.setdefault(row.id, woke)
            self.read.setdefault(row.id, read)
            try:
                self.desk.authorisation.decide(self.manager, row.id, True)
            except RequestAlreadyDecided as exc:  # decided meanwhile: nothing to do
                self.errors.append(str(exc))
                continue
            self.decided[row.id] = _now()


class DecisionWaiter:
    """The maker's on_wake for DECISIONS_CHANNEL: sets an Event (the maker then reads the state)."""

    def __init__(self):
        self.event = threading.Event()
        self.woke: dict[str, int] = {}  # payload -> perf_counter_ns of its first wake

    def __call__(self, payload: str) -> None:
        self.woke.setdefault(payload, _now())
        self.event.set()


class StatementCounter:
    """Counts what an engine sends to the branch store: SQL statements, COMMITs and pool
    checkouts (each checkout costs one more round trip: the engine has pool_pre_ping=True)."""

    def __init__(self, engine):
        from sqlalchemy import event

        self.count = self.commits = self.checkouts = 0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)
        event.listen(engine, "checkout", self._checkout)

    def _checkout(self, *_args):
        self.checkouts += 1

    def _statement(self, *_args, **_kwargs):
        self.count += 1

    def _commit(self, *_args):
        self.commits += 1


# -- the branch store: a throwaway schema -------------------------------------------------------

@contextlib.contextmanager
def throwaway_schema(pg_url: str):
    from sqlalchemy import create_engine, text

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in pg_url else "?"
    try:
        yield f"{pg_url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _pg_reachable(pg_url: str) -> str | None:
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(pg_url)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not here"
        return str(exc).splitlines()[0]


# -- reference: bare NOTIFY -> LISTEN on the same server -------------------------------------------

def _conninfo(pg_url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)


class _BareListener:
    """A thread on its own autocommit connection: LISTEN, then `notifies(timeout=0.5)` in a loop
    (what teller.store.notifications.Listener does), calling `handle(payload)` per notification."""

    def __init__(self, conninfo: str, channel: str, handle):
        import psycopg

        self.conn = psycopg.connect(conninfo, autocommit=True)
        self.conn.execute(f'LISTEN "{channel}"')
        self.handle = handle
        self.stop_flag = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name=f"bare-{channel}")
        self.thread.start()

    def _run(self):
        while not self.stop_flag.is_set():
            for note in self.conn.notifies(timeout=0.5):
                self.handle(note.payload)

    def close(self):
        self.stop_flag.set()
        self.thread.join(timeout=5)
        self.conn.close()


def bench_bare_notify(pg_url: str, n: int, warmup: int) -> tuple[dict, dict]:
    """(one hop NOTIFY -> listener thread -> waiting main thread, ping-pong of two such hops)."""
    import psycopg

    conninfo = _conninfo(pg_url)
    tag = uuid.uuid4().hex[:8]
    ping, pong = f"bench_ping_{tag}", f"bench_pong_{tag}"
    arrived = threading.Event()
    replier = psycopg.connect(conninfo, autocommit=True)  # the "supervisor" side answers on its own connection
    lock = threading.Lock()

    def on_ping(payload: str):
        with lock:
            replier.execute("SELECT pg_notify(%s, %s)", (pong, payload))

    def on_pong(_payload: str):
        arrived.set()

    sender = psycopg.connect(conninfo, autocommit=True)
    one_hop_listener = _BareListener(conninfo, ping + "_1", on_pong)
    ping_listener = _BareListener(conninfo, ping, on_ping)
    pong_listener = _BareListener(conninfo, pong, on_pong)
    one_hop: list[int] = []
    two_hops: list[int] = []
    try:
        for i in range(warmup + n):
            for channel, sink in ((ping + "_1", one_hop), (ping, two_hops)):
                arrived.clear()
                t0 = _now()
                sender.execute("SELECT pg_notify(%s, %s)", (channel, str(i)))
                if not arrived.wait(5):
                    raise RuntimeError(f"bare NOTIFY on {channel} not received within 5 s")
                if i >= warmup:
                    sink.append(_now() - t0)
    finally:
        for listener in (one_hop_listener, ping_listener, pong_listener):
            listener.close()
        sender.close()
        replier.close()
    return _ms(one_hop), _ms(two_hops)


# -- the workstations -----------------------------------------------------------------------------

def build(home: Path, gateway, branch_url: str, workstation_id: str):
    from teller.config import load_settings
    from teller.ports import SystemClock
    from teller.services.demo import seed_demo_branch
    from teller.services.workstation import build_workstation
    from teller.store.secrets import KeyringSecretStore

    settings = load_settings(home, {"workstation": {"id": workstation_id}, **ALL_DAY})
    clock = SystemClock()  # what the desktop program uses
    ws = build_workstation(settings, gateway, KeyringSecretStore(), clock, branch_url=branch_url)
    with ws.ctx.branch_tx() as db:
        seed_demo_branch(db, clock.now().isoformat(timespec="seconds"))
    return ws


def prepare_needs(maker, session, count: int) -> list:
    """`count` settled deposits of 1.00 (one 1-yuan note each) at the core, and for each the
    reversal's authorisation need (the policy routes reversals to the branch manager, remote)."""
    from decimal import Decimal

    from teller.domain.denominations import Breakdown

    denoms = maker.ctx.settings.denominations
    one_yuan = Breakdown({"N100": 1}, denoms)
    needs = []
    for _ in range(count):
        posted = maker.cash.post(session, TX_CASH_DEPOSIT, RICH_ACCOUNT, Decimal("1.00"), one_yuan)
        if posted.outcome.status != "approved":
            raise RuntimeError(f"deposit not approved by the core: {posted.outcome.status}")
        need = maker.reversal.need(session, posted.outcome.seq)
        if need is None or need.decision.outcome != "remote":
            raise RuntimeError(f"a reversal should need a remote approval, the policy says {need}")
        needs.append(need)
    return needs


def run_remote_approvals(maker, session, needs, waiter: DecisionWaiter, timeout_s: float = 10.0):
    """Requests one approval at a time and waits for "approved". Returns per request:
    (id, t0, request_remote returned, maker saw approved, state reads), perf_counter_ns."""
    rows = []
    for need in needs:
        waiter.event.clear()
        t0 = _now()
        request_id = maker.authorisation.request_remote(session, need)
        returned = _now()
        reads = 0
        deadline = time.monotonic() + timeout_s
        while True:
            waiter.event.wait(max(0.0, deadline - time.monotonic()))
            waiter.event.clear()
            state = maker.authorisation.state_of(request_id).state
            reads += 1
            if state == "approved":
                break
            if state != "pending" or time.monotonic() > deadline:
                raise RuntimeError(f"request {request_id} is {state} after {reads} reads")
        rows.append((request_id, t0, returned, _now(), reads))
    return rows


# -- where the time goes --------------------------------------------------------------------------

def print_timeline(rows, approver: AutomatedApprover, waiter: DecisionWaiter) -> None:
    """Median time from just before request_remote to each event of one approval."""
    marks = {"request_remote returned (maker's branch INSERT+NOTIFY+COMMIT, then its journal)": [],
             "supervisor's listener woke": [],
             "supervisor's pending_for returned": [],
             "decide returned (branch UPDATE+NOTIFY+COMMIT, then its journal)": [],
             "maker's listener woke on the decision": [],
             "maker saw approved (state_of)": []}
    names = list(marks)
    reads = []
    for request_id, t0, returned, seen, n_reads in rows:
        values = (returned, approver.woke.get(request_id), approver.read.get(request_id),
                  approver.decided.get(request_id), waiter.woke.get(str(request_id)), seen)
        for name, value in zip(names, values):
            if value is not None:
                marks[name].append(value - t0)
        reads.append(n_reads)
    print("  timeline of one approval, ms after just before request_remote (p50 / p95 over the run):")
    for name in names:
        s = _ms(marks[name])
        print(f"    {s['p50']:7.1f} / {s['p95']:7.1f}  {name}")
    print(f"  state_of reads per approval: mean {statistics.fmean(reads):.2f}, max {max(reads)}")


def print_step_costs(maker, desk, maker_session, manager, needs, n: int) -> None:
    """Each step alone, nobody waiting on anybody: what one call costs."""
    from teller.services.authorisation import RequestAlreadyDecided

    costs: dict[str, list[int]] = {"maker: request_remote": [], "maker: state_of": [],
                                   "supervisor: pending_for (1 pending)": [], "supervisor: decide": [],
                                   "  of which SessionService.require_active": [],
                                   "any: expire_due (in state_of and pending_for)": []}
    for need in needs[:n]:
        t = _now()
        request_id = maker.authorisation.request_remote(maker_session, need)
        costs["maker: request_remote"].append(_now() - t)
        t = _now()
        desk.authorisation.pending_for(manager)
        costs["supervisor: pending_for (1 pending)"].append(_now() - t)
        t = _now()
        desk.sessions.require_active(manager)
        costs["  of which SessionService.require_active"].append(_now() - t)
        t = _now()
        try:
            desk.authorisation.decide(manager, request_id, True)
        except RequestAlreadyDecided:
            pass
        costs["supervisor: decide"].append(_now() - t)
        t = _now()
        maker.authorisation.state_of(request_id)
        costs["maker: state_of"].append(_now() - t)
        t = _now()
        maker.authorisation.expire_due()
        costs["any: expire_due (in state_of and pending_for)"].append(_now() - t)
    print(f"  each step alone, sequential, no listeners involved (p50 / p95 ms of {n}):")
    for name, samples in costs.items():
        s = _ms(samples)
        print(f"    {s['p50']:7.2f} / {s['p95']:7.2f}  {name}")


def print_profile(maker, desk, maker_session, manager, needs) -> None:
    """cProfile of the synchronous path (request_remote, pending_for, decide, state_of) in this thread."""
    import cProfile
    import io
    import pstats

    from teller.services.authorisation import RequestAlreadyDecided

    profiler = cProfile.Profile()
    profiler.enable()
    for need in needs:
        request_id = maker.authorisation.request_remote(maker_session, need)
        desk.authorisation.pending_for(manager)
        try:
            desk.authorisation.decide(manager, request_id, True)
        except RequestAlreadyDecided:
            pass
        maker.authorisation.state_of(request_id)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
    print(f"  cProfile of {len(needs)} request+pending_for+decide+state_of, top 12 by own time:")
    for line in out.getvalue().splitlines():
        if line.strip() and not line.lstrip().startswith(("Ordered by", "List reduced")):
            print("    " + line.rstrip())


# -- main -------------------------------------------------------------------------------------------

def bench_remote_approval(pg_url: str, n: int, warmup: int, profile: bool) -> bool:
    from teller.core.process import start_core_process
    from teller.services.authorisation import DECISIONS_CHANNEL, REQUESTS_CHANNEL
    from teller.services.credentials import Credentials
    from teller.domain.denominations import Breakdown
    from teller.store.notifications import Listener
    from teller.sync.core_client import HttpCoreGateway

    profile_n = 50 if profile else 0
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="teller-bench-")))
        home = tmp / "home"
        home.mkdir()
        os.environ["TELLER_HOME"] = str(home)
        install_memory_keyring()
        branch_url = stack.enter_context(throwaway_schema(pg_url))
        core = stack.enter_context(start_core_process(str(tmp / "core.sqlite"), extra_args=("--demo",)))
        gateway = HttpCoreGateway(core.url)
        stack.callback(gateway.close)

        maker = build(home, gateway, branch_url, "WS01")
        stack.callback(maker.close)
        desk = build(home, gateway, branch_url, "WS02")
        stack.callback(desk.close)
        teller = Credentials(TELLER_BADGE, TELLER_PIN)
        session = maker.sessions.sign_in(teller)
        maker.till.open(session, Breakdown({"N10000": 10, "N100": 10}, maker.ctx.settings.denominations),
                        teller, Credentials(HEAD_BADGE, HEAD_PIN))
        manager = desk.sessions.sign_in(Credentials(MANAGER_BADGE, MANAGER_PIN))

        t = time.perf_counter()
        needs = prepare_needs(maker, session, warmup + n + profile_n)
        print(f"  set-up: {len(needs)} deposits of 1.00 posted at the core emulator (pid {core.pid}) "
              f"in {time.perf_counter() - t:.1f} s; branch store {branch_url.split('@')[-1]}", flush=True)

        approver = AutomatedApprover(desk, manager)
        waiter = DecisionWaiter()
        supervisor_listener = Listener(desk.branch_engine, REQUESTS_CHANNEL, approver).start()
        stack.callback(supervisor_listener.stop)
        maker_listener = Listener(maker.branch_engine, DECISIONS_CHANNEL, waiter).start()
        stack.callback(maker_listener.stop)
        time.sleep(0.5)  # both listening before the first request

        run_remote_approvals(maker, session, needs[:warmup], waiter)  # warm-up, not counted
        maker_sql, desk_sql = StatementCounter(maker.branch_engine), StatementCounter(desk.branch_engine)
        rows = run_remote_approvals(maker, session, needs[warmup:warmup + n], waiter)
        counted = [(c.count / n, c.commits / n, c.checkouts / n) for c in (maker_sql, desk_sql)]
        supervisor_listener.stop()
        maker_listener.stop()

        latency = _ms([seen - t0 for _id, t0, _ret, seen, _reads in rows])
        ok = latency["p95"] < P95_TARGET_MS
        print(f"remote approval: p50 {latency['p50']:.1f} ms, p95 {latency['p95']:.1f} ms, "
              f"max {latency['max']:.1f} ms of {latency['n']} (target p95 < {P95_TARGET_MS:g} ms) "
              f"{_verdict(ok)}", flush=True)

        one_hop, two_hops = bench_bare_notify(pg_url, n, warmup)
        print(f"  reference, same server: bare NOTIFY->LISTEN one hop p50 {one_hop['p50']:.2f} ms, "
              f"p95 {one_hop['p95']:.2f} ms; ping-pong (two hops, like request + decision) "
              f"p50 {two_hops['p50']:.2f} ms, p95 {two_hops['p95']:.2f} ms", flush=True)
        print(f"  ours over the bare two hops: p50 +{latency['p50'] - two_hops['p50']:.1f} ms "
              f"({latency['p50'] / two_hops['p50']:.0f}x), p95 +{latency['p95'] - two_hops['p95']:.1f} ms", flush=True)
        print("  per approval, to the branch store: " + "; ".join(
              f"{who} {stmts:.1f} SQL statements ({commits:.1f} COMMITs) + {pings:.1f} pre-pings"
              for who, (stmts, commits, pings) in zip(("maker", "supervisor"), counted))
              + f"; approvals that lost a race: {len(approver.errors)}", flush=True)

        if not ok or profile:
            print_timeline(rows, approver, waiter)
            rest = needs[warmup + n:] or needs[:warmup]
            print_step_costs(maker, desk, session, manager, rest, min(len(rest), 50))
            if profile:
                print_profile(maker, desk, session, manager, rest)
        return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="remote approvals timed (default 200)")
    parser.add_argument("--warmup", type=int, default=5, help="approvals before timing (default 5)")
    parser.add_argument("--profile", action="store_true",
                        help="always print the timeline, per-step costs and a cProfile")
    args = parser.parse_args(argv)

    pg_url = os.environ.get("TELLER_BENCH_PG_URL", DEFAULT_PG_URL)
    why = _pg_reachable(pg_url)
    if why is not None:
        print(f"remote approval: not measured (PostgreSQL not reachable at {pg_url}: {why}) MISS", flush=True)
        return 1
    return 0 if bench_remote_approval(pg_url, args.n, args.warmup, args.profile) else 1


if __name__ == "__main__":
    sys.exit(main())
