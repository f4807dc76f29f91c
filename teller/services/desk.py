"""What the clearing clerk's services and the vault and seal registers of issue 11 share: the two
stores as units of work (teller.store.stores), the journal, the sign-in checks and the clock.

Built from a wired workstation with `Desk.for_workstation(ws)`; the services take it in their
constructor and never touch SQL (their queries live in teller/store/repos/)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from teller.config import Settings
from teller.ports import Clock, CoreGateway
from teller.services.journal import JournalSigner
from teller.services.session import SessionService, TellerSession
from teller.store.stores import BranchStore, WorkstationStore


@dataclass
class Desk:
    settings: Settings
    workstation: WorkstationStore
    branch: BranchStore
    journal: JournalSigner
    sessions: SessionService
    core: CoreGateway
    clock: Clock

    @classmethod
    def for_workstation(cls, ws) -> "Desk":
        """The desk of a wired workstation (teller.services.workstation.Workstation)."""
        return cls(ws.ctx.settings, ws.ctx.workstation, ws.ctx.branch, ws.ctx.journal, ws.sessions, ws.ctx.core, ws.ctx.clock)

    @property
    def workstation_id(self) -> str:
        return self.settings.workstation_id

    def now(self) -> dt.datetime:
        return self.clock.now()

    def now_text(self) -> str:
        return self.clock.now().isoformat(timespec="seconds")

    def business_date(self) -> str:
        return self.clock.now().date().isoformat()

    def record(self, session: TellerSession | str, kind: str, **fields):
        """A journal entry for today by the signed-in person (or the staff id given)."""
        teller_id = session if isinstance(session, str) else session.teller_id
        with self.workstation.transaction() as unit:
            return unit.clearing_records.append_entry(self.journal, teller_id=teller_id, kind=kind,
                                                      business_date=self.business_date(), **fields)
