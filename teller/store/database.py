"""Engines for both stores and their migrations.

SQLite stores run in WAL mode with synchronous=FULL (a committed posting survives a
power cut) and take the write lock at BEGIN (BEGIN IMMEDIATE), so two writers never
both read the same journal head.
"""
from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from teller.domain.errors import TellerError
from teller.store.file_modes import private_sqlite_file

_MIGRATIONS = Path(__file__).parent / "migrations"


class BranchUnreachable(TellerError):
    """The branch store does not answer (server down, network, refused connection)."""

    code = "branch_unreachable"


def is_unreachable(exc: BaseException) -> bool:
    """A database error that means "no branch store now", as opposed to a refused statement."""
    if isinstance(exc, IntegrityError):
        return False
    if isinstance(exc, (OperationalError, InterfaceError)):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def unreachable_message(exc: BaseException) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return f"branch store unreachable: {lines[0] if lines else type(exc).__name__}"


def make_engine(url: str, **kwargs) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)

        @event.listens_for(engine, "do_connect")
        def _owner_only(_dialect, _record, _args, _params):
            private_sqlite_file(url)  # 0600 before SQLite creates it and its WAL/SHM files

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):
            dbapi_connection.isolation_level = None  # let the "begin" hook below issue BEGIN
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(connection):
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def is_database_error(exc: BaseException) -> bool:
    """Whether an exception came from a store (for services, which do not import sqlalchemy)."""
    return isinstance(exc, DBAPIError)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def migrate(engine: Engine, store: str) -> None:
    """Brings the 'workstation' or 'branch' store to the newest schema."""
    if store not in ("workstation", "branch"):
        raise ValueError(store)
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS / store))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def open_store(url: str, store: str) -> Engine:
    engine = make_engine(url)
    migrate(engine, store)
    return engine


def open_store_when_reached(url: str, store: str, connect_timeout_s: float) -> Engine:
    """An engine on a store that may be down now (the branch store at start-up): nothing is
    touched here; the first connection that succeeds, now or when the server is back, brings
    the store to the newest schema before it is used. Connecting gives up after
    `connect_timeout_s`, so a dead server costs seconds, not minutes."""
    timeout = _connect_timeout_args(url, connect_timeout_s)
    engine = make_engine(url, **({"connect_args": timeout} if timeout else {}))
    event.listen(engine, "engine_connect", _MigrateOnFirstContact(engine, store))
    return engine


def _connect_timeout_args(url: str, seconds: float) -> dict:
    dialect = make_url(url).get_backend_name()
    if dialect == "postgresql":
        return {"connect_timeout": max(1, round(seconds))}  # libpq counts whole seconds (2 at least)
    return {}  # a SQLite file opens or fails at once; its busy timeout is make_engine's


class _MigrateOnFirstContact:
    """engine_connect hook: migrates once, on the first connection that gets through.

    The migration runs on a connection of its own; that connection passes through here
    again, on the same thread, and is let through."""

    def __init__(self, engine: Engine, store: str):
        self.engine, self.store = engine, store
        self.done = False
        self._lock = threading.Lock()
        self._migrating_thread: int | None = None

    def __call__(self, _connection) -> None:
        if self.done or self._migrating_thread == threading.get_ident():
            return
        with self._lock:
            if self.done:
                return
            self._migrating_thread = threading.get_ident()
            try:
                migrate(self.engine, self.store)
            finally:
                self._migrating_thread = None
            self.done = True
