"""Vault runs (接送库) in the branch store."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from teller.store.clearing_models import VaultRun


class VaultRunRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, **columns) -> VaultRun:
        run = VaultRun(**columns)
        self.session.add(run)
        self.session.flush()
        return run

    def by_id(self, run_id: int, *, for_update: bool = False) -> VaultRun | None:
        return self.session.get(VaultRun, run_id, with_for_update=for_update)

    def planned_for_box(self, box_tag: str) -> list[VaultRun]:
        return list(self.session.execute(select(VaultRun).where(VaultRun.box_tag == box_tag,
                                                                VaultRun.state == "planned")).scalars())

    def of_day(self, day: str) -> list[VaultRun]:
        """Runs whose window opens on `day` (YYYY-MM-DD)."""
        return list(self.session.execute(select(VaultRun).where(VaultRun.window_from >= day,
                                                                VaultRun.window_from < day + "~")
                                         .order_by(VaultRun.window_from, VaultRun.id)).scalars())
