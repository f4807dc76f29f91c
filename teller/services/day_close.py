"""The end-of-day checklist (签退检查, 日终轧平): the business day closes only when every line is
done, and each line that is not names who or what blocks it.

Lines, in the order a branch works through them:
  signed_off       every counter teller has signed off (supervisors may still be signed in)
  tills_closed     every till opened today was counted and closed
  cash_agrees      each closed till agrees with its journal after the authorised over/short (账款相符)
  custody_back     every seal, pledge-code device and voucher box is locked in the vault box
  reviewed         no posting of the day waits for review (复核)
  core_answered    no cash posting waits for the core's answer, no exception is left open
  journals_synced  the branch copy of every workstation's journal has no gap or broken chain
  reconciled       the reconciliation with the core's statements has no unresolved break above
                   the threshold (given by the reconciliation, when it is wired in)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from teller.domain.day_book import cash_day_book, teller_balances
from teller.domain.money import format_amount
from teller.domain.roles import SUPERVISOR_ROLES, parse_roles
from teller.services.context import WorkstationContext
from teller.store.stores import BranchStore

CHECKLIST = ("signed_off", "tills_closed", "cash_agrees", "custody_back", "reviewed", "core_answered",
             "journals_synced", "reconciled")


# What keeps a line open, as a template per code: the screen shows it translated, the command
# line in English. Parameters are names, desks, entries and amounts, never staff ids.
BLOCKERS = {
    "signed_in": "{name} is signed in at {desk}",
    "till_open": "{name}'s till ({desk}) is open",
    "till_differs": "{name}: counted {counted}, the journal says {expected}",
    "item_out": "{item} is with {name}",
    "unreviewed": "{count} posting(s) wait for review",
    "awaits_core": "{entry} ({name}) waits for the core's answer",
    "exception_open": "exception {entry} ({name}) is open",
    "journal_problem": "{desk} entry {seq}: {problem}",
    "no_reconciliation": "no reconciliation with the core's statements is configured",
    "reconciliation": "{problem}",
}


@dataclass(frozen=True)
class Blocker:
    code: str
    params: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        return BLOCKERS[self.code].format(**dict(self.params))


def _blocker(code: str, **params) -> Blocker:
    return Blocker(code, tuple((key, str(value)) for key, value in params.items()))


@dataclass(frozen=True)
class ChecklistLine:
    key: str
    blockers: tuple[Blocker, ...]  # who or what keeps this line open, by name

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(str(b) for b in self.blockers)

    @property
    def done(self) -> bool:
        return not self.blockers


class DayCloseChecklist:
    """`reconciliation(business_date)` answers the blockers of the reconciliation line (the
    unresolved breaks above the threshold, or that it has not run); without one the line says
    that no reconciliation is configured."""

    def __init__(self, ctx: WorkstationContext, branch: BranchStore, custody, review, exceptions, replicator,
                 reconciliation: Callable[[str], list[str]] | None = None):
        self.ctx, self.branch = ctx, branch
        self.custody, self.review, self.exceptions, self.replicator = custody, review, exceptions, replicator
        self.reconciliation = reconciliation

    def lines(self, business_date: str | None = None) -> list[ChecklistLine]:
        day = business_date or self.ctx.business_date()
        with self.branch.required("The end-of-day checklist") as unit:
            records = list(unit.day_reports.journal_of_day(day))
            names = unit.day_reports.staff_names()
            signed_in = unit.day_reports.signed_in()
        name = lambda staff_id: names.get(staff_id) or staff_id  # noqa: E731 - a person by name
        book = cash_day_book(records)
        balances = teller_balances(records, book)
        found = {
            "signed_off": [_blocker("signed_in", name=name(staff), desk=desk) for staff, roles, desk in signed_in
                           if not parse_roles(roles) & SUPERVISOR_ROLES],
            "tills_closed": [_blocker("till_open", name=name(b.teller_id), desk=", ".join(sorted(b.workstations)))
                             for b in balances if b.counted_fen is None and b.workstations],
            "cash_agrees": [_blocker("till_differs", name=name(b.teller_id), counted=format_amount(b.counted_fen),
                                     expected=format_amount(b.expected_fen + b.over_short_fen))
                            for b in balances if b.counted_fen is not None and not b.balanced],
            "custody_back": [_blocker("item_out", item=item.name, name=item.keeper_name)
                             for item in self.custody.missing_at_close()],
            "reviewed": self._unreviewed(day),
            "core_answered": [_blocker("awaits_core", entry=line.entry, name=name(line.teller_id))
                              for line in book if line.status == "pending"]
            + [_blocker("exception_open", entry=item.key, name=name(item.teller_id))
               for item in self.exceptions.exceptions(day) if item.is_open],
            "journals_synced": [_blocker("journal_problem", desk=p.workstation_id, seq=p.seq, problem=p.problem)
                                for p in self.replicator.branch_journal_problems(all_workstations=True)],
            "reconciled": ([_blocker("reconciliation", problem=text) for text in self.reconciliation(day)]
                           if self.reconciliation is not None else [_blocker("no_reconciliation")]),
        }
        return [ChecklistLine(key, tuple(found[key])) for key in CHECKLIST]

    def _unreviewed(self, day: str) -> list[str]:
        waiting = self.review.unreviewed_count(day)
        return [_blocker("unreviewed", count=waiting)] if waiting else []

    def blockers(self, business_date: str | None = None) -> list[ChecklistLine]:
        """The lines still open; an empty list means the day may close."""
        return [line for line in self.lines(business_date) if not line.done]
