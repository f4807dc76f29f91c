"""Owner-only files for the stores (issue 14, item 10): a workstation file holds the journal and the
cached staff verifiers, so neither it nor its WAL/SHM companions nor the data directory are
readable by other accounts on the machine."""
from __future__ import annotations

import os
import stat
from pathlib import Path

FILE_MODE, DIR_MODE = 0o600, 0o700
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def private_dir(path: Path) -> None:
    """Creates the directory owner-only, or takes group and other access away from it."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o077)


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None: not SQLite, or in memory)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def private_sqlite_file(url: str) -> None:
    """Before SQLite opens the file: create it 0600 (SQLite then creates its -wal and -shm files with
    the same mode), or take group and other access away from it and its companions."""
    path = sqlite_path(url)
    if path is None or not path.parent.is_dir():  # not there (yet): SQLite will say so when connecting
        return
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE))
    for suffix in SQLITE_COMPANIONS:
        companion = path.with_name(path.name + suffix)
        try:
            mode = stat.S_IMODE(companion.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            companion.chmod(FILE_MODE)
