"""The branch's sign-in register (who is signed in where: one teller at one workstation), as
this workstation keeps it current.

A sign-in, sign-off or screen lock made while the branch store is down waits in the
workstation store (sign_in_backlog) and is applied when the branch is back (`back_fill`,
also tried before every register change and sign-in check):
- a sign-off removes this workstation's stale row for the teller;
- a lock sets the flag on the teller's row here, and never re-creates a row a supervisor
  removed meanwhile;
- a sign-in adds the row, unless the same teller signed in at another workstation
  meanwhile: that is a conflict, reported (journal entry here, the branch's sync report,
  a message for the screen) and never overwritten; the sign-in here then ends.

While the branch store is known to be down (`context.BranchStatus`, kept current by the link,
teller.sync.branch_link), changes go straight to the backlog without trying to connect.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from teller.domain.errors import AlreadySignedIn
from teller.services.context import WorkstationContext
from teller.services.credentials import StaffMember
from teller.store.branch_cache_models import SignInBacklog
from teller.store.models import SignIn
from teller.sync.branch_sync import record_problem

log = logging.getLogger(__name__)

_ORDER = {"sign_off": 0, "lock": 1, "sign_in": 2}  # free this workstation's slot before taking it


@dataclass(frozen=True)
class SignInConflict:
    staff_id: str
    elsewhere: str
    message: str


@dataclass(frozen=True)
class BackFill:
    """What one back-fill did: `status` "ok" or "unreachable" (the rest waits for the next one)."""

    status: str
    applied: int = 0
    conflicts: tuple[SignInConflict, ...] = ()
    waiting: int = 0


class SignInRegister:
    def __init__(self, ctx: WorkstationContext):
        self.ctx = ctx
        self.branch = ctx.branch_status  # the link's view of the branch store, shared
        self._lock = threading.Lock()  # a change and a back-fill never interleave

    # -- changes made at this workstation --------------------------------------------------
    def sign_in(self, staff: StaffMember) -> BackFill:
        """Registers the teller here. Branch up: AlreadySignedIn when signed in elsewhere.
        Branch down: kept for the back-fill (status "unreachable")."""
        with self._lock:
            self._back_fill()
            if not self.branch.known_down:
                try:
                    with self.ctx.branch_tx() as db:
                        self._take_slot(db, staff.staff_id, staff.name, self.ctx.now_text(), locked=False)
                    return BackFill("ok")
                except DBAPIError as exc:
                    self.branch.failed(exc)
            self._keep(staff.staff_id, "sign_in", locked=False)
            return BackFill("unreachable", waiting=self._waiting())

    def sign_off(self, staff_id: str) -> BackFill:
        return self._change(staff_id, "sign_off", locked=False)

    def lock(self, staff_id: str, locked: bool) -> BackFill:
        return self._change(staff_id, "lock", locked=locked)

    def _change(self, staff_id: str, change: str, *, locked: bool) -> BackFill:
        with self._lock:
            self._keep(staff_id, change, locked=locked)
            return self._back_fill()

    def _keep(self, staff_id: str, change: str, *, locked: bool) -> None:
        now = self.ctx.now_text()
        with self.ctx.workstation_tx() as db:
            row = db.get(SignInBacklog, staff_id)
            if row is None:
                db.add(SignInBacklog(staff_id=staff_id, change=change, locked=locked, signed_in_at=now,
                                     changed_at=now))
                return
            if not (row.change == "sign_in" and change == "lock"):  # still a sign-in, now locked
                row.change = change
            if change == "sign_in":
                row.signed_in_at = now
            row.locked, row.changed_at = locked, now

    def _waiting(self) -> int:
        with self.ctx.workstation_db() as db:
            return len(db.execute(select(SignInBacklog.staff_id)).all())

    # -- the back-fill ----------------------------------------------------------------------
    def back_fill(self) -> BackFill:
        """Applies the changes kept here to the branch's register; a no-op when none wait."""
        with self._lock:
            return self._back_fill()

    def _back_fill(self) -> BackFill:
        with self.ctx.workstation_db() as db:
            waiting = sorted(db.execute(select(SignInBacklog)).scalars(), key=lambda r: _ORDER[r.change])
        if waiting and self.branch.known_down:  # the link's next catch-up back-fills
            return BackFill("unreachable", waiting=len(waiting))
        applied, conflicts = 0, []
        for change in waiting:
            try:
                with self.ctx.branch_tx() as db:
                    conflict = self._apply(db, change)
            except DBAPIError as exc:
                self.branch.failed(exc)
                return BackFill("unreachable", applied, tuple(conflicts), len(waiting) - applied - len(conflicts))
            if conflict is not None:
                self._report(conflict, change)
                conflicts.append(conflict)
            else:
                applied += 1
                log.info("sign-in register: %s of %s at %s back-filled", change.change, change.staff_id,
                         self.ctx.workstation_id)
            with self.ctx.workstation_tx() as wdb:
                wdb.delete(wdb.get(SignInBacklog, change.staff_id))
        return BackFill("ok", applied, tuple(conflicts))

    def _apply(self, db, change: SignInBacklog) -> SignInConflict | None:
        ws = self.ctx.workstation_id
        row = db.get(SignIn, change.staff_id)
        if change.change == "sign_off":
            if row is not None and row.workstation_id == ws:
                db.delete(row)
            return None
        if change.change == "lock":
            if row is not None and row.workstation_id == ws:
                row.locked = change.locked
            return None
        if row is not None and row.workstation_id != ws:
            return SignInConflict(change.staff_id, row.workstation_id, (
                f"Teller {change.staff_id} signed in at workstation {ws} at {change.signed_in_at} while the "
                f"branch server was down, but is signed in at workstation {row.workstation_id} "
                f"(since {row.signed_in_at}). The branch keeps {row.workstation_id}; the sign-in at {ws} ends. "
                "A supervisor should check where this teller worked."))
        here = db.execute(select(SignIn).where(SignIn.workstation_id == ws)).scalar_one_or_none()
        if here is not None and here.staff_id != change.staff_id:
            log.warning("sign-in register: %s at %s replaced by %s signed in here offline", here.staff_id, ws,
                        change.staff_id)
            db.delete(here)
            db.flush()
        self._take_slot(db, change.staff_id, change.staff_id, change.signed_in_at, locked=change.locked)
        return None

    def _report(self, conflict: SignInConflict, change: SignInBacklog) -> None:
        with self.ctx.workstation_tx() as wdb:
            entry = self.ctx.record(wdb, conflict.staff_id, "sign_in_conflict", payload={
                "signed_in_here_at": change.signed_in_at, "elsewhere": conflict.elsewhere})
        try:  # the branch's sync report: the list of problems supervisors review
            with self.ctx.branch_tx() as db:
                record_problem(db, self.ctx.workstation_id, entry.seq, "sign_in_conflict", conflict.message,
                               self.ctx.now_text())
        except DBAPIError:  # gone again: the journal entry reaches the branch with the next push
            pass

    def _take_slot(self, db, staff_id: str, name: str, signed_in_at: str, *, locked: bool) -> None:
        """One teller at one workstation: this workstation's row for the teller, or AlreadySignedIn."""
        ws = self.ctx.workstation_id
        mine = db.get(SignIn, staff_id)
        if mine is not None and mine.workstation_id != ws:
            raise AlreadySignedIn(f"{name} is already signed in at workstation {mine.workstation_id}. "
                                  "Sign off there first.")
        here = db.execute(select(SignIn).where(SignIn.workstation_id == ws)).scalar_one_or_none()
        if here is not None and here.staff_id != staff_id:
            raise AlreadySignedIn(f"Teller {here.staff_id} is still signed in at this workstation.")
        if mine is None:
            db.add(SignIn(staff_id=staff_id, workstation_id=ws, signed_in_at=signed_in_at, locked=locked))
        else:
            mine.locked = locked
