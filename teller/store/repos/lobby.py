"""The lobby's tables: queue tickets, VIP customers and alerts, complaints."""
from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teller.store.lobby_models import Complaint, ComplaintStep, QueueTicket, VipAlert, VipCustomer


class LobbyRepository:
    def __init__(self, session: Session):
        self.session = session

    # -- tickets ----------------------------------------------------------------------------
    def tickets_issued(self, business_date: str, service: str) -> int:
        return self.session.execute(select(func.count()).select_from(QueueTicket).where(
            QueueTicket.business_date == business_date, QueueTicket.service == service)).scalar_one()

    def add_ticket(self, **fields) -> QueueTicket | None:
        """The new ticket, or None when its number was taken meanwhile by another lobby terminal
        (the unique number per day; a savepoint keeps the caller's transaction usable)."""
        ticket = QueueTicket(**fields)
        try:
            with self.session.begin_nested():
                self.session.add(ticket)
        except IntegrityError:
            return None
        return ticket

    def ticket(self, ticket_id: int) -> QueueTicket | None:
        return self.session.get(QueueTicket, ticket_id)

    def ticket_by_number(self, business_date: str, number: str) -> QueueTicket | None:
        return self.session.execute(select(QueueTicket).where(
            QueueTicket.business_date == business_date, QueueTicket.number == number)).scalar_one_or_none()

    def oldest_waiting(self, business_date: str, services: list[str]) -> list[QueueTicket]:
        """Waiting tickets of these types, VIP first, then in the order they were issued."""
        return list(self.session.execute(select(QueueTicket).where(
            QueueTicket.business_date == business_date, QueueTicket.state == "waiting",
            QueueTicket.service.in_(services)).order_by(QueueTicket.vip.desc(), QueueTicket.id).limit(5)).scalars())

    def claim(self, ticket_id: int, *, from_state: str, to_state: str, **fields) -> bool:
        """Moves a ticket on only if it is still in `from_state`: two counters calling at once
        never both get it (the loser's UPDATE matches no row)."""
        result = self.session.execute(update(QueueTicket).where(
            QueueTicket.id == ticket_id, QueueTicket.state == from_state).values(state=to_state, **fields))
        return result.rowcount == 1

    def tickets_of_day(self, business_date: str) -> list[QueueTicket]:
        return list(self.session.execute(select(QueueTicket).where(QueueTicket.business_date == business_date)
                                         .order_by(QueueTicket.id)).scalars())

    # -- VIP --------------------------------------------------------------------------------
    def add_vip(self, **fields) -> VipCustomer:
        vip = VipCustomer(**fields)
        self.session.add(vip)
        self.session.flush()
        return vip

    def vip_by_account(self, account: str) -> VipCustomer | None:
        return self.session.execute(select(VipCustomer).where(VipCustomer.account == account)).scalar_one_or_none()

    def vip_by_tag(self, tag_uid: str) -> VipCustomer | None:
        return self.session.execute(select(VipCustomer).where(VipCustomer.tag_uid == tag_uid)).scalar_one_or_none()

    def add_alert(self, **fields) -> VipAlert:
        alert = VipAlert(**fields)
        self.session.add(alert)
        self.session.flush()
        return alert

    def open_alerts(self, business_date: str) -> list[tuple[VipAlert, VipCustomer, QueueTicket | None]]:
        rows = self.session.execute(
            select(VipAlert, VipCustomer, QueueTicket).join(VipCustomer, VipCustomer.id == VipAlert.vip_id)
            .outerjoin(QueueTicket, QueueTicket.id == VipAlert.ticket_id)
            .where(VipAlert.business_date == business_date, VipAlert.acknowledged_by.is_(None))
            .order_by(VipAlert.id)).all()
        return [tuple(row) for row in rows]

    def alerts_of_day(self, business_date: str) -> int:
        return self.session.execute(select(func.count()).select_from(VipAlert)
                                    .where(VipAlert.business_date == business_date)).scalar_one()

    def acknowledge_alert(self, alert_id: int, staff_id: str) -> bool:
        result = self.session.execute(update(VipAlert).where(
            VipAlert.id == alert_id, VipAlert.acknowledged_by.is_(None)).values(acknowledged_by=staff_id))
        return result.rowcount == 1

    # -- complaints -------------------------------------------------------------------------
    def add_complaint(self, **fields) -> Complaint:
        complaint = Complaint(**fields)
        self.session.add(complaint)
        self.session.flush()
        return complaint

    def complaint(self, complaint_id: int) -> Complaint | None:
        return self.session.get(Complaint, complaint_id)

    def set_complaint_state(self, complaint_id: int, state: str) -> None:
        self.session.execute(update(Complaint).where(Complaint.id == complaint_id).values(state=state))

    def add_complaint_step(self, **fields) -> ComplaintStep:
        step = ComplaintStep(**fields)
        self.session.add(step)
        self.session.flush()
        return step

    def complaints(self, business_date: str | None = None, open_only: bool = False) -> list[Complaint]:
        stmt = select(Complaint).order_by(Complaint.id)
        if business_date:
            stmt = stmt.where(Complaint.business_date == business_date)
        if open_only:
            stmt = stmt.where(Complaint.state != "closed")
        return list(self.session.execute(stmt).scalars())

    def complaint_steps(self, complaint_id: int) -> list[ComplaintStep]:
        return list(self.session.execute(select(ComplaintStep).where(ComplaintStep.complaint_id == complaint_id)
                                         .order_by(ComplaintStep.id)).scalars())
