"""Staff, badges and the staff-change register in the branch store."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teller.store.models import Badge, Staff
from teller.store.staff_models import StaffChange


class StaffAndBadges:
    def __init__(self, session: Session):
        self.session = session

    def member(self, staff_id: str) -> Staff | None:
        return self.session.get(Staff, staff_id)

    def badge(self, uid: str, *, for_update: bool = False) -> Badge | None:
        return self.session.get(Badge, uid, with_for_update=for_update)

    def is_empty(self) -> bool:
        """No staff at all: the first enrolment of a new branch."""
        return not self.session.execute(select(func.count()).select_from(Staff)).scalar()

    def add_member(self, *, staff_id: str, name: str, roles: str, pin_hash: str) -> None:
        self.session.add(Staff(staff_id=staff_id, name=name, roles=roles, pin_hash=pin_hash, active=True))
        self.session.flush()

    def set_roles(self, staff_id: str, roles: str) -> None:
        self.session.get(Staff, staff_id, with_for_update=True).roles = roles

    def add_badge(self, *, uid: str, staff_id: str, at: str) -> None:
        self.session.add(Badge(uid=uid, staff_id=staff_id, status="active", failed_pins=0, updated_at=at))
        self.session.flush()

    def set_badge_status(self, uid: str, status: str, at: str, *, only_from: tuple[str, ...]) -> bool:
        """Changes the badge's status (clearing the wrong-PIN count) only while it is in one of
        `only_from`, in this transaction (locked row): False when it was not."""
        badge = self.session.get(Badge, uid, with_for_update=True)
        if badge is None or badge.status not in only_from:
            return False
        badge.status, badge.failed_pins, badge.updated_at = status, 0, at
        return True

    def record_change(self, **fields) -> None:
        self.session.add(StaffChange(**fields))

    def changes(self, since: str | None = None) -> list[StaffChange]:
        query = select(StaffChange).order_by(StaffChange.id)
        if since:
            query = query.where(StaffChange.at >= since)
        return list(self.session.execute(query).scalars())
