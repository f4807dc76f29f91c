"""The day's exception queue report as a PDF, from the real queue: a refused offline withdrawal
contacted and written off, a refused deposit still open; Chinese font embedded."""
import subprocess

from pypdf import PdfReader

from printing.exceptions_report import render_exceptions_report
from teller.services.authorisation import LocalApproval
from tests.services.test_exception_queue import MANAGER, branch, refused  # noqa: F401


def test_report_lists_contacts_resolutions_and_totals(refused, tmp_path):
    ws, head, withdrawal, _deposit, _ = refused
    ws.exceptions.record_contact(head, withdrawal, "phone", "客户拒绝退还 refuses to pay back")
    ws.exceptions.write_off(head, withdrawal, "损失核销 unrecoverable", LocalApproval(MANAGER))
    day = ws.ctx.business_date()
    items = ws.exceptions.day_report(day)
    pdf = render_exceptions_report("示范银行", "城东支行", day, items)
    assert pdf == render_exceptions_report("示范银行", "城东支行", day, items)
    path = tmp_path / "exceptions.pdf"
    path.write_bytes(pdf)
    text = "".join("".join(p.extract_text() for p in PdfReader(str(path)).pages).split())
    for expected in ("异常队列日报", withdrawal, "insufficient_funds", "frozen_account", "客户拒绝退还",
                     "经办S001授权M001", "待处理open:1笔/300.00", "已核销writtenoff:1笔/500.00"):
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    cjk = [line for line in fonts.splitlines()[2:] if "Helvetica" not in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk)
