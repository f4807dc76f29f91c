"""Specimen seal cards (印鉴卡) of company accounts, in the branch store."""
from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from teller.store.clearing_models import SealCard


class SealCardRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, **columns) -> SealCard:
        card = SealCard(**columns)
        self.session.add(card)
        self.session.flush()
        return card

    def by_id(self, card_id: int, *, for_update: bool = False) -> SealCard | None:
        return self.session.get(SealCard, card_id, with_for_update=for_update)

    def of_account(self, account: str, *, for_update: bool = False) -> list[SealCard]:
        """The account's cards, oldest first (locked, when registering, so two clerks registering
        cards of one account are checked for overlap one after the other)."""
        stmt = select(SealCard).where(SealCard.account == account).order_by(SealCard.valid_from, SealCard.id)
        return list(self.session.execute(stmt.with_for_update() if for_update else stmt).scalars())

    def valid_on(self, account: str, day: str) -> SealCard | None:
        """The card valid on `day` (YYYY-MM-DD); the newest when two would be."""
        return self.session.execute(
            select(SealCard).where(SealCard.account == account, SealCard.valid_from <= day,
                                   or_(SealCard.valid_to.is_(None), SealCard.valid_to >= day))
            .order_by(SealCard.valid_from.desc(), SealCard.id.desc()).limit(1)).scalar()

    def all(self) -> list[SealCard]:
        return list(self.session.execute(select(SealCard).order_by(SealCard.id)).scalars())
