"""Wake-ups between workstations through the branch store: PostgreSQL LISTEN/NOTIFY where
the branch store is PostgreSQL, polling otherwise (a SQLite branch store serves one machine).

Notifications only say "look again"; the state is always read from the tables, so a lost
or duplicated notification changes nothing but latency.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

import psycopg
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

POLL_INTERVAL_S = 0.2


def notify(db: Session, channel: str, payload: str = "") -> None:
    """Sent when the caller's transaction commits (PostgreSQL); a no-op where listeners poll."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": channel, "payload": payload})


class Listener:
    """Calls `on_wake(payload)` from its own thread on every notification on `channel`
    (PostgreSQL), or every POLL_INTERVAL_S (elsewhere), until stopped."""

    def __init__(self, engine: Engine, channel: str, on_wake: Callable[[str], None]):
        self._engine, self._channel, self._on_wake = engine, channel, on_wake
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"listen-{channel}", daemon=True)

    def start(self) -> "Listener":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        if self._engine.dialect.name != "postgresql":
            while not self._stop.wait(POLL_INTERVAL_S):
                self._wake("")
            return
        while not self._stop.is_set():
            try:
                self._listen_postgresql()
            except psycopg.Error as exc:  # the branch server restarted: reconnect, meanwhile poll
                log.warning("branch store notifications lost (%s); reconnecting", exc)
                self._wake("")
                self._stop.wait(1.0)

    def _listen_postgresql(self) -> None:
        url = self._engine.url.set(drivername="postgresql")
        conninfo = url.render_as_string(hide_password=False)
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'LISTEN "{self._channel}"')
            self._wake("")  # whatever arrived before we listened
            while not self._stop.is_set():
                for note in conn.notifies(timeout=0.5):
                    self._wake(note.payload)

    def _wake(self, payload: str) -> None:
        try:
            self._on_wake(payload)
        except Exception:  # noqa: BLE001 - a listener callback must not kill the thread
            log.exception("notification handler failed")
