"""The nightly reconciliation run and the supervisors' resolution of its breaks.

A run for business date D matches the core's booked entries of D (imported statements)
against the branch's postings of D (the replicated journals), plus what earlier runs left
unresolved (carried forward). A key found on the other side under another date shows as
`date_differs`. Earlier breaks whose entries now match are `cleared`; those still open keep
their first day and age. A supervisor resolves a break with a note: `correction` (the journal
key of the correcting posting made through the normal flow), `carry` (a timing difference,
looked at again tomorrow) or `write_off`; above the amount limit, and for every write-off,
a second person (branch manager) authorises."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Callable

from teller.domain.errors import TellerError
from teller.domain.roles import SUPERVISOR_ROLES, Role
from teller.ports import Clock
from teller.recon.matching import BranchEntry, Break, CoreEntry, MatchResult, match
from teller.services.credentials import Credentials, StaffMember, require_other_person, require_roles
from teller.store.stores import BranchStore

NOT_AT_CORE = {"host_rejected", "offline_refused", "host_rejected_after_offline"}
RESOLUTIONS = ("correction", "carry", "write_off")
MANAGER = frozenset({Role.BRANCH_MANAGER})


class ReconRefused(TellerError):
    code = "recon_refused"


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    business_date: str
    core_entries: int
    branch_entries: int
    by_rung: dict[str, int]
    by_kind: dict[str, int]
    new_breaks: int
    carried_breaks: int
    cleared_breaks: int


@dataclass(frozen=True)
class BreakView:
    id: int
    kind: str
    account: str
    amount_fen: int
    first_seen: str
    age_days: int
    state: str
    resolution: str | None
    core_side: list[dict]
    branch_side: list[dict]
    note: str | None
    resolved_by: str | None
    authorised_by: str | None


def _core(row) -> CoreEntry:
    return CoreEntry(str(row.id), row.end_to_end_id, row.account, row.booking_date, row.amount_fen, row.direction,
                     bool(row.reversal), tuple(k for k in (row.batch_keys or "").split(",") if k))


def branch_entries(postings, answers) -> list[BranchEntry]:
    """The postings the core should have booked: not those it refused; a key it reversed
    (host_reversed) twice, the original and the expected reversal."""
    out = []
    for p in postings:
        kinds = answers.get((p.workstation_id, p.seq), set())
        if kinds & NOT_AT_CORE:
            continue
        direction = json.loads(p.payload).get("direction", "credit")
        entry = BranchEntry(f"{p.workstation_id}-{p.seq}", p.account or "", p.business_date, p.amount_fen or 0,
                            direction, False)
        out.append(entry)
        if "host_reversed" in kinds:
            out.append(entry._replace(direction="debit" if direction == "credit" else "credit", reversal=True))
    return out


def _split_key(key: str) -> tuple[str, int] | None:
    ws, _, seq = key.rpartition("-")
    return (ws, int(seq)) if ws and seq.isdigit() else None


def _side(entries) -> str:
    return json.dumps([e._asdict() for e in entries], sort_keys=True, ensure_ascii=False)


class ReconService:
    def __init__(self, branch: BranchStore, clock: Clock, verify: Callable[[Credentials], StaffMember],
                 single_limit_fen: int = 1_000_00):
        self.branch, self.clock, self.verify = branch, clock, verify
        self.single_limit_fen = single_limit_fen  # above it a second person authorises

    def _now(self) -> str:
        return self.clock.now().isoformat(timespec="seconds")

    # -- the run ---------------------------------------------------------------------------
    def run(self, business_date: str, run_by: str, progress: Callable[[str], None] | None = None) -> RunSummary:
        try:
            business_date = dt.date.fromisoformat(business_date).isoformat()
        except ValueError:
            raise ReconRefused(f"{business_date!r} is not a date (YYYY-MM-DD).") from None
        say = progress or (lambda _: None)
        with self.branch.required("The reconciliation run", write=True) as unit:
            repo = unit.recon
            say("loading the core's entries")
            core = [_core(r) for r in repo.core_entries(business_date)]
            say("loading the branch's postings")
            postings = repo.branch_postings(business_date)
            branch = branch_entries(postings, repo.answers_for(postings))
            earlier = repo.unresolved_breaks(before=business_date)
            for old in earlier:  # carried forward: their entries meet today's
                core += [CoreEntry(**{**e, "batch_keys": tuple(e["batch_keys"])}) for e in json.loads(old.core_side)]
                branch += [BranchEntry(**e) for e in json.loads(old.branch_side)]
            core, branch = _unique(core, "ref"), _unique(branch, None)
            # the same key under another date: fetch the other side's entry so it shows as date_differs
            branch_keys = {b.key for b in branch}
            core_keys = {c.key for c in core if c.key}
            core_refs = {c.ref for c in core}
            core += [c for c in (_core(r) for r in repo.core_entries_by_keys(branch_keys - core_keys, business_date))
                     if c.ref not in core_refs]
            wanted = [k for k in (_split_key(k) for k in core_keys - branch_keys) if k]
            others = [p for p in repo.postings_by_key(wanted) if p.business_date != business_date]
            branch += branch_entries(others, repo.answers_for(others))
            say(f"matching {len(core)} core entries against {len(branch)} branch entries")
            result = match(core, branch)
            run = repo.add_run(business_date, self._now(), run_by)
            summary = self._record(repo, run, business_date, result, earlier, len(core), len(branch))
        say("done")
        return summary

    def _record(self, repo, run, business_date: str, result: MatchResult, earlier, core_n: int,
                branch_n: int) -> RunSummary:
        repo.add_matches(run.id, [{"rung": m.rung, "core_refs": ",".join(c.ref for c in m.core),
                                   "branch_keys": ",".join(b.key for b in m.branch)} for m in result.matches])
        open_identities = {b.identity for b in result.breaks}
        new = carried = cleared = 0
        for brk in result.breaks:
            existing = repo.break_by_identity(brk.identity)
            if existing is not None and existing.state in ("open", "carried"):
                existing.last_run_id = run.id
                carried += 1
            elif existing is None:
                repo.add_break(identity=brk.identity, kind=brk.kind, account=brk.account, amount_fen=brk.amount_fen,
                               core_side=_side(brk.core), branch_side=_side(brk.branch), first_seen=business_date,
                               first_run_id=run.id, last_run_id=run.id, state="open")
                new += 1
        for old in earlier:  # its entries took part in this run: matched now, or a break of another kind
            if old.identity not in open_identities:
                repo.resolve_break(old.id, "cleared", note=f"matched or reclassified by run {run.id}",
                                   resolved_at=self._now())
                cleared += 1
        run.core_entries, run.branch_entries = core_n, branch_n
        run.matched, run.breaks = len(result.matches), len(result.breaks)
        return RunSummary(run.id, business_date, core_n, branch_n, result.by_rung(), result.by_kind(), new, carried,
                          cleared)

    # -- looking at breaks -------------------------------------------------------------------
    def breaks(self, *, on: str | None = None, states: tuple[str, ...] | None = ("open", "carried"),
               kind: str | None = None) -> list[BreakView]:
        today = dt.date.fromisoformat(on) if on else self.clock.now().date()
        with self.branch.required("The reconciliation breaks") as unit:
            rows = unit.recon.breaks(states=states, kind=kind)
            return [_view(r, today) for r in rows]

    # -- resolution --------------------------------------------------------------------------
    def resolve(self, supervisor: Credentials, break_id: int, resolution: str, note: str,
                authoriser: Credentials | None = None, correction_key: str | None = None) -> BreakView:
        if resolution not in RESOLUTIONS:
            raise ReconRefused(f"A break is resolved by {', '.join(RESOLUTIONS)}, not {resolution!r}.")
        if not note.strip():
            raise ReconRefused("Write a note saying why the break is resolved this way.")
        if resolution == "correction" and not (correction_key or "").strip():
            raise ReconRefused("A correction names the journal key of the correcting posting.")
        maker = self.verify(supervisor)
        require_roles(maker, SUPERVISOR_ROLES, "resolve a reconciliation break")
        with self.branch.required("Resolving a break") as unit:
            row = unit.recon.get_break(break_id)
            if row is None:
                raise ReconRefused(f"There is no break {break_id}.")
            amount_fen = row.amount_fen
        approver = None  # checked before the write: badge checks use the branch store themselves
        if resolution == "write_off" or amount_fen > self.single_limit_fen:
            if authoriser is None:
                raise ReconRefused(f"Break {break_id} ({amount_fen / 100:.2f}) needs the branch manager's "
                                   "authorisation" + (" for a write-off." if resolution == "write_off" else "."))
            approver = self.verify(authoriser)
            require_other_person(maker.staff_id, approver)
            require_roles(approver, MANAGER, "authorise the resolution of a reconciliation break")
        state = "carried" if resolution == "carry" else "resolved"
        text = note.strip() + (f" [correction {correction_key.strip()}]" if resolution == "correction" else "")
        with self.branch.required("Resolving a break", write=True) as unit:
            # decided once: the UPDATE only takes a break that is still open or carried
            if not unit.recon.resolve_break(break_id, state, resolution=resolution, note=text,
                                            resolved_by=maker.staff_id,
                                            authorised_by=approver.staff_id if approver else None,
                                            resolved_at=self._now()):
                raise ReconRefused(f"Break {break_id} was already resolved.")
        with self.branch.required("Resolving a break") as unit:
            return _view(unit.recon.get_break(break_id), self.clock.now().date())


def _unique(entries: list, attr: str | None) -> list:
    seen, out = set(), []
    for e in entries:
        k = getattr(e, attr) if attr else e
        if k not in seen:
            seen.add(k)
            out.append(e)
    return out


def _view(row, today: dt.date) -> BreakView:
    return BreakView(row.id, row.kind, row.account, row.amount_fen, row.first_seen,
                     (today - dt.date.fromisoformat(row.first_seen)).days, row.state, row.resolution,
                     json.loads(row.core_side), json.loads(row.branch_side), row.note, row.resolved_by,
                     row.authorised_by)
