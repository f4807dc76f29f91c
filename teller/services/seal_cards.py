"""Specimen seal cards (印鉴卡) of company accounts: registered by the clearing clerk with the image
and its SHA-256 and the days it is valid, ended when the company changes its seals; the card valid
on a day is what the seal check (电子验印) and the reviewer (复核) compare a voucher against.

    card = SealCardService(desk).current_card("44010001000000066", "2026-11-23")
    card.image, card.image_sha256      # None when the account has no card valid that day
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from teller.domain.errors import TellerError
from teller.domain.roles import Role
from teller.services.credentials import require_roles
from teller.services.desk import Desk
from teller.services.session import TellerSession

SEAL_CARD_ROLES = frozenset({Role.CLEARING_CLERK})
IMAGE_TYPES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))
MAX_IMAGE_BYTES = 4 * 1024 * 1024


class SealCardRefused(TellerError):
    code = "seal_card_refused"


@dataclass(frozen=True)
class SpecimenCard:
    card_id: int
    account: str
    company_name: str
    image: bytes
    image_sha256: str
    image_type: str
    valid_from: str
    valid_to: str | None
    registered_by: str
    registered_at: str
    ended_by: str | None = None

    def valid_on(self, day: str) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _card(row) -> SpecimenCard:
    return SpecimenCard(row.id, row.account, row.company_name, row.image, row.image_sha256, row.image_type,
                        row.valid_from, row.valid_to, row.registered_by, row.registered_at, row.ended_by)


def _day(value: str | dt.date, what: str) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise SealCardRefused(f"{what} {value!r} is not a date (YYYY-MM-DD).") from None


def image_type_of(image: bytes) -> str:
    for magic, kind in IMAGE_TYPES:
        if image.startswith(magic):
            return kind
    raise SealCardRefused("The seal card's image must be a PNG or JPEG scan.")


class SealCardService:
    def __init__(self, desk: Desk):
        self.desk = desk

    # -- reading ------------------------------------------------------------------------------
    def current_card(self, account: str, on_date: str | dt.date | None = None) -> SpecimenCard | None:
        """The card of `account` valid on `on_date` (today by default), or None."""
        day = _day(on_date, "Date") if on_date is not None else self.desk.business_date()
        with self.desk.branch.required("The specimen seal cards") as unit:
            row = unit.seal_cards.valid_on(account.strip(), day)
            return _card(row) if row is not None else None

    def cards(self, account: str | None = None) -> list[SpecimenCard]:
        """Every card (of one account), for the register (印鉴卡登记簿), oldest first."""
        with self.desk.branch.required("The specimen seal cards") as unit:
            rows = unit.seal_cards.of_account(account.strip()) if account else unit.seal_cards.all()
            return [_card(r) for r in rows]

    # -- changes ------------------------------------------------------------------------------
    def register(self, session: TellerSession, *, account: str, company_name: str, image: bytes,
                 valid_from: str | dt.date, valid_to: str | dt.date | None = None, note: str = "") -> SpecimenCard:
        """A new card; refused when another card of the account is valid on any of its days (end
        the old card first, on the day before the new one starts)."""
        self.desk.sessions.require_active(session)
        require_roles(session.staff, SEAL_CARD_ROLES, "register specimen seal cards")
        account, company_name = account.strip(), company_name.strip()
        if not account.isdigit() or not 8 <= len(account) <= 32:
            raise SealCardRefused(f"Account {account!r}: 8 to 32 digits.")
        if not company_name:
            raise SealCardRefused("Give the company's name as on the account.")
        if not image:
            raise SealCardRefused("Scan the seal card: the image is empty.")
        if len(image) > MAX_IMAGE_BYTES:
            raise SealCardRefused("The seal card's image is over 4 MB: scan at a lower resolution.")
        kind = image_type_of(image)
        first = _day(valid_from, "Valid from")
        last = _day(valid_to, "Valid to") if valid_to not in (None, "") else None
        if last is not None and last < first:
            raise SealCardRefused(f"The card cannot end ({last}) before it starts ({first}).")
        digest = hashlib.sha256(image).hexdigest()
        with self.desk.branch.required("The specimen seal cards", write=True) as unit:
            for other in unit.seal_cards.of_account(account, for_update=True):
                if other.valid_from <= (last or "9999-12-31") and first <= (other.valid_to or "9999-12-31"):
                    until = other.valid_to or "open-ended"
                    raise SealCardRefused(f"Card {other.id} of account {account} is valid from {other.valid_from} "
                                          f"to {until}: end it before registering a new card from {first}.")
            row = unit.seal_cards.add(account=account, company_name=company_name, image=image, image_sha256=digest,
                                      image_type=kind, valid_from=first, valid_to=last,
                                      registered_by=session.teller_id, registered_at=self.desk.now_text(),
                                      workstation_id=self.desk.workstation_id, note=note.strip())
            card = _card(row)
        self.desk.record(session, "seal_card_registered", account=account,
                         payload={"card": card.card_id, "company": company_name, "image_sha256": digest,
                                  "valid_from": first, "valid_to": last, "note": note.strip()})
        return card

    def end_card(self, session: TellerSession, card_id: int, last_day: str | dt.date, reason: str) -> SpecimenCard:
        """The card stops being valid after `last_day` (the company changed its seals, closed the
        account ...): kept in the register, no longer compared against after that day."""
        self.desk.sessions.require_active(session)
        require_roles(session.staff, SEAL_CARD_ROLES, "end specimen seal cards")
        last = _day(last_day, "Last day")
        if not reason.strip():
            raise SealCardRefused("Give the reason to end the card.")
        with self.desk.branch.required("The specimen seal cards", write=True) as unit:
            row = unit.seal_cards.by_id(card_id, for_update=True)
            if row is None:
                raise SealCardRefused(f"No seal card {card_id}.")
            if row.valid_to is not None and row.valid_to <= last:
                raise SealCardRefused(f"Card {card_id} already ends on {row.valid_to}.")
            if last < row.valid_from:
                raise SealCardRefused(f"Card {card_id} starts on {row.valid_from}: it cannot end on {last}.")
            row.valid_to, row.ended_by, row.ended_at = last, session.teller_id, self.desk.now_text()
            card = _card(row)
        self.desk.record(session, "seal_card_ended", account=card.account,
                         payload={"card": card_id, "valid_to": last, "reason": reason.strip()})
        return card
