"""What a supervisor watches and does about tellers: the status board (signed in, till open,
locked, signed off, over/short) and forced sign-off at close (强制签退)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text

from teller.domain.roles import Role, parse_roles
from teller.services.authorisation import AuthorisationService, LocalApproval
from teller.services.context import WorkstationContext
from teller.services.exceptions import TellerExceptions, exception_totals
from teller.services.session import SessionService, TellerSession
from teller.store.models import Badge, Handover, SignIn, Staff

# Offline exposure from the journals replicated to the branch: postings accepted offline today
# whose outcome at the core has not arrived yet.
_EXPOSURE = """
SELECT o.teller_id, SUM(o.amount_fen) FROM journal o
WHERE o.kind = 'offline_accepted' AND o.business_date = :day
  AND NOT EXISTS (SELECT 1 FROM journal s WHERE s.workstation_id = o.workstation_id AND s.refers_to = o.refers_to
                  AND s.kind IN ('host_approved', 'host_rejected_after_offline', 'host_reversed'))
GROUP BY o.teller_id
"""

TELLER_ROLES = {Role.CASH_TELLER, Role.NONCASH_TELLER, Role.REVIEWER, Role.CLEARING_CLERK, Role.LOBBY_MANAGER}


@dataclass(frozen=True)
class TellerStatus:
    staff_id: str
    name: str
    workstation: str | None  # None: signed off
    locked: bool
    till_open: bool
    over_short_fen: int  # today's, + over / - short
    badge_status: str  # active | locked | blacklisted (the worst of their badges)
    badges: tuple[tuple[str, str], ...] = ()  # (uid, status)
    offline_fen: int = 0  # taken or paid offline today, not yet settled at the core (exposure)
    exceptions: TellerExceptions = TellerExceptions()  # refused after the fact: open ones, today's write-offs

    @property
    def state(self) -> str:
        if self.workstation is None:
            return "signed_off"
        return "locked" if self.locked else "signed_in"


class SupervisionService:
    def __init__(self, ctx: WorkstationContext, sessions: SessionService, authorisation: AuthorisationService):
        self.ctx, self.sessions, self.authorisation = ctx, sessions, authorisation

    def teller_board(self) -> list[TellerStatus]:
        today = self.ctx.business_date()
        with self.ctx.branch_db() as db:
            staff = db.execute(select(Staff).where(Staff.active).order_by(Staff.staff_id)).scalars().all()
            sign_ins = {s.staff_id: s for s in db.execute(select(SignIn)).scalars()}
            handovers = db.execute(select(Handover).where(Handover.at >= today).order_by(Handover.id)).scalars().all()
            badges = db.execute(select(Badge.staff_id, Badge.status, Badge.uid).order_by(Badge.uid)).all()
            exposure = dict(db.execute(text(_EXPOSURE), {"day": today}).all())
        queue = exception_totals(self.ctx)
        worst, owned = {}, {}
        for staff_id, status, uid in badges:
            owned.setdefault(staff_id, []).append((uid, status))
            rank = ("active", "locked", "blacklisted")
            if rank.index(status) > rank.index(worst.get(staff_id, "active")):
                worst[staff_id] = status
        board = []
        for person in staff:
            if not parse_roles(person.roles) & TELLER_ROLES:
                continue
            mine = [h for h in handovers if h.teller_id == person.staff_id]
            opened = sum(1 for h in mine if h.kind == "till_open")
            closed = sum(1 for h in mine if h.kind == "till_close")
            sign_in = sign_ins.get(person.staff_id)
            board.append(TellerStatus(person.staff_id, person.name, sign_in.workstation_id if sign_in else None,
                                      bool(sign_in and sign_in.locked), opened > closed,
                                      sum(h.over_short_fen for h in mine if h.kind == "till_close"),
                                      worst.get(person.staff_id, "active"), tuple(owned.get(person.staff_id, ())),
                                      int(exposure.get(person.staff_id) or 0),
                                      queue.get(person.staff_id, TellerExceptions())))
        return board

    def branch_offline_exposure(self, board: list[TellerStatus] | None = None) -> int:
        return sum(t.offline_fen for t in (board if board is not None else self.teller_board()))

    def branch_exceptions(self, board: list[TellerStatus] | None = None) -> TellerExceptions:
        """The branch's open exceptions (count, amount) and today's write-offs."""
        rows = [t.exceptions for t in (board if board is not None else self.teller_board())]
        return TellerExceptions(sum(r.open_count for r in rows), sum(r.open_fen for r in rows),
                                sum(r.written_off_fen for r in rows))

    def force_sign_off(self, supervisor: TellerSession, teller_id: str, approval: LocalApproval | None) -> None:
        """Signs off a teller who left without signing off; a second supervisor approves."""
        self.sessions.require_active(supervisor)
        need = self.authorisation.need(supervisor, "force_sign_off", 0, None)
        approver = self.authorisation.require(supervisor, need, approval)
        with self.ctx.branch_tx() as db:
            row = db.get(SignIn, teller_id)
            workstation = row.workstation_id if row else None
            if row is not None:
                db.delete(row)
        with self.ctx.workstation_tx() as wdb:
            self.ctx.record(wdb, supervisor.teller_id, "forced_sign_off",
                            payload={"teller": teller_id, "workstation": workstation,
                                     "approved_by": approver.staff_id if approver else None})
