"""Benchmarks of the teller workstation, each against a target (see bench/README.md).

    .venv/bin/python bench/posting.py [--n 2000] [--rounds 10] [--memory-postings 2000] [--profile]

1. posting: the durable local part of a cash posting (`CashService.record_posting`:
   journal entry + outbox row + till movement, one SQLite transaction, WAL +
   synchronous=FULL) against raw `sqlite3` INSERT + COMMIT of one row of the same
   size with the same durability settings, measured in the same run, in alternating
   batches. Target (issue 13): ours <= 1.5x raw, mean and p50.
2. memory: peak RSS of a fresh process that imports what the desktop program imports
   (Qt offscreen included) and makes 2,000 full postings (`CashService.post`) against
   the core emulator running as a real process. Target: < 250 MB.
3. cold start: bench/cold_start.py, the desktop program to its first paint against
   `QApplication + QWidget().show()` to first paint in the same run. Target: <= 1.5x.

Top-level imports are standard library only, so the memory child process measures
the workstation's own imports and nothing of this script's.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

POSTING_TARGET_RATIO = 1.5  # issue 13: mean and p50
MEMORY_TARGET_MB = 250.0
COLD_START_RUNS = 5

TELLER_BADGE, TELLER_PIN = "0A1B2C3D01", "111111"  # demo cash teller (teller.services.demo)
HEAD_BADGE, HEAD_PIN = "0A1B2C3E01", "900001"  # demo cash-area head
RICH_ACCOUNT = "44010001000000017"  # demo account of the core emulator, large balance
MEMORY_ACCOUNTS = ("44010001000000017", "44010001000000025", "44010001000000033", "44010001000000058",
                   "44010001000000066")  # the demo accounts that take deposits (041 is frozen)
TX_CASH_DEPOSIT = "1001"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


# -- test doubles ------------------------------------------------------------------------

def install_memory_keyring() -> None:
    import keyring

    from tests.doubles import InMemoryKeyring  # the test double: no system keyring on a build machine

    keyring.set_keyring(InMemoryKeyring())


class DummyCoreMustNotBeCalled:
    """Dummy CoreGateway for the record_posting benchmark: record_posting never talks to
    the core, so any call here is a bug in the benchmark (or in record_posting)."""

    def __getattr__(self, name):
        def refuse(*_args, **_kwargs):
            raise AssertionError(f"DummyCoreMustNotBeCalled.{name}() was called: "
                                 "record_posting must not contact the core")
        return refuse


# -- a signed-in workstation with an open till ---------------------------------------------

def build_open_workstation(home: Path, core):
    """Builds a workstation in `home` (demo branch seeded), signs the demo teller in and
    opens the till under dual control. Returns (workstation, session, one 100-yuan note)."""
    from teller.config import load_settings
    from teller.domain.denominations import Breakdown
    from teller.services.credentials import Credentials
    from teller.services.demo import seed_demo_branch
    from teller.services.workstation import build_workstation
    from teller.store.secrets import KeyringSecretStore
    from tests.clocks import ShiftedClock

    settings = load_settings(home, {"workstation": {"id": "WS01"}})
    # real time from 09:30 branch time: the figures must not depend on the hour the bench runs
    # (outside business hours every posting would ask for the branch manager)
    clock = ShiftedClock()
    ws = build_workstation(settings, core, KeyringSecretStore(), clock)
    with ws.ctx.branch_tx() as db:
        seed_demo_branch(db, clock.now().isoformat(timespec="seconds"))
    teller = Credentials(TELLER_BADGE, TELLER_PIN)
    session = ws.sessions.sign_in(teller)
    denoms = settings.denominations
    ws.till.open(session, Breakdown({"N10000": 10}, denoms), teller, Credentials(HEAD_BADGE, HEAD_PIN))
    return ws, session, Breakdown({"N10000": 1}, denoms)


# -- 1. durable posting cost ----------------------------------------------------------------

class RawSqliteReference:
    """One row INSERT + COMMIT per operation in a fresh SQLite file, WAL + synchronous=FULL
    (the workstation store's durability settings, teller/store/database.py)."""

    def __init__(self, path: Path, row_bytes: int):
        self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        mode = self.conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise RuntimeError(f"raw reference: journal_mode is {mode}, not wal")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("CREATE TABLE ref (id INTEGER PRIMARY KEY, k TEXT NOT NULL, n INTEGER NOT NULL, "
                          "body TEXT NOT NULL)")
        self.body_len = max(1, row_bytes - 40)
        self.count = 0

    def op(self) -> None:
        self.count += 1
        body = os.urandom(self.body_len // 2 + 1).hex()[: self.body_len]
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO ref (k, n, body) VALUES (?, ?, ?)", (f"WS01-{self.count}", 10000, body))
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()


def _posting_row_bytes(ws, seq: int) -> int:
    """Bytes of data one record_posting writes (journal + outbox + till movement rows),
    so the raw reference row is of similar size."""
    from sqlalchemy import select

    from teller.store.models import OutboxItem, TillMovement, WorkstationJournal

    def size(obj, table) -> int:
        total = 0
        for column in table.columns:
            value = getattr(obj, column.key)
            total += len(value.encode()) if isinstance(value, str) else 8 if value is not None else 0
        return total

    with ws.ctx.workstation_db() as db:
        j = db.execute(select(WorkstationJournal).where(WorkstationJournal.seq == seq)).scalar_one()
        o = db.execute(select(OutboxItem).where(OutboxItem.journal_seq == seq)).scalar_one()
        moves = db.execute(select(TillMovement).where(TillMovement.journal_seq == seq)).scalars().all()
        return (size(j, WorkstationJournal.__table__) + size(o, OutboxItem.__table__)
                + sum(size(m, TillMovement.__table__) for m in moves))


def _stats(samples_ns: list[int]) -> dict:
    us = sorted(s / 1000 for s in samples_ns)
    return {"mean": statistics.fmean(us), "p50": _pct(us, 50), "p95": _pct(us, 95), "n": len(us)}


def _pct(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def bench_posting(n: int, rounds: int, profile: bool, workdir: Path) -> bool:
    from decimal import Decimal

    home = workdir / "posting-home"
    home.mkdir()
    os.environ["TELLER_HOME"] = str(home)
    install_memory_keyring()
    ws, session, one_note = build_open_workstation(home, DummyCoreMustNotBeCalled())
    amount = Decimal("100.00")

    def ours() -> None:
        ws.cash.record_posting(session, TX_CASH_DEPOSIT, RICH_ACCOUNT, amount, one_note)

    _key, seq, _hash = ws.cash.record_posting(session, TX_CASH_DEPOSIT, RICH_ACCOUNT, amount, one_note)
    row_bytes = _posting_row_bytes(ws, seq)
    raw = RawSqliteReference(workdir / "raw-reference.sqlite", row_bytes)
    for _ in range(20):  # warm-up, not timed
        ours()
        raw.op()

    per_round = max(1, n // rounds)
    ours_ns: list[int] = []
    raw_ns: list[int] = []
    round_ratios: list[float] = []
    clock = time.perf_counter_ns
    for r in range(rounds):
        batches = [("ours", ours, ours_ns), ("raw", raw.op, raw_ns)]
        if r % 2:  # alternate which goes first, so drift hits both alike
            batches.reverse()
        means = {}
        for name, op, sink in batches:
            start_total = clock()
            for _ in range(per_round):
                t0 = clock()
                op()
                sink.append(clock() - t0)
            means[name] = (clock() - start_total) / per_round
        round_ratios.append(means["ours"] / means["raw"])

    o, w = _stats(ours_ns), _stats(raw_ns)
    ratio = o["mean"] / w["mean"]
    median_round = statistics.median(round_ratios)
    p50_ratio = o["p50"] / w["p50"]
    ok = ratio <= POSTING_TARGET_RATIO and p50_ratio <= POSTING_TARGET_RATIO
    print(f"posting: ours {o['mean']:.0f} us, raw sqlite {w['mean']:.0f} us, ratio {ratio:.2f}x, "
          f"p50 ratio {p50_ratio:.2f}x (target <= {POSTING_TARGET_RATIO:g}x both) {_verdict(ok)}", flush=True)
    print(f"  ours p50 {o['p50']:.0f} us p95 {o['p95']:.0f} us; raw sqlite p50 {w['p50']:.0f} us "
          f"p95 {w['p95']:.0f} us; n={o['n']} each, {rounds} alternating rounds of {per_round}; "
          f"median ratio of rounds {median_round:.2f}x; p50 ratio {o['p50'] / w['p50']:.2f}x; "
          f"raw row {row_bytes} bytes", flush=True)

    if profile or not ok:
        _profile_posting(ws, ours, min(n, 1000))
    raw.close()
    ws.sessions.sign_off(session)
    ws.close()
    return ok


def _phase_breakdown(ws, op, n: int) -> None:
    """Where one record_posting's time goes, by wrapping its steps on this instance only."""
    clock = time.perf_counter_ns
    spent: dict[str, int] = {}

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            t0 = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0) + clock() - t0
        return wrapper

    from teller.store.repos.journal import JournalRepository
    from teller.store.repos.outbox import OutboxRepository
    from teller.store.repos.till import TillRepository
    steps = [(ws.sessions, "require_active", "sessions.require_active (in memory unless due)"),
             (TillRepository, "open_till_id", "till.open_till_id (SELECT)"),
             (JournalRepository, "append", "journal.append (head SELECT, hash+MAC, INSERT)"),
             (OutboxRepository, "add", "outbox.add (INSERT)"),
             (TillRepository, "add_movements", "till.add_movements (INSERT)")]
    originals = {(obj, attr): getattr(obj, attr) for obj, attr, _name in steps}
    for obj, attr, name in steps:
        setattr(obj, attr, timed(name, getattr(obj, attr)))
    t0 = clock()
    try:
        for _ in range(n):
            op()
    finally:
        for (obj, attr), original in originals.items():
            if isinstance(obj, type):
                setattr(obj, attr, original)
            else:
                delattr(obj, attr)  # back to the class's method
    total = (clock() - t0) / n / 1000
    print(f"  where record_posting's {total:.0f} us go (mean of {n}, wrapped steps):")
    for _obj, _attr, name in steps:
        us = spent.get(name, 0) / n / 1000
        print(f"    {us:7.0f} us {100 * us / total:4.0f}%  {name}")
    rest = total - sum(spent.values()) / n / 1000
    print(f"    {rest:7.0f} us {100 * rest / total:4.0f}%  the rest: connection hand-out, BEGIN, COMMIT "
          "(WAL write + fsync), checks, payload")


def _profile_posting(ws, op, n: int) -> None:
    import cProfile
    import io
    import pstats

    _phase_breakdown(ws, op, n)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        op()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
    print(f"  cProfile of {n} record_posting calls, top 12 by own time (profiling inflates Python time):")
    for line in out.getvalue().splitlines():
        if line.strip() and not line.lstrip().startswith(("Ordered by", "List reduced")):
            print("    " + line.rstrip())


# -- 2. memory after 2,000 postings -----------------------------------------------------------

def bench_memory(postings: int, workdir: Path) -> bool:
    from teller.core.process import start_core_process

    core_dir = workdir / "core"
    core_dir.mkdir()
    child_home = workdir / "memory-home"
    child_home.mkdir()
    with start_core_process(str(core_dir / "core.sqlite"), extra_args=("--demo",)) as core:
        env = dict(os.environ, TELLER_HOME=str(child_home), QT_QPA_PLATFORM="offscreen")
        cmd = [sys.executable, str(Path(__file__).resolve()), "--memory-child",
               "--core-url", core.url, "--memory-postings", str(postings)]
        proc = subprocess.run(cmd, env=env, cwd=str(ROOT), capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        print(f"memory: child failed (exit {proc.returncode}) MISS\n{proc.stderr[-3000:]}", flush=True)
        return False
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    peak = result["peak_rss_mb"]
    ok = peak < MEMORY_TARGET_MB
    print(f"memory: peak RSS {peak:.1f} MB after {result['postings']} postings "
          f"(target < {MEMORY_TARGET_MB:g} MB) {_verdict(ok)}", flush=True)
    print(f"  after imports {result['rss_after_imports_mb']:.1f} MB, workstation ready "
          f"{result['rss_ready_mb']:.1f} MB; {result['postings']} postings took {result['seconds']:.1f} s "
          f"({result['seconds'] * 1000 / result['postings']:.2f} ms each, all {result['statuses']}); "
          f"imported: {', '.join(result['imported'])}", flush=True)
    return ok


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def memory_child(core_url: str, postings: int) -> None:
    """Runs in a fresh process: imports what the desktop program imports, 2,000 postings."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    imported = []
    # the desktop program's modules: services, stores, core client, printing, devices, Qt
    import teller.services.workstation  # noqa: F401
    import teller.store.secrets  # noqa: F401
    import teller.sync.core_client  # noqa: F401
    imported.append("teller")
    for optional in ("printing.receipt", "devices.card.emv", "devices.printer.simulated", "widgets.app",
                     "widgets.main_window"):
        if importlib.util.find_spec(optional.split(".")[0]) is None:
            continue
        try:
            __import__(optional)
            imported.append(optional)
        except ModuleNotFoundError:
            pass
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    imported.append("PySide6.QtWidgets")
    app = QApplication.instance() or QApplication(["teller-workstation"])
    window = QMainWindow()  # a shown window, so Qt's painting machinery is in the footprint
    window.setCentralWidget(QLabel("bench"))
    window.resize(1024, 768)
    window.show()
    app.processEvents()
    rss_after_imports = _peak_rss_mb()

    from decimal import Decimal

    from teller.sync.core_client import HttpCoreGateway

    install_memory_keyring()
    home = Path(os.environ["TELLER_HOME"])
    gateway = HttpCoreGateway(core_url)
    ws, session, one_note = build_open_workstation(home, gateway)
    rss_ready = _peak_rss_mb()
    amount = Decimal("100.00")
    statuses: dict[str, int] = {}
    start = time.perf_counter()
    for i in range(postings):
        # spread over the demo accounts: 2,000 x 100.00 into one account would be large cash
        # (50,000 a customer a day), which asks for the customer's ID and a supervisor
        account = MEMORY_ACCOUNTS[i % len(MEMORY_ACCOUNTS)]
        result = ws.cash.post(session, TX_CASH_DEPOSIT, account, amount, one_note)
        statuses[result.outcome.status] = statuses.get(result.outcome.status, 0) + 1
        if i % 100 == 0:
            app.processEvents()
    seconds = time.perf_counter() - start
    app.processEvents()
    peak = _peak_rss_mb()
    window.close()
    gateway.close()
    ws.close()
    print(json.dumps({"peak_rss_mb": peak, "rss_after_imports_mb": rss_after_imports, "rss_ready_mb": rss_ready,
                      "postings": postings, "seconds": seconds, "statuses": statuses,
                      "imported": imported}))


# -- 3. cold start: bench/cold_start.py, against a reference measured in the same run -------------

def measure_cold_start(runs: int = COLD_START_RUNS) -> bool:
    """The desktop program to its first paint against the smallest PySide6 program (see
    bench/cold_start.py, which this runs: one definition of the figure)."""
    done = subprocess.run([sys.executable, str(Path(__file__).resolve().parent / "cold_start.py"),
                           "--runs", str(runs), "--no-breakdown"], cwd=str(ROOT), text=True, timeout=1800)
    return done.returncode == 0


# -- main ---------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=2000, help="record_posting calls timed (default 2000)")
    parser.add_argument("--rounds", type=int, default=10, help="alternating batches (default 10)")
    parser.add_argument("--memory-postings", type=int, default=2000, help="full postings in the memory run")
    parser.add_argument("--profile", action="store_true", help="always print a cProfile of record_posting")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--core-url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.memory_child:
        memory_child(args.core_url, args.memory_postings)
        return 0

    results = []
    with tempfile.TemporaryDirectory(prefix="teller-bench-") as tmp:
        workdir = Path(tmp)
        results.append(bench_posting(args.n, args.rounds, args.profile, workdir))
        if not args.skip_memory:
            results.append(bench_memory(args.memory_postings, workdir))
        results.append(measure_cold_start())
    return 0 if all(r is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
