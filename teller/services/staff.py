"""Staff and badge enrolment at the branch, and role changes (the administrator's side of sign-in).

Every change is authorised in person: the branch manager (rule staff_enrol / staff_role_change,
branch overrides included) presents badge + PIN, and a change that grants or takes away a
supervisor role (area head, branch manager) needs a second supervisor's badge + PIN as well.
Nobody changes their own record. Each change is a line in the branch's staff-change register
(append-only) and a journal entry at the workstation. The one exception is the very first
enrolment of an empty branch store (its first branch manager): registered as "bootstrap"."""
from __future__ import annotations

import re
from dataclasses import dataclass

from teller.domain.errors import AuthorisationRequired, TellerError
from teller.domain.pin import hash_pin, is_valid_pin_format
from teller.domain.roles import SUPERVISOR_ROLES, Role, format_roles, parse_roles
from teller.services.context import WorkstationContext
from teller.services.credentials import Credentials, StaffMember
from teller.services.session import SessionService

_BADGE_UID = re.compile(r"^[0-9A-F]{10}$")
_STAFF_ID = re.compile(r"^[A-Z0-9]{2,32}$")
BOOTSTRAP = "bootstrap"


class EnrolmentError(TellerError):
    code = "enrolment_error"


def normalise_badge_uid(uid: str) -> str:
    """Badge UIDs are the reader's 10 hex characters (5 bytes), upper case."""
    value = uid.strip().upper()
    if not _BADGE_UID.match(value):
        raise EnrolmentError(f"A badge number is 10 hexadecimal characters, not {uid!r}.")
    return value


def normalise_staff_id(staff_id: str) -> str:
    value = staff_id.strip().upper()
    if not _STAFF_ID.match(value):
        raise EnrolmentError(f"A staff id is 2-32 letters or digits, not {value!r}.")
    return value


def parse_role_list(roles: list[str]) -> frozenset[Role]:
    try:
        parsed = frozenset(Role(r.strip()) for r in roles if r.strip())
    except ValueError as exc:
        raise EnrolmentError(f"Unknown role: {exc}. Known: {', '.join(r.value for r in Role)}.") from None
    if not parsed:
        raise EnrolmentError("Give the staff member at least one role.")
    return parsed


def enrol_staff(db, *, staff_id: str, name: str, roles: list[str], pin: str) -> str:
    """Test and demo set-up only: adds a staff member in the caller's branch session with no
    authorisation and no register line. The program and teller-admin use StaffService."""
    from teller.store.repos.staff import StaffAndBadges

    staff_id, parsed = normalise_staff_id(staff_id), parse_role_list(roles)
    if not is_valid_pin_format(pin):
        raise EnrolmentError("A PIN is six digits.")
    StaffAndBadges(db).add_member(staff_id=staff_id, name=name.strip(), roles=format_roles(parsed),
                                  pin_hash=hash_pin(pin))
    return staff_id


def enrol_badge(db, *, staff_id: str, uid: str, now: str) -> str:
    """Test and demo set-up only (see enrol_staff)."""
    from teller.store.repos.staff import StaffAndBadges

    StaffAndBadges(db).add_badge(uid=normalise_badge_uid(uid), staff_id=normalise_staff_id(staff_id), at=now)
    return uid


@dataclass(frozen=True)
class StaffChangeDone:
    staff_id: str
    change: str
    roles: str
    authorised_by: str
    second_by: str | None
    badge_uid: str | None = None


class StaffService:
    def __init__(self, ctx: WorkstationContext, sessions: SessionService, authorisation):
        self.ctx, self.sessions, self.authorisation = ctx, sessions, authorisation

    def enrol(self, *, staff_id: str, name: str, roles: list[str], pin: str, badge: str | None = None,
              authoriser: Credentials | None, second: Credentials | None = None) -> StaffChangeDone:
        staff_id, parsed = normalise_staff_id(staff_id), parse_role_list(roles)
        if not name.strip():
            raise EnrolmentError("Give the staff member's name.")
        if not is_valid_pin_format(pin):
            raise EnrolmentError("A PIN is six digits.")
        uid = normalise_badge_uid(badge) if badge else None
        with self.ctx.branch.reading() as unit:
            if unit.staff.member(staff_id) is not None:
                raise EnrolmentError(f"Staff {staff_id} already exists.")
            if uid and unit.staff.badge(uid) is not None:
                raise EnrolmentError(f"Badge {uid} is already enrolled.")
            bootstrap = unit.staff.is_empty()
        if bootstrap:
            first = second_by = None
        else:
            first, second_by = self._authorise("staff_enrol", staff_id, parsed, authoriser, second)
        by = first.staff_id if first else BOOTSTRAP
        now = self.ctx.now_text()
        pin_hash = hash_pin(pin)
        with self.ctx.branch.transaction() as unit:
            if bootstrap and not unit.staff.is_empty():
                raise EnrolmentError("Another staff member was enrolled meanwhile: this now needs authorisation.")
            unit.staff.add_member(staff_id=staff_id, name=name.strip(), roles=format_roles(parsed), pin_hash=pin_hash)
            self._register(unit, "enrolled", staff_id, None, format_roles(parsed), by, second_by, now)
            if uid:
                unit.staff.add_badge(uid=uid, staff_id=staff_id, at=now)
                self._register(unit, "badge_enrolled", staff_id, None, None, by, second_by, now, uid)
        self._journal("staff_enrolled", by, staff_id, roles=format_roles(parsed), badge=uid, second=second_by)
        return StaffChangeDone(staff_id, "enrolled", format_roles(parsed), by, second_by, uid)

    def change_roles(self, staff_id: str, roles: list[str], *, authoriser: Credentials,
                     second: Credentials | None = None, reason: str = "") -> StaffChangeDone:
        staff_id, parsed = normalise_staff_id(staff_id), parse_role_list(roles)
        with self.ctx.branch.reading() as unit:
            member = unit.staff.member(staff_id)
            if member is None:
                raise EnrolmentError(f"No staff member {staff_id}.")
            old = parse_roles(member.roles)
        # granting or taking away a supervisor role is what needs the second supervisor
        first, second_by = self._authorise("staff_role_change", staff_id, parsed ^ old, authoriser, second)
        now = self.ctx.now_text()
        with self.ctx.branch.transaction() as unit:
            unit.staff.set_roles(staff_id, format_roles(parsed))
            self._register(unit, "roles_changed", staff_id, format_roles(old), format_roles(parsed),
                           first.staff_id, second_by, now, reason=reason)
        self._journal("staff_roles_changed", first.staff_id, staff_id, roles=format_roles(parsed),
                      old_roles=format_roles(old), second=second_by, reason=reason.strip() or None)
        return StaffChangeDone(staff_id, "roles_changed", format_roles(parsed), first.staff_id, second_by)

    def enrol_badge(self, staff_id: str, uid: str, *, authoriser: Credentials) -> StaffChangeDone:
        staff_id, uid = normalise_staff_id(staff_id), normalise_badge_uid(uid)
        with self.ctx.branch.reading() as unit:
            member = unit.staff.member(staff_id)
            if member is None:
                raise EnrolmentError(f"No staff member {staff_id}.")
            if unit.staff.badge(uid) is not None:
                raise EnrolmentError(f"Badge {uid} is already enrolled.")
        first, _ = self._authorise("staff_enrol", staff_id, frozenset(), authoriser, None)
        now = self.ctx.now_text()
        with self.ctx.branch.transaction() as unit:
            unit.staff.add_badge(uid=uid, staff_id=staff_id, at=now)
            self._register(unit, "badge_enrolled", staff_id, None, None, first.staff_id, None, now, uid)
        self._journal("badge_enrolled", first.staff_id, staff_id, badge=uid)
        return StaffChangeDone(staff_id, "badge_enrolled", member.roles, first.staff_id, None, uid)

    def register(self, since: str | None = None) -> list:
        """The staff-change register (oldest first), from `since` (ISO time text) if given."""
        with self.ctx.branch.reading() as unit:
            return unit.staff.changes(since)

    # -- helpers ------------------------------------------------------------------------------
    def _authorise(self, action: str, subject_id: str, touched: frozenset[Role], authoriser: Credentials | None,
                   second: Credentials | None) -> tuple[StaffMember, str | None]:
        if authoriser is None:
            raise AuthorisationRequired("Staff changes need the branch manager's badge and PIN.")
        first = self.authorisation.approve_operation(action, authoriser, subject_id=subject_id)
        if not touched & SUPERVISOR_ROLES:
            return first, None
        if second is None:
            raise AuthorisationRequired("Granting or removing a supervisor role needs a second supervisor's "
                                        "badge and PIN as well.")
        other = self.sessions.verify_supervisor(second, maker_id=first.staff_id, roles=SUPERVISOR_ROLES,
                                                purpose="confirm a supervisor role change")
        if other.staff_id == subject_id:
            raise EnrolmentError("Nobody confirms a change of their own roles.")
        return first, other.staff_id

    def _register(self, unit, change, staff_id, old, new, by, second_by, now, uid=None, reason="") -> None:
        unit.staff.record_change(at=now, change=change, staff_id=staff_id, badge_uid=uid, old_value=old,
                                 new_value=new, authorised_by=by, second_by=second_by,
                                 workstation_id=self.ctx.workstation_id, reason=reason.strip())

    def _journal(self, kind: str, by: str, staff_id: str, **payload) -> None:
        with self.ctx.workstation.transaction() as unit:
            self.ctx.record(unit.session, by, kind,
                            payload={"staff": staff_id, **{k: v for k, v in payload.items() if v is not None}})
