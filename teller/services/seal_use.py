"""Seal use on an outside document (对外用印): the seal's keeper uses it, with the non-cash head's
approval (badge + PIN, never the keeper), on a named document; the use is a line of the seal register
(重要业务印章使用保管登记簿, event `used_outside`) with its details, and a journal entry. The
receipt of the use carries the seal's e-seal (printing.e_seal through printing.receipt)."""
from __future__ import annotations

from dataclasses import dataclass

from teller.domain.errors import TellerError
from teller.domain.roles import Role
from teller.services.credentials import Credentials
from teller.services.desk import Desk
from teller.services.session import TellerSession

SEAL_USE_APPROVERS = frozenset({Role.NONCASH_HEAD})


class SealUseRefused(TellerError):
    code = "seal_use_refused"


@dataclass(frozen=True)
class SealUseView:
    use_id: int
    seal_name: str
    document: str
    purpose: str
    copies: int
    used_by: str
    approved_by: str
    at: str


class SealUseService:
    def __init__(self, desk: Desk):
        self.desk = desk

    def use_on_document(self, session: TellerSession, seal_name: str, *, document: str, purpose: str, copies: int,
                        approver: Credentials) -> SealUseView:
        self.desk.sessions.require_active(session)
        if not document.strip() or not purpose.strip():
            raise SealUseRefused("Name the outside document and the purpose of the seal's use.")
        if not isinstance(copies, int) or copies < 1:
            raise SealUseRefused("The number of copies sealed is at least 1.")
        head = self.desk.sessions.verify_supervisor(approver, maker_id=session.teller_id, roles=SEAL_USE_APPROVERS,
                                                    purpose="approve a seal's use on an outside document")
        with self.desk.branch.required("The seal register", write=True) as unit:
            seal = unit.seal_use.seal_named(seal_name.strip())
            if seal is None or seal.kind != "seal":
                raise SealUseRefused(f"No seal {seal_name.strip()!r} in the custody register.")
            seal = unit.seal_use.seal(seal.id)
            if seal.keeper_id != session.teller_id:
                raise SealUseRefused(f"{seal.name} is kept by {seal.keeper_id}: only its keeper uses it.")
            if seal.state != "with_keeper":
                raise SealUseRefused(f"{seal.name} is locked in the vault box: take it out first.")
            at = self.desk.now_text()
            use = unit.seal_use.record(item=seal, document=document.strip(), purpose=purpose.strip(), copies=copies,
                                       used_by=session.teller_id, approved_by=head.staff_id, at=at,
                                       workstation_id=self.desk.workstation_id)
            view = SealUseView(use.id, seal.name, use.document, use.purpose, copies, session.teller_id, head.staff_id, at)
        self.desk.record(session, "seal_used_outside",
                         payload={"use": view.use_id, "seal": view.seal_name, "document": view.document,
                                  "purpose": view.purpose, "copies": copies, "approved_by": head.staff_id})
        return view

    def uses_of_day(self, day: str | None = None) -> list[SealUseView]:
        with self.desk.branch.required("The seal register") as unit:
            return [SealUseView(u.id, name, u.document, u.purpose, u.copies, u.used_by, u.approved_by, u.at)
                    for u, name in unit.seal_use.uses_of_day(day or self.desk.business_date())]
