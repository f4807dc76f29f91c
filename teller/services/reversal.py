"""Reversal of a wrong posting (错账冲正): an authorised, linked posting in the opposite
direction, sent to the core under its own idempotency key; the cash moves back in the till."""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from teller.domain.denominations import Breakdown
from teller.domain.errors import ReversalRefused  # noqa: F401 - re-exported for callers
from teller.domain.money import from_fen
from teller.domain.permissions import require_permission
from teller.domain.texts import Text
from teller.services.authorisation import AuthorisationService, LocalApproval, RemoteApproval
from teller.services.cash import CashService
from teller.services.context import WorkstationContext
from teller.services.session import SessionService, TellerSession
from teller.store.models import WorkstationJournal
from teller.sync.outbox import PostingOutcome

SETTLED = ("host_approved", "offline_accepted")
NOT_AT_CORE = ("host_rejected", "offline_refused", "host_reversed")


@dataclass(frozen=True)
class Reversal:
    original_seq: int
    outcome: PostingOutcome


class ReversalService:
    def __init__(self, ctx: WorkstationContext, sessions: SessionService, cash: CashService,
                 authorisation: AuthorisationService):
        self.ctx, self.sessions, self.cash, self.authorisation = ctx, sessions, cash, authorisation

    def check(self, seq: int) -> WorkstationJournal:
        """The posting to reverse, or ReversalRefused saying why it cannot be reversed here."""
        J = WorkstationJournal
        with self.ctx.workstation_db() as db:
            entry = db.get(J, (self.ctx.workstation_id, seq))
            if entry is None or entry.kind != "posting":
                raise ReversalRefused(Text("reversal_not_posting", seq=seq))
            if "reverses" in json.loads(entry.payload):
                raise ReversalRefused(Text("reversal_of_reversal", seq=seq))
            later = db.execute(select(J.kind, J.payload).where(J.workstation_id == self.ctx.workstation_id,
                                                               J.refers_to == seq)).all()
        if any(kind == "posting" for kind, _ in later):
            raise ReversalRefused(Text("reversal_done", seq=seq))
        kinds = {kind for kind, _ in later}
        if kinds & set(NOT_AT_CORE) and not kinds & set(SETTLED):
            raise ReversalRefused(Text("reversal_not_at_core", seq=seq))
        if not kinds & set(SETTLED):
            raise ReversalRefused(Text("reversal_waiting", seq=seq))
        if entry.business_date != self.ctx.business_date():
            raise ReversalRefused(Text("reversal_other_day", seq=seq, date=entry.business_date))
        return entry

    def need(self, session: TellerSession, seq: int):
        entry = self.check(seq)
        require_permission(session.staff, "request_reversal", entry.teller_id)
        return self.authorisation.need(session, "reversal", entry.amount_fen, entry.account)

    def reverse(self, session: TellerSession, seq: int, reason: str,
                approval: LocalApproval | RemoteApproval | None) -> Reversal:
        self.sessions.require_active(session)
        if not reason.strip():
            raise ReversalRefused("Give the reason for the reversal.")
        entry = self.check(seq)
        require_permission(session.staff, "request_reversal", entry.teller_id)
        need = self.authorisation.need(session, "reversal", entry.amount_fen, entry.account)
        authoriser = self.authorisation.require(session, need, approval)
        payload = json.loads(entry.payload)
        cash = Breakdown(payload["denominations"], self.ctx.settings.denominations)
        key, _, _ = self.cash.record_posting(
            session, entry.tx_code, entry.account, Decimal(from_fen(entry.amount_fen)), cash,
            payload.get("account_name", ""), reverses=seq,
            extra={"reason": reason.strip(), "authorised_by": authoriser.staff_id if authoriser else None})
        outcome = self.cash.outbox.send(key)
        self.cash.totals.publish(entry.account, self.ctx.settings.catalogue.get(entry.tx_code).direction)
        return Reversal(seq, outcome)

    def reversed_seqs(self, seqs: list[int]) -> set[int]:
        """Which of these postings have a reversal (for the journal view's status column)."""
        J = WorkstationJournal
        with self.ctx.workstation_db() as db:
            return set(db.execute(select(J.refers_to).where(J.workstation_id == self.ctx.workstation_id,
                                                            J.kind == "posting", J.refers_to.in_(seqs))).scalars())
