"""Cold start of the desktop program to its first paint, against the smallest PySide6 program
measured in the same run. Target: ours <= 1.5x the reference.

    .venv/bin/python bench/cold_start.py [--runs 7] [--python PATH] [--no-breakdown]

*ours*: `teller-workstation --demo` (widgets.app.main) in a fresh process, QT_QPA_PLATFORM=
offscreen, from process creation to the first Paint event of its window (the sign-in screen).
*reference*: `QApplication([]); QWidget().show()` to its first paint, same Python, same
environment. Both go through bench/first_paint.py (the same probe, the same event), one after
the other in alternating order, so a loaded machine slows both alike; the ratio of the medians
decides PASS/MISS. One untimed run of each first fills the disk cache and the demo home.

With `--python` the programs run under another interpreter (e.g. a venv with the installed wheel
and no source tree: tests/packaging does that); the probe is then run as a file from bench/.
Afterwards (unless --no-breakdown) it prints which imports of the window's modules cost most
(`python -X importtime`), which is where a slow start usually comes from.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = Path(__file__).resolve().parent / "first_paint.py"
TARGET_RATIO = 1.5
DEMO_PASSWORD = "bench-only-not-a-secret"


def first_paint(python: str, which: str, env: dict, cwd: str) -> float:
    args = [python, str(PROBE), which] + (["--demo"] if which == "program" else [])
    done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=180)
    seconds = [float(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("first-paint ")]
    if done.returncode != 0 or not seconds:
        raise RuntimeError(f"{which}: exit {done.returncode}, no first paint reported\n{done.stderr[-3000:]}")
    return seconds[0]


def measure(python: str, runs: int, home: Path, cwd: str, pythonpath: str | None) -> tuple[list[float], list[float]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TELLER_HOME=str(home),
               TELLER_KEYRING_PASSWORD=os.environ.get("TELLER_KEYRING_PASSWORD", DEMO_PASSWORD))
    env.pop("PYTHONPATH", None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    ours: list[float] = []
    reference: list[float] = []
    first_paint(python, "reference", env, cwd)  # untimed: disk cache, and the demo home's stores
    first_paint(python, "program", env, cwd)
    for n in range(runs):
        order = [("program", ours), ("reference", reference)]
        if n % 2:
            order.reverse()
        for which, sink in order:
            sink.append(first_paint(python, which, env, cwd))
    return ours, reference


def import_breakdown(python: str, cwd: str, pythonpath: str | None, top: int = 12) -> None:
    """The window's modules' imports by own cost, grouped by top-level package."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONPATH", None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    done = subprocess.run([python, "-X", "importtime", "-c", "import widgets.app, widgets.main_window"],
                          env=env, cwd=cwd, capture_output=True, text=True, timeout=120)
    per_package: dict[str, int] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        own, _cumulative, name = (part.strip() for part in line[len("import time:"):].split("|"))
        if own.isdigit():
            package = name.split(".")[0]
            per_package[package] = per_package.get(package, 0) + int(own)
    total = sum(per_package.values())
    print(f"  imports of widgets.app + widgets.main_window: {total / 1e6:.2f} s in all; by package (own time):")
    for package, us in sorted(per_package.items(), key=lambda kv: -kv[1])[:top]:
        print(f"    {us / 1e6:6.3f} s  {package}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (default 7)")
    parser.add_argument("--python", help="interpreter to run both under (default: this one; the "
                                         "source tree is then put on PYTHONPATH)")
    parser.add_argument("--no-breakdown", action="store_true", help="skip the import-time breakdown")
    args = parser.parse_args(argv)

    python = args.python or sys.executable
    # our own interpreter runs the source tree; another one (an installed wheel) runs what it has
    pythonpath = None if args.python else str(ROOT)
    with tempfile.TemporaryDirectory(prefix="teller-cold-start-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        cwd = str(ROOT) if pythonpath else tmp
        ours, reference = measure(python, args.runs, home, cwd, pythonpath)
        o, r = statistics.median(ours), statistics.median(reference)
        ratio = o / r
        ok = ratio <= TARGET_RATIO
        print(f"cold start: ours {o:.2f} s, reference {r:.2f} s (QApplication + QWidget().show() to first paint), "
              f"ratio {ratio:.2f}x (target <= {TARGET_RATIO:g}x) {'PASS' if ok else 'MISS'}", flush=True)
        print(f"  medians of {args.runs} alternating runs; ours: {', '.join(f'{s:.2f}' for s in ours)} s; "
              f"reference: {', '.join(f'{s:.2f}' for s in reference)} s", flush=True)
        if not args.no_breakdown:
            import_breakdown(python, cwd, pythonpath)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
