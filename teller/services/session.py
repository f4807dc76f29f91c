"""Sign-in (签到) with badge + PIN, sign-off (签退), temporary lock (暂离) and supervisor checks.

With the branch store down, badge + PIN are checked on the workstation's copy and the change
to the branch's sign-in register waits here until it is back (teller.services.sign_in_register).
Wrong PINs and lockouts counted on the copy wait here too (badge_backlog) and reach the branch's
badge table with the next reference pull (teller.sync.reference_sync), so a badge locked while
the branch was down stays locked; until then that badge is checked on the copy only. While the
branch is known to be down (`register.branch`) these checks and register changes do not try to reach it."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from sqlalchemy.exc import DBAPIError

from teller.domain.errors import NotSignedIn, PermissionDenied, SessionLocked, UnknownBadge, WrongPin
from teller.services.context import WorkstationContext
from teller.services.credentials import (Credentials, StaffMember, check_badge_and_pin, has_offline_pin_checks,
                                         keep_offline_pin_check, require_other_person, require_roles)
from teller.domain.roles import parse_roles
from teller.services.sign_in_register import SignInRegister
from teller.store.models import Badge, CachedBadge, CachedStaff, SignIn, Staff


@dataclass
class TellerSession:
    """A signed-in teller at this workstation."""

    staff: StaffMember
    workstation_id: str
    locked: bool = False
    badge_uid: str = field(default="", repr=False)
    signed_off: bool = False
    # when the branch store last confirmed this sign-in (time.monotonic)
    confirmed_at: float = field(default=float("-inf"), repr=False)

    @property
    def teller_id(self) -> str:
        return self.staff.staff_id


class SessionService:
    def __init__(self, ctx: WorkstationContext):
        self.ctx = ctx
        self.register = SignInRegister(ctx)  # the branch's sign-in register, back-filled after an outage
        # the AuthorisationService, which sets itself here: badge operations follow its policy
        self.operations = None

    # -- checks shared with the other services ---------------------------------
    def _check(self, creds: Credentials, journal_kind_on_lock: str = "badge_locked") -> StaffMember:
        now, attempts = self.ctx.now_text(), self.ctx.settings.max_pin_attempts
        uid = creds.badge_uid.strip().upper()
        result, offline = None, False
        if not self.register.branch.known_down and not self._kept_here(uid):
            try:
                with self.ctx.branch_tx() as db:
                    result = check_badge_and_pin(db, creds, max_attempts=attempts, now=now)
                    locked_staff = db.get(Badge, uid).staff_id if result.locked_now else None
            except DBAPIError as exc:
                self.register.branch.failed(exc)
                result = None
        if result is None:  # the branch store is down: the workstation's copy of staff and badges
            offline = True
            with self.ctx.workstation_tx() as db:
                result = check_badge_and_pin(db, creds, max_attempts=attempts, now=now,
                                             badge_model=CachedBadge, staff_model=CachedStaff,
                                             verifier_key=self.ctx.pin_cache_key)
                keep_offline_pin_check(db, uid, result, now)  # for the branch's badge table, when it is back
                locked_staff = db.get(CachedBadge, uid).staff_id if result.locked_now else None
        if locked_staff:
            with self.ctx.workstation_tx() as wdb:
                self.ctx.record(wdb, locked_staff, journal_kind_on_lock,
                                payload={"badge": uid, **({"branch_offline": True} if offline else {})})
        if result.error:
            raise result.error
        return result.staff

    def _kept_here(self, uid: str) -> bool:
        with self.ctx.workstation_db() as db:
            return has_offline_pin_checks(db, uid)

    def check_credentials(self, creds: Credentials) -> StaffMember:
        """Whoever presents this badge and PIN (wrong PINs count toward the badge lock)."""
        return self._check(creds)

    def staff_member(self, staff_id: str) -> StaffMember:
        with self.ctx.branch_db() as db:
            staff = db.get(Staff, staff_id)
        if staff is None:
            raise UnknownBadge(f"No staff member {staff_id}.")
        return StaffMember(staff.staff_id, staff.name, parse_roles(staff.roles))

    def verify_supervisor(self, creds: Credentials, *, maker_id: str, roles, purpose: str) -> StaffMember:
        """A second person's badge + PIN for dual control or approval; never the maker."""
        supervisor = self._check(creds)
        require_other_person(maker_id, supervisor)
        require_roles(supervisor, roles, purpose)
        return supervisor

    def verify_same_teller(self, session: TellerSession, creds: Credentials) -> None:
        staff = self._check(creds)
        if staff.staff_id != session.teller_id:
            raise WrongPin("This is not the badge of the signed-in teller.", 0)

    def require_active(self, session: TellerSession | None) -> TellerSession:
        """The teller is signed in here and the screen is not locked.

        The branch store is asked again only after `sign_in_recheck_seconds`: a sign-off
        made elsewhere (by a supervisor) takes effect within that time, and a posting does
        not pay a branch round trip each time.
        """
        if session is None or session.signed_off:
            raise NotSignedIn("Sign in first.")
        if session.locked:
            raise SessionLocked("The screen is locked: enter your PIN to continue.")
        now = time.monotonic()
        if now - session.confirmed_at < self.ctx.settings.sign_in_recheck_seconds:
            return session
        back_fill = self.register.back_fill()  # a sign-in made here offline reaches the branch first
        for conflict in back_fill.conflicts:
            if conflict.staff_id == session.teller_id:
                session.signed_off = True
                raise NotSignedIn(conflict.message)
        if self.register.branch.known_down:  # the sign-in made here stands until the branch is back
            return session
        try:
            with self.ctx.branch_db() as db:
                row = db.get(SignIn, session.teller_id)
        except DBAPIError as exc:  # branch store down: the sign-in made here stands until it is back
            self.register.branch.failed(exc)
            return session
        if row is None or row.workstation_id != session.workstation_id:
            session.signed_off = True
            raise NotSignedIn("You were signed off at this workstation. Sign in again.")
        session.confirmed_at = now
        return session

    # -- use cases ---------------------------------------------------------------
    def sign_in(self, creds: Credentials) -> TellerSession:
        staff = self._check(creds)
        ws = self.ctx.workstation_id
        # branch store down: signed in here on the cached badge data, registered when it is back
        offline = self.register.sign_in(staff).status == "unreachable"
        with self.ctx.workstation_tx() as wdb:
            self.ctx.record(wdb, staff.staff_id, "sign_in", payload={"roles": sorted(r.value for r in staff.roles),
                                                                     **({"branch_offline": True} if offline else {})})
        return TellerSession(staff, ws, badge_uid=creds.badge_uid.strip().upper(), confirmed_at=time.monotonic())

    def sign_off(self, session: TellerSession) -> None:
        session.signed_off = True
        # branch store down: the stale row in the branch's register goes when it is back
        offline = self.register.sign_off(session.teller_id).status == "unreachable"
        with self.ctx.workstation_tx() as wdb:
            self.ctx.record(wdb, session.teller_id, "sign_off", payload={"branch_offline": True} if offline else None)

    def lock(self, session: TellerSession, *, reason: str = "teller") -> None:
        """暂离: the screen locks; `reason` is 'teller' or 'idle'."""
        if session.locked:
            return
        session.locked = True
        offline = self.register.lock(session.teller_id, True).status == "unreachable"
        with self.ctx.workstation_tx() as wdb:
            self.ctx.record(wdb, session.teller_id, "screen_locked",
                            payload={"reason": reason, **({"branch_offline": True} if offline else {})})

    def unlock(self, session: TellerSession, pin: str) -> None:
        """Only the same teller's PIN unlocks; wrong PINs count toward the badge lock."""
        self._check(Credentials(session.badge_uid, pin))
        session.locked = False
        self.register.lock(session.teller_id, False)
        with self.ctx.workstation_tx() as wdb:
            self.ctx.record(wdb, session.teller_id, "screen_unlocked")

    def unlock_badge(self, supervisor: Credentials, badge_uid: str) -> StaffMember:
        """A supervisor unlocks a badge locked by wrong PINs (rule pin_unlock). Only a PIN lock:
        a blacklisted (lost) badge stays blacklisted; lifting that is reinstate_badge."""
        return self._change_badge(supervisor, badge_uid, "pin_unlock", "active", ("locked", "active"),
                                  "badge_unlocked")

    def blacklist_badge(self, supervisor: Credentials, badge_uid: str, reason: str = "") -> StaffMember:
        """A lost badge is blacklisted (rule badge_blacklist); it signs in nowhere until reinstated."""
        return self._change_badge(supervisor, badge_uid, "badge_blacklist", "blacklisted", ("active", "locked"),
                                  "badge_blacklisted", reason)

    def reinstate_badge(self, supervisor: Credentials, badge_uid: str, reason: str) -> StaffMember:
        """A blacklisted badge found again is reinstated (rule badge_reinstate: the branch manager),
        with the reason, journaled and in the staff-change register."""
        if not reason.strip():
            raise PermissionDenied("Give the reason for lifting the badge's blacklist.")
        return self._change_badge(supervisor, badge_uid, "badge_reinstate", "active", ("blacklisted",),
                                  "badge_reinstated", reason)

    def _change_badge(self, supervisor: Credentials, badge_uid: str, action: str, status: str,
                      only_from: tuple[str, ...], kind: str, reason: str = "") -> StaffMember:
        uid = badge_uid.strip().upper()
        with self.ctx.branch.reading() as unit:
            badge = unit.staff.badge(uid)
            owner, was = (badge.staff_id, badge.status) if badge else (None, None)
        if owner is None:
            raise UnknownBadge(f"Badge {uid} is not enrolled.")
        if was not in only_from:
            raise PermissionDenied(_WRONG_STATE.get((action, was), f"Badge {uid} is {was}."))
        if self.operations is None:
            raise RuntimeError("SessionService.operations is not wired (AuthorisationService sets it)")
        approver = self.operations.approve_operation(action, supervisor, subject_id=owner)
        now = self.ctx.now_text()
        with self.ctx.branch.transaction() as unit:
            if not unit.staff.set_badge_status(uid, status, now, only_from=only_from):
                raise PermissionDenied(f"Badge {uid} changed meanwhile; look again.")
            unit.staff.record_change(at=now, change=kind, staff_id=owner, badge_uid=uid, old_value=was,
                                     new_value=status, authorised_by=approver.staff_id, second_by=None,
                                     workstation_id=self.ctx.workstation_id, reason=reason.strip())
        with self.ctx.workstation.transaction() as unit:
            self.ctx.record(unit.session, approver.staff_id, kind,
                            payload={"badge": uid, "owner": owner, "was": was,
                                     **({"reason": reason.strip()} if reason.strip() else {})})
        return approver


_WRONG_STATE = {
    ("pin_unlock", "blacklisted"): "This badge is blacklisted (reported lost): unlocking lifts only a PIN lock. "
                                   "Reinstating a blacklisted badge is its own operation for the branch manager.",
    ("badge_blacklist", "blacklisted"): "This badge is already blacklisted.",
    ("badge_reinstate", "active"): "This badge is not blacklisted.",
    ("badge_reinstate", "locked"): "This badge is not blacklisted; a PIN lock is lifted by unlocking.",
}
