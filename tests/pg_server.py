"""A private PostgreSQL server for tests that stop, crash and restart it.

The machine's shared PostgreSQL serves other people's tests at the same time and is never
touched: this one gets its own data directory, port and socket directory under /tmp, trust
authentication, and is gone when the test ends. initdb and pg_ctl refuse to run as root, so
as root they run as the `postgres` user (runuser) in a directory that user owns.

    def test_x(private_pg):
        engine = create_engine(private_pg.url)
        private_pg.crash()      # pg_ctl stop -m immediate: like a power cut, crash recovery next start
        private_pg.start()
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.conftest import require_component

RUN_AS = "postgres"


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivatePostgres:
    """One throwaway cluster: `url`, `start()`, `stop()`, `crash()`, `is_running()`."""

    def __init__(self, bindir: Path, root: Path, as_user: str | None):
        self.bindir, self.root, self.as_user = bindir, root, as_user
        self.data, self.sockets, self.log = root / "data", root / "sockets", root / "server.log"
        self.port = _free_port()

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres?connect_timeout=3"

    def _run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bindir / program), *args]
        if self.as_user:
            command = ["runuser", "-u", self.as_user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=self.root)
        if check and result.returncode != 0:
            raise RuntimeError(f"{program} failed ({result.returncode}): {result.stderr or result.stdout}"
                               f"\n{self.log_text()[-2000:]}")
        return result

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--no-sync", "--no-instructions")

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
                   " -c full_page_writes=off -c max_connections=20")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "30", "start")

    def stop(self) -> None:
        """A clean shutdown (fast mode: open sessions are ended)."""
        if self.is_running():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def crash(self) -> None:
        """pg_ctl stop -m immediate: every process quits at once, no checkpoint; the next start
        runs crash recovery from the WAL, as after a power cut or kill -9 of the postmaster."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def is_running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def log_text(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""


@pytest.fixture
def private_pg():
    """A private PostgreSQL server, started; crashed/stopped/restarted at will; removed afterwards.
    Under CI=true a missing PostgreSQL installation fails the test instead of skipping it."""
    bindir = _bindir()
    require_component(bindir is not None and (bindir / "initdb").exists(),
                      "PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    as_user = None
    if os.geteuid() == 0:
        try:
            account = pwd.getpwnam(RUN_AS)
        except KeyError:
            account = None
        require_component(account is not None and shutil.which("runuser") is not None,
                          f"running as root needs a {RUN_AS!r} user and runuser for initdb/pg_ctl")
        as_user = RUN_AS
    root = Path(tempfile.mkdtemp(prefix="teller-private-pg-"))
    try:
        (root / "sockets").mkdir()
        if as_user:
            for path in (root, root / "sockets"):
                os.chown(path, account.pw_uid, account.pw_gid)
        server = PrivatePostgres(bindir, root, as_user)
        server.init()
        server.start()
        try:
            yield server
        finally:
            if server.is_running():
                server._run("pg_ctl", "-D", str(server.data), "-m", "immediate", "-w", "stop", check=False)
    finally:
        shutil.rmtree(root, ignore_errors=True)
