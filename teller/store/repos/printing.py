"""The print queue and the passbooks it prints into (workstation store)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from teller.store.printing_models import Passbook, PassbookEntry, PrintJob

OPEN_JOB_STATES = ("queued", "printing")


class PrintJobRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, *, created_at: str, name: str, layout: str, fields: dict, passbook_id: str | None = None,
            first_line: int | None = None, line_count: int | None = None) -> int:
        row = PrintJob(created_at=created_at, name=name, layout=layout, fields=dict(fields), state="queued",
                       attempts=0, passbook_id=passbook_id, first_line=first_line, line_count=line_count)
        self.session.add(row)
        self.session.flush()
        return row.id

    def get(self, job_id: int) -> PrintJob | None:
        return self.session.get(PrintJob, job_id)

    def next_open(self) -> PrintJob | None:
        return self.session.execute(select(PrintJob).where(PrintJob.state.in_(OPEN_JOB_STATES))
                                    .order_by(PrintJob.id).limit(1)).scalar_one_or_none()

    def open_count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(PrintJob)
                                   .where(PrintJob.state.in_(OPEN_JOB_STATES)))

    def not_done(self) -> list[PrintJob]:
        return list(self.session.execute(select(PrintJob).where(PrintJob.state != "done")
                                         .order_by(PrintJob.id)).scalars())

    def open_for_passbook(self, passbook_id: str) -> PrintJob | None:
        return self.session.execute(select(PrintJob).where(PrintJob.passbook_id == passbook_id,
                                                           PrintJob.state.in_(OPEN_JOB_STATES))
                                    .order_by(PrintJob.id).limit(1)).scalar_one_or_none()


class PassbookRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, passbook_id: str) -> Passbook | None:
        return self.session.get(Passbook, passbook_id)

    def for_account(self, account: str) -> str | None:
        return self.session.execute(select(Passbook.passbook_id).where(Passbook.account == account)).scalar()

    def add(self, *, passbook_id: str, account: str, page: int, next_line: int, at: str) -> None:
        self.session.add(Passbook(passbook_id=passbook_id, account=account, page=page, next_line=next_line,
                                  updated_at=at))

    def add_entry(self, passbook_id: str, **values) -> int:
        """The next movement to print in the passbook; returns its sequence number there."""
        seq = (self.session.scalar(select(func.max(PassbookEntry.seq))
                                   .where(PassbookEntry.passbook_id == passbook_id)) or 0) + 1
        self.session.add(PassbookEntry(passbook_id=passbook_id, seq=seq, printed=False, **values))
        return seq

    def unprinted(self, passbook_id: str) -> list[PassbookEntry]:
        return list(self.session.execute(select(PassbookEntry).where(PassbookEntry.passbook_id == passbook_id,
                                                                     PassbookEntry.printed.is_(False))
                                         .order_by(PassbookEntry.seq)).scalars())
