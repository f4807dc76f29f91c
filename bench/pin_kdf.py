"""Cost of one PIN check (issue 14, item 10): scrypt at teller.domain.pin.COST, against the old
N=2^14 parameters measured in the same run, and the time to search a whole six-digit PIN space
on this machine's cores from a stolen branch verifier at that cost.

    .venv/bin/python bench/pin_kdf.py [--runs 9]

Target: a check takes >= 100 ms (median). Exit 0 when met. The workstation's copy of the
verifiers is keyed (HMAC under a keyring key), so its file alone allows no search at all."""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from teller.domain.pin import COST, ScryptCost, hash_pin, verify_pin  # noqa: E402

TARGET_MS = 100.0
OLD = ScryptCost(2**14, 8, 1)


def median_ms(stored: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        verify_pin("135790", stored)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    ours = median_ms(hash_pin("135790", cost=COST), args.runs)
    old = median_ms(hash_pin("135790", cost=OLD), args.runs)
    cores = os.cpu_count() or 1
    space_hours = 10**6 * ours / 1000 / cores / 3600
    verdict = "PASS" if ours >= TARGET_MS else "MISS"
    print(f"pin check: scrypt N=2^{COST.n.bit_length() - 1} r={COST.r} p={COST.p} "
          f"({COST.memory_bytes // 2**20} MiB): median {ours:.0f} ms of {args.runs} "
          f"(target >= {TARGET_MS:.0f} ms) {verdict}")
    print(f"  old N=2^14 r=8 p=1: {old:.0f} ms, ratio {ours / old:.1f}x; whole 6-digit PIN space from a stolen "
          f"branch verifier: ~{space_hours:.0f} h on {cores} core(s) at this cost")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
