"""Transfers (转账) and voucher postings at the non-cash counter on SQLite and PostgreSQL branch
stores, with the real core emulator: forms from the code's field list, the voucher serial consumed,
review before posting across roles (maker, reviewer), each posting at the core exactly once."""
import json

import pytest

from teller.domain.errors import PermissionDenied, SelfAuthorisation
from teller.domain.noncash_forms import FormRefused
from teller.domain.vouchers import VoucherRefused
from teller.services.credentials import Credentials
from teller.services.staff import enrol_badge, enrol_staff
from teller.services.transfers import HeldPostingRefused, Image
from teller.store.models import OutboxItem, WorkstationJournal

from tests.services.noncash_desks import (COMPANY, FROZEN, NONCASH_HEAD, NONCASH_TELLER, OTHER, REVIEWER, RICH,
                                          desk)

SCAN = Image("image/png", b"\x89PNG voucher JZ00000001 scanned")
SEAL_CARD = Image("image/png", b"\x89PNG specimen seal card of MINGDA")


@pytest.fixture
def desks(make_workstation, core_gateway, branch_url):
    """The non-cash head issued JZ00000001-10 (记账凭证) to 张磊 T003 at WS01; 刘洋 T004 reviews at WS02."""
    head = desk(make_workstation, core_gateway, branch_url, "WS09", NONCASH_HEAD)
    head.vouchers.receive(head.session, "voucher", "JZ00000001", "JZ00000010")
    head.vouchers.issue(head.session, "voucher", "JZ00000001", "JZ00000010", "T003")
    maker = desk(make_workstation, core_gateway, branch_url, "WS01", NONCASH_TELLER)
    reviewer = desk(make_workstation, core_gateway, branch_url, "WS02", REVIEWER)
    return head, maker, reviewer


def balances(core_gateway, *accounts):
    return [core_gateway.get_account(a).balance_fen for a in accounts]


def outbox_states(ws):
    with ws.ctx.workstation_db() as db:
        return {r.idempotency_key: r.state for r in db.query(OutboxItem)}


def test_transfer_returned_corrected_passed_is_posted_once_and_uses_the_serial(desks, core_gateway):
    head, maker, reviewer = desks
    p = maker.counter.postings
    assert [f.name for f in p.fields("2101")] == ["voucher_serial", "account", "payee_account", "amount", "memo",
                                                  "voucher_image", "seal_card_image"]
    assert p.proposal(maker.session, "2101") == {"voucher_serial": "JZ00000001"}
    before = balances(core_gateway, RICH, OTHER)

    made = p.submit(maker.session, "2101", {"voucher_serial": "JZ00000001", "account": RICH, "payee_account": OTHER,
                                           "amount": "1,500.00", "memo": "货款"}, {"voucher_image": SCAN})
    assert made.status == "waiting_review" and made.voucher_serial == "JZ00000001"
    assert core_gateway.get_posting(made.key) is None and balances(core_gateway, RICH, OTHER) == before
    assert maker.ws.outbox.resolve_pending(ignore_backoff=True)["settled"] == 0  # held: the resolver sends nothing
    assert maker.vouchers.next_serial(maker.session, "voucher") == "JZ00000002"  # consumed when made

    # the reviewer sees it with its image, checked against the hash; a maker may not review
    queue = reviewer.counter.postings.waiting(reviewer.session)
    assert [(q.hold_id, q.amount_fen, q.voucher_serial) for q in queue] == [(made.hold_id, 150000, "JZ00000001")]
    assert reviewer.counter.postings.images(reviewer.session, made.hold_id)["voucher_image"] == SCAN
    with pytest.raises(PermissionDenied):
        p.pass_held(maker.session, made.hold_id)
    with pytest.raises(HeldPostingRefused, match="reason"):
        reviewer.counter.postings.return_held(reviewer.session, made.hold_id, "  ")
    reviewer.counter.postings.return_held(reviewer.session, made.hold_id, "大写金额与小写不符 amount in words differs")

    # the maker sees it at once, with the reason; nothing reached the core
    mine = p.my_queue(maker.session)
    assert [(m.hold_id, m.state, m.reason) for m in mine] == [(made.hold_id, "returned",
                                                               "大写金额与小写不符 amount in words differs")]
    assert p.release_passed() == []
    with pytest.raises(HeldPostingRefused, match="decided once"):
        reviewer.counter.postings.pass_held(reviewer.session, made.hold_id)

    fixed = p.correct(maker.session, made.hold_id, {"account": RICH, "payee_account": OTHER, "amount": "1,050.00",
                                                    "memo": "货款"})
    assert fixed.status == "waiting_review" and fixed.voucher_serial == "JZ00000001" and fixed.key != made.key
    with pytest.raises(HeldPostingRefused, match="not returned"):
        p.correct(maker.session, made.hold_id, {"account": RICH, "payee_account": OTHER, "amount": "1.00"})
    assert [q.hold_id for q in reviewer.counter.postings.waiting(reviewer.session)] == [fixed.hold_id]
    # the image scanned with the first version stays with the corrected one
    assert reviewer.counter.postings.images(reviewer.session, fixed.hold_id)["voucher_image"] == SCAN
    reviewer.counter.postings.pass_held(reviewer.session, fixed.hold_id)

    released = p.release_passed()
    assert [(r.key, r.status, r.payee_status) for r in released] == [(fixed.key, "approved", "approved")]
    assert p.release_passed() == [] and p.settle_transfers() == 0
    maker.ws.outbox.resolve_pending(ignore_backoff=True)
    assert balances(core_gateway, RICH, OTHER) == [before[0] - 105000, before[1] + 105000]
    assert core_gateway.get_posting(made.key) is None  # the returned version never reached the core
    states = outbox_states(maker.ws)
    assert sorted(states.values()) == ["approved", "approved", "cancelled", "cancelled"]

    # the serial is used by the posting's journal entry; the journal names the image's hash
    used = [line for line in head.vouchers.register() if line.event == "used"]
    assert [(u.first_serial, u.reference) for u in used] == [(1, made.key)]
    with maker.ws.ctx.workstation_db() as db:
        entry = db.get(WorkstationJournal, ("WS01", fixed.seq))
        kinds = [r.kind for r in db.query(WorkstationJournal).order_by(WorkstationJournal.seq)]
    payload = json.loads(entry.payload)
    assert payload["images"]["voucher_image"] == SCAN.sha256 and payload["corrects"] == made.seq
    assert kinds.count("posting_cancelled") == 1 and kinds.count("host_approved") == 2
    # reviewed before posting: the branch's after-the-fact review does not list them again
    assert maker.ws.replicator.push().ok
    assert [q for q in reviewer.ws.review.pending() if q.workstation_id == "WS01"] == []


def test_a_voucher_posting_under_the_review_amount_goes_to_the_core_at_once(desks, core_gateway):
    _head, maker, _reviewer = desks
    p = maker.counter.postings
    before = balances(core_gateway, RICH)[0]
    with pytest.raises(VoucherRefused, match="JZ00000002 is not your next"):
        p.submit(maker.session, "2102", {"voucher_serial": "JZ00000002", "account": RICH, "amount": "88.00"})
    done = p.submit(maker.session, "2102", {"voucher_serial": "JZ00000001", "account": RICH, "amount": "88.00"})
    assert (done.status, done.payee_status) == ("approved", None)
    assert balances(core_gateway, RICH)[0] == before - 8800
    with pytest.raises(VoucherRefused, match="JZ00000001 is not yours to use: it was already used by journal entry "
                                             f"{done.key}"):
        p.submit(maker.session, "2103", {"voucher_serial": "JZ00000001", "account": RICH, "amount": "1.00"})
    big = p.submit(maker.session, "2103", {"voucher_serial": "JZ00000002", "account": RICH, "amount": "60,000"})
    assert big.status == "waiting_review"


def test_forms_refuse_bad_fields_naming_them(desks):
    _head, maker, reviewer = desks
    p = maker.counter.postings
    base = {"voucher_serial": "JZ00000001", "account": RICH, "payee_account": OTHER, "amount": "10.00"}
    for changes, field in (({"amount": "-5"}, "amount"), ({"payee_account": RICH}, "payee_account"),
                           ({"account": "12ab"}, "account"), ({"payee_account": ""}, "payee_account"),
                           ({"payee_account": FROZEN}, "payee_account")):
        with pytest.raises(FormRefused) as refused:
            p.submit(maker.session, "2101", {**base, **changes})
        assert refused.value.field == field
    with pytest.raises(FormRefused, match="specimen seal card") as refused:  # a company: the seal card is scanned
        p.submit(maker.session, "2101", {**base, "account": COMPANY}, {"voucher_image": SCAN})
    made = p.submit(maker.session, "2101", {**base, "account": COMPANY},
                    {"voucher_image": SCAN, "seal_card_image": SEAL_CARD})
    shown = reviewer.counter.postings.images(reviewer.session, made.hold_id)
    assert shown == {"voucher_image": SCAN, "seal_card_image": SEAL_CARD}
    with pytest.raises(PermissionDenied):  # a cash code is not posted here, nor a non-cash code by a reviewer
        reviewer.counter.postings.submit(reviewer.session, "2101", base)
    assert maker.vouchers.next_serial(maker.session, "voucher") == "JZ00000002"  # refused forms used no serial


def test_the_maker_cancels_and_a_reviewer_never_reviews_their_own(desks, make_workstation, core_gateway, branch_url):
    head, maker, reviewer = desks
    p = maker.counter.postings
    made = p.submit(maker.session, "2101", {"voucher_serial": "JZ00000001", "account": RICH, "payee_account": OTHER,
                                           "amount": "10.00"})
    p.cancel(maker.session, made.hold_id, "customer withdrew the voucher")
    assert p.my_queue(maker.session) == [] and reviewer.counter.postings.waiting(reviewer.session) == []
    assert set(outbox_states(maker.ws).values()) == {"cancelled"}
    with pytest.raises(HeldPostingRefused, match="cancelled already"):
        reviewer.counter.postings.pass_held(reviewer.session, made.hold_id)
    assert core_gateway.get_posting(made.key) is None

    # someone who both makes and reviews never reviews their own posting
    with head.ws.ctx.branch_tx() as db:
        enrol_staff(db, staff_id="T099", name="T099 both", roles=["noncash_teller", "reviewer"], pin="909090")
        enrol_badge(db, staff_id="T099", uid="0A1B2C3D77", now="test")
    head.vouchers.take_back(head.session, "voucher", "JZ00000010", None, "T003")
    head.vouchers.issue(head.session, "voucher", "JZ00000010", None, "T099")
    both = desk(make_workstation, core_gateway, branch_url, "WS03", Credentials("0A1B2C3D77", "909090"))
    own = both.counter.postings.submit(both.session, "2101", {"voucher_serial": "JZ00000010", "account": RICH,
                                                              "payee_account": OTHER, "amount": "10.00"})
    assert own.hold_id not in [q.hold_id for q in both.counter.postings.waiting(both.session)]
    with pytest.raises(SelfAuthorisation, match="never reviews their own"):
        both.counter.postings.pass_held(both.session, own.hold_id)
