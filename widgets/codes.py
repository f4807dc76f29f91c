"""Stored codes (journal event kinds, posting outcomes, badge and request states, account status,
ID types, debit/credit) shown in the UI's language: a person never reads a raw code.

A code without an entry here is shown as "Other (code)" translated, so a new kind stays readable
and a test (tests/ui/test_codes.py) lists the known kinds of the services."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

EVENTS = {  # journal entry kinds
    "sign_in": QT_TRANSLATE_NOOP("Codes", "Signed in"),
    "sign_off": QT_TRANSLATE_NOOP("Codes", "Signed off"),
    "sign_in_conflict": QT_TRANSLATE_NOOP("Codes", "Sign-in conflict"),
    "forced_sign_off": QT_TRANSLATE_NOOP("Codes", "Signed off by a supervisor"),
    "screen_locked": QT_TRANSLATE_NOOP("Codes", "Screen locked"),
    "screen_unlocked": QT_TRANSLATE_NOOP("Codes", "Screen unlocked"),
    "badge_locked": QT_TRANSLATE_NOOP("Codes", "Badge locked"),
    "badge_unlocked": QT_TRANSLATE_NOOP("Codes", "Badge unlocked"),
    "badge_blacklisted": QT_TRANSLATE_NOOP("Codes", "Badge blacklisted"),
    "till_opened": QT_TRANSLATE_NOOP("Codes", "Till opened"),
    "till_sell_back": QT_TRANSLATE_NOOP("Codes", "Cash sold back to the vault"),
    "blind_count": QT_TRANSLATE_NOOP("Codes", "Blind count"),
    "till_closed": QT_TRANSLATE_NOOP("Codes", "Till closed"),
    "over": QT_TRANSLATE_NOOP("Codes", "Over"),
    "short": QT_TRANSLATE_NOOP("Codes", "Short"),
    "posting": QT_TRANSLATE_NOOP("Codes", "Posting"),
    "host_approved": QT_TRANSLATE_NOOP("Codes", "Posted by the core"),
    "host_rejected": QT_TRANSLATE_NOOP("Codes", "Rejected by the core"),
    "host_rejected_after_offline": QT_TRANSLATE_NOOP("Codes", "Rejected by the core after offline acceptance"),
    "host_reversed": QT_TRANSLATE_NOOP("Codes", "Reversed at the core"),
    "host_key_reused": QT_TRANSLATE_NOOP("Codes", "Posting key reused at the core"),
    "offline_accepted": QT_TRANSLATE_NOOP("Codes", "Accepted offline"),
    "offline_refused": QT_TRANSLATE_NOOP("Codes", "Refused offline"),
    "authorisation_requested": QT_TRANSLATE_NOOP("Codes", "Authorisation requested"),
    "authorisation_approved": QT_TRANSLATE_NOOP("Codes", "Authorisation approved"),
    "authorisation_rejected": QT_TRANSLATE_NOOP("Codes", "Authorisation rejected"),
    "authorisation_cancelled": QT_TRANSLATE_NOOP("Codes", "Authorisation request cancelled"),
    "authorisation_used": QT_TRANSLATE_NOOP("Codes", "Authorisation used"),
    "authorised_locally": QT_TRANSLATE_NOOP("Codes", "Authorised at this workstation"),
    "policy_changed": QT_TRANSLATE_NOOP("Codes", "Authorisation rules changed"),
    "posting_reviewed": QT_TRANSLATE_NOOP("Codes", "Posting reviewed"),
    "posting_returned": QT_TRANSLATE_NOOP("Codes", "Posting returned to the teller"),
    "passbook_printed": QT_TRANSLATE_NOOP("Codes", "Passbook lines printed"),
    "custody_registered": QT_TRANSLATE_NOOP("Codes", "Item registered for custody"),
    "custody_handed_over": QT_TRANSLATE_NOOP("Codes", "Item handed over"),
    "taken_out": QT_TRANSLATE_NOOP("Codes", "Item taken out of the vault box"),
    "locked_in": QT_TRANSLATE_NOOP("Codes", "Item locked in the vault box"),
    "exception_contacted": QT_TRANSLATE_NOOP("Codes", "Customer contacted"),
    "exception_reversed": QT_TRANSLATE_NOOP("Codes", "Exception reversed"),
    "exception_written_off": QT_TRANSLATE_NOOP("Codes", "Loss written off"),
}
OUTCOMES = {  # a posting's outcome (teller.sync.outbox.PostingOutcome.status)
    "approved": QT_TRANSLATE_NOOP("Codes", "posted"),
    "offline_accepted": QT_TRANSLATE_NOOP("Codes", "accepted offline"),
    "offline_refused": QT_TRANSLATE_NOOP("Codes", "refused (core offline)"),
    "rejected": QT_TRANSLATE_NOOP("Codes", "rejected by the core"),
    "pending": QT_TRANSLATE_NOOP("Codes", "waiting for the core"),
    "key_reused": QT_TRANSLATE_NOOP("Codes", "posting key reused"),
}
BADGES = {
    "active": QT_TRANSLATE_NOOP("Codes", "in use"),
    "locked": QT_TRANSLATE_NOOP("Codes", "locked"),
    "blacklisted": QT_TRANSLATE_NOOP("Codes", "blacklisted"),
}
REQUESTS = {  # authorisation request states
    "pending": QT_TRANSLATE_NOOP("Codes", "waiting"),
    "approved": QT_TRANSLATE_NOOP("Codes", "approved"),
    "rejected": QT_TRANSLATE_NOOP("Codes", "rejected"),
    "used": QT_TRANSLATE_NOOP("Codes", "approved and used"),
    "cancelled": QT_TRANSLATE_NOOP("Codes", "cancelled"),
    "expired": QT_TRANSLATE_NOOP("Codes", "expired"),
}
MODES = {"local": QT_TRANSLATE_NOOP("Codes", "at the counter"), "remote": QT_TRANSLATE_NOOP("Codes", "remote")}
ACCOUNTS = {
    "active": QT_TRANSLATE_NOOP("Codes", "active"),
    "frozen": QT_TRANSLATE_NOOP("Codes", "frozen"),
    "closed": QT_TRANSLATE_NOOP("Codes", "closed"),
}
DIRECTIONS = {"credit": QT_TRANSLATE_NOOP("Codes", "deposit"), "debit": QT_TRANSLATE_NOOP("Codes", "withdrawal")}
ID_TYPES = {  # teller.services.identity.ID_TYPES
    "resident_id": QT_TRANSLATE_NOOP("Codes", "Resident ID card"),
    "passport": QT_TRANSLATE_NOOP("Codes", "Passport"),
    "other": QT_TRANSLATE_NOOP("Codes", "Other ID document"),
}
DETAILS = {  # journal payload keys shown in the journal's details column
    "reason": QT_TRANSLATE_NOOP("Codes", "reason"),
    "direction": QT_TRANSLATE_NOOP("Codes", "direction"),
    "error": QT_TRANSLATE_NOOP("Codes", "error"),
    "supervisor": QT_TRANSLATE_NOOP("Codes", "supervisor"),
    "authorised_by": QT_TRANSLATE_NOOP("Codes", "authorised by"),
    "reverses": QT_TRANSLATE_NOOP("Codes", "reverses journal"),
}
_OTHER = QT_TRANSLATE_NOOP("Codes", "Other (%1)")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Codes", text)


def _name(table: dict, code: str | None) -> str:
    if not code:
        return ""
    return _tr(table[code]) if code in table else _tr(_OTHER).replace("%1", code)


def event_name(kind: str) -> str:
    return _name(EVENTS, kind)


def outcome_text(status: str) -> str:
    return _name(OUTCOMES, status)


def badge_state(status: str) -> str:
    return _name(BADGES, status)


def request_state(state: str) -> str:
    return _name(REQUESTS, state)


def decision_mode(mode: str) -> str:
    return _name(MODES, mode)


def account_status(status: str) -> str:
    return _name(ACCOUNTS, status)


def direction_name(direction: str) -> str:
    return _name(DIRECTIONS, direction)


def id_type_name(code: str) -> str:
    return _name(ID_TYPES, code)


def detail_name(key: str) -> str:
    return _name(DETAILS, key)


_KIND_OF_ID = {"N": QT_TRANSLATE_NOOP("Codes", "%1 yuan note"), "C": QT_TRANSLATE_NOOP("Codes", "%1 yuan coin")}


def denomination_name(denom_id: str) -> str:
    """"N10000" -> "100元纸币" / "100 yuan note" (ids as teller.domain.denominations makes them)."""
    kind, fen = denom_id[:1], denom_id[1:]
    if kind not in _KIND_OF_ID or not fen.isdigit():
        return denom_id
    yuan, rest = divmod(int(fen), 100)
    label = str(yuan) if not rest else (f"{yuan}.{rest // 10}" if rest % 10 == 0 else f"{yuan}.{rest:02d}")
    return _tr(_KIND_OF_ID[kind]).replace("%1", label)


def person_name(name: str, language: str, fallback: str = "") -> str:
    """A staff member's name as the UI shows it: "王芳 Wang Fang" is 王芳 in Chinese and the whole
    name in English; without a name, `fallback` (the staff id)."""
    if not name:
        return fallback
    first = name.split()[0]
    if language.startswith("zh") and any("\u4e00" <= ch <= "\u9fff" for ch in first):
        return first
    return name
