"""Outbox rows of the non-cash postings (transfers, vouchers, fees), in the workstation store.

A non-cash posting moves no till cash. One waiting for its reviewer (复核) or, as the payee's
leg of a transfer, for the payer's leg to be approved at the core, is written `held`: the
outbox resolver sends only open states (teller.sync.outbox.OPEN_STATES), so a held row never
reaches the core until it is released to `pending`, or it is `cancelled`."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from teller.store.models import OutboxItem
from teller.store.noncash_models import TransferLegs

HELD, CANCELLED = "held", "cancelled"


class NoncashPostingRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, *, journal_seq: int, key: str, account: str, direction: str, amount_fen: int, tx_code: str,
            teller_id: str, at: str, held: bool) -> None:
        self.session.add(OutboxItem(journal_seq=journal_seq, idempotency_key=key, account=account,
                                    direction=direction, amount_fen=amount_fen, tx_code=tx_code, teller_id=teller_id,
                                    state=HELD if held else "pending", attempts=0, updated_at=at))

    def state_of(self, key: str) -> str | None:
        return self.session.execute(select(OutboxItem.state).where(OutboxItem.idempotency_key == key)).scalar()

    def release(self, key: str, at: str) -> bool:
        """held -> pending (the resolver or a send takes it to the core); False when it was not held."""
        return self._change(key, HELD, "pending", at)

    def cancel(self, key: str, at: str) -> bool:
        """held -> cancelled: never sent; False when it was not held."""
        return self._change(key, HELD, CANCELLED, at)

    def reverse_approved(self, key: str, at: str) -> bool:
        """approved -> needs_reversal: the outbox resolver reverses it at the core by its key (冲正)."""
        return self._change(key, "approved", "needs_reversal", at)

    def _change(self, key: str, from_state: str, to_state: str, at: str) -> bool:
        return self.session.execute(
            update(OutboxItem).where(OutboxItem.idempotency_key == key, OutboxItem.state == from_state)
            .values(state=to_state, updated_at=at).execution_options(synchronize_session=False)).rowcount == 1

    # -- the two legs of a transfer ---------------------------------------------------------
    def pair(self, payer_key: str, payee_key: str) -> None:
        self.session.add(TransferLegs(payer_key=payer_key, payee_key=payee_key, state="open"))

    def open_transfers(self) -> list[tuple[str, str | None, str, str | None]]:
        """(payer key, its outbox state, payee key, its outbox state) of each transfer not finished."""
        payer = OutboxItem.__table__.alias("payer")
        payee = OutboxItem.__table__.alias("payee")
        rows = self.session.execute(
            select(TransferLegs.payer_key, payer.c.state, TransferLegs.payee_key, payee.c.state)
            .join(payer, payer.c.idempotency_key == TransferLegs.payer_key)
            .join(payee, payee.c.idempotency_key == TransferLegs.payee_key)
            .where(TransferLegs.state == "open").order_by(payer.c.id)).all()
        return [tuple(r) for r in rows]

    def payee_of(self, payer_key: str) -> str | None:
        return self.session.execute(select(TransferLegs.payee_key).where(TransferLegs.payer_key == payer_key)).scalar()

    def close_transfer(self, payer_key: str) -> None:
        self.session.execute(update(TransferLegs).where(TransferLegs.payer_key == payer_key).values(state="done")
                             .execution_options(synchronize_session=False))
