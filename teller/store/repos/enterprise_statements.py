"""Monthly bank-enterprise statements (银企对账单) and the companies' replies, in the branch store."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from teller.store.clearing_models import EnterpriseStatement


class EnterpriseStatementRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, **columns) -> EnterpriseStatement:
        statement = EnterpriseStatement(**columns)
        self.session.add(statement)
        self.session.flush()
        return statement

    def of(self, account: str, period: str, *, for_update: bool = False) -> EnterpriseStatement | None:
        stmt = select(EnterpriseStatement).where(EnterpriseStatement.account == account,
                                                 EnterpriseStatement.period == period)
        return self.session.execute(stmt.with_for_update() if for_update else stmt).scalar()

    def of_period(self, period: str) -> list[EnterpriseStatement]:
        return list(self.session.execute(select(EnterpriseStatement).where(EnterpriseStatement.period == period)
                                         .order_by(EnterpriseStatement.account)).scalars())

    def unanswered(self, period: str | None = None) -> list[EnterpriseStatement]:
        stmt = select(EnterpriseStatement).where(EnterpriseStatement.reply.is_(None))
        if period is not None:
            stmt = stmt.where(EnterpriseStatement.period == period)
        return list(self.session.execute(stmt.order_by(EnterpriseStatement.period,
                                                       EnterpriseStatement.account)).scalars())
