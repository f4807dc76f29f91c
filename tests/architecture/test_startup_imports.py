"""The window appears before the workstation behind it is built (widgets.app builds it in the
background): what the window's own modules import is on the cold-start path, so the heavy parts
that only the background needs — the HTTP client, PDF layout, device libraries — stay off it.
bench/posting.py measures the cold start itself."""
import subprocess
import sys

OFF_THE_START_PATH = ("httpx", "reportlab", "teller.sync.outbox", "smartcard", "serial")


def test_the_main_window_module_leaves_the_heavy_parts_to_the_background():
    probe = ("import sys, widgets.main_window; "
             f"print(','.join(m for m in {OFF_THE_START_PATH!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert done.stdout.strip() == "", f"imported by the window's modules at start-up: {done.stdout.strip()}"
