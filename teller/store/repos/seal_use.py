"""Seal use on outside documents (对外用印) and its line in the seal register, in the branch store."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from teller.store.clearing_models import SealUse
from teller.store.custody_models import CustodyEvent, CustodyItem


class SealUseRepository:
    def __init__(self, session: Session):
        self.session = session

    def seal(self, item_id: int) -> CustodyItem | None:
        return self.session.get(CustodyItem, item_id, with_for_update=True)

    def seal_named(self, name: str) -> CustodyItem | None:
        return self.session.execute(select(CustodyItem).where(CustodyItem.name == name)).scalar()

    def record(self, *, item: CustodyItem, document: str, purpose: str, copies: int, used_by: str, approved_by: str,
               at: str, workstation_id: str) -> SealUse:
        """The use, and its line in 重要业务印章使用保管登记簿 (append-only custody_register)."""
        use = SealUse(item_id=item.id, document=document, purpose=purpose, copies=copies, used_by=used_by,
                      approved_by=approved_by, at=at, workstation_id=workstation_id)
        self.session.add(use)
        self.session.add(CustodyEvent(at=at, item_id=item.id, event="used_outside", keeper_id=used_by,
                                      receiver_id=None, witness_id=approved_by, workstation_id=workstation_id,
                                      note=f"{document} ×{copies}: {purpose}"))
        self.session.flush()
        return use

    def uses_of_day(self, day: str) -> list[tuple[SealUse, str]]:
        return [(u, name) for u, name in self.session.execute(
            select(SealUse, CustodyItem.name).join(CustodyItem).where(SealUse.at >= day, SealUse.at < day + "~")
            .order_by(SealUse.id)).all()]
