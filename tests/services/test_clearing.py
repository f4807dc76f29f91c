"""Same-city clearing at the clearing clerk's desk on SQLite and PostgreSQL branch stores, against the
real core emulator: outgoing cheques captured, exported and sent; an incoming file imported whole or
refused whole, imported once, each seal checked against the card (one bad seal returned), accepted
items posted to the core exactly once, a core rejection returned with its reason; the day's balance."""
import pytest
from sqlalchemy import func, select

from teller.domain.clearing import (BatchFileRefused, BatchItem, Cheque, ClearingBatchFile, ClearingRefused,
                                    InvalidMicrLine, parse_batch, render_batch)
from teller.domain.errors import PermissionDenied
from teller.services.clearing import ClearingService
from teller.services.seal_cards import SealCardService
from teller.store.clearing_models import ClearingBatch, ClearingItem
from tests.services.clearing_helpers import (CLERK, COMPANY, HOUSE, NONCASH_TELLER, OTHER_BANK, OWN_BANK, desk_of,
                                             journal, seal_image)



@pytest.fixture
def desk(workstation):
    return desk_of(workstation)


@pytest.fixture
def clearing(workstation, desk):
    return ClearingService(desk, workstation.outbox)


def test_outgoing_cheques_captured_exported_and_sent(workstation, clearing):
    clerk = workstation.sessions.sign_in(CLERK)
    first = clearing.capture(clerk, f"⑈00000001⑈ ⑆{OTHER_BANK}⑆ 6222000011112222⑈ ⑇0000500000⑇",
                             payee_account=COMPANY)
    second = clearing.capture(clerk, parts=("00000002", OTHER_BANK, "6222000033334444", 120_50), payee_account=COMPANY)
    assert first.batch_id == second.batch_id and (first.line_no, second.line_no) == (1, 2)
    batch = clearing.open_batch(clerk)
    assert (batch.count, batch.total_fen, batch.state) == (2, 500_000 + 120_50, "open")
    with pytest.raises(ClearingRefused, match="captured already"):
        clearing.capture(clerk, parts=("00000001", OTHER_BANK, "6222000011112222", 5000_00), payee_account=COMPANY)
    with pytest.raises(ClearingRefused, match="drawn on this bank"):
        clearing.capture(clerk, parts=("00000003", OWN_BANK, COMPANY, 100), payee_account=COMPANY)
    with pytest.raises(InvalidMicrLine, match="check digit"):
        clearing.capture(clerk, parts=("00000003", "102100000018", COMPANY, 100), payee_account=COMPANY)

    data = clearing.export_batch(clerk, batch.batch_id)
    assert clearing.export_batch(clerk, batch.batch_id) == data  # again before sending: the same file
    parsed = parse_batch(data)
    assert (parsed.direction, parsed.sender_bank, parsed.receiver_bank) == ("OUT", OWN_BANK, HOUSE)
    assert [(i.cheque.cheque_no, i.cheque.amount_fen, i.payee_account) for i in parsed.items] == [
        ("00000001", 500_000, COMPANY), ("00000002", 120_50, COMPANY)]
    sent = clearing.mark_sent(clerk, batch.batch_id)
    assert sent.state == "sent" and sent.file_sha256
    with pytest.raises(ClearingRefused, match="send it once"):
        clearing.mark_sent(clerk, batch.batch_id)
    assert clearing.open_batch(clerk) is None
    later = clearing.capture(clerk, parts=("00000009", OTHER_BANK, "6222000033334444", 100), payee_account=COMPANY)
    assert later.batch_id != batch.batch_id  # a new batch: the sent one takes no more
    assert [k for _, k, _, _ in journal(workstation, "clearing_")] == [
        "clearing_captured", "clearing_captured", "clearing_batch_exported", "clearing_batch_sent", "clearing_captured"]


def incoming_file(*items, receiver=OWN_BANK, ref="IN-20261123-1"):
    return render_batch(ClearingBatchFile("IN", ref, HOUSE, receiver, "2026-11-23", tuple(
        BatchItem(Cheque(f"{n:08d}", OWN_BANK, account, amount), "6222000011112222", seal)
        for n, (account, amount, seal) in enumerate(items, start=1))))


def item_count(workstation):
    with workstation.ctx.branch_db() as db:
        return db.execute(select(func.count()).select_from(ClearingItem)).scalar(), \
            db.execute(select(func.count()).select_from(ClearingBatch)).scalar()


def test_bad_incoming_files_are_refused_whole_and_nothing_is_imported(workstation, clearing):
    clerk = workstation.sessions.sign_in(CLERK)
    good = incoming_file((COMPANY, 100_00, seal_image()), (COMPANY, 200_00, seal_image()))
    truncated = good[:-30]
    with pytest.raises(BatchFileRefused, match="Line 4"):
        clearing.import_batch(clerk, truncated)
    unbalanced = good.replace(b"T,2,30000,", b"T,2,30001,")
    with pytest.raises(BatchFileRefused, match="Line 4: the trailer's total"):
        clearing.import_batch(clerk, unbalanced)
    with pytest.raises(BatchFileRefused, match="for bank 102100000019"):
        clearing.import_batch(clerk, incoming_file((COMPANY, 100, seal_image()), receiver=OTHER_BANK))
    with pytest.raises(BatchFileRefused, match="Line 3: cheque 00000002 comes without its seal image"):
        clearing.import_batch(clerk, incoming_file((COMPANY, 100, seal_image()), (COMPANY, 100, b"")))
    assert item_count(workstation) == (0, 0)
    assert journal(workstation, "clearing_") == []


def test_incoming_batch_seal_checked_posted_once_and_bad_seal_returned(workstation, clearing, desk, core_gateway):
    clerk = workstation.sessions.sign_in(CLERK)
    SealCardService(desk).register(clerk, account=COMPANY, company_name="明达贸易", image=seal_image(0),
                                   valid_from="2026-01-01")
    data = incoming_file((COMPANY, 1_000_00, seal_image(0)), (COMPANY, 2_000_00, seal_image(3)),
                         ("44010001000000017", 50_00, seal_image(0)))
    result = clearing.import_batch(clerk, data)
    assert result.imported and result.batch.count == 3 and result.batch.total_fen == 3_050_00
    again = clearing.import_batch(clerk, data)
    assert not again.imported and again.batch.batch_id == result.batch.batch_id
    assert item_count(workstation) == (3, 1)
    assert [k for _, k, _, _ in journal(workstation, "clearing_")] == ["clearing_batch_imported"]
    good, bad, no_card = (i.item_id for i in result.batch.items)

    side_by_side = clearing.seal_check(good)  # the images the clerk sees side by side
    assert side_by_side.seal_image == seal_image(0) and side_by_side.card.image == seal_image(0)
    assert clearing.seal_check(bad).seal_image != clearing.seal_check(bad).card.image

    posted = clearing.decide(clerk, good, True)
    assert (posted.state, posted.core_status) == ("posted", "approved")
    with pytest.raises(ClearingRefused, match="decided already"):
        clearing.decide(clerk, good, True)
    returned = clearing.decide(clerk, bad, False, reason="seal_mismatch", note="印章图案不符")
    assert (returned.state, returned.return_reason, returned.posting_key) == ("returned", "seal_mismatch", None)
    with pytest.raises(ClearingRefused, match="no specimen seal card"):
        clearing.decide(clerk, no_card, True)
    clearing.decide(clerk, no_card, False, reason="no_seal_card")

    assert clearing.resume_postings(clerk) == []  # nothing left half-done
    assert [(i.line_no, i.state, i.return_reason) for i in clearing.returns(result.batch.batch_id)] == [
        (2, "returned", "seal_mismatch"), (3, "returned", "no_seal_card")]
    at_core = [p for p in core_gateway.ledger() if p["tx_code"] == "3101"]
    assert [(p["key"], p["amount_fen"], p["status"]) for p in at_core] == [(posted.posting_key, 1_000_00, "approved")]
    checks = [p for _, k, _, p in journal(workstation, "clearing_seal_checked")]
    assert [(c["decision"], c.get("return_reason")) for c in checks] == [
        ("pass", None), ("refuse", "seal_mismatch"), ("refuse", "no_seal_card")]
    assert checks[0]["card_sha256"] == side_by_side.card.image_sha256
    balance = clearing.balance(clerk)
    assert (balance.incoming_posted_count, balance.incoming_posted_fen, balance.returned_count) == (1, 1_000_00, 2)
    assert balance.net_fen == -1_000_00 and balance.waiting_count == 0


def test_a_posting_the_core_rejects_is_returned_with_the_core_reason(workstation, clearing, desk, core_gateway):
    clerk = workstation.sessions.sign_in(CLERK)
    SealCardService(desk).register(clerk, account="44010001000000041", company_name="刘洋", image=seal_image(0),
                                   valid_from="2026-01-01")
    result = clearing.import_batch(clerk, incoming_file(("44010001000000041", 300_00, seal_image(0))))
    [item] = result.batch.items
    returned = clearing.decide(clerk, item.item_id, True)
    assert (returned.state, returned.core_status, returned.return_reason) == ("returned", "rejected", "account_frozen")
    kinds = [k for _, k, _, _ in journal(workstation, "clearing_")]
    assert kinds[-2:] == ["clearing_seal_checked", "clearing_returned"]


def test_posted_exactly_once_at_the_core_even_when_resumed(workstation, clearing, desk, core_gateway):
    clerk = workstation.sessions.sign_in(CLERK)
    SealCardService(desk).register(clerk, account=COMPANY, company_name="明达贸易", image=seal_image(0),
                                   valid_from="2026-01-01")
    before = core_gateway.get_account(COMPANY).balance_fen
    [item] = clearing.import_batch(clerk, incoming_file((COMPANY, 1_234_56, seal_image(0)))).batch.items
    posted = clearing.decide(clerk, item.item_id, True)
    # a crash after the posting but before the branch heard: the item is back to "posting"
    with workstation.ctx.branch_tx() as db:
        db.get(ClearingItem, item.item_id).state = "posting"
    [resumed] = clearing.resume_postings(clerk)
    assert resumed.state == "posted" and resumed.posting_key == posted.posting_key
    at_core = [p for p in core_gateway.ledger() if p["key"] == posted.posting_key]
    assert len(at_core) == 1 and at_core[0]["tx_code"] == "3101" and at_core[0]["direction"] == "debit"
    assert core_gateway.get_account(COMPANY).balance_fen == before - 1_234_56
    postings = [e for e in journal(workstation, "posting") if e[1] == "posting"]
    assert len(postings) == 1 and postings[0][3]["clearing"]["item"] == item.item_id


def test_only_the_clearing_clerk_clears(workstation, clearing):
    teller = workstation.sessions.sign_in(NONCASH_TELLER)
    with pytest.raises(PermissionDenied):
        clearing.capture(teller, parts=("00000001", OTHER_BANK, "6222000011112222", 100), payee_account=COMPANY)
    with pytest.raises(PermissionDenied):
        clearing.import_batch(teller, incoming_file((COMPANY, 100, seal_image())))
