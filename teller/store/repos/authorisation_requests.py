"""Authorisation requests (授权) in the branch store: the remote queue and the authorisation log.

Every change of state is one conditional UPDATE, so two workstations deciding, using or
cancelling the same request at the same moment get exactly one winner on SQLite and on
PostgreSQL (read committed lets two plain read-then-write transactions both "win")."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from teller.store.authorisation_models import AuthorisationRequest
from teller.store.notifications import notify

R = AuthorisationRequest


class AuthorisationRequests:
    def __init__(self, session: Session):
        self.session = session

    def add(self, **fields) -> int:
        row = R(**fields)
        self.session.add(row)
        self.session.flush()
        return row.id

    def get(self, request_id: int) -> AuthorisationRequest | None:
        return self.session.get(R, request_id)

    def announce(self, channel: str, payload: str) -> None:
        """Wakes the listening workstations when this transaction commits (PostgreSQL)."""
        notify(self.session, channel, payload)

    def pending(self) -> list[AuthorisationRequest]:
        return list(self.session.execute(select(R).where(R.state == "pending").order_by(R.id)).scalars())

    def decided_between(self, start: str, end: str, supervisor_id: str | None) -> list[AuthorisationRequest]:
        query = select(R).where(R.created_at >= start, R.created_at < end, R.state != "pending")
        if supervisor_id:
            query = query.where(R.decided_by == supervisor_id)
        return list(self.session.execute(query.order_by(R.id)).scalars())

    def decide(self, request_id: int, state: str, by: str, at: str, reason: str | None) -> bool:
        """pending → approved | rejected, unless it expired or someone decided it first."""
        return bool(self.session.execute(update(R).where(R.id == request_id, R.state == "pending", R.expires_at > at)
                                         .values(state=state, decided_by=by, decided_at=at,
                                                 decision_reason=reason)).rowcount)

    def cancel(self, request_id: int, maker_id: str, at: str) -> bool:
        return bool(self.session.execute(update(R).where(R.id == request_id, R.maker_id == maker_id,
                                                         R.state == "pending")
                                         .values(state="cancelled", decided_at=at)).rowcount)

    def use(self, request_id: int, *, maker_id: str, workstation_id: str, details: str,
            approved_since: str, at: str) -> bool:
        """approved → used, once: for this maker at this workstation, for exactly these details, and
        only while the approval is fresh (decided after `approved_since`)."""
        return bool(self.session.execute(update(R).where(
            R.id == request_id, R.state == "approved", R.maker_id == maker_id, R.workstation_id == workstation_id,
            R.details == details, R.decided_at > approved_since).values(state="used")).rowcount)

    def expire(self, now: str, approved_before: str, day_start: str) -> int:
        """Pending requests past their expiry, and approvals unused for too long or from an earlier
        business day, become expired."""
        pending = self.session.execute(update(R).where(R.state == "pending", R.expires_at <= now)
                                       .values(state="expired", decided_at=now)).rowcount
        stale = self.session.execute(update(R).where(R.state == "approved", R.mode == "remote",
                                                     (R.decided_at <= approved_before) | (R.created_at < day_start))
                                     .values(state="expired")).rowcount
        return pending + stale
