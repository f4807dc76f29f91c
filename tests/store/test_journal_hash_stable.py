"""The journal's canonical form and hash never change for entries already written (issue 13:
the posting hot path was made faster; existing journals must still verify).

The fixed entry's hash and the fixture store's rows were computed by the code of main 41cca5e,
before the change."""
import json
from dataclasses import asdict
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import insert

from teller.domain.journal_entry import GENESIS_HASH, EntryFields, canonical_bytes, chain_hash
from teller.store.database import open_store
from teller.store.models import WorkstationJournal
from teller.store.stores import WorkstationStore

FIXTURE = Path(__file__).parent / "fixtures" / "journal_before_issue13.json"

FIXED = EntryFields(
    workstation_id="WS01", seq=7, business_date="2026-11-23", recorded_at="2026-11-23T09:30:00.000000+08:00",
    teller_id="T001", kind="posting", tx_code="1001", account="44010001000000017", amount_fen=1234567,
    refers_to=None,
    payload={"direction": "credit", "denominations": {"N10000": 123, "N5000": 1, "C10": 7},
             "account_name": "王芳 Wang Fang",
             "large_cash": {"id_type": "resident_id", "id_number": "110101199003070000", "purpose": "学费 tuition"},
             "nested": [1, {"b": None, "a": True}]})
FIXED_CANONICAL = (
    '{"account":"44010001000000017","amount_fen":1234567,"business_date":"2026-11-23","kind":"posting",'
    '"payload":{"account_name":"王芳 Wang Fang","denominations":{"C10":7,"N10000":123,"N5000":1},'
    '"direction":"credit","large_cash":{"id_number":"110101199003070000","id_type":"resident_id",'
    '"purpose":"学费 tuition"},"nested":[1,{"a":true,"b":null}]},"recorded_at":"2026-11-23T09:30:00.000000+08:00",'
    '"refers_to":null,"seq":7,"teller_id":"T001","tx_code":"1001","workstation_id":"WS01"}')


def test_fixed_entry_keeps_its_canonical_form_and_hash():
    assert canonical_bytes(FIXED).decode() == FIXED_CANONICAL
    assert chain_hash("ab" * 32, FIXED) == "2be95fa07a304c06117dcfea6c1c9e9823d25dba80ceab5f5a0a5f74998e5249"
    minimal = EntryFields("WS02", 1, "2026-11-23", "2026-11-23T09:30:00+08:00", "S001", "sign_in")
    assert chain_hash(GENESIS_HASH, minimal) == "99e94806225ff54caa1809556e4fec58d7cbb14ff65516b7b91c31423366b21d"


def test_journal_written_before_the_change_still_verifies(tmp_path):
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    engine = open_store(f"sqlite:///{tmp_path / 'ws.sqlite'}", "workstation")
    with engine.begin() as conn:
        conn.execute(insert(WorkstationJournal), fixture["rows"])
    store = WorkstationStore(engine)
    with store.reading() as unit:
        report = unit.journal.verify("WS01", bytes.fromhex(fixture["mac_key_hex"]))
    assert report.ok and report.entries == 5
    with store.reading() as unit:  # and a changed byte is still caught, at its entry
        assert not unit.journal.verify("WS01", bytes(32)).ok


_text = st.text()
_payload = st.dictionaries(_text, st.recursive(st.none() | st.booleans() | st.integers() | _text,
                                               lambda inner: st.lists(inner) | st.dictionaries(_text, inner),
                                               max_leaves=6))


@settings(max_examples=300, deadline=None)
@given(_text, st.integers(min_value=0), _text, _text, _text, _text, st.none() | _text, st.none() | _text,
       st.none() | st.integers(), st.none() | st.integers(), _payload)
def test_canonical_bytes_are_json_of_the_whole_entry(ws, seq, date, at, teller, kind, code, account, amount,
                                                      refers_to, payload):
    """The field-by-field canonical form is byte for byte json.dumps(sort_keys) of the whole entry,
    as it was computed (through dataclasses.asdict) before issue 13."""
    fields = EntryFields(ws, seq, date, at, teller, kind, code, account, amount, refers_to, payload)
    assert canonical_bytes(fields) == json.dumps(asdict(fields), sort_keys=True, separators=(",", ":"),
                                                 ensure_ascii=False).encode("utf-8")
