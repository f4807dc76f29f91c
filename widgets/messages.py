"""How errors reach the person at the counter: a translated headline plus the detail."""
from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from teller.domain.errors import TellerError

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


HEADLINES = {
    "invalid_amount": QT_TRANSLATE_NOOP("Messages", "Invalid amount"),
    "wrong_pin": QT_TRANSLATE_NOOP("Messages", "Wrong PIN"),
    "badge_locked": QT_TRANSLATE_NOOP("Messages", "Badge locked"),
    "badge_blacklisted": QT_TRANSLATE_NOOP("Messages", "Badge blacklisted (reported lost)"),
    "unknown_badge": QT_TRANSLATE_NOOP("Messages", "Unknown badge"),
    "already_signed_in": QT_TRANSLATE_NOOP("Messages", "Already signed in elsewhere"),
    "insufficient_till_cash": QT_TRANSLATE_NOOP("Messages", "Not enough cash in the till"),
    "insufficient_vault_cash": QT_TRANSLATE_NOOP("Messages", "Not enough cash in the vault"),
    "breakdown_mismatch": QT_TRANSLATE_NOOP("Messages", "Denominations do not add up"),
    "invalid_denomination_count": QT_TRANSLATE_NOOP("Messages", "Invalid count"),
    "till_not_open": QT_TRANSLATE_NOOP("Messages", "Till not open"),
    "till_already_open": QT_TRANSLATE_NOOP("Messages", "Till already open"),
    "core_unavailable": QT_TRANSLATE_NOOP("Messages", "Core banking system not reachable"),
    "core_rejected": QT_TRANSLATE_NOOP("Messages", "Rejected by the core banking system"),
    "permission_denied": QT_TRANSLATE_NOOP("Messages", "Not permitted"),
    "self_authorisation": QT_TRANSLATE_NOOP("Messages", "Self-authorisation refused"),
    "authorisation_required": QT_TRANSLATE_NOOP("Messages", "Authorisation required"),
    "session_locked": QT_TRANSLATE_NOOP("Messages", "Screen locked"),
    "not_signed_in": QT_TRANSLATE_NOOP("Messages", "Not signed in"),
    "unknown_transaction_code": QT_TRANSLATE_NOOP("Messages", "Unknown transaction code"),
    "secret_store_unavailable": QT_TRANSLATE_NOOP("Messages", "No keyring for the journal key"),
    "configuration_error": QT_TRANSLATE_NOOP("Messages", "Configuration error"),
}
_ERROR = QT_TRANSLATE_NOOP("Messages", "Error")
_UNEXPECTED = QT_TRANSLATE_NOOP("Messages", "Unexpected error: %1. The journal is intact; tell the branch IT support.")


def headline(code: str) -> str:
    return _tr(HEADLINES.get(code, _ERROR))


def describe(error: Exception) -> str:
    """One or two lines fit to show; unexpected errors are logged, not shown raw."""
    if isinstance(error, TellerError):
        return f"{headline(error.code)}: {error.message}"
    log.exception("unexpected error", exc_info=error)
    return _tr(_UNEXPECTED).replace("%1", type(error).__name__)


REJECTION_REASONS = {
    "insufficient_funds": QT_TRANSLATE_NOOP("Messages", "Insufficient funds in the account"),
    "unknown_account": QT_TRANSLATE_NOOP("Messages", "Unknown account"),
    "frozen_account": QT_TRANSLATE_NOOP("Messages", "The account is frozen"),
    "account_closed": QT_TRANSLATE_NOOP("Messages", "The account is closed"),
    "invalid_amount": QT_TRANSLATE_NOOP("Messages", "Invalid amount"),
}


def rejection_reason(reason: str | None) -> str:
    return _tr(REJECTION_REASONS.get(reason or "", reason or "unknown reason"))
