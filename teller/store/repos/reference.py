"""Reference data: the branch's staff and badges (read for the workstation's copy, seeded for the
demo) and the workstation's copy of them (ref_staff, ref_badge, ref_state)."""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from teller.store.branch_cache_models import BadgeBacklog
from teller.store.custody_models import CustodyItem
from teller.store.models import Badge, CachedBadge, CachedStaff, ReferenceState, Staff, VaultHolding

STAFF_COLUMNS = ("staff_id", "name", "roles", "pin_hash", "active")
BADGE_COLUMNS = ("uid", "staff_id", "status", "failed_pins", "updated_at")


class BranchReferenceRepository:
    """The branch's staff and badges as plain rows (what the workstation copies)."""

    def __init__(self, session: Session):
        self.session = session

    def staff_rows(self) -> list[dict]:
        return sorted(({k: getattr(s, k) for k in STAFF_COLUMNS} for s in self.session.execute(select(Staff)).scalars()),
                      key=lambda r: r["staff_id"])

    def badge_rows(self) -> list[dict]:
        return sorted(({k: getattr(b, k) for k in BADGE_COLUMNS} for b in self.session.execute(select(Badge)).scalars()),
                      key=lambda r: r["uid"])

    def staff_name(self, staff_id: str) -> str | None:
        return self.session.execute(select(Staff.name).where(Staff.staff_id == staff_id)).scalar_one_or_none()

    def staff_names(self) -> dict[str, str]:
        return dict(self.session.execute(select(Staff.staff_id, Staff.name)).all())


class BranchSeedRepository:
    """Fills an empty branch store (the demo branch, tests)."""

    def __init__(self, session: Session):
        self.session = session

    def has_staff(self, staff_id: str) -> bool:
        return self.session.get(Staff, staff_id) is not None

    def add_staff(self, *, staff_id: str, name: str, roles: str, pin_hash: str, badges: list[tuple[str, str]],
                  now: str) -> None:
        self.session.add(Staff(staff_id=staff_id, name=name, roles=roles, pin_hash=pin_hash, active=True))
        self.session.flush()
        for uid, status in badges:
            self.session.add(Badge(uid=uid, staff_id=staff_id, status=status, failed_pins=0, updated_at=now))

    def add_vault_cash(self, counts: dict[str, int]) -> None:
        for denom, count in counts.items():
            self.session.add(VaultHolding(denomination=denom, count=count))

    def add_custody_item(self, *, kind: str, name: str, keeper_id: str, now: str) -> None:
        self.session.add(CustodyItem(kind=kind, name=name, keeper_id=keeper_id, state="vault", updated_at=now))


class ReferenceCacheRepository:
    """The workstation's copy of the branch's staff and badges, and which version it is."""

    def __init__(self, session: Session):
        self.session = session

    def version(self) -> str | None:
        state = self.session.get(ReferenceState, 1)
        return state.version if state else None

    def replace(self, staff: list[dict], badges: list[dict], version: str, now: str) -> None:
        """Takes the branch's rows; a badge with offline PIN checks still waiting (badge_backlog)
        keeps its row here as it is."""
        kept = set(self.session.execute(select(BadgeBacklog.uid)).scalars())
        self.session.execute(delete(CachedBadge).where(CachedBadge.uid.not_in(kept)))
        self.session.execute(delete(CachedStaff))
        self.session.add_all(CachedStaff(**row) for row in staff)
        self.session.add_all(CachedBadge(**row) for row in badges if row["uid"] not in kept)
        state = self.session.get(ReferenceState, 1)
        if state is None:
            self.session.add(ReferenceState(id=1, version=version, synced_at=now))
        else:
            state.version, state.synced_at = version, now
