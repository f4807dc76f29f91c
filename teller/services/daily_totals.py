"""Today's cash figures the authorisation policy needs: a teller's own total for a code, and a
customer's cash in one direction across the branch.

The customer's figure is asked of the branch at decision time: this workstation's own postings
(settled or still waiting for the core), plus, for every other workstation, the larger of what
its replicated journal shows and what it published in the branch's tally right after each of its
cash postings (`publish`). So 40,000 at WS01 then 40,000 at WS02 is 80,000 at once, not after
WS01's next journal push. With the branch down, the workstation counts what it knows (the
offline rule applies) and the large-value report picks the rest up from the journals later."""
from __future__ import annotations

import logging

from teller.services.context import WorkstationContext
from teller.store.database import is_unreachable

log = logging.getLogger(__name__)


class DailyTotals:
    def __init__(self, ctx: WorkstationContext):
        self.ctx = ctx

    def _codes(self, direction: str) -> list[str]:
        return [c.code for c in self.ctx.settings.catalogue.all() if c.direction == direction and c.moves_cash]

    def teller_total(self, teller_id: str, tx_code: str) -> int:
        with self.ctx.workstation.reading() as unit:
            return unit.cash_totals.teller_total(self.ctx.business_date(), self.ctx.workstation_id, teller_id,
                                                 tx_code)

    def _here(self, account: str, codes: list[str]) -> int:
        with self.ctx.workstation.reading() as unit:
            return unit.cash_totals.customer_total_here(self.ctx.business_date(), self.ctx.workstation_id,
                                                        account, codes)

    def customer_cash(self, account: str, direction: str) -> int:
        codes = self._codes(direction)
        if not codes:
            return 0
        day, ws, account = self.ctx.business_date(), self.ctx.workstation_id, account.strip()
        total = self._here(account, codes)
        if self.ctx.branch_status.known_down:  # count what this workstation knows, keep serving at once
            return total
        try:
            with self.ctx.branch.reading() as unit:
                replicated = unit.cash_totals.customer_totals_elsewhere(day, ws, account, codes)
                published = unit.customer_cash.elsewhere(day, account, direction, ws)
        except Exception as exc:  # noqa: BLE001 - only an unreachable branch store is let through
            if not is_unreachable(exc):
                raise
            log.warning("branch store unreachable for the large-cash total; local figures only (%s)",
                        type(exc).__name__)
            self.ctx.branch_status.failed(exc)
            return total
        for other in set(replicated) | set(published):
            total += max(replicated.get(other, 0), published.get(other, 0))
        return total

    def publish(self, account: str, direction: str) -> None:
        """Tells the branch this workstation's cash today for the customer in `direction` (after a
        cash posting or a reversal); with the branch down, the journal push carries it later."""
        codes = self._codes(direction)
        if not codes or self.ctx.branch_status.known_down:
            return
        account = account.strip()
        total = self._here(account, codes)
        try:
            with self.ctx.branch.transaction() as unit:
                unit.customer_cash.publish(self.ctx.business_date(), account, direction, self.ctx.workstation_id,
                                           total, self.ctx.now_text())
        except Exception as exc:  # noqa: BLE001 - only an unreachable branch store is let through
            if not is_unreachable(exc):
                raise
            self.ctx.branch_status.failed(exc)
