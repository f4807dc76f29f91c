"""Benchmarks of the outbox sync against the core emulator running as a real process.

    .venv/bin/python bench/outbox_sync.py [--backlog 2000] [--n 100000] [--profile]

1. backlog: a one-hour offline backlog of 2,000 cash deposits, taken while the core was
   down (`CashService.record_posting` + `OutboxDispatcher.send` against a stopped core: each
   is accepted offline), then drained
   by `OutboxDispatcher.resolve_pending` against the running core. Target: < 10 s.
2. sync: N recorded postings (`record_posting`, never sent) synced by `resolve_pending`
   over loopback, against a raw loop of the same HTTP requests (GET /postings/KEY, then
   POST /postings) with one httpx client and none of our bookkeeping, on the same core.
   Prints time, throughput and ratio. Target: ours <= 1.5x raw.

Each run uses a fresh data directory and a fresh core ledger.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.posting import (RICH_ACCOUNT, TX_CASH_DEPOSIT, _verdict, build_open_workstation,  # noqa: E402
                           install_memory_keyring)

BACKLOG_TARGET_S = 10.0
SYNC_TARGET_RATIO = 1.5
ACCOUNTS = ("44010001000000017", "44010001000000033", "44010001000000066")


def _dead_url(workdir: Path) -> str:
    from teller.core.process import start_core_process

    with start_core_process(str(workdir / "dead.sqlite")) as core:
        return core.url


def bench_backlog(count: int, workdir: Path, profile: bool) -> bool:
    from teller.core.process import start_core_process
    from teller.sync.core_client import HttpCoreGateway

    home = workdir / "backlog"
    home.mkdir()
    with start_core_process(str(workdir / "backlog-core.sqlite"), extra_args=("--demo",)) as core:
        live = HttpCoreGateway(core.url)
        ws, session, note = build_open_workstation(home, HttpCoreGateway(_dead_url(workdir), connect_timeout=0.5))
        try:
            started = time.perf_counter()
            for n in range(count):  # the core is down: every deposit is recorded, sent, taken offline
                key, _seq, _hash = ws.cash.record_posting(session, TX_CASH_DEPOSIT, ACCOUNTS[n % 3],
                                                          Decimal("100"), note)
                outcome = ws.outbox.send(key)
                assert outcome.status == "offline_accepted", outcome
            recorded = time.perf_counter() - started
            ws.ctx.core = live
            profiler = cProfile.Profile() if profile else None
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            result = ws.outbox.resolve_pending()
            if profiler:
                profiler.disable()
            elapsed = time.perf_counter() - started
        finally:
            ws.close()
            live.close()
    assert result == {"settled": count, "failed": 0, "waiting": 0}, result
    ok = elapsed < BACKLOG_TARGET_S
    print(f"backlog: {count} offline deposits (taken in {recorded:.1f} s) drained in {elapsed:.2f} s "
          f"({count / elapsed:,.0f}/s); target < {BACKLOG_TARGET_S:g} s: {_verdict(ok)}")
    if profiler:
        _print_profile(profiler)
    return ok


def _record_backlog(ws, session, note, count: int) -> None:
    for n in range(count):
        ws.cash.record_posting(session, TX_CASH_DEPOSIT, ACCOUNTS[n % 3], Decimal("100"), note)


def _raw_loop(url: str, count: int) -> float:
    """The same HTTP requests as the resolver makes for a never-sent posting, nothing else."""
    import httpx

    with httpx.Client(base_url=url, headers={"Accept": "application/json"}) as client:
        started = time.perf_counter()
        for n in range(count):
            key = f"RAW-{n + 1}"
            if client.get(f"/postings/{key}").status_code != 404:
                raise RuntimeError(f"raw loop: {key} already at the core")
            response = client.post("/postings", json={
                "key": key, "account": ACCOUNTS[n % 3], "direction": "credit", "amount_fen": 10000,
                "tx_code": TX_CASH_DEPOSIT, "workstation": "RAW", "teller": "T001"})
            if response.status_code != 200 or response.json()["status"] != "approved":
                raise RuntimeError(f"raw loop: {response.status_code} {response.text}")
        return time.perf_counter() - started


def bench_sync(count: int, workdir: Path, profile: bool) -> bool:
    from teller.core.process import start_core_process
    from teller.sync.core_client import HttpCoreGateway

    home = workdir / "sync"
    home.mkdir()
    with start_core_process(str(workdir / "sync-core.sqlite"), extra_args=("--demo",)) as core:
        gateway = HttpCoreGateway(core.url)
        ws, session, note = build_open_workstation(home, gateway)
        try:
            started = time.perf_counter()
            _record_backlog(ws, session, note, count)
            print(f"sync: recorded {count} postings in {time.perf_counter() - started:.1f} s", flush=True)
            raw = _raw_loop(core.url, count)
            profiler = cProfile.Profile() if profile else None
            started = time.perf_counter()
            if profiler:
                profiler.enable()
            result = ws.outbox.resolve_pending()
            if profiler:
                profiler.disable()
            ours = time.perf_counter() - started
        finally:
            ws.close()
            gateway.close()
    assert result == {"settled": count, "failed": 0, "waiting": 0}, result
    ratio = ours / raw
    ok = ratio <= SYNC_TARGET_RATIO
    print(f"sync: {count} outbox entries: resolve_pending {ours:.2f} s ({count / ours:,.0f}/s), "
          f"raw httpx loop {raw:.2f} s ({count / raw:,.0f}/s), ratio {ratio:.2f}x; "
          f"target <= {SYNC_TARGET_RATIO:g}x: {_verdict(ok)}")
    if profiler:
        _print_profile(profiler)
    return ok


def _print_profile(profiler: cProfile.Profile) -> None:
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    print(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backlog", type=int, default=2000, help="offline deposits in the backlog (default 2000)")
    parser.add_argument("--n", type=int, default=100_000, help="outbox entries synced (default 100000)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of resolve_pending")
    parser.add_argument("--skip-backlog", action="store_true")
    parser.add_argument("--skip-sync", action="store_true")
    args = parser.parse_args(argv)
    install_memory_keyring()
    results = []
    with tempfile.TemporaryDirectory(prefix="teller-bench-outbox-") as tmp:
        workdir = Path(tmp)
        if not args.skip_backlog:
            results.append(bench_backlog(args.backlog, workdir, args.profile))
        if not args.skip_sync:
            results.append(bench_sync(args.n, workdir, args.profile))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
