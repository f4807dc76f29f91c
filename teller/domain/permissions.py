"""Who may do what at the counter (roles x actions), as data; the services check it.

Each service method that performs an action starts with `require_permission(staff, action)`;
the UI only mirrors the table (hides or disables what a role cannot use). An action done on
another person's work (reprinting another teller's receipt, searching the whole journal) is
the action with OTHERS_SUFFIX, a permission of its own.
"""
from __future__ import annotations

from teller.domain.errors import NotSignedIn, PermissionDenied
from teller.domain.roles import Role, SUPERVISOR_ROLES
from teller.domain.texts import Text

OTHERS_SUFFIX = "_of_others"
_CASH = frozenset({Role.CASH_TELLER})
_EVERYONE = frozenset(Role)

# action -> the roles that may do it
PERMISSIONS: dict[str, frozenset[Role]] = {
    "open_till": _CASH,  # till from the vault (with the cash-area head)
    "sell_back": _CASH,
    "balance_till": _CASH,  # 轧账
    "close_till": _CASH,
    "reprint_receipt": _CASH | SUPERVISOR_ROLES,
    "reprint_receipt_of_others": SUPERVISOR_ROLES,
    # the reversal moves cash in the maker's own till: only the maker asks for it, a supervisor authorises
    "request_reversal": _CASH,
    "request_reversal_of_others": frozenset(),
    "register_passbook": _CASH,  # 卡折开销户
    "update_passbook": _CASH,  # 补登存折
    "view_journal": _EVERYONE,
    "view_journal_of_others": SUPERVISOR_ROLES,
    "setup_devices": SUPERVISOR_ROLES,  # before sign-in it is for IT; signed in, for a supervisor
}

# English names as the refusals spell them (the UI translates them by action)
ACTION_NAMES = {
    "open_till": "open a till", "sell_back": "sell cash back to the vault", "balance_till": "balance a till",
    "close_till": "close a till", "reprint_receipt": "reprint a receipt",
    "reprint_receipt_of_others": "reprint another teller's receipt",
    "request_reversal": "reverse a posting", "request_reversal_of_others": "reverse another teller's posting",
    "register_passbook": "register a passbook", "update_passbook": "update a passbook",
    "view_journal": "search the journal", "view_journal_of_others": "see other staff's journal entries",
    "setup_devices": "set up the devices",
}


def may(staff, action: str, owner_id: str | None = None) -> bool:
    """Whether `staff` (anything with .roles and .staff_id) may do `action`; on the work of
    `owner_id` when given (another person's work needs the action's OTHERS_SUFFIX permission)."""
    if staff is None:
        return False
    if owner_id is not None and owner_id != staff.staff_id:
        action += OTHERS_SUFFIX
    return bool(frozenset(staff.roles) & PERMISSIONS[action])


def require_permission(staff, action: str, owner_id: str | None = None) -> None:
    """Raises PermissionDenied (NotSignedIn without a person) unless `staff` may do `action`."""
    if staff is None:
        raise NotSignedIn("Sign in first.")
    if not may(staff, action, owner_id):
        if owner_id is not None and owner_id != staff.staff_id:
            action += OTHERS_SUFFIX
        roles = sorted(r.value for r in PERMISSIONS[action])
        raise PermissionDenied(Text("permission", person=staff.name, action=ACTION_NAMES[action],
                                    roles=", ".join(r.replace("_", " ") for r in roles) or "nobody",
                                    action_key=action, role_codes=",".join(roles)))
