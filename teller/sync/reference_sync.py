"""Reference data down from the branch store: staff (with PIN hashes and roles), badges and the
branch's authorisation overrides, kept in the workstation store so sign-in, badge + PIN checks
and the rules go on while the branch store is down, even across a restart. The version is a
digest of the data, so a change anywhere at the branch (a badge blacklisted, a PIN reset) is
taken on the next contact, and nothing is copied when nothing changed.

Wrong PINs and lockouts counted here on the copy while the branch was down go up first, in the
same branch transaction that reads the badges (teller.services.credentials.carry_offline_pin_checks
has the rules), so the copy that comes down already holds them: a badge locked here offline is
never made usable again by the pull. A badge whose offline checks are still waiting (the branch
went away again, or a check here raced the pull) keeps its row here as it is."""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import DBAPIError

from teller.domain.journal_entry import canonical_json
from teller.services.credentials import (CarriedPinChecks, carry_offline_pin_checks, forget_carried,
                                         waiting_pin_checks)
from teller.services.policy_rules import cached_override, override_at_branch, remember_override
from teller.store.branch_cache_models import BadgeBacklog
from teller.domain.pin import keyed_verifier
from teller.store.models import Badge, CachedBadge, CachedStaff, ReferenceState, Staff
from teller.sync.branch_sync import BranchUnreachable

log = logging.getLogger(__name__)

_STAFF = ("staff_id", "name", "roles", "pin_hash", "active")
_BADGE = ("uid", "staff_id", "status", "failed_pins", "updated_at")


class NeverSynced(BranchUnreachable):
    """The branch store is down and this workstation holds no copy of its reference data."""


@dataclass(frozen=True)
class ReferencePull:
    status: str  # updated | current | unreachable
    version: str | None
    policy_changed: bool = False  # the branch's authorisation overrides changed since the last copy
    carried: tuple[CarriedPinChecks, ...] = ()  # offline wrong PINs and lockouts the branch now has


class ReferenceSync:
    def __init__(self, ctx):
        self.ctx = ctx

    def pull(self) -> ReferencePull:
        with self.ctx.workstation_db() as wdb:
            waiting = waiting_pin_checks(wdb)
        try:
            with self.ctx.branch_tx() as db:
                carried = carry_offline_pin_checks(db, waiting, self.ctx.settings.max_pin_attempts)
                staff = [{k: getattr(s, k) for k in _STAFF} for s in db.execute(select(Staff)).scalars()]
                badges = [{k: getattr(b, k) for k in _BADGE} for b in db.execute(select(Badge)).scalars()]
            override = override_at_branch(self.ctx)
        except DBAPIError:
            return ReferencePull("unreachable", self.cached_version())
        policy_changed = remember_override(self.ctx, override)
        staff.sort(key=lambda r: r["staff_id"])
        badges.sort(key=lambda r: r["uid"])
        version = hashlib.sha256(canonical_json({"staff": staff, "badges": badges}).encode()).hexdigest()
        if version == self.cached_version() and not carried:
            return ReferencePull("current", version, policy_changed)
        with self.ctx.workstation_tx() as db:
            forget_carried(db, carried)
            self._journal_locks_on_return(db, carried)
            kept = set(db.execute(select(BadgeBacklog.uid)).scalars())  # still waiting: the row here stands
            db.execute(delete(CachedBadge).where(CachedBadge.uid.not_in(kept)))
            db.execute(delete(CachedStaff))
            # never the branch's verifier itself: a keyed copy that the file alone cannot be searched with
            db.add_all(CachedStaff(**{**row, "pin_hash": keyed_verifier(row["pin_hash"], self.ctx.pin_cache_key)})
                       for row in staff)
            db.add_all(CachedBadge(**row) for row in badges if row["uid"] not in kept)
            state = db.get(ReferenceState, 1)
            if state is None:
                db.add(ReferenceState(id=1, version=version, synced_at=self.ctx.now_text()))
            else:
                state.version, state.synced_at = version, self.ctx.now_text()
        return ReferencePull("updated", version, policy_changed, tuple(carried))

    def _journal_locks_on_return(self, db, carried: list[CarriedPinChecks]) -> None:
        """A lock made here offline was journaled then; one that the branch's count and the wrong
        PINs here reach only together happens now, and is journaled now."""
        for done in carried:
            log.info("badge %s: %d wrong PIN(s) made here offline carried to the branch: %s", done.uid,
                     done.wrong_pins, done.outcome)
            if done.outcome == "locked_on_return":
                self.ctx.record(db, done.staff_id, "badge_locked",
                                payload={"badge": done.uid, "wrong_pins_offline": done.wrong_pins})

    def cached_version(self) -> str | None:
        with self.ctx.workstation_db() as db:
            state = db.get(ReferenceState, 1)
            return state.version if state else None

    def require_copy(self, why_offline: str) -> None:
        """Raises NeverSynced, saying what to do, when the branch store is down and this
        workstation has no copy of staff, badges and rules to work from."""
        if self.cached_version() is not None and cached_override(self.ctx) is not None:
            return
        raise NeverSynced(
            f"Workstation {self.ctx.workstation_id} cannot start: the branch server cannot be reached and this "
            "workstation has never copied the branch's staff, badges and authorisation rules from it, so nobody "
            "could sign in here. Start it once while the branch server is reachable, or check [branch] store_url "
            f"in config.toml and the network. ({why_offline})")
