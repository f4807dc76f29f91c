"""Both stores migrate from empty on SQLite and PostgreSQL, match the models, and refuse
UPDATE/DELETE on the journal in the database itself."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from teller.store.database import open_store
import teller.store.authorisation_models  # noqa: F401 - its tables are part of the branch store
import teller.store.branch_cache_models  # noqa: F401 - its tables are part of the workstation store
import teller.store.clearing_models  # noqa: F401 - its tables are part of the branch store
import teller.store.custody_models  # noqa: F401 - its tables are part of the branch store
import teller.store.lobby_models  # noqa: F401 - its tables are part of the branch store
import teller.store.staff_models  # noqa: F401 - its tables are part of the branch store
import teller.store.sync_models  # noqa: F401 - its tables are part of the branch store
import teller.store.voucher_models  # noqa: F401 - its tables are part of the branch store
import teller.store.noncash_models  # noqa: F401 - its tables are part of both stores
import teller.store.business_day_models  # noqa: F401 - its tables are part of the branch store
import teller.store.recon_models  # noqa: F401 - its tables are part of the branch store
from teller.store.models import BranchBase, WorkstationBase


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return request.getfixturevalue("pg_url")


@pytest.mark.parametrize("store, metadata", [("workstation", WorkstationBase.metadata),
                                             ("branch", BranchBase.metadata)])
def test_migrations_build_the_schema_the_models_describe(store_url, store, metadata):
    engine = open_store(store_url, store)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert diff == []


@pytest.mark.parametrize("store", ["workstation", "branch"])
def test_migrating_twice_is_a_no_op(store_url, store):
    open_store(store_url, store).dispose()
    open_store(store_url, store).dispose()


ROW = ("INSERT INTO journal (workstation_id, seq, business_date, recorded_at, teller_id, kind, payload, "
       "prev_hash, hash, mac) VALUES ('WS01', 1, '2026-11-23', 'now', 'T001', 'sign_in', '{}', 'a', 'b', 'c')")


@pytest.mark.parametrize("store", ["workstation", "branch"])
@pytest.mark.parametrize("statement", ["UPDATE journal SET amount_fen = 1", "DELETE FROM journal"])
def test_database_refuses_changes_to_the_journal(store_url, store, statement):
    engine = open_store(store_url, store)
    with engine.begin() as conn:
        conn.execute(text(ROW))
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as conn:
            conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM journal")).scalar() == 1
    engine.dispose()


def test_postgresql_refuses_truncate_of_the_journal(pg_url):
    engine = open_store(pg_url, "branch")
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as conn:
            conn.execute(text("TRUNCATE journal"))
    engine.dispose()


def test_sqlite_store_is_durable_wal(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'ws.sqlite'}", "workstation")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    engine.dispose()
