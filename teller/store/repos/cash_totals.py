"""Today's cash sums over a journal (the workstation's own, or the branch's copy of every
workstation's), and the branch's customer cash tally that workstations publish at once, so a
customer's large cash split across counters is seen before the journals are replicated."""
from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from teller.store.staff_models import CustomerCashTally

# A posting counts once it moved cash (approved by the core or accepted offline) or, with
# `pending`, while its answer is still awaited; reversals (refers_to set) are left out and a
# reversed posting no longer counts.
_SETTLED = ("AND EXISTS (SELECT 1 FROM journal o WHERE o.workstation_id = p.workstation_id AND o.refers_to = p.seq "
            "AND o.kind IN ('host_approved', 'offline_accepted'))")
_NOT_REFUSED = ("AND NOT EXISTS (SELECT 1 FROM journal o WHERE o.workstation_id = p.workstation_id "
                "AND o.refers_to = p.seq AND o.kind IN ('host_rejected', 'offline_refused', 'host_reversed'))")
_SUM = """
SELECT {group} COALESCE(SUM(p.amount_fen), 0) FROM journal p
WHERE p.kind = 'posting' AND p.business_date = :day AND p.refers_to IS NULL {where} {answered}
  AND NOT EXISTS (SELECT 1 FROM journal r WHERE r.workstation_id = p.workstation_id AND r.refers_to = p.seq
                  AND r.kind = 'posting')
{group_by}
"""


class CashTotals:
    """Sums over the `journal` table of the unit's store (same shape in both stores)."""

    def __init__(self, session: Session):
        self.session = session

    def teller_total(self, day: str, workstation_id: str, teller_id: str, tx_code: str) -> int:
        sql = _SUM.format(group="", where="AND p.workstation_id = :ws AND p.teller_id = :teller AND p.tx_code = :code",
                          answered=_SETTLED, group_by="")
        return int(self.session.execute(text(sql), {"day": day, "ws": workstation_id, "teller": teller_id,
                                                    "code": tx_code}).scalar())

    def customer_total_here(self, day: str, workstation_id: str, account: str, codes: list[str]) -> int:
        """This workstation's postings for the customer: settled ones and those still waiting for
        the core's answer (they may move cash any moment)."""
        marks, params = _codes(codes)
        sql = _SUM.format(group="", where=f"AND p.workstation_id = :ws AND p.account = :account "
                                         f"AND p.tx_code IN ({marks})", answered=_NOT_REFUSED, group_by="")
        return int(self.session.execute(text(sql), {"day": day, "ws": workstation_id, "account": account,
                                                    **params}).scalar())

    def customer_totals_elsewhere(self, day: str, workstation_id: str, account: str, codes: list[str]) -> dict:
        """Per other workstation, from the replicated journals (settled postings)."""
        marks, params = _codes(codes)
        sql = _SUM.format(group="p.workstation_id,", where=f"AND p.workstation_id <> :ws AND p.account = :account "
                                                          f"AND p.tx_code IN ({marks})",
                          answered=_SETTLED, group_by="GROUP BY p.workstation_id")
        rows = self.session.execute(text(sql), {"day": day, "ws": workstation_id, "account": account, **params})
        return {ws: int(total) for ws, total in rows}


class CustomerCashTallies:
    """The branch's tally: each workstation's own total per customer, day and direction."""

    def __init__(self, session: Session):
        self.session = session

    def publish(self, day: str, account: str, direction: str, workstation_id: str, total_fen: int, at: str) -> None:
        values = dict(business_date=day, account=account, direction=direction, workstation_id=workstation_id,
                      total_fen=total_fen, updated_at=at)
        insert = pg_insert if self.session.get_bind().dialect.name == "postgresql" else sqlite_insert
        statement = insert(CustomerCashTally).values(**values)
        self.session.execute(statement.on_conflict_do_update(
            index_elements=["business_date", "account", "direction", "workstation_id"],
            set_={"total_fen": statement.excluded.total_fen, "updated_at": statement.excluded.updated_at}))

    def elsewhere(self, day: str, account: str, direction: str, workstation_id: str) -> dict:
        T = CustomerCashTally
        rows = self.session.execute(select(T.workstation_id, T.total_fen).where(
            T.business_date == day, T.account == account, T.direction == direction, T.workstation_id != workstation_id))
        return {ws: int(total) for ws, total in rows}


def _codes(codes: list[str]) -> tuple[str, dict]:
    return ", ".join(f":c{i}" for i in range(len(codes))), {f"c{i}": c for i, c in enumerate(codes)}
