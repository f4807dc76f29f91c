"""Seal use on an outside document (对外用印) on SQLite and PostgreSQL branch stores: the keeper uses
the seal with the non-cash head's approval, recorded in the seal register and journaled; every
refusal; the receipt carries the e-seal of the seal used (rendered and looked at as PNG)."""
import datetime
import subprocess

import pytest
from pypdf import PdfReader

from printing.custody_register import render_custody_register
from printing.receipt import ReceiptData, render_receipt
from teller.domain.errors import PermissionDenied, SelfAuthorisation
from teller.services.custody import CustodyService
from teller.services.seal_use import SealUseRefused, SealUseService
from tests.services.clearing_helpers import CASH_HEAD, NONCASH_HEAD, NONCASH_TELLER, desk_of, journal


@pytest.fixture
def seal_use(workstation):
    return SealUseService(desk_of(workstation))


def take_out(workstation, keeper):
    seal = next(i for i in workstation.custody.items() if i.name == "转讫章")
    workstation.custody.take_out(keeper, seal.item_id)
    return seal


def test_keeper_uses_the_seal_with_the_heads_approval_and_it_is_registered(workstation, seal_use):
    keeper = workstation.sessions.sign_in(NONCASH_TELLER)
    take_out(workstation, keeper)
    use = seal_use.use_on_document(keeper, "转讫章", document="存款证明 deposit certificate", purpose="客户签证 visa",
                                   copies=2, approver=NONCASH_HEAD)
    assert (use.used_by, use.approved_by, use.copies) == ("T003", "S002", 2)
    assert seal_use.uses_of_day() == [use]
    lines = workstation.custody.register_lines()
    assert [(l.event, l.keeper_id, l.witness_id) for l in lines][-1] == ("used_outside", "T003", "S002")
    assert "存款证明" in lines[-1].note
    [(who, kind, _, payload)] = journal(workstation, "seal_used_outside")
    assert (who, payload["approved_by"], payload["seal"]) == ("T003", "S002", "转讫章")
    pdf = render_custody_register("示范银行", "城东支行", workstation.ctx.business_date(), lines,
                                  workstation.custody.items())
    assert "used_outside" in "".join(p.extract_text() for p in PdfReader(__import__("io").BytesIO(pdf)).pages)


def test_refusals(workstation, seal_use):
    keeper = workstation.sessions.sign_in(NONCASH_TELLER)
    fields = dict(document="证明", purpose="visa", copies=1)
    with pytest.raises(SealUseRefused, match="locked in the vault box"):
        seal_use.use_on_document(keeper, "转讫章", approver=NONCASH_HEAD, **fields)
    take_out(workstation, keeper)
    with pytest.raises(PermissionDenied):  # the cash head may not approve it
        seal_use.use_on_document(keeper, "转讫章", approver=CASH_HEAD, **fields)
    with pytest.raises(SealUseRefused, match="only its keeper"):
        seal_use.use_on_document(keeper, "现金清讫章", approver=NONCASH_HEAD, **fields)
    with pytest.raises(SealUseRefused, match="at least 1"):
        seal_use.use_on_document(keeper, "转讫章", approver=NONCASH_HEAD, document="证明", purpose="v", copies=0)
    with pytest.raises(SealUseRefused, match="No seal"):
        seal_use.use_on_document(keeper, "密押器", approver=NONCASH_HEAD, **fields)
    assert seal_use.uses_of_day() == [] and journal(workstation, "seal_used_outside") == []


def test_the_head_never_approves_her_own_use(workstation, seal_use):
    head = workstation.sessions.sign_in(NONCASH_HEAD)
    with pytest.raises(SelfAuthorisation):
        seal_use.use_on_document(head, "转讫章", document="证明", purpose="v", copies=1, approver=NONCASH_HEAD)


def test_receipt_carries_the_e_seal_of_the_seal_used(tmp_path):
    base = dict(bank_name="示范银行 Demo Bank", branch_name="城东支行营业室 East City Branch", workstation="WS01",
                teller_id="T003", teller_name="张磊", printed_at=datetime.datetime(2026, 11, 23, 10, 5,
                tzinfo=datetime.timezone(datetime.timedelta(hours=8))), tx_code="1001", tx_name="现金存款 Cash deposit",
                account_masked="4401 **** 0066", account_name="明达贸易", amount_fen=100_00,
                denominations=[("100元 note", 1, 100_00)], journal_seq=7, entry_hash="ab" * 32, status="记账成功 Approved")
    plain, sealed = render_receipt(ReceiptData(**base)), render_receipt(ReceiptData(**base, seal_name="转讫章"))
    assert sealed == render_receipt(ReceiptData(**base, seal_name="转讫章"))
    text = "".join(PdfReader(__import__("io").BytesIO(sealed)).pages[0].extract_text().split())
    assert "转讫章" in text and "城东支行营业室" in text
    assert "转讫章" not in "".join(PdfReader(__import__("io").BytesIO(plain)).pages[0].extract_text().split())
    (tmp_path / "r.pdf").write_bytes(sealed)
    subprocess.run(["pdftoppm", "-png", "-r", "110", str(tmp_path / "r.pdf"), str(tmp_path / "r")], check=True)
    from PIL import Image
    page = Image.open(next(tmp_path.glob("r*.png"))).convert("RGB")
    w, h = page.size
    red = [(x, y) for x in range(w // 2, w) for y in range(h // 2, h)
           if (lambda p: p[0] > 180 and p[1] < 90 and p[2] < 90)(page.getpixel((x, y)))]
    assert len(red) > 300  # the seal's red ring, star and text in the stamp box (lower right)
    xs, ys = [x for x, _ in red], [y for _, y in red]
    assert max(xs) - min(xs) > 80 and max(ys) - min(ys) > 80  # a seal ~24 mm across, not a speck
