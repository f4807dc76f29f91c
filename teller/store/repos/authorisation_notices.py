"""What the maker's workstation journal already says about remote requests (a rejection or expiry
is journaled there once, when the maker's screen first sees it)."""
from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from teller.store.models import WorkstationJournal as J


class AuthorisationNotices:
    def __init__(self, session: Session):
        self.session = session

    def seen(self, workstation_id: str, kind: str, request_id: int) -> bool:
        payloads = self.session.execute(select(J.payload).where(J.workstation_id == workstation_id,
                                                                J.kind == kind)).scalars()
        return any(json.loads(p).get("request") == request_id for p in payloads)
