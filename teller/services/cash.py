"""Cash deposit (现金存款) and withdrawal (现金取款) against a customer account at the core."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from teller.domain.denominations import Breakdown, check_matches
from teller.domain.errors import PermissionDenied, ReversalRefused, TillNotOpen
from teller.domain.money import check_posting_amount, format_amount, to_fen
from teller.domain.roles import Role
from teller.domain.texts import Text
from teller.ports import CoreAccount
from teller.services.authorisation import (AuthorisationNeed, AuthorisationService, LocalApproval,
                                           RemoteApproval)
from teller.services.context import WorkstationContext
from teller.services.daily_totals import DailyTotals
from teller.services.large_cash import CustomerIdentity, IdentityRequired
from teller.services.passbook import PassbookService
from teller.services.session import SessionService, TellerSession
from teller.services.till import TillService
from teller.sync.outbox import OutboxDispatcher, PostingOutcome


@dataclass(frozen=True)
class CashPosting:
    """What the teller sees after a deposit or withdrawal."""

    outcome: PostingOutcome
    tx_code: str
    account: str
    amount_fen: int
    cash: Breakdown
    entry_hash: str
    warnings: list[str] = field(default_factory=list)

    @property
    def cash_moved(self) -> bool:
        return self.outcome.status in ("approved", "offline_accepted")


OPPOSITE = {"credit": "debit", "debit": "credit"}


class CashService:
    def __init__(self, ctx: WorkstationContext, sessions: SessionService, till: TillService,
                 outbox: OutboxDispatcher, authorisation: AuthorisationService):
        self.ctx, self.sessions, self.till, self.outbox = ctx, sessions, till, outbox
        self.authorisation = authorisation
        self.totals = DailyTotals(ctx)

    def look_up_account(self, account: str) -> CoreAccount:
        """The account holder's name and status from the core, shown before posting."""
        return self.ctx.core.get_account(account.strip())

    def account_for_card(self, card) -> CoreAccount:
        """The account behind an inserted card (teller.ports.CardRead): postings, the journal and
        receipts use the account number; the PAN is shown masked and kept nowhere."""
        return self.ctx.core.account_for_card(card.pan)

    def record_posting(self, session: TellerSession, tx_code: str, account: str, amount: Decimal,
                       cash: Breakdown, account_name: str = "", *, extra: dict | None = None,
                       reverses: int | None = None) -> tuple[str, int, str]:
        """The durable local part of a posting: journal + outbox + pending till movements, one commit.

        `reverses` makes it the reversal (冲正) of that posting: the opposite direction,
        linked to the original. `extra` adds to the entry's payload (authoriser, large-cash
        report data). Returns (idempotency key, journal seq, entry hash).
        """
        self.sessions.require_active(session)
        code = self.ctx.settings.catalogue.get(tx_code)
        if code.roles and not session.staff.has_any(code.roles):
            raise PermissionDenied(Text("code_not_permitted", person=session.staff.name, code=code.code,
                                        name=code.name_en, name_zh=code.name_zh,
                                        role_codes=",".join(sorted(Role(r).value for r in code.roles))))
        amount_fen = check_posting_amount(to_fen(amount))  # 0 < amount <= maximum, whoever calls
        check_matches(cash, amount_fen)
        account = account.strip()
        direction = code.direction if reverses is None else OPPOSITE[code.direction]
        sign = 1 if direction == "credit" else -1
        payload = {"direction": direction, "denominations": cash.to_json_dict(), "account_name": account_name,
                   **(extra or {})}
        if reverses is not None:
            payload["reverses"] = reverses
        # the branch's open business day when it is kept there (a closed day refuses); else the clock's
        day = self.ctx.business_date() if self.ctx.business_day is not None else None
        with self.ctx.workstation.posting() as unit:  # the hot path: bench/posting.py measures it
            # decided inside the write transaction (and a unique index behind it): reversed once
            if reverses is not None and unit.journal.reversal_of(reverses) is not None:
                raise ReversalRefused(f"Posting {reverses} was already reversed.")
            till_id = unit.till.open_till_id(session.teller_id)
            if till_id is None:
                raise TillNotOpen("Open your till from the vault first.")
            if direction == "debit":  # never pay out what the till does not hold
                self.till.may_pay_out(unit, till_id, cash)
            entry = unit.journal.append(
                teller_id=session.teller_id, kind="posting", business_date=day, tx_code=code.code, account=account,
                amount_fen=amount_fen, refers_to=reverses, payload=payload)
            key = f"{self.ctx.workstation_id}-{entry.seq}"
            unit.outbox.add(journal_seq=entry.seq, key=key, account=account, direction=direction,
                            amount_fen=amount_fen, tx_code=code.code, teller_id=session.teller_id,
                            at=entry.recorded_at)
            unit.till.add_movements(till_id, entry.seq, [(denom, sign * count) for denom, count in cash.items()],
                                    "pending")
        return key, entry.seq, entry.hash

    def authorisation_need(self, session: TellerSession, tx_code: str, account: str,
                           amount: Decimal) -> AuthorisationNeed | None:
        """What the policy asks for this posting (None: the teller may post alone)."""
        code = self.ctx.settings.catalogue.get(tx_code)
        amount_fen, account = to_fen(amount), account.strip()
        context = self.authorisation.context(
            teller_total_today_fen=self.totals.teller_total(session.teller_id, code.code),
            customer_cash_today_fen=self.totals.customer_cash(account, code.direction),
            offline=not self.outbox.core_online)
        return self.authorisation.need(session, code.code, amount_fen, account, context)

    def post(self, session: TellerSession, tx_code: str, account: str, amount: Decimal,
             cash: Breakdown, account_name: str = "", *, approval: LocalApproval | RemoteApproval | None = None,
             customer: CustomerIdentity | None = None) -> CashPosting:
        """Posts after the policy's checks: a needed authorisation must come with `approval`,
        and large cash with the customer's identity and purpose (大额交易报告)."""
        self.sessions.require_active(session)
        check_matches(cash, check_posting_amount(to_fen(amount)))
        need = self.authorisation_need(session, tx_code, account, amount)
        extra = {}
        if need is not None and "id_required" in need.decision.flags:
            if customer is None:
                threshold = format_amount(self.authorisation.policy.large_cash_fen)
                raise IdentityRequired(f"Large cash ({threshold} or more today): enter the customer's ID type, "
                                       "ID number and the purpose.")
            extra["large_cash"] = customer.for_report()
        authoriser = self.authorisation.require(session, need, approval)
        if authoriser is not None:
            extra["authorised_by"] = authoriser.staff_id
        key, _seq, entry_hash = self.record_posting(session, tx_code, account, amount, cash, account_name,
                                                    extra=extra)
        outcome = self.outbox.send(key)
        self.totals.publish(account, self.ctx.settings.catalogue.get(tx_code).direction)  # large cash, branch-wide
        if outcome.status == "approved":
            self._add_to_passbook(session, tx_code, account.strip(), to_fen(amount), outcome.balance_fen)
        return CashPosting(outcome, tx_code, account.strip(), to_fen(amount), cash, entry_hash,
                           self._warnings(session, outcome))

    def _add_to_passbook(self, session: TellerSession, tx_code: str, account: str, amount_fen: int,
                         balance_fen: int | None) -> None:
        """An approved movement on an account with a passbook waits there for the next update (补登)."""
        with self.ctx.workstation.reading() as unit:
            book = unit.passbooks.for_account(account)
        if book is None or balance_fen is None:
            return
        incoming = self.ctx.settings.catalogue.get(tx_code).direction == "credit"
        PassbookService(self.ctx, queue=None).add_entry(
            book, date=self.ctx.business_date(), code=tx_code, balance_fen=balance_fen, teller_id=session.teller_id,
            **({"amount_in_fen": amount_fen} if incoming else {"amount_out_fen": amount_fen}))

    def _warnings(self, session: TellerSession, outcome: PostingOutcome) -> list[str]:
        warnings = []
        if outcome.status == "offline_accepted":
            warnings.append("The core banking system did not answer: the posting was accepted offline "
                            "and will be sent when the link is back.")
        position = self.till.position(session)
        limit = self.ctx.settings.holding_limit_fen
        if position is not None and position.total_fen() > limit:
            warnings.append(f"The till holds {format_amount(position.total_fen())}, over the holding limit of "
                            f"{format_amount(limit)}: sell cash back to the vault.")
        return warnings
