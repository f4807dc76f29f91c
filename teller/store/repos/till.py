"""The teller's till (workstation store) and the branch's vault and handover register."""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from teller.store.driver import DriverRepository
from teller.store.models import Handover, Till, TillMovement, VaultHolding

_OPEN_TILL_SQL = "SELECT id FROM till WHERE teller_id = ? AND state = 'open'"
_MOVEMENT_SQL = ("INSERT INTO till_movement (till_id, journal_seq, denomination, count_delta, state) "
                 "VALUES (?, ?, ?, ?, ?)")
_COUNTS_SQL = ("SELECT denomination, SUM(count_delta) FROM till_movement WHERE till_id = ? "
               "AND (state = 'effective' {pending_out}) GROUP BY denomination")


class TillRepository(DriverRepository):

    # -- hot path (plain SQL) --------------------------------------------------------------
    def open_till_id(self, teller_id: str) -> int | None:
        row = self.driver.fetchone(_OPEN_TILL_SQL, (teller_id,))
        return row[0] if row else None

    def counts(self, till_id: int, *, include_pending_out: bool = False) -> dict[str, int]:
        """Notes and coins in the till by denomination; with pending outflows subtracted, what may
        still be paid out."""
        pending_out = "OR (state = 'pending' AND count_delta < 0)" if include_pending_out else ""
        rows = self.driver.fetchall(_COUNTS_SQL.format(pending_out=pending_out), (till_id,))
        return {d: int(n) for d, n in rows if n}

    def add_movements(self, till_id: int, journal_seq: int, deltas: Iterable[tuple[str, int]], state: str) -> None:
        """Cash in (+) or out (-) per denomination, pending until the posting is settled or effective now."""
        rows = [(till_id, journal_seq, denom, delta, state) for denom, delta in deltas]
        if len(rows) == 1:  # the common posting: one denomination, no cursor for executemany
            self.driver.execute(_MOVEMENT_SQL, rows[0])
        else:
            self.driver.executemany(_MOVEMENT_SQL, rows)

    # -- the till itself ---------------------------------------------------------------------
    def open_till(self, teller_id: str) -> Till | None:
        return self.session.execute(select(Till).where(Till.teller_id == teller_id, Till.state == "open")
                                    ).scalar_one_or_none()

    def open_new(self, teller_id: str, business_date: str, opened_seq: int) -> Till:
        till = Till(teller_id=teller_id, business_date=business_date, state="open", opened_seq=opened_seq)
        self.session.add(till)
        self.session.flush()
        return till

    def close(self, till: Till, closed_seq: int) -> None:
        till.state, till.closed_seq = "closed", closed_seq
        self.session.flush()

    def settle_movements(self, journal_seqs: list[int], state: str) -> None:
        """A posting's pending movements become `effective` (cash moved) or `void` (it did not)."""
        if journal_seqs:
            self.session.execute(update(TillMovement).where(TillMovement.journal_seq.in_(journal_seqs),
                                                            TillMovement.state == "pending").values(state=state)
                                 .execution_options(synchronize_session=False))

    def cash_moved_for(self, journal_seq: int) -> bool:
        """Whether a posting's cash went over the counter (its movements are effective)."""
        return self.session.execute(select(TillMovement.id).where(
            TillMovement.journal_seq == journal_seq, TillMovement.state == "effective")).first() is not None


class VaultRepository:
    """The branch's vault holdings and the dual-control handover register (重要物品交接)."""

    def __init__(self, session: Session):
        self.session = session

    def holding(self, denomination: str) -> int:
        row = self.session.get(VaultHolding, denomination)
        return row.count if row else 0

    def move(self, counts: Iterable[tuple[str, int]], sign: int) -> tuple[str, int, int] | None:
        """Adds (+1) or takes (-1) notes and coins, locking each holding; returns (denomination,
        held, asked) for the first one the vault cannot give, having changed nothing for it."""
        for denom, count in counts:
            holding = self.session.get(VaultHolding, denom, with_for_update=True)
            have = holding.count if holding else 0
            if have + sign * count < 0:
                return denom, have, count
            if holding is None:
                self.session.add(VaultHolding(denomination=denom, count=sign * count))
            else:
                holding.count = have + sign * count
        return None

    def add(self, denomination: str, count: int) -> None:
        self.session.add(VaultHolding(denomination=denomination, count=count))

    def record_handover(self, *, at: str, kind: str, workstation_id: str, teller_id: str, supervisor_id: str,
                        breakdown_json: str, amount_fen: int, over_short_fen: int = 0) -> None:
        self.session.add(Handover(at=at, kind=kind, workstation_id=workstation_id, teller_id=teller_id,
                                  supervisor_id=supervisor_id, breakdown=breakdown_json, amount_fen=amount_fen,
                                  over_short_fen=over_short_fen))
