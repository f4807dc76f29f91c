"""Benchmark of the reconciliation ladder (teller.recon.matching) on a million entries a side.

    .venv/bin/python bench/recon.py [--n 1000000]          # duckdb from the `bench` extra

N core entries against N branch entries, 0.1 % breaks of each kind (missing at the core, missing
at the branch, amount differs, duplicate, reversed on one side, date differs) and 0.1 % core
entries without our key (matched on the second rung). Measures the ladder's time and the
process's peak memory during it (VmHWM, reset just before), then the same data in DuckDB
(threads=1, tables loaded before the clock starts): a full outer join on key + reversal flag
that classifies each pair the way the first rung does. Prints both and the ratio.
Targets: ladder <= 2x DuckDB, peak < 1 GB. The run checks the breaks found: 0.1 % of each kind.
"""
from __future__ import annotations

import argparse
import csv
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from teller.recon.matching import BREAK_KINDS, BranchEntry, CoreEntry, match  # noqa: E402

DAY, NEXT = "2026-11-23", "2026-11-24"
TARGET_RATIO, TARGET_BYTES = 2.0, 1 << 30
SEEDED = {k: i for i, k in enumerate(BREAK_KINDS)}  # i % 1000 == this: a break of that kind
KEYLESS = len(BREAK_KINDS)


def generate(n: int) -> tuple[list[CoreEntry], list[BranchEntry]]:
    core, branch = [], []
    accounts = [f"4401{a:013d}" for a in range(20_000)]
    for i in range(n):
        key, account = f"WS{i % 50:02d}-{i}", accounts[(i * 7919) % 20_000]
        amount, direction = 100 + (i * 104_729) % 10_000_000, "debit" if i % 3 == 0 else "credit"
        b = BranchEntry(key, account, DAY, amount, direction, False)
        c = CoreEntry(str(i), key, account, DAY, amount, direction, False)
        kind = i % 1000
        if kind != SEEDED["missing_at_core"]:
            if kind == SEEDED["amount_differs"]:
                c = c._replace(amount_fen=amount + 1)
            elif kind == SEEDED["date_differs"]:
                c = c._replace(booking_date=NEXT)
            elif kind == KEYLESS:
                c = c._replace(key=None)
            core.append(c)
            if kind == SEEDED["duplicate"]:
                core.append(c._replace(ref=f"{i}d"))
            elif kind == SEEDED["reversed_one_side"]:
                core.append(CoreEntry(f"{i}r", key, account, DAY, amount,
                                      "credit" if direction == "debit" else "debit", True))
        if kind != SEEDED["missing_at_branch"]:
            branch.append(b)
    return core, branch


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as f:  # Linux: resets VmHWM to the current RSS
        f.write("5")


def _peak_bytes() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def _rss_bytes() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def run_ladder(core, branch):
    gc.collect()
    gc.disable()  # as a batch job would: no cyclic garbage is made here
    _reset_peak()
    before = _rss_bytes()
    start = time.perf_counter()
    result = match(core, branch)
    seconds = time.perf_counter() - start
    peak = _peak_bytes()
    gc.enable()
    return result, seconds, peak, before


DUCKDB_QUERY = """
CREATE TABLE result AS
WITH c AS (
  SELECT *, row_number() OVER (PARTITION BY key, reversal ORDER BY ref) AS nth FROM core WHERE key IS NOT NULL
)
SELECT coalesce(b.key, c.key) AS key,
       CASE WHEN b.key IS NULL THEN 'missing_at_branch'
            WHEN c.key IS NULL THEN 'missing_at_core'
            WHEN c.nth > 1 THEN 'duplicate'
            WHEN c.amount_fen <> b.amount_fen OR c.direction <> b.direction OR c.account <> b.account
                 THEN 'amount_differs'
            WHEN c.booking_date <> b.business_date THEN 'date_differs'
            ELSE 'key' END AS outcome
FROM c FULL OUTER JOIN branch b ON c.key = b.key AND c.reversal = b.reversal
"""


def run_duckdb(core, branch, workdir: Path):
    import duckdb

    core_csv, branch_csv = workdir / "core.csv", workdir / "branch.csv"
    with open(core_csv, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(("ref", "key", "account", "booking_date", "amount_fen", "direction", "reversal"))
        w.writerows((c.ref, c.key, c.account, c.booking_date, c.amount_fen, c.direction, c.reversal) for c in core)
    with open(branch_csv, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(("key", "account", "business_date", "amount_fen", "direction", "reversal"))
        w.writerows(branch)
    db = duckdb.connect(":memory:", config={"threads": 1})
    db.execute(f"CREATE TABLE core AS SELECT * FROM read_csv('{core_csv}', header=true, all_varchar=false,"
               " types={'ref': 'VARCHAR', 'key': 'VARCHAR', 'account': 'VARCHAR'})")
    db.execute(f"CREATE TABLE branch AS SELECT * FROM read_csv('{branch_csv}', header=true,"
               " types={'key': 'VARCHAR', 'account': 'VARCHAR'})")
    start = time.perf_counter()
    db.execute(DUCKDB_QUERY)
    seconds = time.perf_counter() - start
    counts = dict(db.execute("SELECT outcome, count(*) FROM result GROUP BY outcome").fetchall())
    db.close()
    return seconds, counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3,
                        help="alternate ladder and DuckDB this many times and keep each one's best time"
                             " (the machine is shared: single runs are noisy)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    core, branch = generate(args.n)
    print(f"data: {len(core):,} core entries, {len(branch):,} branch entries "
          f"(generated in {time.perf_counter() - t0:.1f} s)")
    result, seconds, peak, before = run_ladder(core, branch)
    ladder_times = [seconds]
    kinds = result.by_kind()
    print(f"ladder: {seconds:.2f} s; rungs {result.by_rung()}; breaks {kinds}")
    print(f"ladder peak memory: {peak / 2**20:.0f} MiB (process; {before / 2**20:.0f} MiB held by the data before)")
    expected = args.n // 1000
    wrong = {k: v for k, v in kinds.items() if v != expected}
    if wrong:
        print(f"WRONG: expected {expected} breaks of each kind, got {wrong}")
        return 1
    del result
    try:
        import duckdb  # noqa: F401
    except ImportError:
        print("duckdb not installed (pip install '.[bench]'): no reference")
        return 0 if peak < TARGET_BYTES else 1
    ref_times = []
    with tempfile.TemporaryDirectory() as workdir:
        for attempt in range(args.repeat):
            ref_seconds, counts = run_duckdb(core, branch, Path(workdir))
            ref_times.append(ref_seconds)
            if attempt + 1 < args.repeat:
                again, seconds, _, _ = run_ladder(core, branch)
                ladder_times.append(seconds)
                del again
    seconds, ref_seconds = min(ladder_times), min(ref_times)
    print(f"ladder times: {', '.join(f'{t:.2f}' for t in ladder_times)} s; best {seconds:.2f} s")
    print(f"duckdb (threads=1) join + classification: {', '.join(f'{t:.2f}' for t in ref_times)} s; "
          f"best {ref_seconds:.2f} s; {counts}")
    ratio = seconds / ref_seconds
    ok = ratio <= TARGET_RATIO and peak < TARGET_BYTES
    print(f"ratio ladder/duckdb: {ratio:.2f}x (target <= {TARGET_RATIO}x); peak {peak / 2**20:.0f} MiB "
          f"(target < 1024 MiB): {'OK' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
