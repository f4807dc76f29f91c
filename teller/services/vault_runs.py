"""Vault runs (接送库) under the cash-in-transit guards: the cash-area head plans each run with the
box's RFID asset tag, the items and amounts, the time window and the named counterpart (the escort
or vault keeper); the handover happens once, with the box's tag read, both parties' badges and
PINs, inside the window and only to the named counterpart. A refused handover is journaled too."""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from teller.domain.duties import check_not_own
from teller.domain.errors import TellerError
from teller.domain.money import format_amount
from teller.domain.roles import CASH_CONTROL_ROLES
from teller.services.credentials import Credentials, require_roles
from teller.services.desk import Desk
from teller.services.session import TellerSession

DIRECTIONS = {"to_vault": "送库", "from_vault": "接库"}
TAG = re.compile(r"[0-9A-F]{8,24}")


class VaultRunRefused(TellerError):
    code = "vault_run_refused"


@dataclass(frozen=True)
class VaultRunView:
    run_id: int
    direction: str
    box_tag: str
    counterpart_id: str
    window_from: str
    window_to: str
    items: tuple[tuple[str, int], ...]
    total_fen: int
    state: str
    branch_party_id: str | None
    handed_at: str | None


def _view(row) -> VaultRunView:
    items = tuple((i["item"], i["amount_fen"]) for i in json.loads(row.items))
    return VaultRunView(row.id, row.direction, row.box_tag, row.counterpart_id, row.window_from, row.window_to, items,
                        row.total_fen, row.state, row.branch_party_id, row.handed_at)


def _tag(text: str) -> str:
    tag = text.strip().upper()
    if not TAG.fullmatch(tag):
        raise VaultRunRefused(f"Box tag {text!r}: the RFID asset tag is 8 to 24 hex characters.")
    return tag


class VaultRunService:
    def __init__(self, desk: Desk):
        self.desk = desk

    def plan(self, session: TellerSession, *, direction: str, box_tag: str, counterpart_id: str,
             window_from: dt.datetime, window_to: dt.datetime, items: list[tuple[str, int]]) -> VaultRunView:
        self.desk.sessions.require_active(session)
        require_roles(session.staff, CASH_CONTROL_ROLES, "plan vault runs")
        if direction not in DIRECTIONS:
            raise VaultRunRefused(f"Direction {direction!r}: to_vault (送库) or from_vault (接库).")
        tag = _tag(box_tag)
        if window_from.tzinfo is None or window_to.tzinfo is None:
            raise ValueError("vault run windows are timezone-aware")
        if window_to <= window_from:
            raise VaultRunRefused("The run's window must end after it starts.")
        if not items or any(not name.strip() or not isinstance(fen, int) or fen <= 0 for name, fen in items):
            raise VaultRunRefused("List the box's items, each with an amount over zero.")
        counterpart = self.desk.sessions.staff_member(counterpart_id.strip())
        check_not_own(session.teller_id, counterpart.staff_id, "handover")
        with self.desk.branch.required("Vault runs", write=True) as unit:
            if unit.vault_runs.planned_for_box(tag):
                raise VaultRunRefused(f"Box {tag} already has a planned run: hand it over or cancel it first.")
            row = unit.vault_runs.add(direction=direction, box_tag=tag, counterpart_id=counterpart.staff_id,
                                      window_from=window_from.isoformat(timespec="seconds"),
                                      window_to=window_to.isoformat(timespec="seconds"),
                                      items=json.dumps([{"item": n.strip(), "amount_fen": f} for n, f in items],
                                                       ensure_ascii=False),
                                      total_fen=sum(f for _, f in items), planned_by=session.teller_id,
                                      planned_at=self.desk.now_text(), state="planned",
                                      workstation_id=self.desk.workstation_id)
            run = _view(row)
        self.desk.record(session, "vault_run_planned", amount_fen=run.total_fen,
                         payload={"run": run.run_id, "direction": direction, "box_tag": tag,
                                  "counterpart": counterpart.staff_id, "window": [run.window_from, run.window_to],
                                  "items": [list(i) for i in run.items]})
        return run

    def hand_over(self, session: TellerSession, run_id: int, *, box_tag_read: str, branch_party: Credentials,
                  counterpart: Credentials) -> VaultRunView:
        """The handover at the vault door: refused (and journaled) outside the window, to anyone but
        the named counterpart, or with another box's tag."""
        self.desk.sessions.require_active(session)
        ours = self.desk.sessions.check_credentials(branch_party)
        theirs = self.desk.sessions.check_credentials(counterpart)
        require_roles(ours, CASH_CONTROL_ROLES, "hand over a vault run for the branch")
        check_not_own(ours.staff_id, theirs.staff_id, "handover")
        now = self.desk.now()
        with self.desk.branch.required("Vault runs", write=True) as unit:
            row = unit.vault_runs.by_id(run_id, for_update=True)
            if row is None:
                raise VaultRunRefused(f"No vault run {run_id}.")
            problem = self._problem(row, box_tag_read, theirs.staff_id, now)
            if problem is None:
                row.state, row.branch_party_id, row.handed_at = "handed_over", ours.staff_id, self.desk.now_text()
            run = _view(row)
        if problem is not None:
            self.desk.record(session, "vault_run_refused", amount_fen=run.total_fen,
                             payload={"run": run_id, "reason": problem, "branch_party": ours.staff_id,
                                      "counterpart_presented": theirs.staff_id, "box_tag_read": box_tag_read.strip()})
            raise VaultRunRefused(problem)
        self.desk.record(session, "vault_run_handed_over", amount_fen=run.total_fen,
                         payload={"run": run_id, "direction": run.direction, "box_tag": run.box_tag,
                                  "branch_party": ours.staff_id, "counterpart": theirs.staff_id})
        return run

    @staticmethod
    def _problem(row, box_tag_read: str, counterpart_id: str, now: dt.datetime) -> str | None:
        if row.state != "planned":
            return f"Vault run {row.id} was handed over already at {row.handed_at}."
        if box_tag_read.strip().upper() != row.box_tag:
            return f"The box read ({box_tag_read.strip().upper()}) is not the run's box {row.box_tag}."
        if counterpart_id != row.counterpart_id:
            return (f"Vault run {row.id} is to be handed to {row.counterpart_id}, not to {counterpart_id}: "
                    "a handover to another person is refused.")
        start, end = dt.datetime.fromisoformat(row.window_from), dt.datetime.fromisoformat(row.window_to)
        if not start <= now <= end:
            return (f"Vault run {row.id} may be handed over between {row.window_from[11:16]} and "
                    f"{row.window_to[11:16]} ({row.window_from[:10]}); it is {now.isoformat(timespec='minutes')[11:16]}.")
        return None

    def runs_of_day(self, day: str | None = None) -> list[VaultRunView]:
        with self.desk.branch.required("Vault runs") as unit:
            return [_view(r) for r in unit.vault_runs.of_day(day or self.desk.business_date())]


def describe(run: VaultRunView) -> str:
    return f"{DIRECTIONS[run.direction]} {run.box_tag} {format_amount(run.total_fen)}"
