"""Reference data down from the branch store: staff (with PIN hashes and roles), badges and the
branch's authorisation overrides, kept in the workstation store so sign-in, badge + PIN checks
and the rules go on while the branch store is down, even across a restart. The version is a
digest of the data, so a change anywhere at the branch (a badge blacklisted, a PIN reset) is
taken on the next contact, and nothing is copied when nothing changed."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import DBAPIError

from teller.domain.journal_entry import canonical_json
from teller.services.policy_rules import cached_override, override_at_branch, remember_override
from teller.store.models import Badge, CachedBadge, CachedStaff, ReferenceState, Staff
from teller.sync.branch_sync import BranchUnreachable

_STAFF = ("staff_id", "name", "roles", "pin_hash", "active")
_BADGE = ("uid", "staff_id", "status", "failed_pins", "updated_at")


class NeverSynced(BranchUnreachable):
    """The branch store is down and this workstation holds no copy of its reference data."""


@dataclass(frozen=True)
class ReferencePull:
    status: str  # updated | current | unreachable
    version: str | None
    policy_changed: bool = False  # the branch's authorisation overrides changed since the last copy


class ReferenceSync:
    def __init__(self, ctx):
        self.ctx = ctx

    def pull(self) -> ReferencePull:
        try:
            with self.ctx.branch_db() as db:
                staff = [{k: getattr(s, k) for k in _STAFF} for s in db.execute(select(Staff)).scalars()]
                badges = [{k: getattr(b, k) for k in _BADGE} for b in db.execute(select(Badge)).scalars()]
            override = override_at_branch(self.ctx)
        except DBAPIError:
            return ReferencePull("unreachable", self.cached_version())
        policy_changed = remember_override(self.ctx, override)
        staff.sort(key=lambda r: r["staff_id"])
        badges.sort(key=lambda r: r["uid"])
        version = hashlib.sha256(canonical_json({"staff": staff, "badges": badges}).encode()).hexdigest()
        if version == self.cached_version():
            return ReferencePull("current", version, policy_changed)
        with self.ctx.workstation_tx() as db:
            db.execute(delete(CachedBadge))
            db.execute(delete(CachedStaff))
            db.add_all(CachedStaff(**row) for row in staff)
            db.add_all(CachedBadge(**row) for row in badges)
            state = db.get(ReferenceState, 1)
            if state is None:
                db.add(ReferenceState(id=1, version=version, synced_at=self.ctx.now_text()))
            else:
                state.version, state.synced_at = version, self.ctx.now_text()
        return ReferencePull("updated", version, policy_changed)

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
