"""Branch-store table of the business day (营业日): opened and closed by the branch manager,
never by the clock. At most one day is open at a time (a partial unique index, so two
managers opening at once cannot both succeed)."""
from __future__ import annotations

from sqlalchemy import Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from teller.store.models import BranchBase


class BusinessDay(BranchBase):
    __tablename__ = "business_day"
    business_date: Mapped[str] = mapped_column(String(10), primary_key=True)
    state: Mapped[str] = mapped_column(String(8))  # open | closed
    opened_by: Mapped[str] = mapped_column(String(32))
    opened_at: Mapped[str] = mapped_column(String(40))
    opened_workstation: Mapped[str] = mapped_column(String(16))
    closed_by: Mapped[str | None] = mapped_column(String(32))
    closed_at: Mapped[str | None] = mapped_column(String(40))
    closed_workstation: Mapped[str | None] = mapped_column(String(16))

    __table_args__ = (
        Index("ux_business_day_one_open", "state", unique=True,
              sqlite_where=text("state = 'open'"), postgresql_where=text("state = 'open'")),
    )
