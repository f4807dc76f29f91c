"""A private pcscd with the vpcd driver for the card tests (protocols.md §1).

There is one pcscd per host (/run/pcscd/pcscd.comm is fixed), so:
- test sessions on this host take turns through a file lock (another engineer's run waits);
- a pcscd left behind by a crashed run of these tests (its command line names our config
  directory prefix) is ended; any other pcscd is not ours to stop: the tests skip, or fail
  under CI=true, saying which process is in the way;
- our pcscd reads only its own config directory (`-c DIR`), with its own FRIENDLYNAME and a
  free port pair (vpcd listens on port and port+1), and is terminated at session end.
"""
from __future__ import annotations

import fcntl
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import require_component

VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
PID_FILE = Path("/run/pcscd/pcscd.pid")
LOCK_FILE = Path(tempfile.gettempdir()) / "teller-card-tests.lock"
CONF_PREFIX = "teller-test-pcscd-"  # in our pcscd's command line: how a stale one is recognised
FRIENDLY = "Teller Test PCD"
SLOT0, SLOT1 = f"{FRIENDLY} 00 00", f"{FRIENDLY} 00 01"  # vpcd: one slot per port


def _pcsc_readers() -> list[str] | None:
    """Reader names, or None when no PC/SC service answers."""
    from smartcard import scard

    hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hr != scard.SCARD_S_SUCCESS:
        return None
    try:
        hr, names = scard.SCardListReaders(ctx, [])
        return list(names) if hr == scard.SCARD_S_SUCCESS else []
    finally:
        scard.SCardReleaseContext(ctx)


def _free_port_pair() -> int:
    """A port p with p and p+1 free on 0.0.0.0, where vpcd will bind (not the default 35963)."""
    for _ in range(200):
        port = random.randrange(40000, 60000, 2)
        probes = [socket.socket() for _ in range(2)]
        try:
            for offset, probe in enumerate(probes):
                probe.bind(("0.0.0.0", port + offset))
            return port
        except OSError:
            continue
        finally:
            for probe in probes:
                probe.close()
    raise RuntimeError("no free port pair for vpcd")


def _running_pcscd() -> tuple[int, str] | None:
    try:
        pid = int(PID_FILE.read_text().split()[0].strip("\0"))  # pcscd writes "PID\n\0"
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except (OSError, ValueError):
        return None
    return (pid, cmdline) if "pcscd" in cmdline else None


class Pcscd:
    """Our pcscd; tests may stop it, restart it without readers, and `ensure()` it back."""

    def __init__(self, binary: str, workdir: Path):
        self.binary, self.workdir = binary, workdir
        self.port = _free_port_pair()
        self.proc: subprocess.Popen | None = None
        self.with_reader = False
        self.slot0, self.slot1 = SLOT0, SLOT1  # on self.port and self.port + 1

    def start(self, with_reader: bool = True) -> None:
        self.stop()
        conf = self.workdir / ("readers" if with_reader else "empty")
        conf.mkdir(exist_ok=True)
        if with_reader:
            (conf / "vpcd").write_text(
                f'FRIENDLYNAME "{FRIENDLY}"\nDEVICENAME /dev/null:0x{self.port:04X}\n'
                f"LIBPATH {VPCD_DRIVER}\nCHANNELID 0x{self.port:04X}\n")
        log = open(self.workdir / "pcscd.log", "ab")
        self.proc = subprocess.Popen([self.binary, "-f", "-c", str(conf)], stdout=log, stderr=log)
        log.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"pcscd exited with {self.proc.returncode}: {self.log_tail()}")
            readers = _pcsc_readers()
            if readers is not None and (not with_reader or SLOT0 in readers):
                self.with_reader = with_reader
                return
            time.sleep(0.05)
        raise RuntimeError(f"pcscd did not come up within 10 s: {self.log_tail()}")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)

    def wait_slot(self, reader: str = SLOT0, present: bool = False, timeout: float = 5.0) -> None:
        """Until pcscd has seen the card come or go (vpcd polls every ~0.44 s); after a test, so
        that the next test's reader does not meet this test's card."""
        from smartcard import scard

        hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hr != scard.SCARD_S_SUCCESS:
            return
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                hr, states = scard.SCardGetStatusChange(ctx, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
                if hr != scard.SCARD_S_SUCCESS or bool(states[0][1] & scard.SCARD_STATE_PRESENT) == present:
                    return
                time.sleep(0.05)
            raise AssertionError(f"{reader} did not see the card {'come' if present else 'go'} in {timeout} s")
        finally:
            scard.SCardReleaseContext(ctx)

    def ensure(self) -> None:
        """Running with the vpcd reader, whatever the previous test did to it."""
        if self.proc is None or self.proc.poll() is not None or not self.with_reader:
            self.start()

    def log_tail(self) -> str:
        return (self.workdir / "pcscd.log").read_text(errors="replace")[-2000:]


def _take_host_lock(timeout: float = 120.0):
    handle = open(LOCK_FILE, "w")
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            if time.monotonic() > deadline:
                handle.close()
                return None
            time.sleep(0.2)


def _clear_the_way() -> None:
    running = _running_pcscd()
    if running is None:
        return
    pid, cmdline = running
    if CONF_PREFIX in cmdline:  # left by a crashed run of these tests (we hold the lock)
        for sig in (signal.SIGTERM, signal.SIGKILL):  # stale files after SIGKILL do not block a restart (§1)
            os.kill(pid, sig)
            for _ in range(60):
                if not Path(f"/proc/{pid}").exists():
                    return
                time.sleep(0.05)
        return
    require_component(False, f"a pcscd not started by these tests is running (pid {pid}: {cmdline}); "
                             "there is one pcscd per host, stop it to run the card tests")


@pytest.fixture(scope="session")
def pcscd_process():
    binary = shutil.which("pcscd") or ("/usr/sbin/pcscd" if os.path.exists("/usr/sbin/pcscd") else None)
    require_component(binary is not None, "pcscd is not installed (apt-get install pcscd)")
    require_component(VPCD_DRIVER.exists(),
                      f"the vpcd driver is missing at {VPCD_DRIVER} (apt-get install vsmartcard-vpcd)")
    require_component(os.geteuid() == 0 or os.access("/run/pcscd", os.W_OK),
                      "pcscd must run as root (or /run/pcscd must be writable) to start in the tests")
    lock = _take_host_lock()
    require_component(lock is not None, f"another test session kept {LOCK_FILE} for 120 s")
    workdir = Path(tempfile.mkdtemp(prefix=CONF_PREFIX))
    daemon = Pcscd(binary, workdir)
    try:
        _clear_the_way()
        daemon.start()
        yield daemon
    finally:
        daemon.stop()
        shutil.rmtree(workdir, ignore_errors=True)
        lock.close()  # releases the flock


@pytest.fixture
def pcscd(pcscd_process):
    """pcscd with the vpcd reader and empty slots. A card the previous test removed may still
    look present for up to ~0.5 s (vpcd polls): a reader started then would see that card
    "inserted", fail to read it and only later see it go, so each test starts on empty slots."""
    pcscd_process.ensure()
    for slot in (pcscd_process.slot0, pcscd_process.slot1):
        pcscd_process.wait_slot(slot, present=False)
    return pcscd_process


class EventLog:
    """Collects CardEvents from the reader's threads and lets a test wait for them."""

    def __init__(self):
        self.events: list = []
        self._cond = threading.Condition()

    def __call__(self, event) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def wait_for(self, kind: str, timeout: float = 20.0, after: int = 0):
        """The first event of `kind` at index >= `after`."""
        return self.wait_until(lambda events: next((e for e in events[after:] if e.kind == kind), None),
                               f"a {kind!r} event", timeout)

    def readers(self, kind: str, after: int = 0) -> set[str]:
        with self._cond:
            return {e.reader for e in self.events[after:] if e.kind == kind}

    def wait_until(self, predicate, what: str, timeout: float = 20.0):
        """Waits until predicate(events) is truthy and returns its value; generous timeouts
        because a loaded CI machine is slow, and a passing test never waits them out."""
        with self._cond:
            found = self._cond.wait_for(lambda: predicate(self.events), timeout)
        if not found:
            raise AssertionError(f"no {what} within {timeout} s; got {self.described()}")
        return found

    def described(self) -> list[str]:
        with self._cond:
            return [f"{e.kind}: {e.message}" if e.message else e.kind for e in self.events]

    def kinds(self) -> list[str]:
        with self._cond:
            return [e.kind for e in self.events]


@pytest.fixture
def events():
    return EventLog()


@pytest.fixture(autouse=True)
def thread_exceptions(monkeypatch):
    """No exception may escape a reader's or card's thread."""
    caught: list = []
    monkeypatch.setattr(threading, "excepthook", caught.append)
    yield caught
    assert not caught, f"exception escaped a thread: {caught[0].exc_type.__name__}: {caught[0].exc_value}"
