"""The cash transaction receipt: deterministic PDF, right content, embedded Chinese font, renders."""
from __future__ import annotations

import dataclasses
import datetime
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from devices.printer.simulated import SimulatedVoucherPrinter
from printing import fonts
from printing.receipt import ReceiptData, render_receipt
from teller.domain.errors import ConfigurationError

FULL_ACCOUNT = "6222020200114821"
MASKED = "622202******4821"
HASH = "3fa85f6457174562b3fc2c963f66afa6" "0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f50"
TZ = datetime.timezone(datetime.timedelta(hours=8))


def need_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"{name} not found: install poppler-utils to check the rendered PDF"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module", autouse=True)
def cjk_font():
    try:
        return fonts.register_cjk_font()
    except ConfigurationError as exc:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"no Chinese TrueType font on this machine: {exc}")


def sample(**changes) -> ReceiptData:
    data = ReceiptData(
        bank_name="中国示范银行 Demo Bank of China", branch_name="上海分行浦东支行 Pudong Sub-branch",
        workstation="WS-PD-03", teller_id="T0107", teller_name="王小明",
        printed_at=datetime.datetime(2024, 5, 8, 14, 32, 5, tzinfo=TZ),
        tx_code="1001", tx_name="现金存款 Cash deposit", account_masked=MASKED,
        account_name="李四 Li Si", amount_fen=140950,
        denominations=[("100元 note", 14, 140000), ("5元 note", 1, 500), ("1元 coin", 4, 400),
                       ("5角 coin", 1, 50)],
        journal_seq=48213, entry_hash=HASH, status="记账成功 Approved")
    return dataclasses.replace(data, **changes)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def squash(text: str) -> str:
    return "".join(text.split())


def test_identical_input_gives_identical_bytes():
    assert render_receipt(sample()) == render_receipt(sample())
    assert render_receipt(sample(language="en", reprint=True)) == render_receipt(sample(language="en", reprint=True))


def test_different_amount_gives_different_bytes():
    assert render_receipt(sample()) != render_receipt(sample(amount_fen=140951))


def test_text_has_the_transaction_and_only_what_it_should():
    pdf = render_receipt(sample())
    text = text_of(pdf)
    flat = squash(text)
    assert MASKED in flat
    assert "人民币壹仟肆佰零玖元伍角" in flat
    assert "1,409.50" in flat
    assert "48213" in flat
    assert HASH[:8] in flat
    assert HASH[:9] not in flat and HASH not in flat
    assert FULL_ACCOUNT not in flat
    assert FULL_ACCOUNT.encode() not in pdf
    for expected in ("现金业务回单", "CashTransactionReceipt", "交易时间", "2024-05-0814:32:05", "T0107王小明",
                     "WS-PD-03", "1001现金存款Cashdeposit", "李四LiSi", "100元note", "×14",
                     "1,400.00", "记账成功Approved", "客户签名", "柜员"):
        assert expected in flat, expected
    assert "REPRINT" not in text


def test_english_first_and_reprint():
    text = text_of(render_receipt(sample(language="en", reprint=True, status="脱机受理 Accepted offline")))
    flat = squash(text)
    assert "REPRINT" in text and "重打" in text
    assert "脱机受理Acceptedoffline" in flat
    assert flat.index("CashTransactionReceipt") < flat.index("现金业务回单")
    assert flat.index("Date/time") < flat.index("交易时间")


def test_metadata_is_fixed_and_has_no_clock_time():
    pdf = render_receipt(sample())
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info.title == "现金业务回单 Cash Transaction Receipt"
    assert info.producer == "teller-workstation printing.receipt (reportlab)"
    assert info["/CreationDate"].startswith("D:2000")  # reportlab's invariant date, not now
    assert info["/ModDate"].startswith("D:2000")


def test_font_is_embedded_truetype(tmp_path):
    pdffonts = need_tool("pdffonts")
    path = tmp_path / "receipt.pdf"
    path.write_bytes(render_receipt(sample(reprint=True)))
    out = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    for row in rows:
        cols = row.split()
        # name type [type...] encoding emb sub uni id gen
        assert cols[-5] == "yes", f"font not embedded: {row}"
        assert "Type 3" not in row, row
        assert "TrueType" in row, row


def test_page_renders_to_a_non_blank_png(tmp_path):
    pdftoppm = need_tool("pdftoppm")
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(render_receipt(sample()))
    subprocess.run([pdftoppm, "-r", "60", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    png = tmp_path / "page.png"
    assert png.is_file() and png.stat().st_size > 2000
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with reportlab
        return
    with Image.open(png) as img:
        gray = img.convert("L")
        width, height = gray.size
        assert width > height  # the landscape voucher
        dark = sum(gray.histogram()[:128])
    assert dark > width * height * 0.01, f"only {dark} dark pixels: the page looks blank"


def test_many_denominations_lengthen_the_page_instead_of_losing_lines():
    many = [(f"{i}元 note", 1, i * 100) for i in range(1, 31)]
    pdf = render_receipt(sample(denominations=many, amount_fen=sum(i * 100 for i in range(1, 31))))
    flat = squash(text_of(pdf))
    assert "30元note" in flat and "1元note" in flat and "客户签名" in flat
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_font_from_env_must_be_embeddable(monkeypatch):
    monkeypatch.setenv(fonts.FONT_ENV, "/nonexistent/font.ttc,0")
    with pytest.raises(ConfigurationError, match="fonts-wqy-zenhei"):
        fonts.find_cjk_font()
    noto = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    if noto.is_file():
        monkeypatch.setenv(fonts.FONT_ENV, f"{noto},2")
        with pytest.raises(ConfigurationError, match="cannot be embedded"):
            fonts.find_cjk_font()


def test_font_search_skips_cff_and_reports_missing(monkeypatch, tmp_path):
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    path, _index = fonts.find_cjk_font()
    assert path.suffix.lower() in {".ttf", ".ttc"} and "NotoSansCJK" not in path.name
    noto_dir = Path("/usr/share/fonts/opentype/noto")
    monkeypatch.setattr(fonts, "font_dirs", lambda: [noto_dir] if noto_dir.is_dir() else [tmp_path])
    with pytest.raises(ConfigurationError, match="install .*fonts-wqy-zenhei"):
        fonts.find_cjk_font()


def test_simulated_printer_writes_the_pdf_atomically(tmp_path):
    printer = SimulatedVoucherPrinter(tmp_path / "out")
    assert printer.name == "simulated" and printer.is_usable() == (True, "")
    pdf = render_receipt(sample())
    where = printer.print_document("receipt-WS-PD-03-48213", pdf)
    assert where == str(tmp_path / "out" / "receipt-WS-PD-03-48213.pdf")
    assert Path(where).read_bytes() == pdf
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["receipt-WS-PD-03-48213.pdf"]
    with pytest.raises(ValueError):
        printer.print_document("../escape", pdf)
