"""Reference data down from the branch store: staff (with PIN hashes and roles), badges and the
branch's authorisation overrides, kept in the workstation store so sign-in, badge + PIN checks
and the rules go on while the branch store is down, even across a restart. The version is a
digest of the data, so a change anywhere at the branch (a badge blacklisted, a PIN reset) is
taken on the next contact, and nothing is copied when nothing changed.

Wrong PINs and lockouts counted here on the copy while the branch was down go up first, in the
same branch transaction that reads the badges (the rules are the services': PinChecks, wired by
the composition root, teller.services.workstation), so the copy that comes down already holds them: a badge locked here offline is
never made usable again by the pull. A badge whose offline checks are still waiting (the branch
went away again, or a check here raced the pull) keeps its row here as it is."""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy.exc import DBAPIError

from teller.domain.journal_entry import canonical_json
from teller.domain.pin import keyed_verifier
from teller.sync.branch_sync import BranchUnreachable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PinChecks:
    """The services' rules for wrong PINs and lockouts made here offline
    (teller.services.credentials), handed in so that sync never imports services:
    waiting(workstation session) -> rows kept here; carry(branch session, rows, max attempts)
    -> what the branch did with each (CarriedPinChecks); forget(workstation session, carried)."""

    waiting: Callable[[Any], list]
    carry: Callable[[Any, list, int], list]
    forget: Callable[[Any, list], None]


@dataclass(frozen=True)
class PolicyCopy:
    """The branch's authorisation overrides and the copy kept here (teller.services.policy_rules):
    at_branch() reads the branch (raises DBAPIError when it is down); cached() the copy or None;
    remember(override) keeps it, True when it changed."""

    at_branch: Callable[[], Any]
    cached: Callable[[], Any]
    remember: Callable[[Any], bool]


class NeverSynced(BranchUnreachable):
    """The branch store is down and this workstation holds no copy of its reference data."""


@dataclass(frozen=True)
class ReferencePull:
    status: str  # updated | current | unreachable
    version: str | None
    policy_changed: bool = False  # the branch's authorisation overrides changed since the last copy
    carried: tuple = ()  # CarriedPinChecks: offline wrong PINs and lockouts the branch now has


class ReferenceSync:
    def __init__(self, ctx, pin_checks: PinChecks, policy: PolicyCopy):
        self.ctx, self.pin_checks, self.policy = ctx, pin_checks, policy
        self.workstation = ctx.workstation

    @property
    def branch(self):
        return self.ctx.branch  # read each time: the branch store may be pointed elsewhere

    def pull(self) -> ReferencePull:
        with self.workstation.reading() as unit:
            waiting = self.pin_checks.waiting(unit.session)
        try:
            with self.branch.transaction() as unit:
                carried = self.pin_checks.carry(unit.session, waiting, self.ctx.settings.max_pin_attempts)
                staff, badges = unit.reference.staff_rows(), unit.reference.badge_rows()
            override = self.policy.at_branch()
        except DBAPIError:
            return ReferencePull("unreachable", self.cached_version())
        policy_changed = self.policy.remember(override)
        version = hashlib.sha256(canonical_json({"staff": staff, "badges": badges}).encode()).hexdigest()
        if version == self.cached_version() and not carried:
            return ReferencePull("current", version, policy_changed)
        # never the branch's verifier itself: a keyed copy that the file alone cannot be searched with
        kept_staff = [{**row, "pin_hash": keyed_verifier(row["pin_hash"], self.ctx.pin_cache_key)} for row in staff]
        with self.workstation.transaction() as unit:
            self.pin_checks.forget(unit.session, carried)
            self._journal_locks_on_return(unit, carried)
            unit.reference.replace(kept_staff, badges, version, self.ctx.now_text())
        return ReferencePull("updated", version, policy_changed, tuple(carried))

    def _journal_locks_on_return(self, unit, carried: list) -> None:
        """A lock made here offline was journaled then; one that the branch's count and the wrong
        PINs here reach only together happens now, and is journaled now."""
        for done in carried:
            log.info("badge %s: %d wrong PIN(s) made here offline carried to the branch: %s", done.uid,
                     done.wrong_pins, done.outcome)
            if done.outcome == "locked_on_return":
                unit.journal.append(teller_id=done.staff_id, kind="badge_locked",
                                    payload={"badge": done.uid, "wrong_pins_offline": done.wrong_pins})

    def cached_version(self) -> str | None:
        with self.workstation.reading() as unit:
            return unit.reference.version()

    def require_copy(self, why_offline: str) -> None:
        """Raises NeverSynced, saying what to do, when the branch store is down and this
        workstation has no copy of staff, badges and rules to work from."""
        if self.cached_version() is not None and self.policy.cached() is not None:
            return
        raise NeverSynced(
            f"Workstation {self.ctx.workstation_id} cannot start: the branch server cannot be reached and this "
            "workstation has never copied the branch's staff, badges and authorisation rules from it, so nobody "
            "could sign in here. Start it once while the branch server is reachable, or check [branch] store_url "
            f"in config.toml and the network. ({why_offline})")
