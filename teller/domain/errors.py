"""Errors a teller or supervisor can cause, each with a message fit to show on screen.

The UI shows `str(error)`; the CLI prints it and exits non-zero. Every error carries
`code` (stable, for tests and logs) and `message` (English); widgets translate by code.
"""
from __future__ import annotations


class TellerError(Exception):
    """Base of every error meant for the person at the counter."""

    code = "teller_error"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidAmount(TellerError):
    code = "invalid_amount"


class ReversalRefused(TellerError):
    """A posting that cannot be reversed (already reversed, a reversal, not at the core ...)."""

    code = "reversal_refused"


class InvalidDenominationCount(TellerError):
    code = "invalid_denomination_count"


class BreakdownMismatch(TellerError):
    code = "breakdown_mismatch"


class InsufficientTillCash(TellerError):
    code = "insufficient_till_cash"


class TillNotOpen(TellerError):
    code = "till_not_open"


class TillAlreadyOpen(TellerError):
    code = "till_already_open"


class InsufficientVaultCash(TellerError):
    code = "insufficient_vault_cash"


class UnknownBadge(TellerError):
    code = "unknown_badge"


class WrongPin(TellerError):
    code = "wrong_pin"

    def __init__(self, message: str, attempts_left: int):
        super().__init__(message)
        self.attempts_left = attempts_left


class BadgeLocked(TellerError):
    code = "badge_locked"


class BadgeBlacklisted(TellerError):
    code = "badge_blacklisted"


class AlreadySignedIn(TellerError):
    code = "already_signed_in"


class NotSignedIn(TellerError):
    code = "not_signed_in"


class SessionLocked(TellerError):
    code = "session_locked"


class PermissionDenied(TellerError):
    code = "permission_denied"


class AuthorisationRequired(TellerError):
    code = "authorisation_required"


class SelfAuthorisation(TellerError):
    code = "self_authorisation"


class UnknownTransactionCode(TellerError):
    code = "unknown_transaction_code"


class CoreRejected(TellerError):
    """The core refused a posting; `reason` is the core's reason code."""

    code = "core_rejected"

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


class CoreUnavailable(TellerError):
    code = "core_unavailable"


class SecretStoreUnavailable(TellerError):
    code = "secret_store_unavailable"


class ConfigurationError(TellerError):
    code = "configuration_error"
