"""The business days of the branch store, in the branch's words."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teller.store.business_day_models import BusinessDay


@dataclass(frozen=True)
class DayState:
    business_date: str
    state: str
    opened_by: str
    opened_at: str
    closed_by: str | None
    closed_at: str | None


def _state(row: BusinessDay) -> DayState:
    return DayState(row.business_date, row.state, row.opened_by, row.opened_at, row.closed_by, row.closed_at)


class AnotherDayOpen(Exception):
    """A concurrent open won the race (the one-open-day index refused this one)."""


class BusinessDayRepository:
    def __init__(self, session: Session):
        self.session = session

    def open_day(self) -> DayState | None:
        row = self.session.execute(select(BusinessDay).where(BusinessDay.state == "open")).scalar_one_or_none()
        return _state(row) if row else None

    def day(self, business_date: str) -> DayState | None:
        row = self.session.get(BusinessDay, business_date)
        return _state(row) if row else None

    def latest_date(self) -> str | None:
        return self.session.execute(select(func.max(BusinessDay.business_date))).scalar()

    def open(self, business_date: str, by: str, at: str, workstation: str) -> DayState:
        row = BusinessDay(business_date=business_date, state="open", opened_by=by, opened_at=at,
                          opened_workstation=workstation)
        try:
            with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError as exc:
            raise AnotherDayOpen(str(exc.orig)) from None
        return _state(row)

    def close(self, business_date: str, by: str, at: str, workstation: str) -> bool:
        """Closes the day if it is still open; False when another close got there first."""
        done = self.session.execute(
            update(BusinessDay).where(BusinessDay.business_date == business_date, BusinessDay.state == "open")
            .values(state="closed", closed_by=by, closed_at=at, closed_workstation=workstation))
        return done.rowcount == 1
