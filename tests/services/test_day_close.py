"""The end-of-day checklist on SQLite and PostgreSQL branch stores: each line blocks the close in
turn and names who or what blocks it, and clears when that is put right."""
from decimal import Decimal

from teller.domain.day_book import JournalRecord, cash_day_book, teller_balances
from teller.services.credentials import Credentials
from tests.services.test_review import CASH_HEAD, REVIEWER, RICH, TELLER, cash

T003 = Credentials("0A1B2C3D03", "333333")  # 张磊 keeps 转讫章


def blockers(ws, reconciled=True):
    ws.day_close.reconciliation = (lambda day: []) if reconciled else None
    return {line.key: line.texts for line in ws.day_close.blockers()}


def test_each_checklist_line_blocks_the_close_until_it_is_put_right(workstation):
    ws = workstation
    assert blockers(ws) == {}  # a quiet day: nothing keeps it open
    assert blockers(ws, reconciled=False) == {
        "reconciled": ("no reconciliation with the core's statements is configured",)}

    session = ws.sessions.sign_in(TELLER)
    ws.till.open(session, cash(ws, N10000=100), TELLER, CASH_HEAD)
    ws.cash.post(session, "1001", RICH, Decimal("1200"), cash(ws, N10000=12))
    _key, unanswered, _hash = ws.cash.record_posting(session, "1001", RICH, Decimal("300"), cash(ws, N10000=3))
    assert ws.replicator.push().ok
    found = blockers(ws)
    assert found["signed_off"] == ("王芳 Wang Fang is signed in at WS01",)
    assert found["tills_closed"] == ("王芳 Wang Fang's till (WS01) is open",)
    assert found["reviewed"] == ("2 posting(s) wait for review",)
    assert found["core_answered"] == (f"WS01-{unanswered} (王芳 Wang Fang) waits for the core's answer",)
    assert set(found) == {"signed_off", "tills_closed", "reviewed", "core_answered"}

    assert ws.outbox.resolve_pending(ignore_backoff=True)["waiting"] == 0  # the core answers
    expected = 10000 + 1200 + 300
    ws.till.count_at_close(session, cash(ws, N10000=expected // 100))
    ws.till.close(session, cash(ws, N10000=expected // 100), TELLER, CASH_HEAD)
    ws.sessions.sign_off(session)
    assert ws.replicator.push().ok
    assert set(blockers(ws)) == {"reviewed"}

    keeper = ws.sessions.sign_in(T003)
    seal = next(i.item_id for i in ws.custody.items() if i.name == "转讫章")
    ws.custody.take_out(keeper, seal)
    ws.sessions.sign_off(keeper)
    assert blockers(ws)["custody_back"] == ("转讫章 is with 张磊 Zhang Lei",)
    keeper = ws.sessions.sign_in(T003)
    ws.custody.lock_in(keeper, seal)
    ws.sessions.sign_off(keeper)

    reviewer = ws.sessions.sign_in(REVIEWER)
    for posting in ws.review.pending():
        ws.review.pass_posting(reviewer, posting.workstation_id, posting.seq)
    ws.sessions.sign_off(reviewer)
    assert blockers(ws) == {}


def test_a_till_that_does_not_agree_with_its_journal_blocks_the_close():
    def entry(seq, kind, amount, refers_to=None, payload=None):
        return JournalRecord("WS01", seq, f"2026-11-23T09:{seq:02d}:00+08:00", "T001", kind, "1001", RICH, amount,
                             refers_to, payload or {})

    records = [entry(1, "till_opened", 1000000), entry(2, "posting", 50000, None,
                                                       {"direction": "credit", "denominations": {"N10000": 5}}),
               entry(3, "host_approved", 50000, 2), entry(4, "till_closed", 1040000)]
    [balance] = teller_balances(records, cash_day_book(records))
    assert (balance.expected_fen, balance.counted_fen, balance.balanced) == (1050000, 1040000, False)
    records.insert(3, entry(5, "short", 10000))  # the short authorised at close makes cash and books agree
    assert teller_balances(records, cash_day_book(records))[0].balanced
