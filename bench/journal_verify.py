"""`teller-admin journal verify` over a large journal, against a raw loop in the same run.
Target: ours <= 1.5x raw, and memory flat (streamed, not loaded whole).

    .venv/bin/python bench/journal_verify.py [--entries 1000000] [--small 100000]

Set-up: a workstation store made by the program itself (migrations, journal key in the
encrypted-file keyring of a throwaway TELLER_HOME), then filled with a hash-chained, MAC'd
journal of cash postings and the core's answers (realistic payloads), first `--small` entries,
then up to `--entries`.

*ours* = `python -m teller.cli journal verify` as a fresh process, timed from start to exit
(interpreter, imports, keyring unlock and all), with its peak RSS from wait4().
*raw* = a fresh process running the least a verifier must do, with the standard library only:
`sqlite3` reading the rows in sequence order, the canonical bytes of each entry (sorted-key
JSON of its fields, the payload parsed), `hashlib.sha256(prev ‖ bytes)`, and
`hmac.new(key, hash, sha256)` compared with the stored MAC; the key is given to it.
Both walk the same file; each is run twice, alternately, and the faster run counts.

Memory flat: ours' peak RSS verifying `--small` entries and `--entries` entries must not
differ by more than 25 MB (a loaded journal would grow by hundreds of MB).
"""
from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_RATIO = 1.5
FLAT_MB = 25.0
PASSWORD = "bench-only-not-a-secret"
GENESIS = "0" * 64
ACCOUNTS = ("44010001000000017", "44010001000000025", "44010001000000033", "44010001000000066")


# -- the journal --------------------------------------------------------------------------------

def make_store(home: Path) -> tuple[Path, bytes, str]:
    """The program makes its own store and journal key; returns (store file, key, workstation id)."""
    from teller.config import load_settings
    from teller.services.workstation import build_workstation
    from teller.store.secrets import make_secret_store
    from tests.clocks import ShiftedClock

    (home / "config.toml").write_text('[secrets]\nbackend = "encrypted-file"\n', encoding="utf-8")
    os.environ["TELLER_KEYRING_PASSWORD"] = PASSWORD
    settings = load_settings(home)
    ws = build_workstation(settings, None, make_secret_store(settings.secrets, home), ShiftedClock())
    try:
        key, workstation = ws.mac_key, ws.ctx.workstation_id
    finally:
        ws.close()
    return Path(settings.workstation_store_url.split("///", 1)[1]), key, workstation


def entries(workstation: str, start: int, count: int):
    """Field tuples of entries start..start+count-1: postings and the core's answers."""
    for seq in range(start, start + count):
        account = ACCOUNTS[seq % len(ACCOUNTS)]
        minute, second = divmod(seq % 3600, 60)
        recorded_at = f"2026-11-23T{9 + seq % 8:02d}:{minute:02d}:{second:02d}.{seq % 1000000:06d}+08:00"
        if seq % 2:
            amount = 10000 + seq % 7 * 100
            payload = {"cash": {"N10000": 1, "N100": seq % 7}, "direction": "credit",
                       "key": f"{workstation}-{seq}", "offline": False}
            yield (workstation, seq, "2026-11-23", recorded_at, "T001", "posting", "1001", account, amount,
                   None, payload)
        else:
            payload = {"balance_fen": 1000000 + seq, "core_ref": f"C{seq:09d}", "key": f"{workstation}-{seq - 1}",
                       "status": "approved"}
            yield (workstation, seq, "2026-11-23", recorded_at, "T001", "host_answer", "1001", account, None,
                   seq - 1, payload)


FIELD_NAMES = ("workstation_id", "seq", "business_date", "recorded_at", "teller_id", "kind", "tx_code",
               "account", "amount_fen", "refers_to", "payload")


def canonical(values) -> bytes:
    """The canonical bytes of an entry (the definition is teller.domain.journal_entry's; the
    verification by the program proves this generator agrees with it)."""
    return json.dumps(dict(zip(FIELD_NAMES, values)), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8")


def fill(store: Path, key: bytes, workstation: str, upto: int) -> float:
    """Appends entries until the journal has `upto`; returns the seconds it took."""
    started = time.perf_counter()
    conn = sqlite3.connect(str(store), isolation_level=None)
    try:
        head = conn.execute("SELECT seq, hash FROM journal WHERE workstation_id = ? ORDER BY seq DESC LIMIT 1",
                            (workstation,)).fetchone()
        seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
        conn.execute("PRAGMA synchronous=OFF")  # set-up only; nothing of it is measured
        while seq <= upto:
            batch = []
            for values in entries(workstation, seq, min(50_000, upto - seq + 1)):
                digest = hashlib.sha256(bytes.fromhex(prev) + canonical(values)).hexdigest()
                mac = hmac.new(key, bytes.fromhex(digest), hashlib.sha256).hexdigest()
                batch.append((*values[:10], json.dumps(values[10], sort_keys=True, separators=(",", ":"),
                                                       ensure_ascii=False), prev, digest, mac))
                prev = digest
            conn.execute("BEGIN")
            conn.executemany("INSERT INTO journal (workstation_id, seq, business_date, recorded_at, teller_id, "
                             "kind, tx_code, account, amount_fen, refers_to, payload, prev_hash, hash, mac) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
            conn.execute("COMMIT")
            seq += len(batch)
    finally:
        conn.close()
    return time.perf_counter() - started


# -- the two verifiers ----------------------------------------------------------------------------

def raw_verify(store: str, workstation: str, key_hex: str) -> None:
    """The raw loop (runs as its own process): standard library only."""
    key = bytes.fromhex(key_hex)
    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    prev, expected, count = GENESIS, 1, 0
    rows = conn.execute("SELECT workstation_id, seq, business_date, recorded_at, teller_id, kind, tx_code, account, "
                        "amount_fen, refers_to, payload, prev_hash, hash, mac FROM journal "
                        "WHERE workstation_id = ? ORDER BY seq", (workstation,))
    for row in rows:
        values = (*row[:10], json.loads(row[10]))
        digest = hashlib.sha256(bytes.fromhex(prev) + canonical(values)).hexdigest()
        if row[1] != expected or row[11] != prev or digest != row[12] \
                or hmac.new(key, bytes.fromhex(digest), hashlib.sha256).hexdigest() != row[13]:
            print(f"raw: BROKEN at {row[1]}")
            sys.exit(2)
        prev, expected, count = digest, expected + 1, count + 1
    print(f"raw: {count} entries, chain intact")


def timed(cmd: list[str], env: dict) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, stdout) of one fresh process, reaped by wait4() for its rusage."""
    with tempfile.TemporaryFile(mode="w+") as out, tempfile.TemporaryFile(mode="w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=str(ROOT), stdout=out, stderr=err, text=True)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {proc.returncode}\n{stdout}\n{stderr[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, stdout.strip()


def run_pair(home: Path, store: Path, key: bytes, workstation: str, rounds: int = 2):
    env = dict(os.environ, TELLER_HOME=str(home), TELLER_KEYRING_PASSWORD=PASSWORD,
               PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p))
    ours_cmd = [sys.executable, "-m", "teller.cli", "--home", str(home), "journal", "verify"]
    raw_cmd = [sys.executable, str(Path(__file__).resolve()), "--raw-child", str(store), workstation, key.hex()]
    ours, raw = [], []
    for n in range(rounds):
        order = [(ours_cmd, ours), (raw_cmd, raw)]
        if n % 2:
            order.reverse()
        for cmd, sink in order:
            sink.append(timed(cmd, env))
    return min(ours), min(raw)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=100_000, help="the first, smaller journal (memory check)")
    parser.add_argument("--raw-child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--make-store", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.raw_child:
        raw_verify(*args.raw_child)
        return 0
    if args.make_store:
        store, key, workstation = make_store(Path(args.make_store))
        print(json.dumps({"store": str(store), "key": key.hex(), "workstation": workstation}))
        return 0

    # This process stays small (standard library only): Linux keeps a parent's resident size at
    # fork in the child's peak RSS, so the program's own set-up runs in a child too.
    with tempfile.TemporaryDirectory(prefix="teller-journal-bench-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        made = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--make-store", str(home)],
                              cwd=str(ROOT), capture_output=True, text=True, check=True, timeout=300)
        made = json.loads(made.stdout.strip().splitlines()[-1])
        store, key, workstation = Path(made["store"]), bytes.fromhex(made["key"]), made["workstation"]
        results = {}
        for size in (args.small, args.entries):
            filled = fill(store, key, workstation, size)
            (o_s, o_mb, o_out), (r_s, r_mb, r_out) = run_pair(home, store, key, workstation)
            if f"{size} entries, chain intact" not in o_out or f"{size} entries" not in r_out:
                print(f"journal verify: unexpected answers MISS\n  ours: {o_out}\n  raw: {r_out}")
                return 1
            results[size] = (o_s, o_mb, r_s, r_mb)
            print(f"  {size:>9,} entries (filled in {filled:.1f} s): ours {o_s:.2f} s, peak RSS {o_mb:.0f} MB; "
                  f"raw {r_s:.2f} s, peak RSS {r_mb:.0f} MB; ratio {o_s / r_s:.2f}x", flush=True)
        o_s, o_mb, r_s, _ = results[args.entries]
        ratio = o_s / r_s
        growth = o_mb - results[args.small][1]
        ok = ratio <= TARGET_RATIO and growth <= FLAT_MB
        print(f"journal verify: {args.entries:,} entries, ours {o_s:.2f} s ({o_s / args.entries * 1e6:.1f} us/entry), "
              f"raw {r_s:.2f} s, ratio {ratio:.2f}x (target <= {TARGET_RATIO:g}x); peak RSS {o_mb:.0f} MB, "
              f"{growth:+.0f} MB from {args.small:,} entries (flat: <= {FLAT_MB:g} MB) {'PASS' if ok else 'MISS'}",
              flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
