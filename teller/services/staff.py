"""Staff and badge enrolment at the branch (the administrator's side of sign-in)."""
from __future__ import annotations

import re

from sqlalchemy.orm import Session

from teller.domain.errors import TellerError
from teller.domain.pin import hash_pin, is_valid_pin_format
from teller.domain.roles import Role, format_roles
from teller.store.models import Badge, Staff

_BADGE_UID = re.compile(r"^[0-9A-F]{10}$")
_STAFF_ID = re.compile(r"^[A-Z0-9]{2,32}$")


class EnrolmentError(TellerError):
    code = "enrolment_error"


def normalise_badge_uid(uid: str) -> str:
    """Badge UIDs are the reader's 10 hex characters (5 bytes), upper case."""
    value = uid.strip().upper()
    if not _BADGE_UID.match(value):
        raise EnrolmentError(f"A badge number is 10 hexadecimal characters, not {uid!r}.")
    return value


def enrol_staff(db: Session, *, staff_id: str, name: str, roles: list[str], pin: str) -> Staff:
    staff_id = staff_id.strip().upper()
    if not _STAFF_ID.match(staff_id):
        raise EnrolmentError(f"A staff id is 2-32 letters or digits, not {staff_id!r}.")
    try:
        parsed = {Role(r.strip()) for r in roles if r.strip()}
    except ValueError as exc:
        raise EnrolmentError(f"Unknown role: {exc}. Known: {', '.join(r.value for r in Role)}.") from None
    if not parsed:
        raise EnrolmentError("Give the staff member at least one role.")
    if not is_valid_pin_format(pin):
        raise EnrolmentError("A PIN is six digits.")
    if db.get(Staff, staff_id) is not None:
        raise EnrolmentError(f"Staff {staff_id} already exists.")
    staff = Staff(staff_id=staff_id, name=name.strip(), roles=format_roles(parsed), pin_hash=hash_pin(pin), active=True)
    db.add(staff)
    db.flush()
    return staff


def enrol_badge(db: Session, *, staff_id: str, uid: str, now: str) -> Badge:
    uid = normalise_badge_uid(uid)
    if db.get(Staff, staff_id.strip().upper()) is None:
        raise EnrolmentError(f"No staff member {staff_id}.")
    if db.get(Badge, uid) is not None:
        raise EnrolmentError(f"Badge {uid} is already enrolled.")
    badge = Badge(uid=uid, staff_id=staff_id.strip().upper(), status="active", failed_pins=0, updated_at=now)
    db.add(badge)
    return badge
