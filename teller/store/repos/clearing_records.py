"""Workstation-store records of the clearing clerk's desk and the branch registers added with issue 11:
journal entries, and the non-cash postings (journal entry + outbox row, one commit) that the
outbox then sends to the core exactly like a cash posting, but with no till movement."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from teller.store.repos.journal import JournalRepository
from teller.store.models import OutboxItem


class ClearingRecordRepository:
    def __init__(self, session: Session):
        self.session = session

    def append_entry(self, journal, **fields):
        """One journal entry in this unit's transaction; `journal` is the workstation's JournalSigner."""
        return JournalRepository(self.session, journal).append(**fields)

    def posting_recorded(self, key: str) -> bool:
        return self.session.execute(select(OutboxItem.id).where(OutboxItem.idempotency_key == key)).first() is not None

    def outbox_state(self, key: str) -> str | None:
        return self.session.execute(select(OutboxItem.state).where(OutboxItem.idempotency_key == key)).scalar()

    def record_posting(self, journal, *, key: str, teller_id: str, business_date: str, tx_code: str, account: str,
                       direction: str, amount_fen: int, payload: dict):
        """The durable local part of a non-cash posting: the journal's `posting` entry (no
        denominations: no cash moves) and the outbox row under `key`."""
        entry = self.append_entry(journal, teller_id=teller_id, kind="posting", business_date=business_date,
                                  tx_code=tx_code, account=account, amount_fen=amount_fen,
                                  payload={"direction": direction, "denominations": {}, **payload})
        self.session.add(OutboxItem(journal_seq=entry.seq, idempotency_key=key, account=account, direction=direction,
                                    amount_fen=amount_fen, tx_code=tx_code, teller_id=teller_id, state="pending",
                                    attempts=0, updated_at=entry.recorded_at))
        self.session.flush()
        return entry
