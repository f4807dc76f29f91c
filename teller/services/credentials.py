"""Badge + PIN checks shared by sign-in, screen unlock and supervisor approval (dual control)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from teller.domain.errors import (BadgeBlacklisted, BadgeLocked, PermissionDenied,
                                  SelfAuthorisation, UnknownBadge, WrongPin)
from teller.domain.pin import verify_pin
from teller.domain.roles import ROLE_NAMES_ZH, Role, parse_roles
from teller.store.models import Badge, Staff


@dataclass(frozen=True)
class Credentials:
    """What a person presents: a badge (from the reader) and a PIN (typed). Never logged."""

    badge_uid: str
    pin: str

    def __repr__(self) -> str:
        return f"Credentials(badge_uid={self.badge_uid!r}, pin=***)"


@dataclass(frozen=True)
class StaffMember:
    staff_id: str
    name: str
    roles: frozenset[Role]

    def has_any(self, roles) -> bool:
        return bool(self.roles & frozenset(roles))


@dataclass(frozen=True)
class PinCheck:
    """The result of a badge + PIN check; `locked_now` asks the caller to journal the lock."""

    staff: StaffMember | None
    locked_now: bool = False
    error: Exception | None = None


def check_badge_and_pin(db: Session, creds: Credentials, *, max_attempts: int, now: str,
                        badge_model=Badge, staff_model=Staff) -> PinCheck:
    """Checks and counts a PIN attempt in the caller's branch transaction (or, with the cached
    models, in the workstation's copy while the branch store is down).

    Returns rather than raises on a wrong PIN so the failed-attempt count commits;
    the caller raises `result.error` after the commit.
    """
    badge = db.get(badge_model, creds.badge_uid.strip().upper())
    if badge is None:
        raise UnknownBadge("This badge is not enrolled at this branch.")
    if badge.status == "blacklisted":
        raise BadgeBlacklisted("This badge was reported lost and is blacklisted. Contact a supervisor.")
    if badge.status == "locked":
        raise BadgeLocked("This badge is locked after too many wrong PINs. A supervisor must unlock it.")
    staff = db.get(staff_model, badge.staff_id)
    if staff is None or not staff.active:
        raise UnknownBadge("The staff member of this badge is not active.")
    if not verify_pin(creds.pin, staff.pin_hash):
        badge.failed_pins += 1
        badge.updated_at = now
        left = max_attempts - badge.failed_pins
        if left <= 0:
            badge.status = "locked"
            return PinCheck(None, locked_now=True, error=BadgeLocked(
                f"Wrong PIN {max_attempts} times: the badge is now locked. A supervisor must unlock it."))
        return PinCheck(None, error=WrongPin(f"Wrong PIN. {left} attempt(s) left before the badge locks.", left))
    if badge.failed_pins:
        badge.failed_pins = 0
        badge.updated_at = now
    return PinCheck(StaffMember(staff.staff_id, staff.name, parse_roles(staff.roles)))


def require_roles(staff: StaffMember, roles, purpose: str) -> None:
    if not staff.has_any(roles):
        names = "、".join(ROLE_NAMES_ZH[Role(r)] for r in sorted(roles))
        raise PermissionDenied(f"{staff.name} may not {purpose}; it needs one of: {names} ({', '.join(sorted(r.value for r in roles))}).")


def require_other_person(maker_id: str, authoriser: StaffMember) -> None:
    if authoriser.staff_id == maker_id:
        raise SelfAuthorisation("Nobody may authorise their own transaction: another supervisor must present a badge.")
