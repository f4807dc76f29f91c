"""Important blank vouchers by serial (重要空白凭证) on SQLite and PostgreSQL branch stores: stock
received by range, issued to a teller, used strictly in serial order, voided with authorisation,
sold with the fee posted at the core, returned; every serial in one state and the identity kept;
bad input refused naming the serial."""
import json

import pytest

from teller.domain.errors import PermissionDenied, SelfAuthorisation
from teller.domain.vouchers import VoucherBalance, VoucherRefused
from teller.services.authorisation import LocalApproval, NeedsAuthorisation
from teller.store.models import WorkstationJournal

from tests.services.noncash_desks import CASH_HEAD, NONCASH_HEAD, NONCASH_TELLER, RICH, desk


@pytest.fixture
def head(make_workstation, core_gateway, branch_url):
    return desk(make_workstation, core_gateway, branch_url, "WS09", NONCASH_HEAD)


@pytest.fixture
def teller(make_workstation, core_gateway, branch_url, head):
    return desk(make_workstation, core_gateway, branch_url, "WS01", NONCASH_TELLER)


def journal_kinds(ws, prefix):
    with ws.ctx.workstation_db() as db:
        rows = db.query(WorkstationJournal).order_by(WorkstationJournal.seq).all()
    return [(r.kind, json.loads(r.payload)) for r in rows if r.kind.startswith(prefix)]


def test_received_issued_used_in_order_and_returned_keep_the_identity(head, teller):
    v = head.vouchers
    v.receive(head.session, "certificate", "CD00000001", "CD00000010")
    v.issue(head.session, "certificate", "CD00000001", "CD00000005", "T003")
    assert teller.vouchers.next_serial(teller.session, "certificate") == "CD00000001"
    with teller.vouchers.branch.transaction() as unit:
        with pytest.raises(VoucherRefused, match="CD00000002 is not your next .* use CD00000001"):
            teller.vouchers.accept_next(unit, teller.session, "certificate", "CD00000002")
    with teller.vouchers.branch.transaction() as unit:
        used = teller.vouchers.accept_next(unit, teller.session, "certificate", "cd00000001")
        teller.vouchers.mark_used(unit, teller.session, used, "WS01-7")
    assert teller.vouchers.next_serial(teller.session, "certificate") == "CD00000002"
    v.take_back(head.session, "certificate", "CD00000004", "CD00000005", "T003")
    assert v.balance("certificate") == VoucherBalance(received=10, stock=7, with_tellers=2, used=1, sold=0, voided=0)
    assert v.balance("certificate", "T003") == VoucherBalance(received=3, stock=0, with_tellers=2, used=1, sold=0,
                                                              voided=0)
    assert [k for k, _ in journal_kinds(head.ws, "voucher_")] == ["voucher_received", "voucher_issued",
                                                                  "voucher_returned"]
    events = [(r.event, r.first_serial, r.last_serial, r.teller_id) for r in v.register()]
    assert events == [("received", 1, 10, None), ("issued", 1, 5, "T003"), ("used", 1, 1, "T003"),
                      ("returned", 4, 5, "T003")]
    with teller.vouchers.branch.transaction() as unit:
        with pytest.raises(VoucherRefused, match="CD00000001 is not yours to use: it was already used by journal "
                                                 "entry WS01-7"):
            teller.vouchers.accept_next(unit, teller.session, "certificate", "CD00000001")


def test_bad_input_is_refused_naming_the_serial(head, teller):
    v, s = head.vouchers, head.session
    v.receive(s, "certificate", "CD00000001", "CD00000010")
    with pytest.raises(VoucherRefused, match="CD00000008 is already in the branch's books"):
        v.receive(s, "certificate", "CD00000008", "CD00000020")
    with pytest.raises(VoucherRefused, match="CD00000011 is not in the branch's stock: it was never received"):
        v.issue(s, "certificate", "CD00000009", "CD00000012", "T003")
    with pytest.raises(VoucherRefused, match="ZP00000001 is not a serial of Certificate of deposit"):
        v.issue(s, "certificate", "ZP00000001", None, "T003")
    with pytest.raises(VoucherRefused, match="CD00000003 comes before CD00000005"):
        v.issue(s, "certificate", "CD00000005", "CD00000003", "T003")
    with pytest.raises(VoucherRefused, match="ZP00000002-ZP00000026 is not whole books of 25"):
        v.receive(s, "cheque", "ZP00000002", "ZP00000026")
    with pytest.raises(VoucherRefused, match="T006 works at no counter post"):
        v.issue(s, "certificate", "CD00000001", None, "T006")
    v.issue(s, "certificate", "CD00000001", "CD00000002", "T003")
    with pytest.raises(VoucherRefused, match="CD00000002 is not in the branch's stock: it is with T003"):
        v.issue(s, "certificate", "CD00000002", "CD00000003", "T003")
    with pytest.raises(PermissionDenied):
        teller.vouchers.receive(teller.session, "certificate", "CD00000100")
    assert v.balance("certificate").balanced and v.balance("certificate").with_tellers == 2


def test_void_needs_the_noncash_heads_authorisation_and_a_reason(head, teller):
    head.vouchers.receive(head.session, "certificate", "CD00000001", "CD00000005")
    head.vouchers.issue(head.session, "certificate", "CD00000001", "CD00000005", "T003")
    t = teller.vouchers
    with pytest.raises(VoucherRefused, match="reason"):
        t.void(teller.session, "certificate", "CD00000001", " ")
    with pytest.raises(NeedsAuthorisation):
        t.void(teller.session, "certificate", "CD00000001", "printer jammed")
    with pytest.raises(SelfAuthorisation):  # nobody authorises their own work
        t.void(teller.session, "certificate", "CD00000001", "printer jammed", LocalApproval(NONCASH_TELLER))
    with pytest.raises(PermissionDenied):  # the cash-area head authorises cash, not vouchers
        t.void(teller.session, "certificate", "CD00000001", "printer jammed", LocalApproval(CASH_HEAD))
    assert t.void(teller.session, "certificate", "CD00000001", "printer jammed",
                  LocalApproval(NONCASH_HEAD)) == "CD00000001"
    assert t.next_serial(teller.session, "certificate") == "CD00000002"
    with pytest.raises(VoucherRefused, match="CD00000001 is not yours to use: it was voided"):
        t.void(teller.session, "certificate", "CD00000001", "again", LocalApproval(NONCASH_HEAD))
    line = t.register()[-1]
    assert (line.event, line.authoriser_id, line.note) == ("voided", "S002", "printer jammed")
    assert journal_kinds(teller.ws, "voucher_voided")[0][1]["authorised_by"] == "S002"
    assert t.balance("certificate", "T003") == VoucherBalance(5, 0, 4, 0, 0, 1)


def test_a_cheque_book_is_sold_to_an_account_with_its_fee_posted_at_the_core(head, teller, core_gateway):
    head.vouchers.receive(head.session, "cheque", "ZP00000001", "ZP00000050")
    head.vouchers.issue(head.session, "cheque", "ZP00000001", "ZP00000050", "T003")
    before = core_gateway.get_account(RICH).balance_fen
    sale = teller.vouchers.sell_book(teller.session, "cheque", RICH, "张伟")
    assert sale.serials == "ZP00000001-ZP00000025" and sale.fee_fen == 2500
    assert sale.outcome.status == "approved"
    assert core_gateway.get_account(RICH).balance_fen == before - 2500
    assert teller.vouchers.next_serial(teller.session, "cheque") == "ZP00000026"
    assert teller.vouchers.balance("cheque") == VoucherBalance(50, 0, 25, 0, 25, 0)
    # the fee's posting is journaled and answered like any other posting
    kinds = [k for k, _ in journal_kinds(teller.ws, "")]
    assert kinds[-2:] == ["posting", "host_approved"]
    # a book started (one cheque voided) is not sold
    teller.vouchers.void(teller.session, "cheque", "ZP00000026", "spoiled", LocalApproval(NONCASH_HEAD))
    with pytest.raises(VoucherRefused, match="ZP00000027 is inside a book"):
        teller.vouchers.sell_book(teller.session, "cheque", RICH)
    with pytest.raises(VoucherRefused, match="not sold over the counter"):
        teller.vouchers.sell_book(teller.session, "certificate", RICH)
