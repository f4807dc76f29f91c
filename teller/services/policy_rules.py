"""Where the authorisation rules come from: resources/authorisation.toml, overridden per branch
by the newest override in the branch store. A change is validated, stored and journaled.

The override in force is copied into the workstation store each time it is read, so a
workstation started while the branch store is down applies the same rules."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources as importlib_resources

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from teller.domain.authorisation import AuthorisationPolicy, policy_from_toml
from teller.domain.roles import Role
from teller.services.context import WorkstationContext
from teller.services.credentials import require_roles
from teller.services.session import TellerSession
from teller.store.authorisation_models import PolicyOverride
from teller.store.branch_cache_models import CachedPolicy


def default_rules_text() -> str:
    return importlib_resources.files("resources").joinpath("authorisation.toml").read_text(encoding="utf-8")


@dataclass(frozen=True)
class OverrideInForce:
    """The branch's newest override: its id (the version) and TOML text; both None when none."""

    version: int | None
    rules: str | None


def override_at_branch(ctx: WorkstationContext) -> OverrideInForce:
    """Read from the branch store (raises DBAPIError when it is down)."""
    with ctx.branch_db() as db:
        row = db.execute(select(PolicyOverride.id, PolicyOverride.rules)
                         .order_by(PolicyOverride.id.desc()).limit(1)).first()
    return OverrideInForce(row[0], row[1]) if row else OverrideInForce(None, None)


def cached_override(ctx: WorkstationContext) -> OverrideInForce | None:
    """The override last read from the branch; None if this workstation never read one."""
    with ctx.workstation_db() as db:
        row = db.get(CachedPolicy, 1)
    return OverrideInForce(row.override_id, row.rules) if row else None


def remember_override(ctx: WorkstationContext, override: OverrideInForce) -> bool:
    """Keeps the override in the workstation store; True when it differs from the copy kept."""
    with ctx.workstation_tx() as db:
        row = db.get(CachedPolicy, 1)
        if row is None:
            db.add(CachedPolicy(id=1, override_id=override.version, rules=override.rules, synced_at=ctx.now_text()))
            return True
        if (row.override_id, row.rules) == (override.version, override.rules):
            return False
        row.override_id, row.rules, row.synced_at = override.version, override.rules, ctx.now_text()
        return True


def load_policy(ctx: WorkstationContext, *, from_branch: bool = True) -> AuthorisationPolicy:
    """The rules in force: the branch's override if the branch store answers (and kept here),
    else the copy kept here (at once with `from_branch=False`: the branch is known to be down);
    with neither, the bundled rules alone."""
    override = None
    if from_branch:
        try:
            override = override_at_branch(ctx)
        except DBAPIError:
            pass
        else:
            remember_override(ctx, override)
    if override is None:
        override = cached_override(ctx) or OverrideInForce(None, None)
    codes = [c.code for c in ctx.settings.catalogue.all()]
    return policy_from_toml(default_rules_text(), override.rules, known_codes=codes)


def change_rules(ctx: WorkstationContext, manager: TellerSession, override_text: str) -> AuthorisationPolicy:
    """The branch manager changes the branch's overrides; refused with the reason if they do not parse.

    Returns the policy now in force; other workstations take it at their next start
    (AuthorisationService.reload_policy)."""
    require_roles(manager.staff, {Role.BRANCH_MANAGER}, "change the authorisation rules")
    policy = policy_from_toml(default_rules_text(), override_text,
                              known_codes=[c.code for c in ctx.settings.catalogue.all()])
    with ctx.branch_tx() as db:
        db.add(PolicyOverride(at=ctx.now_text(), changed_by=manager.teller_id, rules=override_text))
    with ctx.workstation_tx() as wdb:
        ctx.record(wdb, manager.teller_id, "policy_changed", payload={"rules": override_text})
    return policy
