"""Custody of seals, pledge codes and blank voucher stock (印、押、证分管): who keeps what, handovers
under dual control, taking out of and locking in the vault box (印章随库箱保管), and the items
not locked in at close (a missing seal blocks the end of day).

Each change is a line of the branch's register (重要业务印章使用保管登记簿 / 重要物品交接登记簿)
and a journal entry at the workstation where it was done.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from teller.domain.duties import check_custody, check_not_own
from teller.domain.errors import TellerError
from teller.domain.roles import Role
from teller.services.context import WorkstationContext
from teller.services.credentials import Credentials, StaffMember, require_roles
from teller.services.session import SessionService, TellerSession
from teller.store.custody_models import CustodyEvent, CustodyItem
from teller.store.models import Staff

CUSTODY_KINDS = ("seal", "pledge_code", "blank_voucher")
# The non-cash head keeps the registers (domain.md); the branch manager oversees them.
CUSTODY_ADMIN_ROLES = frozenset({Role.NONCASH_HEAD, Role.BRANCH_MANAGER})
# Who may keep an item: counter staff and supervisors; not the lobby manager, who has no post at the counter.
KEEPER_ROLES = frozenset({Role.CASH_TELLER, Role.NONCASH_TELLER, Role.REVIEWER, Role.CLEARING_CLERK,
                          Role.CASH_HEAD, Role.NONCASH_HEAD, Role.BRANCH_MANAGER})
IN_VAULT, WITH_KEEPER = "vault", "with_keeper"


class CustodyRefused(TellerError):
    code = "custody_refused"


@dataclass(frozen=True)
class KeptItem:
    item_id: int
    kind: str
    name: str
    keeper_id: str
    keeper_name: str
    state: str

    @property
    def in_vault(self) -> bool:
        return self.state == IN_VAULT


@dataclass(frozen=True)
class RegisterLine:
    at: str
    item_name: str
    event: str
    keeper_id: str | None
    receiver_id: str | None
    witness_id: str | None
    workstation_id: str
    note: str


class CustodyService:
    def __init__(self, ctx: WorkstationContext, sessions: SessionService):
        self.ctx, self.sessions = ctx, sessions

    # -- reading ----------------------------------------------------------------------------
    def items(self) -> list[KeptItem]:
        with self.ctx.branch_required("The seal and custody register") as db:
            rows = db.execute(select(CustodyItem, Staff.name).join(Staff, Staff.staff_id == CustodyItem.keeper_id)
                              .order_by(CustodyItem.id)).all()
        return [KeptItem(i.id, i.kind, i.name, i.keeper_id, name, i.state) for i, name in rows]

    def missing_at_close(self) -> list[KeptItem]:
        """Items not locked in the vault box: the end of day may not close while there are any."""
        return [item for item in self.items() if not item.in_vault]

    def register_lines(self, business_date: str | None = None) -> list[RegisterLine]:
        """The register of one day (today by default), oldest first."""
        day = business_date or self.ctx.business_date()
        with self.ctx.branch_required("The seal and custody register") as db:
            rows = db.execute(select(CustodyEvent, CustodyItem.name).join(CustodyItem)
                              .where(CustodyEvent.at >= day, CustodyEvent.at < day + "~")
                              .order_by(CustodyEvent.id)).all()
        return [RegisterLine(e.at, name, e.event, e.keeper_id, e.receiver_id, e.witness_id, e.workstation_id,
                             e.note) for e, name in rows]

    # -- changes ----------------------------------------------------------------------------
    def register_item(self, session: TellerSession, kind: str, name: str, keeper: Credentials | None = None,
                      note: str = "") -> int:
        """A new item enters the register with its first keeper (the registering supervisor
        without `keeper`, else whoever presents that badge and PIN). Returns the item's id."""
        self.sessions.require_active(session)
        require_roles(session.staff, CUSTODY_ADMIN_ROLES, "register seals, pledge codes or blank vouchers")
        if kind not in CUSTODY_KINDS:
            raise CustodyRefused(f"Unknown kind {kind!r}: one of {', '.join(CUSTODY_KINDS)}.")
        if not name.strip():
            raise CustodyRefused("Give the item a name (e.g. 转讫章).")
        first = self.sessions.check_credentials(keeper) if keeper else session.staff
        with self.ctx.branch_required("The seal and custody register", write=True) as db:
            if db.execute(select(CustodyItem.id).where(CustodyItem.name == name.strip())).first():
                raise CustodyRefused(f"{name.strip()} is already in the register.")
            self._check_may_keep(db, first, kind)
            item = CustodyItem(kind=kind, name=name.strip(), keeper_id=first.staff_id, state=WITH_KEEPER,
                               updated_at=self.ctx.now_text())
            db.add(item)
            db.flush()
            self._log(db, item, "registered", session, keeper_id=None, receiver_id=first.staff_id, note=note)
        self._journal(session, "custody_registered", item, receiver=first.staff_id, note=note)
        return item.id

    def hand_over(self, session: TellerSession, item_id: int, receiver: Credentials,
                  giver: Credentials | None = None, note: str = "") -> KeptItem:
        """Dual control: the keeper hands the item to a receiver who presents badge and PIN.

        Without `giver` the signed-in person is the keeper handing over; with it, the keeper
        presents a badge too and the signed-in supervisor witnesses (监交)."""
        giving = self._acting_keeper(session, giver)
        taking = self.sessions.check_credentials(receiver)
        check_not_own(giving.staff_id, taking.staff_id, "handover")
        with self.ctx.branch_required("The seal and custody register", write=True) as db:
            item = self._kept_by(db, item_id, giving, "hand it over")
            if item.state != WITH_KEEPER:
                raise CustodyRefused(f"{item.name} is locked in the vault box: take it out before handing it over.")
            self._check_may_keep(db, taking, item.kind)
            item.keeper_id, item.updated_at = taking.staff_id, self.ctx.now_text()
            self._log(db, item, "handed_over", session, keeper_id=giving.staff_id, receiver_id=taking.staff_id,
                      note=note)
        self._journal(session, "custody_handed_over", item, keeper=giving.staff_id, receiver=taking.staff_id,
                      note=note)
        return KeptItem(item.id, item.kind, item.name, taking.staff_id, taking.name, item.state)

    def take_out(self, session: TellerSession, item_id: int, keeper: Credentials | None = None) -> None:
        """The keeper takes the item out of the vault box for the day."""
        self._move(session, item_id, keeper, IN_VAULT, WITH_KEEPER, "taken_out")

    def lock_in(self, session: TellerSession, item_id: int, keeper: Credentials | None = None) -> None:
        """The keeper locks the item in the vault box (at close, or when leaving the post)."""
        self._move(session, item_id, keeper, WITH_KEEPER, IN_VAULT, "locked_in")

    # -- the rules ---------------------------------------------------------------------------
    def _acting_keeper(self, session: TellerSession, keeper: Credentials | None) -> StaffMember:
        """The signed-in person, or a keeper presenting a badge at a supervisor's workstation."""
        self.sessions.require_active(session)
        if keeper is None:
            return session.staff
        require_roles(session.staff, CUSTODY_ADMIN_ROLES, "witness a custody change of another keeper")
        return self.sessions.check_credentials(keeper)

    @staticmethod
    def _kept_by(db: Session, item_id: int, person: StaffMember, purpose: str) -> CustodyItem:
        item = db.get(CustodyItem, item_id, with_for_update=True)
        if item is None:
            raise CustodyRefused(f"No item {item_id} in the custody register.")
        if item.keeper_id != person.staff_id:
            raise CustodyRefused(f"{person.name} does not keep {item.name} (its keeper is {item.keeper_id}): "
                                 f"only its keeper may {purpose}.")
        return item

    @staticmethod
    def _check_may_keep(db: Session, person: StaffMember, kind: str) -> None:
        require_roles(person, KEEPER_ROLES, "keep seals, pledge codes or blank vouchers")
        # the keeper's row is locked so two handovers to one person are checked one after the other
        db.get(Staff, person.staff_id, with_for_update=True)
        held = set(db.execute(select(CustodyItem.kind).where(CustodyItem.keeper_id == person.staff_id)).scalars())
        check_custody(held, kind)

    def _move(self, session: TellerSession, item_id: int, keeper: Credentials | None, from_state: str,
              to_state: str, event: str) -> None:
        acting = self._acting_keeper(session, keeper)
        purpose = "take it out of the vault box" if to_state == WITH_KEEPER else "lock it in the vault box"
        with self.ctx.branch_required("The seal and custody register", write=True) as db:
            item = self._kept_by(db, item_id, acting, purpose)
            if item.state != from_state:
                raise CustodyRefused(f"{item.name} is already "
                                     + ("out of the vault box." if to_state == WITH_KEEPER else
                                        "locked in the vault box."))
            item.state, item.updated_at = to_state, self.ctx.now_text()
            self._log(db, item, event, session, keeper_id=acting.staff_id, receiver_id=None, note="")
        self._journal(session, f"custody_{event}", item, keeper=acting.staff_id)

    # -- records -----------------------------------------------------------------------------
    def _log(self, db: Session, item: CustodyItem, event: str, session: TellerSession, *, keeper_id: str | None,
             receiver_id: str | None, note: str) -> None:
        witness = session.teller_id if session.teller_id not in (keeper_id, receiver_id) else None
        db.add(CustodyEvent(at=self.ctx.now_text(), item_id=item.id, event=event, keeper_id=keeper_id,
                            receiver_id=receiver_id, witness_id=witness, workstation_id=self.ctx.workstation_id,
                            note=note.strip()))

    def _journal(self, session: TellerSession, kind: str, item: CustodyItem, **parties) -> None:
        with self.ctx.workstation_tx() as wdb:
            self.ctx.record(wdb, session.teller_id, kind,
                            payload={"item": item.id, "name": item.name, "item_kind": item.kind,
                                     **{k: v for k, v in parties.items() if v}})
