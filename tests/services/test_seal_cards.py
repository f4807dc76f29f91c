"""Specimen seal cards (印鉴卡) on SQLite and PostgreSQL branch stores: registered by the clearing
clerk with the image's SHA-256 and validity, journaled, the card valid on a day found, overlaps and
bad input refused, the register printable."""
import hashlib
import subprocess

import pytest
from pypdf import PdfReader

from printing.seal_card_register import render_seal_card_register
from teller.domain.errors import PermissionDenied
from teller.services.seal_cards import SealCardRefused, SealCardService
from tests.services.clearing_helpers import CLERK, COMPANY, NONCASH_TELLER, desk_of, journal, seal_image


@pytest.fixture
def cards(workstation):
    return SealCardService(desk_of(workstation))


def test_clerk_registers_a_card_and_it_is_the_one_valid_on_its_days(workstation, cards):
    clerk = workstation.sessions.sign_in(CLERK)
    image = seal_image()
    card = cards.register(clerk, account=COMPANY, company_name="明达贸易有限公司", image=image,
                          valid_from="2026-11-01", note="开户 account opened")
    assert card.image_sha256 == hashlib.sha256(image).hexdigest() and card.image_type == "image/png"
    found = cards.current_card(COMPANY, "2026-11-23")
    assert found == card and found.image == image
    assert cards.current_card(COMPANY) == card  # today, from the injected clock
    assert cards.current_card(COMPANY, "2026-10-31") is None
    assert cards.current_card("44010001000000017", "2026-11-23") is None
    [(who, kind, account, payload)] = journal(workstation, "seal_card_")
    assert (who, kind, account) == ("T005", "seal_card_registered", COMPANY)
    assert payload["image_sha256"] == card.image_sha256 and payload["valid_from"] == "2026-11-01"


def test_a_new_card_follows_the_old_one_only_after_it_is_ended(workstation, cards):
    clerk = workstation.sessions.sign_in(CLERK)
    old = cards.register(clerk, account=COMPANY, company_name="明达贸易", image=seal_image(0), valid_from="2026-01-01")
    with pytest.raises(SealCardRefused, match="end it before"):
        cards.register(clerk, account=COMPANY, company_name="明达贸易", image=seal_image(1), valid_from="2026-12-01")
    cards.end_card(clerk, old.card_id, "2026-11-30", reason="印鉴更换 seals changed")
    new = cards.register(clerk, account=COMPANY, company_name="明达贸易", image=seal_image(1), valid_from="2026-12-01")
    assert cards.current_card(COMPANY, "2026-11-30").card_id == old.card_id
    assert cards.current_card(COMPANY, "2026-12-01").card_id == new.card_id
    assert [c.card_id for c in cards.cards(COMPANY)] == [old.card_id, new.card_id]
    assert [k for _, k, _, _ in journal(workstation, "seal_card_")] == [
        "seal_card_registered", "seal_card_ended", "seal_card_registered"]


@pytest.mark.parametrize("change, message", [
    ({"image": b"GIF89a..."}, "PNG or JPEG"),
    ({"image": b""}, "empty"),
    ({"account": "12AB"}, "8 to 32 digits"),
    ({"company_name": "  "}, "company's name"),
    ({"valid_from": "2026-13-01"}, "not a date"),
    ({"valid_to": "2026-10-01"}, "cannot end"),
])
def test_bad_cards_are_refused(workstation, cards, change, message):
    clerk = workstation.sessions.sign_in(CLERK)
    fields = dict(account=COMPANY, company_name="明达贸易", image=seal_image(), valid_from="2026-11-01")
    with pytest.raises(SealCardRefused, match=message):
        cards.register(clerk, **{**fields, **change})
    assert cards.cards() == []


def test_only_the_clearing_clerk_registers_cards(workstation, cards):
    teller = workstation.sessions.sign_in(NONCASH_TELLER)
    with pytest.raises(PermissionDenied):
        cards.register(teller, account=COMPANY, company_name="明达贸易", image=seal_image(), valid_from="2026-11-01")
    assert journal(workstation, "seal_card_") == []


def test_the_register_prints_every_card_with_its_status(workstation, cards, tmp_path):
    clerk = workstation.sessions.sign_in(CLERK)
    old = cards.register(clerk, account=COMPANY, company_name="明达贸易 <Mingda>", image=seal_image(0),
                         valid_from="2026-01-01")
    cards.end_card(clerk, old.card_id, "2026-11-10", reason="seals changed")
    new = cards.register(clerk, account=COMPANY, company_name="明达贸易 <Mingda>", image=seal_image(1),
                         valid_from="2026-11-11")
    listed = cards.cards()
    pdf = render_seal_card_register("示范银行", "城东支行", "2026-11-23", listed)
    assert pdf == render_seal_card_register("示范银行", "城东支行", "2026-11-23", listed)
    path = tmp_path / "cards.pdf"
    path.write_bytes(pdf)
    text = "".join("".join(p.extract_text() for p in PdfReader(str(path)).pages).split())
    for expected in ("印鉴卡登记簿", COMPANY, "明达贸易<Mingda>", "已停用ended", "有效valid", "2026-11-10",
                     new.image_sha256[:16], "共2张cards，有效valid1张"):
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    cjk = [line for line in fonts.splitlines()[2:] if "Helvetica" not in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk)
