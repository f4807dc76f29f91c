"""Start the core emulator as a real child process (tests, fault tests, demo scripts).

    with start_core_process(tmp_path / "core.sqlite", extra_args=("--demo",)) as core:
        gateway = HttpCoreGateway(core.url)
"""
from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Sequence

import teller

_LISTENING = re.compile(r"core emulator listening on (http://127\.0\.0\.1:(\d+))")
_PROJECT_ROOT = str(Path(teller.__file__).resolve().parent.parent)


class CoreProcessError(RuntimeError):
    pass


class CoreProcess:
    """A running `python -m teller.core.server` child; `.url`, `.port`, `.stop()`."""

    def __init__(self, popen: subprocess.Popen, url: str, port: int, stderr_file, db_path: str):
        self.popen, self.url, self.port, self.db_path = popen, url, port, db_path
        self._stderr = stderr_file
        self._final_stderr = ""

    @property
    def pid(self) -> int:
        return self.popen.pid

    def is_running(self) -> bool:
        return self.popen.poll() is None

    def stop(self, timeout: float = 5.0) -> int:
        """SIGTERM (clean shutdown), SIGKILL if it does not exit in time; returns the exit code."""
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout)
        self._close_files()
        return self.popen.returncode

    def kill(self) -> int:
        """SIGKILL at once, as a crash would (fault tests)."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGKILL)
            self.popen.wait(5.0)
        self._close_files()
        return self.popen.returncode

    def stderr_text(self) -> str:
        """What the child wrote to stderr so far (kept after stop())."""
        if self._stderr.closed:
            return self._final_stderr
        self._stderr.flush()
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace")

    def _close_files(self) -> None:
        if not self._stderr.closed:
            self._final_stderr = self.stderr_text()
            self._stderr.close()

    def __enter__(self) -> "CoreProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_core_process(db_path: str | os.PathLike, port: int = 0,
                       extra_args: Sequence[str] = (), timeout: float = 15.0,
                       env: dict[str, str] | None = None) -> CoreProcess:
    """Starts the emulator and waits for its listening line (port 0 = a free port)."""
    child_env = dict(os.environ if env is None else env)
    child_env["PYTHONPATH"] = os.pathsep.join(
        p for p in (_PROJECT_ROOT, child_env.get("PYTHONPATH")) if p)
    child_env["PYTHONUNBUFFERED"] = "1"
    stderr_file = tempfile.TemporaryFile()
    cmd = [sys.executable, "-m", "teller.core.server", "--port", str(port),
           "--db", str(db_path), *extra_args]
    popen = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=stderr_file,
                             stdin=subprocess.DEVNULL, env=child_env)
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:  # keeps reading so the child never blocks on a full pipe
        for raw in iter(popen.stdout.readline, b""):
            lines.put(raw.decode("utf-8", "replace"))
        popen.stdout.close()
        lines.put(None)

    threading.Thread(target=pump, name=f"core-stdout-{popen.pid}", daemon=True).start()
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise CoreProcessError(f"core emulator did not start within {timeout} s") from None
            if line is None:
                raise CoreProcessError("core emulator exited before listening")
            match = _LISTENING.search(line)
            if match:
                return CoreProcess(popen, match.group(1), int(match.group(2)), stderr_file,
                                   str(db_path))
    except CoreProcessError as exc:
        if popen.poll() is None:
            popen.kill()
        popen.wait()
        stderr_file.seek(0)
        tail = stderr_file.read().decode("utf-8", "replace")[-2000:]
        stderr_file.close()
        raise CoreProcessError(f"{exc} (exit code {popen.returncode}): {tail}") from None
