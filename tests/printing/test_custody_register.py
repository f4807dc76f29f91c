"""The day's custody register as a PDF from the real custody service: every step with its
parties, the holdings at printing time, items out of the vault box marked; CJK font embedded,
byte-identical for the same day."""
import subprocess

from pypdf import PdfReader

from printing.custody_register import render_custody_register
from teller.services.credentials import Credentials

NONCASH_HEAD = Credentials("0A1B2C3E02", "900002")
TELLER = Credentials("0A1B2C3D01", "111111")


def test_register_of_the_day_from_the_custody_service(workstation, tmp_path):
    head = workstation.sessions.sign_in(NONCASH_HEAD)
    seal = next(i for i in workstation.custody.items() if i.keeper_id == "T001")
    workstation.custody.take_out(head, seal.item_id, keeper=TELLER)
    day = workstation.ctx.business_date()
    lines, items = workstation.custody.register_lines(day), workstation.custody.items()
    pdf = render_custody_register("示范银行", "城东支行 <East>", day, lines, items)
    assert pdf == render_custody_register("示范银行", "城东支行 <East>", day, lines, items)
    path = tmp_path / "register.pdf"
    path.write_bytes(pdf)
    text = "".join("".join(p.extract_text() for p in PdfReader(str(path)).pages).split())
    for expected in ("重要业务印章使用保管登记簿", "出库takenout", seal.name, "T001", "S002", "NOTinthevaultbox",
                     "城东支行<East>"):
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    cjk = [line for line in fonts.splitlines()[2:] if "Helvetica" not in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk)  # the Chinese font is embedded
