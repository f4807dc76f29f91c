"""Badge + PIN checks shared by sign-in, screen unlock and supervisor approval (dual control)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from teller.domain.errors import (BadgeBlacklisted, BadgeLocked, PermissionDenied,
                                  SelfAuthorisation, UnknownBadge, WrongPin)
from teller.domain.pin import hash_pin, needs_rehash, verify_pin
from teller.domain.roles import ROLE_NAMES_ZH, Role, parse_roles
from teller.domain.texts import Text
from teller.store.branch_cache_models import BadgeBacklog
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
    """The result of a badge + PIN check; `locked_now` asks the caller to journal the lock.
    `counted`: "wrong" (a wrong PIN was counted) or "cleared" (a right PIN cleared the count)."""

    staff: StaffMember | None
    locked_now: bool = False
    error: Exception | None = None
    counted: str | None = None


def check_badge_and_pin(db: Session, creds: Credentials, *, max_attempts: int, now: str,
                        badge_model=Badge, staff_model=Staff, verifier_key: bytes | None = None) -> PinCheck:
    """Checks and counts a PIN attempt in the caller's branch transaction (or, with the cached
    models and the workstation's `verifier_key`, in the workstation's keyed copy while the branch
    store is down). At the branch a right PIN under an older, cheaper hash is hashed again.

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
    if not verify_pin(creds.pin, staff.pin_hash, key=verifier_key):
        badge.failed_pins += 1
        badge.updated_at = now
        left = max_attempts - badge.failed_pins
        if left <= 0:
            badge.status = "locked"
            return PinCheck(None, locked_now=True, counted="wrong", error=BadgeLocked(
                Text("badge_locked_now", attempts=max_attempts)))
        return PinCheck(None, counted="wrong",
                        error=WrongPin(Text("wrong_pin", left=left), left))
    counted = None
    if staff_model is Staff and needs_rehash(staff.pin_hash):
        staff.pin_hash = hash_pin(creds.pin)
    if badge.failed_pins:
        badge.failed_pins = 0
        badge.updated_at = now
        counted = "cleared"
    return PinCheck(StaffMember(staff.staff_id, staff.name, parse_roles(staff.roles)), counted=counted)


# -- PIN checks made on the workstation's copy while the branch store is down -------------------

def keep_offline_pin_check(db: Session, uid: str, check: PinCheck, now: str) -> None:
    """Keeps, in the workstation transaction that changed the copy (ref_badge), what the branch's
    badge table must learn: one more wrong PIN (and the lock, with its time), or a right PIN
    that cleared the count."""
    if check.counted is None:
        return
    kept = db.get(BadgeBacklog, uid)
    if kept is None:
        kept = BadgeBacklog(uid=uid, wrong_pins=0, pin_proven_at=None, locked_at=None, changed_at=now)
        db.add(kept)
    if check.counted == "cleared":
        kept.wrong_pins, kept.pin_proven_at = 0, now
    else:
        kept.wrong_pins += 1
        if check.locked_now:
            kept.locked_at = now
    kept.changed_at = now


def has_offline_pin_checks(db: Session, uid: str) -> bool:
    """A badge with PIN checks here not yet at the branch is checked on the copy here (which
    has them) until the next reference pull carries them over."""
    return db.get(BadgeBacklog, uid) is not None


@dataclass(frozen=True)
class CarriedPinChecks:
    """What the branch did with one badge's offline PIN checks. `outcome`: "locked" (the lock made
    here applies), "locked_on_return" (the branch's count and the wrong PINs here reach the limit
    together), "counted" (the count changed), "unchanged", "unlocked_later" (a supervisor's
    unlock at the branch after the lock here wins), "blacklisted", "already_locked", "unknown"."""

    uid: str
    staff_id: str | None
    outcome: str
    wrong_pins: int
    changed_at: str  # of the kept row applied: removed here only if it did not change meanwhile


def waiting_pin_checks(db: Session) -> list[BadgeBacklog]:
    """The offline PIN checks kept here (read in a workstation session, used in a branch transaction)."""
    return list(db.execute(select(BadgeBacklog).order_by(BadgeBacklog.uid)).scalars())


def forget_carried(db: Session, carried: list[CarriedPinChecks]) -> None:
    """Removes the kept rows the branch now has (workstation transaction), unless one changed meanwhile."""
    for done in carried:
        kept = db.get(BadgeBacklog, done.uid)
        if kept is not None and kept.changed_at == done.changed_at:
            db.delete(kept)


def carry_offline_pin_checks(db: Session, waiting: list[BadgeBacklog], max_attempts: int) -> list[CarriedPinChecks]:
    """Applies the wrong PINs and lockouts kept here (`waiting_pin_checks`) to the branch's badge
    table, in the caller's branch transaction `db`.

    The rules, from the branch's badge row as it is now:
    - blacklisted at the branch: stays blacklisted (a lost badge beats a lock);
    - locked at the branch: stays locked (only a supervisor unlocks);
    - locked here at T, and the branch row is active with no wrong PINs and was changed after T:
      someone cleared it at the branch after the lock here, and that later word wins. That is a
      supervisor's unlock (the only way to clear a lock), or the badge's holder typing the right
      PIN at another workstation after wrong ones, which proves the PIN after T as well. Any
      other row, e.g. one with a wrong PIN counted elsewhere, gets the lock: when unsure, the
      badge stays locked and a supervisor unlocks it once more (the journal has both events);
    - otherwise the wrong PINs here are added to the branch's count (after clearing it, when a
      right PIN was typed here after the branch's last change), and the badge locks when it was
      locked here or the count reaches `max_attempts`.
    Times are the workstations' clocks, compared as instants; a crash between the branch commit
    and the removal here adds the same wrong PINs twice, which errs toward locking.
    """
    carried = []
    for kept in waiting:
        badge = db.get(Badge, kept.uid, with_for_update=True)
        outcome = _carry(badge, kept, max_attempts) if badge is not None else "unknown"
        carried.append(CarriedPinChecks(kept.uid, badge.staff_id if badge else None, outcome, kept.wrong_pins,
                                        kept.changed_at))
    return carried


def _carry(badge: Badge, kept: BadgeBacklog, max_attempts: int) -> str:
    if badge.status == "blacklisted":
        return "blacklisted"
    if badge.status == "locked":
        return "already_locked"
    if kept.locked_at and badge.failed_pins == 0 and _after(badge.updated_at, kept.locked_at):
        return "unlocked_later"
    count = badge.failed_pins
    if kept.pin_proven_at and not _after(badge.updated_at, kept.pin_proven_at):
        count = 0  # the PIN was proven here after the branch's last change: its count is cleared
    count += kept.wrong_pins
    if kept.locked_at or count >= max_attempts:
        outcome = "locked" if kept.locked_at else "locked_on_return"
        badge.status, badge.failed_pins = "locked", max(count, max_attempts)
    elif count != badge.failed_pins:
        outcome, badge.failed_pins = "counted", count
    else:
        return "unchanged"
    if _after(kept.changed_at, badge.updated_at):
        badge.updated_at = kept.changed_at
    return outcome


def _after(later: str, earlier: str) -> bool:
    return _instant(later) > _instant(earlier)


def _instant(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:  # not a time (a hand-seeded row): as if never changed, so the lock applies
        return dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def require_roles(staff: StaffMember, roles, purpose: str) -> None:
    if not staff.has_any(roles):
        names = "、".join(ROLE_NAMES_ZH[Role(r)] for r in sorted(roles))
        raise PermissionDenied(Text("roles_required", person=staff.name, purpose=purpose, roles=names,
                                    role_codes=",".join(sorted(Role(r).value for r in roles))))


def require_other_person(maker_id: str, authoriser: StaffMember) -> None:
    if authoriser.staff_id == maker_id:
        raise SelfAuthorisation("Nobody may authorise their own transaction: another supervisor must present a badge.")
