"""The lobby (大堂): queue tickets by service type, counters calling the next ticket, VIP
recognition, forms pre-filled at the lobby and bound to a ticket, complaints with follow-up
and reply, and the day's service report.

The lobby manager issues tickets and records complaints; a counter calls the oldest waiting
ticket of the types its role serves (VIP tickets first) and receives the ticket's pre-filled
form, which the teller only checks. Every step is a line of the branch store and a journal
entry at the workstation where it was done.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

from teller.domain.errors import TellerError
from teller.domain.lobby import LobbyRefused, ServedTicket, ServiceCatalogue, ServiceLine, service_report
from teller.domain.money import parse_amount, to_fen
from teller.domain.roles import Role
from teller.services.context import WorkstationContext
from teller.services.credentials import require_roles
from teller.services.session import SessionService, TellerSession
from teller.store.stores import BranchStore

LOBBY_ROLES = frozenset({Role.LOBBY_MANAGER, Role.BRANCH_MANAGER})
COUNTER_ROLES = frozenset({Role.CASH_TELLER, Role.NONCASH_TELLER, Role.CLEARING_CLERK})
# how many numbers issuing tries when other lobby terminals take the same number at once
_NUMBER_RETRIES = 5


class TicketNotYours(TellerError):
    code = "ticket_not_yours"


@dataclass(frozen=True)
class PrefilledForm:
    """A transaction the lobby filled in with the customer; the counter checks it, then posts."""

    tx_code: str
    account: str
    amount_fen: int

    def to_json(self) -> str:
        return json.dumps({"tx_code": self.tx_code, "account": self.account, "amount_fen": self.amount_fen},
                          sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> "PrefilledForm | None":
        if not text:
            return None
        raw = json.loads(text)
        return cls(raw["tx_code"], raw["account"], int(raw["amount_fen"]))


@dataclass(frozen=True)
class Ticket:
    ticket_id: int
    number: str
    service: str
    state: str
    issued_at: str
    customer_name: str
    vip: bool
    form: PrefilledForm | None
    called_by: str | None = None
    workstation_id: str | None = None


@dataclass(frozen=True)
class VipSighting:
    alert_id: int
    name: str
    level: str
    seen_by: str  # card | tag
    at: str
    ticket_number: str | None
    serving_workstation: str | None


@dataclass(frozen=True)
class QueueBoard:
    """What the lobby's screen shows: who waits for what, and which ticket each counter serves."""

    waiting: dict[str, list[str]]  # service type -> waiting ticket numbers, next first
    serving: dict[str, str]  # workstation -> ticket number


@dataclass(frozen=True)
class ComplaintView:
    complaint_id: int
    at: str
    customer_name: str
    subject: str
    state: str
    steps: list[tuple[str, str, str, str]]  # (at, kind, staff_id, text)


@dataclass(frozen=True)
class ServiceReport:
    business_date: str
    lines: list[ServiceLine]
    complaints_received: int
    complaints_open: int
    vip_sightings: int


def _ticket(row) -> Ticket:
    return Ticket(row.id, row.number, row.service, row.state, row.issued_at, row.customer_name, row.vip,
                  PrefilledForm.from_json(row.form), row.called_by, row.workstation_id)


class LobbyService:
    def __init__(self, ctx: WorkstationContext, sessions: SessionService, branch: BranchStore,
                 services: ServiceCatalogue):
        self.ctx, self.sessions, self.branch, self.services = ctx, sessions, branch, services

    def _journal(self, session: TellerSession, kind: str, **payload) -> None:
        with self.ctx.workstation_tx() as db:
            self.ctx.record(db, session.teller_id, kind, payload=payload)

    # -- the lobby manager ------------------------------------------------------------------
    def issue_ticket(self, session: TellerSession, service: str, *, customer_name: str = "",
                     account: str | None = None, form: tuple[str, str, str] | None = None) -> Ticket:
        """A queue ticket for a service type; `form` = (transaction code, account, amount as typed)
        pre-fills that transaction for the counter that calls the ticket."""
        self.sessions.require_active(session)
        require_roles(session.staff, LOBBY_ROLES, "issue queue tickets")
        kind = self.services.get(service)
        prefilled = self._prefill(kind.tx_codes, form) if form else None
        account = (account or (prefilled.account if prefilled else "") or "").strip() or None
        day, now = self.ctx.business_date(), self.ctx.now_text()
        with self.branch.required("Queue tickets", write=True) as unit:
            vip = account is not None and unit.lobby.vip_by_account(account) is not None
            for _attempt in range(_NUMBER_RETRIES):
                number = kind.ticket_number(unit.lobby.tickets_issued(day, kind.code) + 1)
                row = unit.lobby.add_ticket(
                    business_date=day, number=number, service=kind.code, state="waiting", issued_at=now,
                    issued_by=session.teller_id, customer_name=customer_name.strip(), account=account,
                    vip=vip, form=prefilled.to_json() if prefilled else None)
                if row is not None:
                    ticket = _ticket(row)
                    break
            else:
                raise LobbyRefused("Other lobby terminals keep taking the same ticket number: try again.")
        self._journal(session, "ticket_issued", ticket=ticket.number, service=kind.code, vip=ticket.vip,
                      prefilled=prefilled.tx_code if prefilled else None)
        return ticket

    def _prefill(self, tx_codes: tuple[str, ...], form: tuple[str, str, str]) -> PrefilledForm:
        tx_code, account, amount_text = (part.strip() for part in form)
        if tx_code not in tx_codes:
            raise LobbyRefused(f"Transaction {tx_code} cannot be pre-filled for this service type.")
        if not account.isdigit():
            raise LobbyRefused("The pre-filled account number must be digits only.")
        amount: Decimal = parse_amount(amount_text)
        return PrefilledForm(tx_code, account, to_fen(amount))

    def register_vip(self, session: TellerSession, name: str, level: str, *, account: str | None = None,
                     tag_uid: str | None = None) -> int:
        self.sessions.require_active(session)
        require_roles(session.staff, LOBBY_ROLES, "register VIP customers")
        if not (account or tag_uid):
            raise LobbyRefused("A VIP is recognised by an account (card) or an RFID tag: give one.")
        with self.branch.required("VIP customers", write=True) as unit:
            vip_id = unit.lobby.add_vip(name=name.strip(), level=level.strip(), account=account,
                                        tag_uid=tag_uid.strip().upper() if tag_uid else None).id
        self._journal(session, "vip_registered", vip_id=vip_id, level=level)
        return vip_id

    def customer_seen(self, *, account: str | None = None, tag_uid: str | None = None,
                      seen_by: str = "card") -> VipSighting | None:
        """A card read or an RFID tag seen at the lobby: a VIP raises an alert for the lobby manager
        and, when the customer holds a ticket of today, for the counter that serves it."""
        day = self.ctx.business_date()
        with self.branch.transaction() as unit:
            vip = unit.lobby.vip_by_account(account) if account else unit.lobby.vip_by_tag((tag_uid or "").upper())
            if vip is None:
                return None
            ticket = None
            if vip.account:
                held = [t for t in unit.lobby.tickets_of_day(day)
                        if t.account == vip.account and t.state in ("waiting", "called")]
                ticket = held[-1] if held else None
            alert = unit.lobby.add_alert(business_date=day, at=self.ctx.now_text(), vip_id=vip.id, seen_by=seen_by,
                                         workstation_id=self.ctx.workstation_id,
                                         ticket_id=ticket.id if ticket else None)
            return VipSighting(alert.id, vip.name, vip.level, seen_by, alert.at, ticket.number if ticket else None,
                               ticket.workstation_id if ticket else None)

    def vip_alerts(self, session: TellerSession) -> list[VipSighting]:
        """The lobby manager sees every open alert; a counter those of the ticket it serves."""
        self.sessions.require_active(session)
        lobby = session.staff.has_any(LOBBY_ROLES)
        with self.branch.required("VIP alerts") as unit:
            rows = unit.lobby.open_alerts(self.ctx.business_date())
            return [VipSighting(alert.id, vip.name, vip.level, alert.seen_by, alert.at,
                                ticket.number if ticket else None, ticket.workstation_id if ticket else None)
                    for alert, vip, ticket in rows
                    if lobby or (ticket is not None and ticket.called_by == session.teller_id)]

    def acknowledge_alert(self, session: TellerSession, alert_id: int) -> None:
        self.sessions.require_active(session)
        with self.branch.required("VIP alerts", write=True) as unit:
            if not unit.lobby.acknowledge_alert(alert_id, session.teller_id):
                raise LobbyRefused("This VIP alert was already acknowledged.")

    # -- the counter ------------------------------------------------------------------------
    def call_next(self, session: TellerSession) -> Ticket | None:
        """The next ticket this counter serves (VIP first, then oldest), or None when nobody waits.
        Two counters calling at once never get the same ticket."""
        self.sessions.require_active(session)
        require_roles(session.staff, COUNTER_ROLES, "call queue tickets")
        served = self.services.served_by(r.value for r in session.staff.roles)
        day = self.ctx.business_date()
        with self.branch.required("The queue", write=True) as unit:
            for candidate in unit.lobby.oldest_waiting(day, served):
                if unit.lobby.claim(candidate.id, from_state="waiting", to_state="called",
                                    called_at=self.ctx.now_text(), called_by=session.teller_id,
                                    workstation_id=self.ctx.workstation_id):
                    unit.session.refresh(candidate)
                    ticket = _ticket(candidate)
                    break
            else:
                return None
        self._journal(session, "ticket_called", ticket=ticket.number, service=ticket.service)
        return ticket

    def finish(self, session: TellerSession, ticket_id: int, *, no_show: bool = False) -> Ticket:
        """The customer was served (or did not come when called): the counter is free again."""
        self.sessions.require_active(session)
        with self.branch.required("The queue", write=True) as unit:
            row = unit.lobby.ticket(ticket_id)
            if row is None or row.called_by != session.teller_id or row.state != "called":
                raise TicketNotYours("Only the counter that called this ticket may finish it.")
            unit.lobby.claim(ticket_id, from_state="called", to_state="no_show" if no_show else "done",
                             finished_at=self.ctx.now_text())
            unit.session.refresh(row)
            ticket = _ticket(row)
        self._journal(session, "ticket_finished", ticket=ticket.number, state=ticket.state)
        return ticket

    def board(self) -> QueueBoard:
        waiting: dict[str, list[str]] = {t.code: [] for t in self.services.types}
        serving: dict[str, str] = {}
        with self.branch.required("The queue board") as unit:
            rows = unit.lobby.tickets_of_day(self.ctx.business_date())
        for row in sorted(rows, key=lambda r: (not r.vip, r.id)):  # called in this order: VIP first
            if row.state == "waiting":
                waiting.setdefault(row.service, []).append(row.number)
            elif row.state == "called" and row.workstation_id:
                serving[row.workstation_id] = row.number
        return QueueBoard(waiting, serving)

    # -- complaints -------------------------------------------------------------------------
    def record_complaint(self, session: TellerSession, customer_name: str, subject: str, *,
                         contact: str = "", ticket_number: str | None = None) -> int:
        self.sessions.require_active(session)
        require_roles(session.staff, LOBBY_ROLES, "record complaints")
        if not customer_name.strip() or not subject.strip():
            raise LobbyRefused("A complaint needs the customer's name and what it is about.")
        with self.branch.required("Complaints", write=True) as unit:
            complaint_id = unit.lobby.add_complaint(
                business_date=self.ctx.business_date(), at=self.ctx.now_text(), customer_name=customer_name.strip(),
                contact=contact.strip(), ticket_number=ticket_number, subject=subject.strip(),
                recorded_by=session.teller_id, state="open").id
        self._journal(session, "complaint_recorded", complaint=complaint_id)
        return complaint_id

    def add_complaint_step(self, session: TellerSession, complaint_id: int, kind: str, text: str) -> None:
        """A follow-up (跟进), the reply to the customer (回复), or closing it (only once replied)."""
        self.sessions.require_active(session)
        require_roles(session.staff, LOBBY_ROLES, "follow up complaints")
        if kind not in ("follow_up", "reply", "close") or not text.strip():
            raise LobbyRefused("A complaint step is a follow-up, a reply or a close, with its text.")
        with self.branch.required("Complaints", write=True) as unit:
            complaint = unit.lobby.complaint(complaint_id)
            if complaint is None:
                raise LobbyRefused(f"No complaint number {complaint_id}.")
            if complaint.state == "closed":
                raise LobbyRefused(f"Complaint {complaint_id} is closed.")
            if kind == "close" and complaint.state != "replied":
                raise LobbyRefused(f"Complaint {complaint_id} cannot be closed before the customer had a reply.")
            unit.lobby.add_complaint_step(complaint_id=complaint_id, at=self.ctx.now_text(), kind=kind,
                                          staff_id=session.teller_id, text=text.strip())
            if kind in ("reply", "close"):
                unit.lobby.set_complaint_state(complaint_id, "replied" if kind == "reply" else "closed")
        self._journal(session, f"complaint_{kind}", complaint=complaint_id)

    def complaints(self, open_only: bool = True) -> list[ComplaintView]:
        with self.branch.required("Complaints") as unit:
            return [ComplaintView(c.id, c.at, c.customer_name, c.subject, c.state,
                                  [(s.at, s.kind, s.staff_id, s.text) for s in unit.lobby.complaint_steps(c.id)])
                    for c in unit.lobby.complaints(open_only=open_only)]

    # -- the day's report -------------------------------------------------------------------
    def service_report(self, business_date: str | None = None) -> ServiceReport:
        day = business_date or self.ctx.business_date()
        parse = dt.datetime.fromisoformat
        with self.branch.required("The service report") as unit:
            tickets = [ServedTicket(t.service, parse(t.issued_at), parse(t.called_at) if t.called_at else None,
                                    parse(t.finished_at) if t.finished_at else None, t.state)
                       for t in unit.lobby.tickets_of_day(day)]
            complaints = unit.lobby.complaints(business_date=day)
            sightings = unit.lobby.alerts_of_day(day)
        return ServiceReport(day, service_report(tickets, [t.code for t in self.services.types]),
                             len(complaints), sum(c.state != "closed" for c in complaints), sightings)

