"""What the end-of-day reports read from the branch store: the day's journal entries of every
workstation, the cash handovers (重要物品交接) and the vault's holdings."""
from __future__ import annotations

import json
from typing import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from teller.domain.day_book import JournalRecord
from teller.store.models import BranchJournal, Handover, SignIn, Staff, VaultHolding

# the entries the day's reports use; the rest of the journal (sign-ins, authorisations …) is not read
REPORTED_KINDS = ("posting", "host_approved", "offline_accepted", "host_rejected", "offline_refused",
                  "host_rejected_after_offline", "host_reversed", "till_opened", "till_sell_back",
                  "till_closed", "over", "short")


class DayReportRepository:
    def __init__(self, session: Session):
        self.session = session

    def journal_of_day(self, business_date: str) -> Iterator[JournalRecord]:
        J = BranchJournal
        rows = self.session.execute(
            select(J.workstation_id, J.seq, J.recorded_at, J.teller_id, J.kind, J.tx_code, J.account, J.amount_fen,
                   J.refers_to, J.payload)
            .where(J.business_date == business_date, J.kind.in_(REPORTED_KINDS))
            .order_by(J.recorded_at, J.workstation_id, J.seq)).yield_per(2000)
        for row in rows:
            yield JournalRecord(row.workstation_id, row.seq, row.recorded_at, row.teller_id, row.kind, row.tx_code,
                                row.account, row.amount_fen, row.refers_to, json.loads(row.payload))

    def handovers_of_day(self, business_date: str) -> list[Handover]:
        """Cash handovers between the vault and the tills; `at` is local ISO time, its date the day's."""
        return list(self.session.execute(select(Handover).where(Handover.at.startswith(business_date))
                                         .order_by(Handover.at, Handover.id)).scalars())

    def vault_holdings(self) -> dict[str, int]:
        return {row.denomination: row.count for row in self.session.execute(select(VaultHolding)).scalars()}

    def staff_names(self) -> dict[str, str]:
        return dict(self.session.execute(select(Staff.staff_id, Staff.name)).all())

    def signed_in(self) -> list[tuple[str, str, str]]:
        """(staff id, roles text, workstation) of everyone signed in now."""
        return [(s.staff_id, roles, s.workstation_id) for s, roles in self.session.execute(
            select(SignIn, Staff.roles).join(Staff, Staff.staff_id == SignIn.staff_id).order_by(SignIn.workstation_id))]
