"""The blank voucher stock by serial (重要空白凭证) and its register, in the branch store."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from teller.store.models import Staff
from teller.store.voucher_models import VoucherEvent, VoucherSerial

S, E = VoucherSerial, VoucherEvent


@dataclass(frozen=True)
class SerialState:
    serial: int
    state: str
    holder_id: str | None
    used_by: str | None
    sold_to: str | None


@dataclass(frozen=True)
class VoucherRegisterRow:
    at: str
    type_code: str
    first_serial: int
    last_serial: int
    event: str
    teller_id: str | None
    actor_id: str
    authoriser_id: str | None
    reference: str | None
    workstation_id: str
    note: str


class VoucherRepository:
    def __init__(self, session: Session):
        self.session = session

    # -- reading ----------------------------------------------------------------------------
    def serials_in(self, type_code: str, first: int, last: int, *, lock: bool = False) -> dict[int, SerialState]:
        """The serials of the range that exist, by number; `lock` holds them until the commit."""
        stmt = select(S).where(S.type_code == type_code, S.serial >= first, S.serial <= last)
        if lock:
            stmt = stmt.with_for_update()
        return {row.serial: SerialState(row.serial, row.state, row.holder_id, row.used_by, row.sold_to)
                for row in self.session.execute(stmt).scalars()}

    def first_present(self, type_code: str, first: int, last: int) -> int | None:
        """The lowest serial of the range already in the branch's books (any state)."""
        return self.session.execute(select(func.min(S.serial)).where(
            S.type_code == type_code, S.serial >= first, S.serial <= last)).scalar()

    def lowest_with(self, type_code: str, teller_id: str) -> int | None:
        """The teller's next serial: the lowest one issued to them and not used, sold or voided."""
        return self.session.execute(select(func.min(S.serial)).where(
            S.type_code == type_code, S.holder_id == teller_id, S.state == "teller")).scalar()

    def count_by_state(self, type_code: str, holder_id: str | None = None) -> dict[str, int]:
        stmt = select(S.state, func.count()).where(S.type_code == type_code)
        if holder_id is not None:
            stmt = stmt.where(S.holder_id == holder_id)
        return dict(self.session.execute(stmt.group_by(S.state)).all())

    def registered_total(self, type_code: str, event: str, teller_id: str | None = None) -> int:
        """Serials moved by `event` lines of the register (received, issued, returned ...)."""
        stmt = select(func.coalesce(func.sum(E.last_serial - E.first_serial + 1), 0)).where(
            E.type_code == type_code, E.event == event)
        if teller_id is not None:
            stmt = stmt.where(E.teller_id == teller_id)
        return int(self.session.execute(stmt).scalar())

    def staff_roles(self, staff_id: str) -> str | None:
        """The roles (comma-separated codes) of an active staff member; None when there is none."""
        return self.session.execute(select(Staff.roles).where(Staff.staff_id == staff_id,
                                                              Staff.active.is_(True))).scalar()

    def holders(self, type_code: str) -> list[str]:
        return sorted(self.session.execute(select(S.holder_id).where(
            S.type_code == type_code, S.holder_id.is_not(None)).distinct()).scalars())

    def register(self, day: str) -> list[VoucherRegisterRow]:
        """The register lines of one business day (recorded-at text starts with the date), oldest first."""
        rows = self.session.execute(select(E).where(E.at >= day, E.at < day + "~").order_by(E.id)).scalars()
        return [VoucherRegisterRow(r.at, r.type_code, r.first_serial, r.last_serial, r.event, r.teller_id,
                                   r.actor_id, r.authoriser_id, r.reference, r.workstation_id, r.note)
                for r in rows]

    # -- changes ----------------------------------------------------------------------------
    def add_stock(self, type_code: str, first: int, last: int, at: str) -> None:
        self.session.execute(insert(S), [{"type_code": type_code, "serial": n, "state": "stock", "holder_id": None,
                                          "used_by": None, "sold_to": None, "updated_at": at}
                                         for n in range(first, last + 1)])

    def move(self, type_code: str, first: int, last: int, *, state: str, holder_id: str | None, at: str,
             used_by: str | None = None, sold_to: str | None = None) -> int:
        """Puts the range's serials in `state` (checked by the caller under lock); returns how many."""
        return self.session.execute(
            update(S).where(S.type_code == type_code, S.serial >= first, S.serial <= last)
            .values(state=state, holder_id=holder_id, used_by=used_by, sold_to=sold_to, updated_at=at)
            .execution_options(synchronize_session=False)).rowcount

    def log(self, *, at: str, type_code: str, first: int, last: int, event: str, teller_id: str | None,
            actor_id: str, workstation_id: str, authoriser_id: str | None = None, reference: str | None = None,
            note: str = "") -> None:
        self.session.add(E(at=at, type_code=type_code, first_serial=first, last_serial=last, event=event,
                           teller_id=teller_id, actor_id=actor_id, authoriser_id=authoriser_id, reference=reference,
                           workstation_id=workstation_id, note=note))
