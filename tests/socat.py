"""The one socat pty pair the tests use (protocols.md §5): two linked pseudo-terminals that can
be killed (the port vanishes) and started again under the same link names."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import require_program

WRITER = Path(__file__).parent / "devices" / "badge_writer.py"


class SocatPair:
    """socat between the links `a` and `b` in `directory`; its -d -d log goes to `log`."""

    def __init__(self, directory: Path, a: str = "ttyA", b: str = "ttyB"):
        self.exe = require_program("socat")  # fails under CI=true, skips elsewhere
        self.a, self.b = Path(directory) / a, Path(directory) / b
        self.log = Path(directory) / "socat.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        for link in (self.a, self.b):  # after a kill the links dangle to reusable /dev/pts
            if os.path.lexists(link):
                link.unlink()
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen([self.exe, "-d", "-d", f"pty,rawer,echo=0,link={self.a}",
                                          f"pty,rawer,echo=0,link={self.b}"],
                                         stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        deadline = time.monotonic() + 5
        while not (self.a.exists() and self.b.exists()):
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"socat made no ptys: {self.log.read_text()}")
            time.sleep(0.005)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """socat goes away (SIGTERM, SIGKILL if it lingers); both ptys go with it."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def kill(self) -> None:
        """The link vanishes at once: socat is SIGKILLed."""
        self.stop(signal.SIGKILL)

    def restart(self) -> None:
        self.stop()
        self.start()

    def write(self, *chunks: bytes) -> None:
        """Writes the chunks to `b` from another process, paced like a real badge reader."""
        subprocess.run([sys.executable, str(WRITER), str(self.b), *(c.hex() for c in chunks)],
                       check=True, timeout=10)


@pytest.fixture
def socat_pair(tmp_path):
    pair = SocatPair(tmp_path)
    pair.start()
    yield pair
    pair.stop()
