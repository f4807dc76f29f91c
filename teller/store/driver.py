"""Hand-written SQL on the driver connection under a unit's transaction: the posting hot path.

Statements are written with `?` placeholders; on psycopg (PostgreSQL) they become `%s`. Only
teller/store uses this; services never see a connection.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=256)
def _format_style(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


class DriverSQL:
    def __init__(self, conn, qmark: bool):
        self.conn = conn
        self.qmark = qmark

    @classmethod
    def of_session(cls, session) -> "DriverSQL":
        connection = session.connection()
        return cls(connection.connection.driver_connection, connection.dialect.paramstyle == "qmark")

    def _sql(self, sql: str) -> str:
        return sql if self.qmark else _format_style(sql)

    def execute(self, sql: str, params: tuple = ()) -> None:
        self.conn.execute(self._sql(sql), params)

    def fetchone(self, sql: str, params: tuple = ()):
        return self.conn.execute(self._sql(sql), params).fetchone()

    def fetchall(self, sql: str, params: tuple = ()) -> list:
        return self.conn.execute(self._sql(sql), params).fetchall()

    def executemany(self, sql: str, rows: list[tuple]) -> None:
        if rows:
            cursor = self.conn.cursor()
            try:
                cursor.executemany(self._sql(sql), rows)
            finally:
                cursor.close()


class DriverRepository:
    """A repository with hand-written SQL on the hot path: it runs on the posting unit's driver
    connection, or, taken from an ORM unit, on that Session's connection (made on first use)."""

    def __init__(self, session, driver: DriverSQL | None = None):
        self.session = session
        self._driver = driver

    @property
    def driver(self) -> DriverSQL:
        if self._driver is None:
            self._driver = DriverSQL.of_session(self.session)
        return self._driver
