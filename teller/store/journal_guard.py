"""Database triggers that refuse UPDATE, DELETE (and TRUNCATE) on a journal table."""
from __future__ import annotations

import sqlalchemy as sa

MESSAGE = "journal is append-only"


def create_append_only_triggers(bind, table: str = "journal") -> None:
    if bind.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            bind.execute(sa.text(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"))
    elif bind.dialect.name == "postgresql":
        bind.execute(sa.text(
            f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$ LANGUAGE plpgsql"))
        bind.execute(sa.text(
            f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"))
        bind.execute(sa.text(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"))
    else:
        raise NotImplementedError(f"no append-only triggers for {bind.dialect.name}")


def drop_append_only_triggers(bind, table: str = "journal") -> None:
    """Only for downgrades and for tamper tests that play an attacker with DBA rights."""
    if bind.dialect.name == "sqlite":
        for verb in ("update", "delete"):
            bind.execute(sa.text(f"DROP TRIGGER IF EXISTS {table}_no_{verb}"))
    else:
        bind.execute(sa.text(f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}"))
        bind.execute(sa.text(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}"))
