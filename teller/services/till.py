"""The teller's till (尾箱): open from the vault, position, intra-day balance (轧账), sell-back, blind close.

Cash between vault and till always moves under dual control: the teller's and the
cash-area head's badges and PINs, recorded as a handover at the branch.
"""
from __future__ import annotations

from dataclasses import dataclass

from teller.domain.denominations import Breakdown
from teller.domain.errors import (AuthorisationRequired, InsufficientVaultCash, TillAlreadyOpen,
                                  TillNotOpen)
from teller.domain.journal_entry import canonical_json
from teller.domain.permissions import require_permission
from teller.domain.roles import CASH_CONTROL_ROLES
from teller.services.context import WorkstationContext
from teller.services.credentials import Credentials, StaffMember
from teller.services.session import SessionService, TellerSession
from teller.store.models import Till
from teller.store.stores import BranchUnit, WorkstationUnit

# journal kinds that put a posting's cash into (or out of) the till
CASH_SETTLING_KINDS = ("host_approved", "offline_accepted")
# entries that move cash in a till named in their payload (`till`, `till_direction`, `denominations`)
TILL_RETURN_KINDS = ("exception_reversed",)


@dataclass(frozen=True)
class BalanceLine:
    denomination: str
    by_journal: int
    in_till: int

    @property
    def difference(self) -> int:
        return self.in_till - self.by_journal


@dataclass(frozen=True)
class BalanceReport:
    """轧账: the till per denomination against what the journal says it must hold."""

    lines: list[BalanceLine]
    journal_total_fen: int
    till_total_fen: int

    @property
    def balanced(self) -> bool:
        return all(line.difference == 0 for line in self.lines)


@dataclass(frozen=True)
class CloseAssessment:
    counted: Breakdown
    expected: Breakdown

    @property
    def difference_fen(self) -> int:
        """Positive = over (长款), negative = short (短款)."""
        return self.counted.total_fen() - self.expected.total_fen()


class TillService:
    def __init__(self, ctx: WorkstationContext, sessions: SessionService):
        self.ctx = ctx
        self.sessions = sessions

    @property
    def workstation(self):
        return self.ctx.workstation

    @property
    def branch(self):
        return self.ctx.branch

    # -- reading ----------------------------------------------------------------------
    @staticmethod
    def require_open_till(unit: WorkstationUnit, teller_id: str) -> Till:
        till = unit.till.open_till(teller_id)
        if till is None:
            raise TillNotOpen("Open your till from the vault first.")
        return till

    def cash_in(self, unit, till_id: int, *, include_pending_out: bool = False) -> Breakdown:
        """Cash in the till; with pending outflows subtracted, what may still be paid out."""
        return self._breakdown(unit.till.counts(till_id, include_pending_out=include_pending_out))

    def may_pay_out(self, unit, till_id: int, cash: Breakdown) -> None:
        """Raises (InsufficientCash) unless the till, less what is already promised out, holds `cash`."""
        self.cash_in(unit, till_id, include_pending_out=True).minus(cash)

    def position(self, session: TellerSession) -> Breakdown | None:
        with self.workstation.reading() as unit:
            till = unit.till.open_till(session.teller_id)
            return self.cash_in(unit, till.id) if till else None

    def _breakdown(self, counts: dict[str, int]) -> Breakdown:
        return Breakdown(counts, self.ctx.settings.denominations)

    # -- dual-controlled movements between vault and till ------------------------------
    def _dual_control(self, session: TellerSession, teller: Credentials, head: Credentials,
                      purpose: str) -> StaffMember:
        self.sessions.require_active(session)
        self.sessions.verify_same_teller(session, teller)
        return self.sessions.verify_supervisor(head, maker_id=session.teller_id, roles=CASH_CONTROL_ROLES,
                                               purpose=purpose)

    @staticmethod
    def _move_vault(unit: BranchUnit, delta: Breakdown, sign: int) -> None:
        short = unit.vault.move(delta.items(), sign)
        if short is not None:
            denom, have, count = short
            raise InsufficientVaultCash(f"The vault holds only {have} of {denom}; {count} requested.")

    def _handover(self, unit: BranchUnit, kind: str, session: TellerSession, supervisor: StaffMember,
                  cash: Breakdown, over_short_fen: int = 0) -> None:
        unit.vault.record_handover(at=self.ctx.now_text(), kind=kind, workstation_id=self.ctx.workstation_id,
                                   teller_id=session.teller_id, supervisor_id=supervisor.staff_id,
                                   breakdown_json=canonical_json(cash.to_json_dict()), amount_fen=cash.total_fen(),
                                   over_short_fen=over_short_fen)

    def open(self, session: TellerSession, cash: Breakdown, teller: Credentials, head: Credentials) -> Till:
        """Opens the till with cash from the vault, counted and confirmed by both parties."""
        require_permission(session.staff, "open_till")
        head_staff = self._dual_control(session, teller, head, "hand over cash from the vault")
        with self.workstation.reading() as unit:
            if unit.till.open_till(session.teller_id):
                raise TillAlreadyOpen("Your till is already open.")
        with self.branch.transaction() as bunit:
            self._move_vault(bunit, cash, -1)
            self._handover(bunit, "till_open", session, head_staff, cash)
        with self.workstation.transaction() as unit:
            entry = unit.journal.append(teller_id=session.teller_id, kind="till_opened", amount_fen=cash.total_fen(),
                                        payload={"denominations": cash.to_json_dict(),
                                                 "supervisor": head_staff.staff_id})
            till = unit.till.open_new(session.teller_id, self.ctx.business_date(), entry.seq)
            self.add_movements(unit, till.id, entry.seq, cash, +1, "effective")
        return till

    def sell_back(self, session: TellerSession, cash: Breakdown, teller: Credentials, head: Credentials) -> int:
        """上缴: hands surplus cash back to the vault (e.g. over the holding limit). Returns the journal seq."""
        require_permission(session.staff, "sell_back")
        head_staff = self._dual_control(session, teller, head, "take cash back into the vault")
        with self.workstation.transaction() as unit:
            till = self.require_open_till(unit, session.teller_id)
            self.may_pay_out(unit, till.id, cash)
            entry = unit.journal.append(teller_id=session.teller_id, kind="till_sell_back",
                                        amount_fen=cash.total_fen(),
                                        payload={"denominations": cash.to_json_dict(),
                                                 "supervisor": head_staff.staff_id})
            self.add_movements(unit, till.id, entry.seq, cash, -1, "effective")
            with self.branch.transaction() as bunit:
                self._move_vault(bunit, cash, +1)
                self._handover(bunit, "sell_back", session, head_staff, cash)
        return entry.seq

    @staticmethod
    def add_movements(unit, till_id: int, seq: int, cash: Breakdown, sign: int, state: str) -> None:
        unit.till.add_movements(till_id, seq, [(denom, sign * count) for denom, count in cash.items()], state)

    # -- balancing and close -----------------------------------------------------------
    def expected_by_journal(self, unit: WorkstationUnit, till: Till) -> Breakdown:
        """Replays the journal since the till opened: what the till must hold."""
        total, postings, settled = self._breakdown({}), {}, set()
        for row in unit.journal.since(till.opened_seq, teller_id=till.teller_id, or_kinds=TILL_RETURN_KINDS):
            payload = row.payload
            if row.kind == "till_opened":
                total = total + self._breakdown(payload["denominations"])
            elif row.kind == "till_sell_back":
                total = total.minus(self._breakdown(payload["denominations"]), allow_negative=True)
            elif row.kind == "posting":
                postings[row.seq] = (payload["direction"], self._breakdown(payload["denominations"]))
            elif row.kind in TILL_RETURN_KINDS:  # a supervisor's entry naming the till (another person's id)
                if payload.get("till") == till.id:
                    cash = self._breakdown(payload["denominations"])
                    total = total + cash if payload["till_direction"] == "in" else total.minus(cash, allow_negative=True)
            elif row.kind in CASH_SETTLING_KINDS and row.refers_to in postings and row.refers_to not in settled:
                settled.add(row.refers_to)
                direction, cash = postings[row.refers_to]
                total = total + cash if direction == "credit" else total.minus(cash, allow_negative=True)
        return total

    def balance(self, session: TellerSession) -> BalanceReport:
        require_permission(session.staff, "balance_till")
        self.sessions.require_active(session)
        with self.workstation.reading() as unit:
            till = self.require_open_till(unit, session.teller_id)
            by_journal, in_till = self.expected_by_journal(unit, till), self.cash_in(unit, till.id)
        lines = [BalanceLine(d.id, by_journal.count(d.id), in_till.count(d.id)) for d in self.ctx.settings.denominations]
        return BalanceReport(lines, by_journal.total_fen(), in_till.total_fen())

    def count_at_close(self, session: TellerSession, counted: Breakdown) -> CloseAssessment:
        """Blind count: the teller's count is journaled before the expected figure is shown."""
        require_permission(session.staff, "close_till")
        self.sessions.require_active(session)
        with self.workstation.transaction() as unit:
            till = self.require_open_till(unit, session.teller_id)
            unit.journal.append(teller_id=session.teller_id, kind="blind_count", amount_fen=counted.total_fen(),
                                payload={"denominations": counted.to_json_dict()})
            expected = self.cash_in(unit, till.id)
        return CloseAssessment(counted, expected)

    def close(self, session: TellerSession, counted: Breakdown, teller: Credentials,
              head: Credentials | None) -> CloseAssessment:
        """Hands the counted cash back to the vault; an over or short needs the cash-area head."""
        require_permission(session.staff, "close_till")
        with self.workstation.reading() as unit:
            till = self.require_open_till(unit, session.teller_id)
            assessment = CloseAssessment(counted, self.cash_in(unit, till.id))
        if head is None:
            raise AuthorisationRequired("Closing the till hands the cash to the vault: the cash-area head "
                                        "must present a badge and PIN.")
        head_staff = self._dual_control(session, teller, head, "receive a till at close"
                                        + (" with an over or short" if assessment.difference_fen else ""))
        diff = assessment.difference_fen
        with self.workstation.transaction() as unit:
            till = self.require_open_till(unit, session.teller_id)
            if diff:
                unit.journal.append(teller_id=session.teller_id, kind="over" if diff > 0 else "short",
                                    amount_fen=abs(diff),
                                    payload={"counted": counted.to_json_dict(),
                                             "expected": assessment.expected.to_json_dict(),
                                             "authorised_by": head_staff.staff_id})
            entry = unit.journal.append(teller_id=session.teller_id, kind="till_closed",
                                        amount_fen=counted.total_fen(),
                                        payload={"denominations": counted.to_json_dict(),
                                                 "supervisor": head_staff.staff_id, "over_short_fen": diff})
            self.add_movements(unit, till.id, entry.seq, assessment.expected, -1, "effective")
            unit.till.close(till, entry.seq)
            with self.branch.transaction() as bunit:
                self._move_vault(bunit, counted, +1)
                self._handover(bunit, "till_close", session, head_staff, counted, diff)
        return assessment
