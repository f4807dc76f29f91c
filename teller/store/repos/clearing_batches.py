"""Clearing batches (提出/提入) and their items, in the branch store."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teller.store.clearing_models import ClearingBatch, ClearingItem


class ClearingBatchRepository:
    def __init__(self, session: Session):
        self.session = session

    # -- batches --------------------------------------------------------------------------------
    def add_batch(self, **columns) -> ClearingBatch:
        batch = ClearingBatch(**columns)
        self.session.add(batch)
        self.session.flush()
        return batch

    def batch(self, batch_id: int, *, for_update: bool = False) -> ClearingBatch | None:
        return self.session.get(ClearingBatch, batch_id, with_for_update=for_update)

    def open_outgoing(self, clerk_id: str, business_date: str) -> ClearingBatch | None:
        """The clerk's outgoing batch of the day still taking cheques."""
        return self.session.execute(select(ClearingBatch).where(
            ClearingBatch.direction == "outgoing", ClearingBatch.clerk_id == clerk_id,
            ClearingBatch.business_date == business_date, ClearingBatch.state == "open")
            .order_by(ClearingBatch.id.desc()).with_for_update()).scalars().first()

    def by_file(self, file_sha256: str) -> ClearingBatch | None:
        return self.session.execute(select(ClearingBatch).where(ClearingBatch.file_sha256 == file_sha256)).scalar()

    def import_whole(self, batch_columns: dict, items: list[dict]) -> tuple[ClearingBatch, bool]:
        """Adds an incoming batch and all its items in a savepoint, or finds the same file imported
        already (its SHA-256 is unique: two clerks importing one file at once import it once).
        Returns (batch, imported now)."""
        known = self.by_file(batch_columns["file_sha256"])
        if known is not None:
            return known, False
        try:
            with self.session.begin_nested():
                batch = self.add_batch(**batch_columns)
                self.session.add_all(ClearingItem(batch_id=batch.id, **item) for item in items)
                self.session.flush()
        except IntegrityError:
            known = self.by_file(batch_columns["file_sha256"])
            if known is None:
                raise
            return known, False
        return batch, True

    def batches_of_day(self, business_date: str, clerk_id: str | None = None) -> list[ClearingBatch]:
        stmt = select(ClearingBatch).where(ClearingBatch.business_date == business_date)
        if clerk_id is not None:
            stmt = stmt.where(ClearingBatch.clerk_id == clerk_id)
        return list(self.session.execute(stmt.order_by(ClearingBatch.id)).scalars())

    # -- items ----------------------------------------------------------------------------------
    def add_item(self, **columns) -> ClearingItem:
        item = ClearingItem(**columns)
        self.session.add(item)
        self.session.flush()
        return item

    def next_line_no(self, batch_id: int) -> int:
        return (self.session.execute(select(func.max(ClearingItem.line_no)).where(ClearingItem.batch_id == batch_id))
                .scalar() or 0) + 1

    def item(self, item_id: int, *, for_update: bool = False) -> ClearingItem | None:
        return self.session.get(ClearingItem, item_id, with_for_update=for_update)

    def items(self, batch_id: int) -> list[ClearingItem]:
        return list(self.session.execute(select(ClearingItem).where(ClearingItem.batch_id == batch_id)
                                         .order_by(ClearingItem.line_no)).scalars())

    def outgoing_duplicate(self, cheque_no: str, bank_code: str, account: str) -> ClearingItem | None:
        """The same cheque presented already in an outgoing batch (a cheque clears once)."""
        return self.session.execute(select(ClearingItem).join(ClearingBatch).where(
            ClearingBatch.direction == "outgoing", ClearingItem.cheque_no == cheque_no,
            ClearingItem.bank_code == bank_code, ClearingItem.account == account)).scalars().first()

    def items_of_day(self, business_date: str, clerk_id: str) -> list[tuple[str, ClearingItem]]:
        """(direction, item) of every batch of the clerk's day."""
        return [(d, i) for d, i in self.session.execute(
            select(ClearingBatch.direction, ClearingItem).join(ClearingBatch).where(
                ClearingBatch.business_date == business_date, ClearingBatch.clerk_id == clerk_id)
            .order_by(ClearingItem.id)).all()]

    def items_in_state(self, state: str, workstation_id: str) -> list[ClearingItem]:
        return list(self.session.execute(select(ClearingItem).join(ClearingBatch).where(
            ClearingItem.state == state, ClearingBatch.workstation_id == workstation_id)
            .order_by(ClearingItem.id)).scalars())
