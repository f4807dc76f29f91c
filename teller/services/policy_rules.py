"""Where the authorisation rules come from: resources/authorisation.toml, overridden per branch
by the newest override in the branch store. A change is validated, stored and journaled."""
from __future__ import annotations

from importlib import resources as importlib_resources

from sqlalchemy import select

from teller.domain.authorisation import AuthorisationPolicy, policy_from_toml
from teller.domain.roles import Role
from teller.services.context import WorkstationContext
from teller.services.credentials import require_roles
from teller.services.session import TellerSession
from teller.store.authorisation_models import PolicyOverride


def default_rules_text() -> str:
    return importlib_resources.files("resources").joinpath("authorisation.toml").read_text(encoding="utf-8")


def current_override(ctx: WorkstationContext) -> str | None:
    with ctx.branch_db() as db:
        return db.execute(select(PolicyOverride.rules).order_by(PolicyOverride.id.desc()).limit(1)).scalar()


def load_policy(ctx: WorkstationContext) -> AuthorisationPolicy:
    codes = [c.code for c in ctx.settings.catalogue.all()]
    return policy_from_toml(default_rules_text(), current_override(ctx), known_codes=codes)


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
