"""Staff roles (岗位) and what each may do; codes as in domain.md."""
from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    CASH_TELLER = "cash_teller"
    NONCASH_TELLER = "noncash_teller"
    REVIEWER = "reviewer"
    CLEARING_CLERK = "clearing_clerk"
    LOBBY_MANAGER = "lobby_manager"
    CASH_HEAD = "cash_head"
    NONCASH_HEAD = "noncash_head"
    BRANCH_MANAGER = "branch_manager"


ROLE_NAMES_ZH = {
    Role.CASH_TELLER: "现金柜员",
    Role.NONCASH_TELLER: "非现金区记账柜员",
    Role.REVIEWER: "复核柜员",
    Role.CLEARING_CLERK: "同城柜员",
    Role.LOBBY_MANAGER: "大堂经理",
    Role.CASH_HEAD: "现金区台长",
    Role.NONCASH_HEAD: "非现金区台长",
    Role.BRANCH_MANAGER: "营业室主任",
}

SUPERVISOR_ROLES = frozenset({Role.CASH_HEAD, Role.NONCASH_HEAD, Role.BRANCH_MANAGER})

# Who may take part in what; the services check these, the UI only mirrors them.
CASH_CONTROL_ROLES = frozenset({Role.CASH_HEAD, Role.BRANCH_MANAGER})  # vault handovers, over/short
BADGE_ADMIN_ROLES = SUPERVISOR_ROLES  # unlock a locked badge, blacklist a lost one


def parse_roles(text: str) -> frozenset[Role]:
    """Roles stored as a comma-separated list of codes."""
    return frozenset(Role(part.strip()) for part in text.split(",") if part.strip())


def format_roles(roles) -> str:
    return ",".join(sorted(Role(r).value for r in roles))
