"""The branch PostgreSQL server as a workstation sees it, behind a door the test opens and
closes: socat forwarding a port of its own to the real server. Closed, nothing listens on
that port (connection refused, as when the branch server is down); open, the real server
answers on the same URL."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time

from sqlalchemy.engine import make_url

from tests.conftest import require_program


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class BranchDoor:
    def __init__(self, pg_url: str):
        self.exe = require_program("socat")
        real = make_url(pg_url)
        self.target = f"TCP:{real.host or '127.0.0.1'}:{real.port or 5432}"
        self.port = _free_port()
        self.url = real.set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)
        self.proc: subprocess.Popen | None = None

    def open(self) -> None:
        # its own process group: closing the door ends the forked per-connection children too
        self.proc = subprocess.Popen([self.exe, f"TCP-LISTEN:{self.port},bind=127.0.0.1,reuseaddr,fork", self.target],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        deadline = time.monotonic() + 5
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    self.close()
                    raise AssertionError("socat did not start listening")
                time.sleep(0.01)

    def close(self) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        self.proc.wait(5)
        self.proc = None
