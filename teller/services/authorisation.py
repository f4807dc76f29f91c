"""Authorisation (授权): the policy's answer for an action, local approval by badge + PIN at
the maker's workstation, and remote approval through the branch store's queue.

Every request, decision, expiry and cancellation is a journal entry naming both parties.
A remote request is decided exactly once (a conditional UPDATE: the second approver is
told it was already decided) and used exactly once (another conditional UPDATE, so two uses at
the same moment get one winner on PostgreSQL too). An approval is bound to what it approves:
the action, the full account number (as a digest; screens show it masked), the amount, the
maker and the workstation and the business day; it must be used within
`[authorisation] approval_valid_minutes` and never on a later business day.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from teller.domain.authorisation import (OPERATIONS, AuthContext, AuthorisationPolicy, Decision, Reason,
                                         check_separation, may_authorise)
from teller.domain.errors import AuthorisationRequired, PermissionDenied, TellerError
from teller.domain.journal_entry import canonical_json
from teller.domain.masking import mask_number
from teller.domain.registers import AuthorisationLogLine
from teller.domain.roles import SUPERVISOR_ROLES, Role, parse_roles
from teller.services.context import WorkstationContext
from teller.services.credentials import Credentials, StaffMember, require_roles
from teller.services.session import SessionService, TellerSession
from teller.store.authorisation_models import AuthorisationRequest
from teller.store.database import is_unreachable

REQUESTS_CHANNEL = "teller_auth_requests"
DECISIONS_CHANNEL = "teller_auth_decisions"


class RequestAlreadyDecided(TellerError):
    code = "request_already_decided"


class RequestNotUsable(TellerError):
    code = "request_not_usable"


@dataclass(frozen=True)
class AuthorisationNeed:
    """What is to be authorised, as the supervisor's dialog shows it."""

    action: str
    maker_id: str
    maker_name: str
    amount_fen: int | None
    account_masked: str | None
    decision: Decision
    # digest of exactly what is authorised (full account, amount, action, maker, workstation, day)
    subject: str = ""

    def details(self) -> dict:
        return {"action": self.action, "maker": self.maker_id, "amount_fen": self.amount_fen,
                "account": self.account_masked, "limit_applies": self.decision.limit_applies,
                "subject": self.subject}


def subject_digest(*, action: str, account: str | None, amount_fen: int | None, maker_id: str,
                   workstation_id: str, business_date: str) -> str:
    """What an approval is bound to: two accounts with the same masked form differ here."""
    what = {"action": action, "account": account, "amount_fen": amount_fen, "maker": maker_id,
            "workstation": workstation_id, "business_date": business_date}
    return hashlib.sha256(canonical_json(what).encode()).hexdigest()


class NeedsAuthorisation(AuthorisationRequired):
    def __init__(self, need: AuthorisationNeed):
        super().__init__("Authorisation required: " + "; ".join(need.decision.reasons))
        self.need = need


@dataclass(frozen=True)
class LocalApproval:
    """A supervisor's badge + PIN presented at the maker's workstation."""

    credentials: Credentials


@dataclass(frozen=True)
class RemoteApproval:
    request_id: int


def request_reasons(row: AuthorisationRequest) -> list[Reason]:
    """Why a stored request needed authorisation, translatable (older rows: English texts)."""
    return [Reason.from_json(r) for r in json.loads(row.reasons)]


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds")


class AuthorisationService:
    def __init__(self, ctx: WorkstationContext, sessions: SessionService, policy: AuthorisationPolicy):
        self.ctx, self.sessions, self.policy = ctx, sessions, policy
        sessions.operations = self  # badge unlock and blacklist go through the policy in force

    def reload_policy(self) -> None:
        from teller.services.policy_rules import load_policy

        self.policy = load_policy(self.ctx)

    # -- the policy's answer -------------------------------------------------------------
    def context(self, *, teller_total_today_fen: int = 0, customer_cash_today_fen: int = 0,
                offline: bool = False) -> AuthContext:
        now = self.ctx.clock.now()
        return AuthContext(offline=offline, after_hours=self.ctx.settings.is_after_hours(now),
                           teller_total_today_fen=teller_total_today_fen,
                           customer_cash_today_fen=customer_cash_today_fen,
                           business_date=now.date(), now=now)

    def need(self, session: TellerSession, action: str, amount_fen: int | None, account: str | None,
             ctx: AuthContext | None = None) -> AuthorisationNeed | None:
        """None when the teller may go ahead alone; raises PermissionDenied when nobody may."""
        decision = self.policy.decide(session.staff.roles, action, amount_fen or 0, ctx or self.context())
        if decision.outcome == "denied":
            raise PermissionDenied("; ".join(decision.reasons) or f"{action} is not permitted.")
        if not decision.needs_authorisation:
            return None
        account = account.strip() if account else None
        subject = subject_digest(action=action, account=account, amount_fen=amount_fen, maker_id=session.teller_id,
                                 workstation_id=self.ctx.workstation_id, business_date=self.ctx.business_date())
        return AuthorisationNeed(action, session.teller_id, session.staff.name, amount_fen,
                                 mask_number(account) if account else None, decision, subject)

    def require(self, session: TellerSession, need: AuthorisationNeed | None,
                approval: LocalApproval | RemoteApproval | None) -> StaffMember | None:
        """The authoriser of `need`, from the approval given; raises NeedsAuthorisation without one."""
        if need is None:
            return None
        if approval is None:
            raise NeedsAuthorisation(need)
        if isinstance(approval, LocalApproval):
            if need.decision.outcome == "remote":
                raise PermissionDenied("This needs a remote authorisation from the supervisor's workstation.")
            return self._approve_locally(session, need, approval.credentials)
        return self._use_remote(session, need, approval.request_id)

    def approve_operation(self, action: str, creds: Credentials, *, subject_id: str | None) -> StaffMember:
        """A supervisor's operation done in person with badge + PIN (badge unlock, blacklist and
        reinstatement, staff changes): whoever presents them must satisfy the rule for `action` in
        force, branch overrides included, and never acts on their own badge or record
        (`subject_id`). Whatever the rules say, only a supervisor does these."""
        approver = self.sessions.check_credentials(creds)
        if subject_id:
            check_separation(subject_id, approver.staff_id)
        decision = self.policy.decide(approver.roles, action, 0, self.context())
        if decision.outcome == "denied":
            raise PermissionDenied("; ".join(decision.reasons) or f"{action} is not permitted.")
        if decision.needs_authorisation:
            may_authorise(approver.roles, self.policy.authoriser_limit_fen(approver.roles), decision, 0)
        require_roles(approver, SUPERVISOR_ROLES, OPERATIONS.get(action, action))
        return approver

    # -- local ------------------------------------------------------------------------------
    def _approve_locally(self, session: TellerSession, need: AuthorisationNeed, creds: Credentials) -> StaffMember:
        supervisor = self.sessions.check_credentials(creds)
        self._check_authoriser(need, supervisor)
        now = _utc(self.ctx.clock.now())
        branch = self.ctx.branch_status
        if not branch.known_down:  # down: badge + PIN here still authorise at once; the journal has it
            try:
                with self.ctx.branch.transaction() as unit:  # the branch's authorisation log holds local approvals too
                    unit.authorisation_requests.add(**self._request_row(session, need, "local", now, now, state="used",
                                                                        decided_by=supervisor.staff_id, decided_at=now))
            except Exception as exc:  # noqa: BLE001 - only an unreachable branch is let through
                if not is_unreachable(exc):
                    raise
                branch.failed(exc)
        with self.ctx.workstation.transaction() as unit:
            self.ctx.record(unit.session, session.teller_id, "authorised_locally", amount_fen=need.amount_fen,
                            payload={**need.details(), "authoriser": supervisor.staff_id,
                                     "level": need.decision.level, "reasons": list(need.decision.reasons)})
        return supervisor

    def _check_authoriser(self, need: AuthorisationNeed, supervisor: StaffMember) -> None:
        check_separation(need.maker_id, supervisor.staff_id)
        may_authorise(supervisor.roles, self.policy.authoriser_limit_fen(supervisor.roles), need.decision,
                      need.amount_fen or 0)

    # -- remote: the maker's side ---------------------------------------------------------------
    def request_remote(self, session: TellerSession, need: AuthorisationNeed) -> int:
        now = self.ctx.clock.now()
        expires = now + dt.timedelta(seconds=self.ctx.settings.auth_request_expiry_seconds)
        with self.ctx.branch.transaction() as unit:
            request_id = unit.authorisation_requests.add(**self._request_row(session, need, "remote", _utc(now),
                                                                             _utc(expires), state="pending"))
            unit.authorisation_requests.announce(REQUESTS_CHANNEL, str(request_id))
        with self.ctx.workstation.transaction() as unit:
            self.ctx.record(unit.session, session.teller_id, "authorisation_requested", amount_fen=need.amount_fen,
                            payload={**need.details(), "request": request_id, "level": need.decision.level})
        return request_id

    def _request_row(self, session: TellerSession, need: AuthorisationNeed, mode: str, created: str,
                     expires: str, **decision) -> dict:
        return dict(
            created_at=created, expires_at=expires, workstation_id=self.ctx.workstation_id,
            maker_id=session.teller_id, action=need.action, account_masked=need.account_masked,
            amount_fen=need.amount_fen, mode=mode, level=need.decision.level,
            allowed_roles=",".join(sorted(r.value for r in need.decision.allowed_roles)),
            reasons=json.dumps([Reason.from_json(r).to_json() for r in need.decision.reasons], ensure_ascii=False),
            details=canonical_json(need.details()), **decision)

    def decisions(self, business_date: str, supervisor_id: str | None = None) -> list[AuthorisationRequest]:
        """The day's decided requests, local and remote (the authorisation log), oldest first."""
        day = dt.date.fromisoformat(business_date)
        tz = self.ctx.clock.now().tzinfo
        start = _utc(dt.datetime.combine(day, dt.time(), tz))
        end = _utc(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tz))
        with self.ctx.branch.reading() as unit:
            return unit.authorisation_requests.decided_between(start, end, supervisor_id)

    def log_lines(self, business_date: str, supervisor_id: str | None = None) -> list[AuthorisationLogLine]:
        names = {}
        lines = []
        for row in self.decisions(business_date, supervisor_id):
            for person in (row.maker_id, row.decided_by):
                if person and person not in names:
                    names[person] = f"{person} {self.sessions.staff_member(person).name.split()[0]}"
            at = dt.datetime.fromisoformat(row.decided_at or row.created_at).astimezone(self.ctx.clock.now().tzinfo)
            lines.append(AuthorisationLogLine(at.strftime("%H:%M:%S"), row.id, row.mode, names[row.maker_id],
                                              names.get(row.decided_by, ""), row.action, row.account_masked or "",
                                              row.amount_fen, row.state, row.decision_reason or ""))
        return lines

    def state_of(self, request_id: int) -> AuthorisationRequest:
        self.expire_due()
        with self.ctx.branch.reading() as unit:
            return unit.authorisation_requests.get(request_id)

    def outcome_for_maker(self, session: TellerSession, request_id: int) -> AuthorisationRequest:
        """The request as the maker's screen sees it; a rejection or an expiry is journaled at the
        maker's workstation once, naming both parties (an approval is journaled when used)."""
        row = self.state_of(request_id)
        if row.state in ("rejected", "expired") and not self._maker_saw(request_id, row.state):
            with self.ctx.workstation.transaction() as unit:
                self.ctx.record(unit.session, session.teller_id, f"authorisation_{row.state}_seen", amount_fen=row.amount_fen,
                                payload={"request": request_id, "authoriser": row.decided_by,
                                         "reason": row.decision_reason, "action": row.action})
        return row

    def _maker_saw(self, request_id: int, state: str) -> bool:
        with self.ctx.workstation.reading() as unit:
            return unit.authorisation_notices.seen(self.ctx.workstation_id, f"authorisation_{state}_seen", request_id)

    def cancel(self, session: TellerSession, request_id: int) -> None:
        with self.ctx.branch.transaction() as unit:
            done = unit.authorisation_requests.cancel(request_id, session.teller_id, _utc(self.ctx.clock.now()))
            unit.authorisation_requests.announce(DECISIONS_CHANNEL, str(request_id))
        if not done:
            raise RequestAlreadyDecided("This request was already decided; it cannot be cancelled.")
        with self.ctx.workstation.transaction() as unit:
            self.ctx.record(unit.session, session.teller_id, "authorisation_cancelled", payload={"request": request_id})

    def _use_remote(self, session: TellerSession, need: AuthorisationNeed, request_id: int) -> StaffMember:
        """An approved request, for exactly the same thing, used once, while fresh, the same day."""
        self.expire_due()
        now = self.ctx.clock.now()
        fresh_since = _utc(now - dt.timedelta(minutes=self.ctx.settings.auth_approval_valid_minutes))
        details = canonical_json(need.details())
        with self.ctx.branch.transaction() as unit:
            requests = unit.authorisation_requests
            used = requests.use(request_id, maker_id=session.teller_id, workstation_id=self.ctx.workstation_id,
                                details=details, approved_since=fresh_since, at=_utc(now))
            row = requests.get(request_id)
        if not used:
            if row is None or row.maker_id != session.teller_id or row.workstation_id != self.ctx.workstation_id:
                raise RequestNotUsable("This approval is for another request.")
            if row.state != "approved":
                raise RequestNotUsable(f"The request is {row.state}, not approved.")
            if row.details != details:
                raise RequestNotUsable("This approval is for another request.")
            raise RequestNotUsable("The request is expired, not approved.")  # approved, no longer fresh
        authoriser = row.decided_by
        with self.ctx.workstation.transaction() as unit:
            self.ctx.record(unit.session, session.teller_id, "authorisation_used", amount_fen=need.amount_fen,
                            payload={**need.details(), "request": request_id, "authoriser": authoriser})
        return self.sessions.staff_member(authoriser)

    # -- remote: the supervisor's side --------------------------------------------------------------
    def pending_for(self, supervisor: TellerSession) -> list[AuthorisationRequest]:
        """Requests this supervisor may decide (never their own), oldest first."""
        self.expire_due()
        with self.ctx.branch.reading() as unit:
            rows = unit.authorisation_requests.pending()
        return [r for r in rows if r.maker_id != supervisor.teller_id
                and supervisor.staff.roles & parse_roles(r.allowed_roles)]

    def decide(self, supervisor: TellerSession, request_id: int, approve: bool, reason: str = "") -> None:
        self.sessions.require_active(supervisor)
        with self.ctx.branch.reading() as unit:
            row = unit.authorisation_requests.get(request_id)
        if row is None:
            raise RequestNotUsable(f"No authorisation request {request_id}.")
        if approve:
            self._check_authoriser(self._need_of(row), supervisor.staff)
        elif not reason.strip():
            raise TellerError("Give the teller a reason for the rejection.")
        check_separation(row.maker_id, supervisor.teller_id)
        now = _utc(self.ctx.clock.now())
        with self.ctx.branch.transaction() as unit:
            won = unit.authorisation_requests.decide(request_id, "approved" if approve else "rejected",
                                                     supervisor.teller_id, now, reason.strip() or None)
            if won:
                unit.authorisation_requests.announce(DECISIONS_CHANNEL, str(request_id))
        if not won:
            latest = self.state_of(request_id)
            raise RequestAlreadyDecided(f"Request {request_id} was already {latest.state}"
                                        + (f" by {latest.decided_by}." if latest.decided_by else "."))
        with self.ctx.workstation.transaction() as unit:
            self.ctx.record(unit.session, supervisor.teller_id, "authorisation_approved" if approve else "authorisation_rejected",
                            amount_fen=row.amount_fen,
                            payload={"request": request_id, "maker": row.maker_id, "action": row.action,
                                     "account": row.account_masked, "reason": reason.strip()})

    def _need_of(self, row: AuthorisationRequest) -> AuthorisationNeed:
        details = json.loads(row.details)
        decision = Decision(outcome="remote", level=row.level, reasons=request_reasons(row),
                            allowed_roles=frozenset(Role(r) for r in row.allowed_roles.split(",") if r),
                            action=row.action, amount_fen=row.amount_fen or 0,
                            limit_applies=details.get("limit_applies", True))
        return AuthorisationNeed(row.action, row.maker_id, "", row.amount_fen, row.account_masked, decision,
                                 details.get("subject", ""))

    def expire_due(self) -> int:
        """Pending requests past their expiry; approvals not used within approval_valid_minutes or
        made on an earlier business day."""
        moment = self.ctx.clock.now()
        day_start = dt.datetime.combine(moment.date(), dt.time(), moment.tzinfo)
        stale = moment - dt.timedelta(minutes=self.ctx.settings.auth_approval_valid_minutes)
        with self.ctx.branch.transaction() as unit:
            expired = unit.authorisation_requests.expire(_utc(moment), _utc(stale), _utc(day_start))
            if expired:
                unit.authorisation_requests.announce(DECISIONS_CHANNEL, "expired")
        return expired
