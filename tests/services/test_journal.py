"""The hash-chained, HMAC'd journal and `teller-admin journal verify` against tampering."""
import subprocess
import sys

import pytest
from sqlalchemy import text

from teller.config import load_settings
from teller.services.journal import JournalQuery, JournalSigner, verify_workstation_journal
from teller.store.database import make_sessionmaker, open_store
from teller.store.repos.journal import JournalRepository
from teller.store.stores import WorkstationStore
from teller.store.journal_guard import drop_append_only_triggers
from teller.store.secrets import journal_mac_key, make_secret_store

PASSWORD_ENV = "TELLER_TEST_KEYRING_PASSWORD"


@pytest.fixture
def cli_home(teller_home, monkeypatch):
    """A data directory whose journal key lives in the encrypted-file keyring, so a
    separate teller-admin process can read it."""
    (teller_home / "config.toml").write_text(
        f'[secrets]\nbackend = "encrypted-file"\npassword_env = "{PASSWORD_ENV}"\n', encoding="utf-8")
    monkeypatch.setenv(PASSWORD_ENV, "correct horse battery staple")
    return teller_home


def write_entries(settings, clock, n=6):
    engine = open_store(settings.workstation_store_url, "workstation")
    key = journal_mac_key(make_secret_store(settings.secrets, settings.home), settings.workstation_id)
    store = WorkstationStore(engine, JournalSigner(settings.workstation_id, key, clock))
    with store.transaction() as unit:
        for i in range(1, n + 1):
            unit.journal.append(teller_id="T001", kind="posting", business_date="2026-11-23", tx_code="1001",
                           account=f"4401000100000001{i % 10}", amount_fen=i * 100, payload={"n": i})
    return engine, key


def verify_cli(home):
    return subprocess.run([sys.executable, "-m", "teller.cli", "--home", str(home), "journal", "verify"],
                          capture_output=True, text=True, timeout=60)


def tamper(engine, *statements):
    with engine.begin() as conn:
        drop_append_only_triggers(conn)
        for statement in statements:
            conn.execute(text(statement))


def test_intact_chain_verifies(cli_home, clock):
    settings = load_settings(cli_home)
    engine, key = write_entries(settings, clock)
    with make_sessionmaker(engine)() as db:
        assert verify_workstation_journal(db, "WS01", key).ok
    result = verify_cli(cli_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 entries, chain intact" in result.stdout


@pytest.mark.parametrize("statements, bad_seq", [
    (["UPDATE journal SET amount_fen = 99999 WHERE seq = 3"], 3),
    (["UPDATE journal SET payload = '{\"n\": 4}' WHERE seq = 5"], 5),
    (["DELETE FROM journal WHERE seq = 4"], 4),
    # reorder: swap the contents of entries 2 and 3 by renumbering
    (["UPDATE journal SET seq = 100 WHERE seq = 2", "UPDATE journal SET seq = 2 WHERE seq = 3",
      "UPDATE journal SET seq = 3 WHERE seq = 100"], 2),
    # a forger who recomputes the hash but has no key: the MAC gives it away
    (["UPDATE journal SET mac = hash WHERE seq = 6"], 6),
])
def test_tampering_is_found_and_named(cli_home, clock, statements, bad_seq):
    settings = load_settings(cli_home)
    engine, key = write_entries(settings, clock)
    tamper(engine, *statements)
    with make_sessionmaker(engine)() as db:
        report = verify_workstation_journal(db, "WS01", key)
    assert not report.ok and report.first_bad_seq == bad_seq
    result = verify_cli(cli_home)
    assert result.returncode == 2
    assert f"BROKEN at sequence {bad_seq}" in result.stdout


def test_recomputed_hash_without_the_key_fails_the_mac(clock, teller_home):
    """Rewriting an entry and recomputing its hash chain is caught by the HMAC."""
    from teller.domain.journal_entry import chain_hash
    from teller.services.journal import entry_fields

    settings = load_settings(teller_home)
    engine, key = write_entries(settings, clock, n=2)
    from teller.store.models import WorkstationJournal
    with make_sessionmaker(engine)() as db:
        row = db.get(WorkstationJournal, ("WS01", 2))
        fields = entry_fields(row)
    forged = fields.__class__(**{**fields.__dict__, "amount_fen": 1})
    new_hash = chain_hash(row.prev_hash, forged)
    tamper(engine, f"UPDATE journal SET amount_fen = 1, hash = '{new_hash}' WHERE seq = 2")
    with make_sessionmaker(engine)() as db:
        report = verify_workstation_journal(db, "WS01", key)
    assert report.first_bad_seq == 2 and "MAC" in report.problem


def test_search_by_date_code_account_amount_teller(clock, teller_home):
    settings = load_settings(teller_home)
    engine, _ = write_entries(settings, clock)
    with make_sessionmaker(engine)() as db:
        assert [e.seq for e in JournalRepository(db).search("WS01", JournalQuery(amount_fen=300))] == [3]
        assert len(JournalRepository(db).search("WS01", JournalQuery(business_date="2026-11-23", tx_code="1001"))) == 6
        assert [e.seq for e in JournalRepository(db).search("WS01", JournalQuery(account="00000015"))] == [5]
        assert JournalRepository(db).search("WS01", JournalQuery(teller_id="T999")) == []


def test_no_keyring_gives_a_clear_error(teller_home, monkeypatch):
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    from teller.domain.errors import SecretStoreUnavailable

    keyring.set_keyring(FailKeyring())
    store = make_secret_store({"backend": "keyring"}, teller_home)
    with pytest.raises(SecretStoreUnavailable, match="encrypted-file"):
        journal_mac_key(store, "WS01")
    monkeypatch.delenv("TELLER_KEYRING_PASSWORD", raising=False)
    with pytest.raises(SecretStoreUnavailable, match="TELLER_KEYRING_PASSWORD"):
        make_secret_store({"backend": "encrypted-file", "password_env": "TELLER_KEYRING_PASSWORD"}, teller_home)
