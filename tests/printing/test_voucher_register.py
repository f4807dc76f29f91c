"""The day's blank voucher register as a PDF from the real voucher service: every step in the paper
register's columns, each type's balance, the buyer's account masked; CJK font embedded, the same
bytes for the same day."""
import subprocess

import pytest
from pypdf import PdfReader

from printing.voucher_register import render_voucher_register
from teller.services.authorisation import LocalApproval

from tests.services.noncash_desks import NONCASH_HEAD, NONCASH_TELLER, RICH, desk


@pytest.mark.parametrize("branch_url", ["sqlite"], indirect=True)
def test_register_of_the_day_from_the_voucher_service(make_workstation, core_gateway, branch_url, tmp_path):
    head = desk(make_workstation, core_gateway, branch_url, "WS09", NONCASH_HEAD)
    teller = desk(make_workstation, core_gateway, branch_url, "WS01", NONCASH_TELLER)
    v = head.vouchers
    v.receive(head.session, "cheque", "ZP00000001", "ZP00000050", note="总行调入 <batch 7>")
    v.issue(head.session, "cheque", "ZP00000001", "ZP00000050", "T003")
    teller.vouchers.sell_book(teller.session, "cheque", RICH)
    teller.vouchers.void(teller.session, "cheque", "ZP00000026", "填错 spoiled", LocalApproval(NONCASH_HEAD))
    day = head.ws.ctx.business_date()
    balances = [(t, v.balance(t.code)) for t in v.types()]
    lines = v.register(day)
    pdf = render_voucher_register("示范银行", "城东支行", day, lines, balances)
    assert pdf == render_voucher_register("示范银行", "城东支行", day, lines, balances)
    path = tmp_path / "vouchers.pdf"
    path.write_bytes(pdf)
    text = "".join("".join(p.extract_text() for p in PdfReader(str(path)).pages).split())
    for expected in ("重要空白凭证登记簿", "转账支票", "ZP00000001–ZP00000050", "领入received", "领用issued",
                     "出售sold", "作废voided", "ZP00000026", "S002", "填错spoiled", "总行调入<batch7>",
                     "received50=库存stock0+柜员withtellers24+使用used0+出售sold25+作废voided1"):
        assert expected in text, expected
    assert RICH not in text and RICH[-4:] in text  # the buyer's account masked
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    cjk = [line for line in fonts.splitlines()[2:] if "Helvetica" not in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk)
