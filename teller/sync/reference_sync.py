"""Reference data down from the branch store: staff (with PIN hashes and roles) and badges,
kept in the workstation store so sign-in and badge + PIN checks go on while the branch store
is down. The version is a digest of the data, so a change anywhere at the branch (a badge
blacklisted, a PIN reset) is taken on the next contact, and nothing is copied when nothing changed."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import DBAPIError

from teller.domain.journal_entry import canonical_json
from teller.store.models import Badge, CachedBadge, CachedStaff, ReferenceState, Staff

_STAFF = ("staff_id", "name", "roles", "pin_hash", "active")
_BADGE = ("uid", "staff_id", "status", "failed_pins", "updated_at")


@dataclass(frozen=True)
class ReferencePull:
    status: str  # updated | current | unreachable
    version: str | None


class ReferenceSync:
    def __init__(self, ctx):
        self.ctx = ctx

    def pull(self) -> ReferencePull:
        try:
            with self.ctx.branch_db() as db:
                staff = [{k: getattr(s, k) for k in _STAFF} for s in db.execute(select(Staff)).scalars()]
                badges = [{k: getattr(b, k) for k in _BADGE} for b in db.execute(select(Badge)).scalars()]
        except DBAPIError:
            return ReferencePull("unreachable", self.cached_version())
        staff.sort(key=lambda r: r["staff_id"])
        badges.sort(key=lambda r: r["uid"])
        version = hashlib.sha256(canonical_json({"staff": staff, "badges": badges}).encode()).hexdigest()
        if version == self.cached_version():
            return ReferencePull("current", version)
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
        return ReferencePull("updated", version)

    def cached_version(self) -> str | None:
        with self.ctx.workstation_db() as db:
            state = db.get(ReferenceState, 1)
            return state.version if state else None
