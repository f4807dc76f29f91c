"""Today's cash figures the authorisation policy needs: a teller's own total for a code, and a
customer's cash in one direction across the branch (this workstation's journal plus the
other workstations' journals replicated to the branch store)."""
from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from teller.services.context import WorkstationContext

log = logging.getLogger(__name__)

# a posting counts once it moved cash: approved by the core or accepted offline; reversals
# (payload "reverses") are left out, and a reversed posting no longer counts
_SUM = """
SELECT COALESCE(SUM(p.amount_fen), 0) FROM journal p
WHERE p.kind = 'posting' AND p.business_date = :day AND p.refers_to IS NULL {where}
  AND EXISTS (SELECT 1 FROM journal o WHERE o.workstation_id = p.workstation_id AND o.refers_to = p.seq
              AND o.kind IN ('host_approved', 'offline_accepted'))
  AND NOT EXISTS (SELECT 1 FROM journal r WHERE r.workstation_id = p.workstation_id AND r.refers_to = p.seq
                  AND r.kind = 'posting')
"""


class DailyTotals:
    def __init__(self, ctx: WorkstationContext):
        self.ctx = ctx

    def _codes(self, direction: str) -> list[str]:
        return [c.code for c in self.ctx.settings.catalogue.all() if c.direction == direction and c.moves_cash]

    def teller_total(self, teller_id: str, tx_code: str) -> int:
        sql = text(_SUM.format(where="AND p.workstation_id = :ws AND p.teller_id = :teller AND p.tx_code = :code"))
        with self.ctx.workstation_db() as db:
            return int(db.execute(sql, {"day": self.ctx.business_date(), "ws": self.ctx.workstation_id,
                                        "teller": teller_id, "code": tx_code}).scalar())

    def customer_cash(self, account: str, direction: str) -> int:
        codes = self._codes(direction)
        if not codes:
            return 0
        marks = ", ".join(f":c{i}" for i in range(len(codes)))
        params = {"day": self.ctx.business_date(), "ws": self.ctx.workstation_id, "account": account,
                  **{f"c{i}": c for i, c in enumerate(codes)}}
        mine = text(_SUM.format(where=f"AND p.workstation_id = :ws AND p.account = :account AND p.tx_code IN ({marks})"))
        others = text(_SUM.format(where=f"AND p.workstation_id <> :ws AND p.account = :account "
                                        f"AND p.tx_code IN ({marks})"))
        with self.ctx.workstation_db() as db:
            total = int(db.execute(mine, params).scalar())
        if self.ctx.branch_status.known_down:  # count what this workstation knows, keep serving at once
            return total
        try:
            with self.ctx.branch_db() as db:
                total += int(db.execute(others, params).scalar())
        except DBAPIError as exc:  # branch store down: count what this workstation knows, keep serving
            log.warning("branch store unreachable for the large-cash total; local figures only (%s)",
                        type(exc).__name__)
            self.ctx.branch_status.failed(exc)
        return total
