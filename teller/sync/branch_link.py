"""The link to the branch store: is it reachable, and once it is (again), catch up.

A workstation starts and works without the branch store (teller.services.workstation);
`catch_up`, run at start and then on a timer (the window, `teller-admin sync`), brings both
sides level when the branch answers: wrong PINs and badge lockouts made here offline go up
and reference data and the authorisation overrides come down (one step, ReferenceSync.pull),
sign-ins made here offline are back-filled into the branch's register, and the journal
replicates. Each step copes with the branch going away again half-way.

What the link last saw is shared with the services that have a fallback here
(context.BranchStatus): while the branch is known to be down they do not try to
connect, so only the catch-up pays the connection timeout on a network that drops packets.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from teller.store.link import BranchStatus
from teller.sync.branch_sync import JournalReplicator, PushResult, unreachable_message
from teller.sync.reference_sync import ReferencePull, ReferenceSync

log = logging.getLogger(__name__)


def branch_unreachable(engine: Engine) -> str | None:
    """Connects once (the first contact migrates the branch store): None when it answers, else why not."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:
        problem = unreachable_message(exc)
        log.warning("%s", problem)
        return problem
    return None


class SignInBackFill(Protocol):
    """The sign-in register's catch-up (teller.services.sign_in_register.SignInRegister): enters
    the sign-ins, sign-offs and locks made here offline into the branch's register. Its result
    has a `status` ("unreachable" when the branch went away again)."""

    def back_fill(self) -> Any: ...


class PolicyReload(Protocol):
    """The authorisation service (teller.services.authorisation): takes the branch's rules again."""

    def reload_policy(self) -> None: ...


@dataclass(frozen=True)
class LinkReport:
    """One look at the branch store. `came_back`: it was down at the previous look (or at start)."""

    online: bool
    came_back: bool = False
    problem: str = ""
    reference: ReferencePull | None = None
    register: Any = None  # the register's BackFill
    journal: PushResult | None = None
    policy_refreshed: bool = False


class BranchLink:
    def __init__(self, engine: Engine, reference: ReferenceSync, register: SignInBackFill,
                 replicator: JournalReplicator, authorisation: PolicyReload, branch_status: BranchStatus):
        self.engine, self.reference, self.register = engine, reference, register
        self.replicator, self.authorisation = replicator, authorisation
        self.branch = branch_status  # shared with every service with a fallback

    @property
    def online(self) -> bool | None:
        """None until the first look; False also when a call with a fallback found it gone since."""
        return self.branch.online

    @property
    def problem(self) -> str:
        return self.branch.problem

    def started(self, problem: str | None) -> None:
        """What the start-up found (build_workstation), shown before the first catch-up."""
        self.branch.saw(problem)

    def reach(self) -> bool:
        self.branch.saw(branch_unreachable(self.engine))
        return bool(self.online)

    def catch_up(self) -> LinkReport:
        was_online = self.online
        if not self.reach():
            return LinkReport(False, problem=self.problem)
        came_back = was_online is False
        if came_back:
            log.info("branch store reachable again: catching up")
        reference = self.reference.pull()
        register = self.register.back_fill()
        journal = self.replicator.push()
        refreshed = False
        if reference.status != "unreachable" and (reference.policy_changed or came_back):
            self.authorisation.reload_policy()
            refreshed = True
        if "unreachable" in (reference.status, register.status, journal.status):
            # gone again half-way: the rest waits for the next look
            self.branch.saw(journal.problem or "branch store unreachable")
        return LinkReport(bool(self.online), came_back, self.problem, reference, register, journal, refreshed)
