"""Review of postings (复核) on SQLite and PostgreSQL branch stores: the day's postings of every
workstation from the branch copy, passed or returned once, never by their own teller."""
import json
import threading
from decimal import Decimal

import pytest
from sqlalchemy import select

from teller.domain.denominations import Breakdown
from teller.domain.errors import PermissionDenied, SelfAuthorisation
from teller.services.credentials import Credentials
from teller.services.review import AlreadyReviewed, ReviewRefused, ReviewSummary
from teller.services.staff import enrol_badge, enrol_staff
from teller.store.models import WorkstationJournal

TELLER = Credentials("0A1B2C3D01", "111111")
OTHER_TELLER = Credentials("0A1B2C3D02", "222222")
REVIEWER = Credentials("0A1B2C3D04", "444444")
CASH_HEAD = Credentials("0A1B2C3E01", "900001")
RICH = "44010001000000017"
UNKNOWN_ACCOUNT = "44010001000000000"


def cash(ws, **counts):
    return Breakdown(counts, ws.ctx.settings.denominations)


def enrol(ws, staff_id, roles, badge, pin):
    with ws.ctx.branch_tx() as db:
        enrol_staff(db, staff_id=staff_id, name=f"{staff_id} test", roles=roles, pin=pin)
        enrol_badge(db, staff_id=staff_id, uid=badge, now="test")
    return Credentials(badge, pin)


def post_and_push(ws, teller, *postings):
    """The teller opens a till, posts each (code, account, yuan) and the journal reaches the branch."""
    session = ws.sessions.sign_in(teller)
    ws.till.open(session, cash(ws, N10000=100), teller, CASH_HEAD)
    seqs = [ws.cash.post(session, code, account, Decimal(yuan), cash(ws, N10000=int(yuan) // 100)).outcome.seq
            for code, account, yuan in postings]
    assert ws.replicator.push().ok
    return session, seqs


@pytest.fixture
def counter(workstation):
    """WS01: teller T001 posted a deposit and a withdrawal; both are at the branch."""
    _session, seqs = post_and_push(workstation, TELLER, ("1001", RICH, "1200"), ("1002", RICH, "300"))
    return workstation, seqs


@pytest.fixture
def review_desk(make_workstation, core_gateway, branch_url):
    """WS02 on the same branch store, for the reviewer."""
    return make_workstation(core_gateway, branch_url, "WS02")


def reviewer_journal(ws):
    with ws.ctx.workstation_db() as db:
        rows = db.execute(select(WorkstationJournal).where(WorkstationJournal.kind.startswith("posting_"))
                          .order_by(WorkstationJournal.seq)).scalars()
        return [(r.teller_id, r.kind, r.amount_fen, json.loads(r.payload)) for r in rows]


def test_reviewer_sees_the_days_postings_and_passes_or_returns_each(counter, review_desk):
    ws, (deposit, withdrawal) = counter
    reviewer = review_desk.sessions.sign_in(REVIEWER)
    pending = review_desk.review.pending()
    assert [(p.workstation_id, p.seq, p.teller_id, p.tx_code, p.account_masked, p.amount_fen, p.direction)
            for p in pending] == [("WS01", deposit, "T001", "1001", "440100*******0017", 120000, "credit"),
                                  ("WS01", withdrawal, "T001", "1002", "440100*******0017", 30000, "debit")]
    assert review_desk.review.unreviewed_count() == 2
    review_desk.review.pass_posting(reviewer, "WS01", deposit)
    review_desk.review.return_posting(reviewer, "WS01", withdrawal, "voucher not signed 客户未签名")
    assert review_desk.review.pending() == []
    assert review_desk.review.summary() == ReviewSummary(unreviewed=0, passed=1, returned=1)
    assert reviewer_journal(review_desk) == [
        ("T004", "posting_reviewed", 120000,
         {"workstation": "WS01", "seq": deposit, "maker": "T001", "account": "440100*******0017", "reason": ""}),
        ("T004", "posting_returned", 30000,
         {"workstation": "WS01", "seq": withdrawal, "maker": "T001", "account": "440100*******0017",
          "reason": "voucher not signed 客户未签名"})]


def test_a_posting_the_core_rejected_has_nothing_to_review(workstation, review_desk):
    _session, (rejected, posted) = post_and_push(workstation, TELLER, ("1001", UNKNOWN_ACCOUNT, "100"),
                                                 ("1001", RICH, "100"))
    reviewer = review_desk.sessions.sign_in(REVIEWER)
    assert [p.seq for p in review_desk.review.pending()] == [posted]
    with pytest.raises(ReviewRefused, match="rejected by the core"):
        review_desk.review.pass_posting(reviewer, "WS01", rejected)


def test_a_reviewer_never_reviews_their_own_postings(workstation, review_desk):
    both = enrol(workstation, "T009", ["cash_teller", "reviewer"], "0A1B2C3D09", "909090")
    session, (own,) = post_and_push(workstation, both, ("1001", RICH, "500"))
    assert [p.teller_id for p in workstation.review.pending()] == ["T009"]
    with pytest.raises(SelfAuthorisation, match="never reviews their own postings"):
        workstation.review.pass_posting(session, "WS01", own)
    with pytest.raises(SelfAuthorisation):
        workstation.review.return_posting(session, "WS01", own, "looks wrong")
    assert workstation.review.unreviewed_count() == 1
    reviewer = review_desk.sessions.sign_in(REVIEWER)  # another reviewer may
    review_desk.review.pass_posting(reviewer, "WS01", own)
    assert workstation.review.unreviewed_count() == 0


def test_someone_without_the_reviewer_role_may_not_review(counter, review_desk):
    _ws, (deposit, _) = counter
    teller = review_desk.sessions.sign_in(OTHER_TELLER)
    with pytest.raises(PermissionDenied, match="may not review postings"):
        review_desk.review.pass_posting(teller, "WS01", deposit)
    assert review_desk.review.unreviewed_count() == 2 and reviewer_journal(review_desk) == []


def test_a_posting_is_reviewed_once_and_the_second_is_told_by_whom(counter, review_desk):
    _ws, (deposit, _) = counter
    reviewer = review_desk.sessions.sign_in(REVIEWER)
    review_desk.review.pass_posting(reviewer, "WS01", deposit)
    with pytest.raises(AlreadyReviewed, match=f"WS01-{deposit} was already reviewed: passed by T004"):
        review_desk.review.return_posting(reviewer, "WS01", deposit, "second look")
    assert [kind for _, kind, _, _ in reviewer_journal(review_desk)] == ["posting_reviewed"]


def test_only_postings_in_the_branch_copy_are_reviewed(counter, review_desk):
    ws, _ = counter
    reviewer = review_desk.sessions.sign_in(REVIEWER)
    with pytest.raises(ReviewRefused, match="WS01-1 is a sign_in entry, not a posting"):
        review_desk.review.pass_posting(reviewer, "WS01", 1)
    late = ws.cash.post(ws.sessions.sign_in(TELLER), "1001", RICH, Decimal("100"), cash(ws, N10000=1)).outcome.seq
    with pytest.raises(ReviewRefused, match=f"WS01-{late} is not in the branch copy"):
        review_desk.review.pass_posting(reviewer, "WS01", late)
    with pytest.raises(ReviewRefused, match="reason"):
        review_desk.review.return_posting(reviewer, "WS01", 1, "  ")


def test_two_reviewers_racing_on_one_posting_record_one_decision(counter, review_desk, make_workstation,
                                                                  core_gateway, branch_url):
    _ws, (deposit, _) = counter
    second = enrol(review_desk, "T010", ["reviewer"], "0A1B2C3D10", "101010")
    desk3 = make_workstation(core_gateway, branch_url, "WS03")
    sessions = [(review_desk, review_desk.sessions.sign_in(REVIEWER)), (desk3, desk3.sessions.sign_in(second))]
    barrier, outcomes = threading.Barrier(2), {}

    def review(ws, session):
        barrier.wait()
        try:
            ws.review.pass_posting(session, "WS01", deposit)
            outcomes[session.teller_id] = "won"
        except AlreadyReviewed as exc:
            outcomes[session.teller_id] = str(exc)

    threads = [threading.Thread(target=review, args=pair) for pair in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    winner = next(who for who, what in outcomes.items() if what == "won")
    loser = next(what for who, what in outcomes.items() if who != winner)
    assert f"passed by {winner}" in loser
    assert len(reviewer_journal(review_desk)) + len(reviewer_journal(desk3)) == 1
    assert review_desk.review.summary() == ReviewSummary(unreviewed=1, passed=1, returned=0)
