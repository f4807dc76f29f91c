"""Statement import (camt.053 .02-.13 and CSV): whole or nothing, with the reason and position."""
from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from teller.core.ledger import CORE_TZ
from teller.recon.importer import StatementImporter
from teller.recon.statements import StatementRefused
from teller.store.database import open_store
from teller.store.recon_models import Statement, StatementEntry, StatementFile
from teller.store.stores import BranchStore

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "camt053"
BALANCED = {
    "iso_business_sample.camt.053.001.02.xml": [("50000000054910000003", "SEK", 500000_00, 435678_50, 3)],
    "iso_business_sample.camt.053.001.04.xml": [("50000000054910000003", "SEK", 500000_00, 435678_50, 3)],
    "postfinance_ch_sample.camt.053.001.04.xml": [("CH0309000000250090342", "CHF", 322152_16, 322689_77, 13)],
    "lt_centrolink_2024-04-11.camt.053.001.08.xml": [("LT625883379695428516", "EUR", 21463830_35, 17194650_59, 15),
                                                     ("LT414319056143772570", "EUR", 2801_55, 2801_55, 0)],
}


@pytest.fixture
def store(branch_url):
    engine = open_store(branch_url, "branch")
    yield BranchStore(engine)
    engine.dispose()


@pytest.fixture
def importer(store, clock):
    return StatementImporter(store, clock)


def counts(store):
    with store.reading() as unit:
        return tuple(unit.session.execute(select(func.count()).select_from(t)).scalar()
                     for t in (StatementFile, Statement, StatementEntry))


@pytest.mark.parametrize("name", sorted(BALANCED))
def test_public_samples_import_and_balance(importer, store, name):
    result = importer.import_file((SAMPLES / name).read_bytes(), name, "T900")
    assert not result.already_imported and result.format.startswith("camt.053.001.")
    with store.reading() as unit:
        rows = unit.session.execute(select(Statement).order_by(Statement.id)).scalars().all()
        got = [(s.account, s.currency, s.opening_fen, s.closing_fen, s.entry_count) for s in rows]
        for s in rows:
            net = sum(e.amount_fen if e.direction == "credit" else -e.amount_fen
                      for e in unit.session.execute(select(StatementEntry).where(StatementEntry.statement_id == s.id)
                                                    ).scalars())
            assert s.opening_fen + net == s.closing_fen
    assert got == BALANCED[name]


def test_postfinance_reversals_keep_the_sign_of_cdtdbtind(importer, store):
    importer.import_file((SAMPLES / "postfinance_ch_sample.camt.053.001.04.xml").read_bytes(), "pf", "T900")
    with store.reading() as unit:
        reversals = unit.session.execute(select(StatementEntry).where(StatementEntry.reversal.is_(True))).scalars().all()
    assert len(reversals) == 2


def test_mixed_currencies_are_refused_never_summed(importer, store):
    with pytest.raises(StatementRefused, match="more than one currency") as refused:
        importer.import_file((SAMPLES / "genkgo_edge_mixed_ccy.camt.053.001.08.xml").read_bytes(), "g", "T900")
    assert "Stmt 1" in refused.value.position
    assert counts(store) == (0, 0, 0)


def test_reimporting_the_same_file_is_a_no_op(importer, store):
    data = (SAMPLES / "postfinance_ch_sample.camt.053.001.04.xml").read_bytes()
    first = importer.import_file(data, "pf.xml", "T900")
    again = importer.import_file(data, "pf-again.xml", "T900")
    assert again.already_imported and again.file_id == first.file_id and again.entries == 13
    assert counts(store) == (1, 1, 13)


def test_a_statement_imported_from_another_file_refuses_the_file_whole(importer, store):
    data = (SAMPLES / "iso_business_sample.camt.053.001.02.xml").read_bytes()
    importer.import_file(data, "a.xml", "T900")
    other = data.replace(b"<MsgId>", b"<MsgId>X", 1)  # another file, the same statement in it
    with pytest.raises(StatementRefused, match="already imported"):
        importer.import_file(other, "b.xml", "T900")
    assert counts(store) == (1, 1, 3)


def _lt_with(change: bytes, to: bytes) -> bytes:
    data = (SAMPLES / "lt_centrolink_2024-04-11.camt.053.001.08.xml").read_bytes()
    assert change in data
    return data.replace(change, to, 1)


def test_opening_plus_entries_not_closing_refuses_the_file_whole(importer, store):
    # the first statement is fine, the second's closing is off by 0.01: nothing of the file is kept
    data = _lt_with(b'<Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">2801.55',
                    b'<Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">2801.56')
    with pytest.raises(StatementRefused, match=r"opening 2801\.55 \+ entries 0\.00 != closing 2801\.56") as refused:
        importer.import_file(data, "lt.xml", "T900")
    assert refused.value.position.startswith("Stmt 2")
    assert counts(store) == (0, 0, 0)


def test_a_statement_twice_in_one_file_is_refused(importer):
    data = _lt_with(b"<Id>MSG32269800-GZNPDA</Id><Acct><Id><Othr><Id>LT414319056143772570",
                    b"<Id>MSG25684197-NAEUXI</Id><Acct><Id><Othr><Id>LT625883379695428516")
    with pytest.raises(StatementRefused, match="appears twice") as refused:
        importer.import_file(data, "lt.xml", "T900")
    assert refused.value.position.startswith("Stmt 2")


@pytest.mark.parametrize("cut", [100, 1000, 3000])
def test_truncated_file_is_refused_with_line_and_column(importer, store, cut):
    data = (SAMPLES / "iso_business_sample.camt.053.001.04.xml").read_bytes()[:cut]
    with pytest.raises(StatementRefused, match="malformed or truncated") as refused:
        importer.import_file(data, "cut.xml", "T900")
    assert refused.value.position.startswith("line ")
    assert counts(store) == (0, 0, 0)


@pytest.mark.parametrize("attack", [
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">&lol2;</Document>',
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">&xxe;</Document>',
])
def test_entities_and_dtds_are_refused(importer, attack):
    with pytest.raises(StatementRefused, match="unsafe XML"):
        importer.import_file(attack, "evil.xml", "T900")


def test_other_documents_and_versions_are_refused(importer):
    with pytest.raises(StatementRefused, match="not a camt.053"):
        importer.import_file(b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.08"/>', "x", "T900")
    with pytest.raises(StatementRefused, match="not a camt.053"):
        importer.import_file(b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.14"/>', "x", "T900")


def test_wrong_account_refuses_the_file(store, clock):
    importer = StatementImporter(store, clock, allowed_accounts={"44010001000000017"})
    with pytest.raises(StatementRefused, match="not one of this branch's accounts"):
        importer.import_file((SAMPLES / "iso_business_sample.camt.053.001.02.xml").read_bytes(), "x", "T900")
    assert counts(store) == (0, 0, 0)


def test_csv_with_a_column_mapping_and_signed_amounts(importer, store):
    data = ("Konto,Auszug,Whg,Datum,Betrag,Anfang,Ende,Referenz\n"
            "44010001000000017,S1,CNY,2026-11-23,500.00,100.00,449.50,WS01-1\n"
            "44010001000000017,S1,CNY,2026-11-23,-150.50,100.00,449.50,WS01-2\n").encode()
    mapping = {"account": "Konto", "statement_id": "Auszug", "currency": "Whg", "booking_date": "Datum",
               "amount": "Betrag", "opening_balance": "Anfang", "closing_balance": "Ende", "end_to_end_id": "Referenz"}
    result = importer.import_file(data, "bank.csv", "T900", csv_mapping=mapping)
    assert (result.format, result.statements, result.entries) == ("csv", 1, 2)
    with store.reading() as unit:
        entries = unit.session.execute(select(StatementEntry).order_by(StatementEntry.id)).scalars().all()
    assert [(e.end_to_end_id, e.direction, e.amount_fen) for e in entries] == [("WS01-1", "credit", 500_00),
                                                                              ("WS01-2", "debit", 150_50)]


@pytest.mark.parametrize("body, reason, where", [
    ("S1,44010001000000017,CNY,2026-11-23,C1,1.00,CRDT,false,K1,C1,1001,0.00,2.00\n", "!= closing", "statement S1"),
    ("S1,44010001000000017,CNY,2026-11-23,C1,1.0x,CRDT,false,K1,C1,1001,0.00,1.00\n", "not an amount", "line 2"),
    ("S1,44010001000000017,CNY,2026-11-23,C1,1.00,CRDT,false,K1,C1,1001,0.00,1.00\n"
     "S1,44010001000000017,CNY,2026-11-3\n", "different number of fields", "line 3"),
    ("S1,44010001000000017,CNY,23.11.2026,C1,1.00,CRDT,false,K1,C1,1001,0.00,1.00\n", "not a date", "line 2"),
    ("S1,44010001000000017,CNY,2026-11-23,C1,1.00,XX,false,K1,C1,1001,0.00,1.00\n", "neither CRDT", "line 2"),
])
def test_broken_csv_is_refused_whole_with_the_row(importer, store, body, reason, where):
    from teller.core.statement import CSV_COLUMNS

    data = (",".join(CSV_COLUMNS) + "\n" + body).encode()
    with pytest.raises(StatementRefused, match=reason) as refused:
        importer.import_file(data, "x.csv", "T900")
    assert where in refused.value.position
    assert counts(store) == (0, 0, 0)


@pytest.mark.parametrize("fmt", ["camt053", "csv"])
def test_statements_generated_by_the_emulator_import_and_balance(core, importer, store, fmt):
    with httpx.Client(base_url=core.url) as http:
        date = dt.datetime.fromisoformat(http.get("/clock").json()["now"]).astimezone(CORE_TZ).date().isoformat()
        keys = []
        for direction, amount in (("credit", 300_00), ("debit", 25_00), ("credit", 1_99)):
            keys.append(f"WS01-{uuid.uuid4().hex[:8]}")
            http.post("/postings", json={"key": keys[-1], "account": "44010001000000033", "direction": direction,
                                         "amount_fen": amount, "tx_code": "1001", "workstation": "WS01",
                                         "teller": "T001"})
        http.post(f"/postings/{keys[2]}/reversal")
        data = http.get(f"/statements/{date}", params={"format": fmt}).content
    result = importer.import_file(data, f"eod.{fmt}", "T900")
    assert (result.statements, result.entries) == (1, 4)
    with store.reading() as unit:
        entries = unit.recon.core_entries(date)
    assert [(e.end_to_end_id, e.direction, e.amount_fen, e.reversal) for e in entries] == [
        (keys[0], "credit", 300_00, False), (keys[1], "debit", 25_00, False),
        (keys[2], "credit", 1_99, False), (keys[2], "debit", 1_99, True)]
