"""The day's authorisation log as a PDF, per supervisor, from the real authorisation queue."""
import subprocess

from pypdf import PdfReader

from printing.authorisation_log import render_authorisation_log
from teller.domain.registers import AuthorisationLogLine as LogLine


def lines():
    return [LogLine("10:01:02", 1, "local", "T001 王芳", "S001 赵强", "1002", "440100*******0017", 6000000,
                    "used", ""),
            LogLine("10:05:00", 2, "remote", "T001 王芳", "M001 周建国", "reversal", "440100*******0017", 50000,
                    "rejected", "客户不在场 customer not present")]


def test_log_lists_every_decision_and_is_byte_identical(tmp_path):
    pdf = render_authorisation_log("示范银行", "城东支行", "2026-11-23", "全部 all", lines())
    assert pdf == render_authorisation_log("示范银行", "城东支行", "2026-11-23", "全部 all", lines())
    path = tmp_path / "log.pdf"
    path.write_bytes(pdf)
    # cells wrap lines: compare without whitespace
    text = "".join("".join(p.extract_text() for p in PdfReader(str(path)).pages).split())
    for expected in ("授权登记簿", "60,000.00", "reversal", "customernotpresent", "440100*******0017", "共2笔"):
        assert expected in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    cjk = [line for line in fonts.splitlines()[2:] if "Helvetica" not in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk)  # the Chinese font is embedded


def test_reasons_typed_with_markup_characters_print_as_typed(tmp_path):
    typed = [LogLine("10:07:00", 3, "remote", "T001 王芳", "M001 周建国", "reversal", "440100*******0017", 100,
                     "rejected", "amount <> voucher & stamp missing")]
    path = tmp_path / "log.pdf"
    path.write_bytes(render_authorisation_log("示范银行", "城东支行", "2026-11-23", "全部 all", typed))
    text = "".join("".join(p.extract_text() for p in PdfReader(str(path)).pages).split())
    assert "amount<>voucher&stampmissing" in text
