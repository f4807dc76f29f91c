"""The outbox to the core (workstation store): one row per posting, keyed workstation-sequence."""
from __future__ import annotations

from sqlalchemy import select, update

from teller.store.driver import DriverRepository
from teller.store.models import OutboxItem

_INSERT_SQL = ("INSERT INTO outbox (journal_seq, idempotency_key, account, direction, amount_fen, tx_code, "
               "teller_id, state, attempts, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)")


class OutboxRepository(DriverRepository):

    def add(self, *, journal_seq: int, key: str, account: str, direction: str, amount_fen: int, tx_code: str,
            teller_id: str, at: str) -> None:
        """A recorded posting waiting for the core (hot path: plain SQL)."""
        self.driver.execute(_INSERT_SQL, (journal_seq, key, account, direction, amount_fen, tx_code, teller_id, at))

    def by_key(self, key: str) -> OutboxItem:
        return self.session.execute(select(OutboxItem).where(OutboxItem.idempotency_key == key)).scalar_one()

    def get(self, item_id: int) -> OutboxItem | None:
        return self.session.get(OutboxItem, item_id)

    def by_ids(self, ids: list[int]) -> dict[int, OutboxItem]:
        return {row.id: row for row in self.session.execute(select(OutboxItem).where(OutboxItem.id.in_(ids))).scalars()}

    def in_states(self, states) -> list[OutboxItem]:
        return list(self.session.execute(select(OutboxItem).where(OutboxItem.state.in_(states))
                                         .order_by(OutboxItem.id)).scalars())

    def earlier_in_states(self, item: OutboxItem, states) -> list[OutboxItem]:
        """Items of the same account before `item`, in these states, oldest first."""
        return list(self.session.execute(select(OutboxItem).where(
            OutboxItem.state.in_(states), OutboxItem.account == item.account, OutboxItem.id < item.id)
            .order_by(OutboxItem.id)).scalars())

    def move_state(self, key: str, from_state: str, to_state: str, at: str) -> bool:
        """Moves one item from one state to another; False when it was not in `from_state`."""
        return self.session.execute(update(OutboxItem).where(OutboxItem.idempotency_key == key,
                                                             OutboxItem.state == from_state)
                                    .values(state=to_state, updated_at=at)
                                    .execution_options(synchronize_session=False)).rowcount == 1
