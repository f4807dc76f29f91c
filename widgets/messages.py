"""How errors reach the person at the counter: a translated headline plus the detail."""
from __future__ import annotations

import datetime as dt
import logging
import re

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
    "custody_refused": QT_TRANSLATE_NOOP("Messages", "Custody refused"),
    "review_refused": QT_TRANSLATE_NOOP("Messages", "Review refused"),
    "already_reviewed": QT_TRANSLATE_NOOP("Messages", "Already reviewed"),
    "exception_refused": QT_TRANSLATE_NOOP("Messages", "Exception step refused"),
    "exception_not_found": QT_TRANSLATE_NOOP("Messages", "No such exception"),
    "branch_unreachable": QT_TRANSLATE_NOOP("Messages", "Branch server not reachable"),
    "idempotency_conflict": QT_TRANSLATE_NOOP("Messages", "Posting key conflict at the core"),
    "idempotency_key_reused": QT_TRANSLATE_NOOP("Messages", "Posting key reused with other content"),
    "unknown_account": QT_TRANSLATE_NOOP("Messages", "Unknown account"),
    "core_bad_request": QT_TRANSLATE_NOOP("Messages", "The core banking system refused the request"),
    "core_protocol_error": QT_TRANSLATE_NOOP("Messages", "Unexpected answer from the core banking system"),
    "posting_refused_offline": QT_TRANSLATE_NOOP("Messages", "Not possible while offline"),
    "reversal_refused": QT_TRANSLATE_NOOP("Messages", "Reversal refused"),
    "request_already_decided": QT_TRANSLATE_NOOP("Messages", "Request already decided"),
    "request_not_usable": QT_TRANSLATE_NOOP("Messages", "Approval not usable"),
    "identity_required": QT_TRANSLATE_NOOP("Messages", "Customer ID required"),
    "invalid_id_number": QT_TRANSLATE_NOOP("Messages", "Invalid ID number"),
    "passbook_busy": QT_TRANSLATE_NOOP("Messages", "Passbook being printed"),
    "unknown_passbook": QT_TRANSLATE_NOOP("Messages", "Unknown passbook"),
    "print_job_not_interrupted": QT_TRANSLATE_NOOP("Messages", "Nothing to resume"),
    "journal_tampered": QT_TRANSLATE_NOOP("Messages", "Journal check failed"),
    "lobby_refused": QT_TRANSLATE_NOOP("Messages", "Queue or complaint refused"),
    "ticket_not_yours": QT_TRANSLATE_NOOP("Messages", "Ticket called by another counter"),
    "enrolment_error": QT_TRANSLATE_NOOP("Messages", "Enrolment refused"),
    "badge_bad_frame": QT_TRANSLATE_NOOP("Messages", "Badge reader: unreadable frame"),
    "card_read_error": QT_TRANSLATE_NOOP("Messages", "The card could not be read"),
    "card_removed": QT_TRANSLATE_NOOP("Messages", "Card removed"),
    "card_no_application": QT_TRANSLATE_NOOP("Messages", "No usable application on the card"),
    "card_blocked": QT_TRANSLATE_NOOP("Messages", "Card blocked"),
    "card_wrong_length": QT_TRANSLATE_NOOP("Messages", "The card answered with a wrong length"),
    "card_no_pan": QT_TRANSLATE_NOOP("Messages", "No card number on the card"),
    "card_unexpected_status": QT_TRANSLATE_NOOP("Messages", "Unexpected answer from the card"),
    "card_malformed_data": QT_TRANSLATE_NOOP("Messages", "Malformed data on the card"),
    "card_reader_error": QT_TRANSLATE_NOOP("Messages", "Card reader error"),
    "printer_error": QT_TRANSLATE_NOOP("Messages", "Printer error"),
    "printer_offline": QT_TRANSLATE_NOOP("Messages", "Printer offline"),
    "printer_out_of_paper": QT_TRANSLATE_NOOP("Messages", "Printer out of paper"),
    "printer_cannot_print_pdf": QT_TRANSLATE_NOOP("Messages", "This printer cannot print the document"),
    "form_field_error": QT_TRANSLATE_NOOP("Messages", "Voucher layout error"),
    "voucher_refused": QT_TRANSLATE_NOOP("Messages", "Blank voucher step refused"),
    "form_refused": QT_TRANSLATE_NOOP("Messages", "Check the form"),
    "held_posting_refused": QT_TRANSLATE_NOOP("Messages", "Held posting step refused"),
    "seal_card_refused": QT_TRANSLATE_NOOP("Messages", "Seal card refused"),
    "invalid_micr_line": QT_TRANSLATE_NOOP("Messages", "Invalid cheque code line"),
    "batch_file_refused": QT_TRANSLATE_NOOP("Messages", "Clearing file refused"),
    "clearing_refused": QT_TRANSLATE_NOOP("Messages", "Clearing step refused"),
    "statement_refused": QT_TRANSLATE_NOOP("Messages", "Statement step refused"),
    "vault_run_refused": QT_TRANSLATE_NOOP("Messages", "Vault run handover refused"),
    "seal_use_refused": QT_TRANSLATE_NOOP("Messages", "Seal use refused"),
    # business day and reconciliation (issue 10)
    "business_day_closed": QT_TRANSLATE_NOOP("Messages", "Business day closed"),
    "business_day_refused": QT_TRANSLATE_NOOP("Messages", "Business day change refused"),
    "statement_refused": QT_TRANSLATE_NOOP("Messages", "Statement file refused"),
    "recon_refused": QT_TRANSLATE_NOOP("Messages", "Reconciliation step refused"),
}
_ERROR = QT_TRANSLATE_NOOP("Messages", "Error")
_UNEXPECTED = QT_TRANSLATE_NOOP("Messages", "Unexpected error: %1. The journal is intact; tell the branch IT support.")


def headline(code: str) -> str:
    return _tr(HEADLINES.get(code, _ERROR))


def describe(error: Exception) -> str:
    """One or two lines fit to show; unexpected errors are logged, not shown raw."""
    if isinstance(error, TellerError):
        return f"{headline(error.code)}: {detail(error.message)}"
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


# The policy's reasons (teller.domain.authorisation.REASONS) by key, for translation; the same
# English templates (a test keeps the two in step) with the same {named} parameters.
REASON_TEMPLATES = {
    "no_rule": QT_TRANSLATE_NOOP("Reasons", "no authorisation rule for {action}"),
    "maker_role": QT_TRANSLATE_NOOP("Reasons", "only {makers} may perform {name}"),
    "operation_denied": QT_TRANSLATE_NOOP("Reasons", "{name} is not allowed at this branch"),
    "operation_level": QT_TRANSLATE_NOOP("Reasons", "{name} needs level {level} authorisation"),
    "offline_limit": QT_TRANSLATE_NOOP("Reasons", "offline: {amount} is over the offline limit of {limit}"),
    "after_hours": QT_TRANSLATE_NOOP("Reasons", "posting outside business hours"),
    "large_cash": QT_TRANSLATE_NOOP("Reasons", "the customer's cash today in this direction comes to {total} "
                                               "({threshold} or more): large-value report and ID required"),
    "code_always": QT_TRANSLATE_NOOP("Reasons", "{name} always needs level {level} authorisation"),
    "teller_limit": QT_TRANSLATE_NOOP("Reasons", "amount {amount} is over the teller's limit of {limit} for {name}"),
    "level_limit": QT_TRANSLATE_NOOP("Reasons", "amount {amount} is over the level {level} limit of {limit} "
                                                "for {name}"),
    "highest_limit": QT_TRANSLATE_NOOP("Reasons", "amount {amount} is over the highest limit of {limit} for {name}"),
    "teller_daily": QT_TRANSLATE_NOOP("Reasons", "the teller's total today for {name} would be {total}, over the "
                                                 "daily limit of {limit}"),
    "no_single_role": QT_TRANSLATE_NOOP("Reasons", "no single role may authorise all of this"),
}
# teller.domain.authorisation.OPERATIONS, whose English names the reasons carry as {name}
OPERATION_NAMES = {
    "reversal": QT_TRANSLATE_NOOP("Reasons", "reversal of a wrong posting"),
    "reversal_other_day": QT_TRANSLATE_NOOP("Reasons", "reversal of an earlier day's posting"),
    "over_short": QT_TRANSLATE_NOOP("Reasons", "over/short at close"),
    "voucher_void": QT_TRANSLATE_NOOP("Reasons", "voiding a blank voucher"),
    "pin_unlock": QT_TRANSLATE_NOOP("Reasons", "unlocking a badge"),
    "offline_override": QT_TRANSLATE_NOOP("Reasons", "posting while offline"),
    "after_hours_posting": QT_TRANSLATE_NOOP("Reasons", "posting outside business hours"),
    "large_cash": QT_TRANSLATE_NOOP("Reasons", "large cash"),
    "badge_blacklist": QT_TRANSLATE_NOOP("Reasons", "blacklisting a badge"),
    "force_sign_off": QT_TRANSLATE_NOOP("Reasons", "forced sign-off"),
    "exception_reverse": QT_TRANSLATE_NOOP("Reasons", "reversing a posting the core refused after the fact"),
    "write_off": QT_TRANSLATE_NOOP("Reasons", "writing off a loss"),
    "badge_reinstate": QT_TRANSLATE_NOOP("Reasons", "lifting a badge's blacklist"),
    "staff_enrol": QT_TRANSLATE_NOOP("Reasons", "enrolling staff or a badge"),
    "staff_role_change": QT_TRANSLATE_NOOP("Reasons", "changing a staff member's roles"),
}
ROLE_NAMES = {  # teller.domain.roles.Role, as the English reasons spell them
    "cash_teller": QT_TRANSLATE_NOOP("Roles", "cash teller"),
    "noncash_teller": QT_TRANSLATE_NOOP("Roles", "noncash teller"),
    "reviewer": QT_TRANSLATE_NOOP("Roles", "reviewer"),
    "clearing_clerk": QT_TRANSLATE_NOOP("Roles", "clearing clerk"),
    "lobby_manager": QT_TRANSLATE_NOOP("Roles", "lobby manager"),
    "cash_head": QT_TRANSLATE_NOOP("Roles", "cash head"),
    "noncash_head": QT_TRANSLATE_NOOP("Roles", "noncash head"),
    "branch_manager": QT_TRANSLATE_NOOP("Roles", "branch manager"),
}


def role_names(roles) -> str:
    """Roles in the UI's language, e.g. "现金区台长、营业室主任" or "cash head, branch manager"."""
    names = sorted(QCoreApplication.translate("Roles", ROLE_NAMES[getattr(r, "value", r)]) for r in roles)
    return QCoreApplication.translate("Roles", ", ").join(names)


def reason_text(reason) -> str:
    """One policy reason in the UI's language; a reason without a known key (an older stored
    request) is shown as its English text."""
    key, params = getattr(reason, "key", ""), dict(getattr(reason, "params", {}))
    if key not in REASON_TEMPLATES:
        return str(reason)
    if params.get("action") in OPERATION_NAMES:
        params["name"] = QCoreApplication.translate("Reasons", OPERATION_NAMES[params["action"]])
    if params.get("maker_roles"):
        params["makers"] = role_names(params["maker_roles"].split(","))
    return QCoreApplication.translate("Reasons", REASON_TEMPLATES[key]).format(**params)


def reasons_text(reasons) -> str:
    return QCoreApplication.translate("Reasons", "; ").join(reason_text(r) for r in reasons)


# Fixed messages of the domain and the services (no parameters), shown in the UI's language;
# a message with parameters stays English until it carries a key like the policy's reasons.
# A test checks that each still stands, word for word, in the code that raises it.
DETAILS = (
    QT_TRANSLATE_NOOP("Details", "This badge was reported lost and is blacklisted. Contact a supervisor."),
    QT_TRANSLATE_NOOP("Details", "This badge is locked after too many wrong PINs. A supervisor must unlock it."),
    QT_TRANSLATE_NOOP("Details", "The staff member of this badge is not active."),
    QT_TRANSLATE_NOOP("Details", "This badge is not enrolled at this branch."),
    QT_TRANSLATE_NOOP("Details", "Give the item a name (e.g. 转讫章)."),
    QT_TRANSLATE_NOOP("Details", "Write down what the customer said (the outcome of the contact)."),
    QT_TRANSLATE_NOOP("Details", "Enter the purpose of the large cash transaction."),
    QT_TRANSLATE_NOOP("Details", "enter an amount"),
    QT_TRANSLATE_NOOP("Details", "misplaced comma: commas only separate thousands before the decimal point"),
    QT_TRANSLATE_NOOP("Details", "spaces are not allowed inside an amount"),
    QT_TRANSLATE_NOOP("Details", "the amount cannot be negative"),
    QT_TRANSLATE_NOOP("Details", "the amount has more than one decimal point"),
    QT_TRANSLATE_NOOP("Details", "the amount has more than two decimal places (yuan and fen only)"),
    QT_TRANSLATE_NOOP("Details", "the amount must be greater than zero"),
    QT_TRANSLATE_NOOP("Details", "A passport number is 5 to 20 letters and digits."),
    QT_TRANSLATE_NOOP("Details", "A resident ID number is 17 digits followed by a digit or X."),
    QT_TRANSLATE_NOOP("Details", "An ID number is 4 to 30 letters and digits (brackets allowed)."),
    QT_TRANSLATE_NOOP("Details", "Enter the ID number."),
    QT_TRANSLATE_NOOP("Details", "The last character (check digit) does not match: the number is mistyped."),
    QT_TRANSLATE_NOOP("Details", "Sign in first."),
    QT_TRANSLATE_NOOP("Details", "You were signed off at this workstation. Sign in again."),
    QT_TRANSLATE_NOOP("Details", "The second person is not identified: present a badge."),
    QT_TRANSLATE_NOOP("Details", "This needs a remote authorisation from the supervisor's workstation."),
    QT_TRANSLATE_NOOP("Details", "This request was already decided; it cannot be cancelled."),
    QT_TRANSLATE_NOOP("Details", "This approval is for another request."),
    QT_TRANSLATE_NOOP("Details", "Give the reason for the reversal."),
    QT_TRANSLATE_NOOP("Details", "Give the teller the reason for returning the posting."),
    QT_TRANSLATE_NOOP("Details", "Nobody may authorise their own transaction: another supervisor must present a badge."),
    QT_TRANSLATE_NOOP("Details", "A reviewer never reviews their own postings: another reviewer must check them."),
    QT_TRANSLATE_NOOP("Details", "Both parties of a handover must be different people."),
    QT_TRANSLATE_NOOP("Details", "The screen is locked: enter your PIN to continue."),
    QT_TRANSLATE_NOOP("Details", "Give the teller a reason for the rejection."),
    QT_TRANSLATE_NOOP("Details", "Your till is already open."),
    QT_TRANSLATE_NOOP("Details", "Open your till from the vault first."),
)


# The domain's messages with parameters (teller.domain.texts.MESSAGES) by key, for translation;
# the same English templates (a test keeps the two in step) with the same {named} parameters.
MESSAGE_TEMPLATES = {
    "permission": QT_TRANSLATE_NOOP("Texts", "{person} may not {action}; it needs one of: {roles}."),
    "wrong_pin": QT_TRANSLATE_NOOP("Texts", "Wrong PIN. {left} attempt(s) left before the badge locks."),
    "badge_locked_now": QT_TRANSLATE_NOOP("Texts", "Wrong PIN {attempts} times: the badge is now locked. A "
                                                   "supervisor must unlock it."),
    "roles_required": QT_TRANSLATE_NOOP("Texts", "{person} may not {purpose}; it needs one of: {roles}."),
    "code_not_permitted": QT_TRANSLATE_NOOP("Texts", "{person} may not post transaction {code} ({name})."),
    "insufficient_till": QT_TRANSLATE_NOOP("Texts", "not enough {denomination}: {have} held, {need} needed"),
    "amount_over_maximum": QT_TRANSLATE_NOOP("Texts", "the amount exceeds the maximum of {maximum}"),
    "amount_letters": QT_TRANSLATE_NOOP("Texts", "letters are not allowed in an amount ({char})"),
    "amount_character": QT_TRANSLATE_NOOP("Texts", "unexpected character {char}: use digits, thousands commas and "
                                                   "one decimal point"),
    "amount_commas": QT_TRANSLATE_NOOP("Texts", "misplaced comma in {whole}: commas must separate groups of three "
                                                "digits, as in 1,234,567.89"),
    "id_length": QT_TRANSLATE_NOOP("Texts", "A resident ID number has 18 characters; {count} were entered."),
    "id_birth_date": QT_TRANSLATE_NOOP("Texts", "The birth date in the ID number ({date}) is not a real date."),
    "id_region": QT_TRANSLATE_NOOP("Texts", "The region code {region} is not a known place of issue."),
    "id_birth_future": QT_TRANSLATE_NOOP("Texts", "The birth date in the ID number ({date}) is in the future."),
    "reversal_not_posting": QT_TRANSLATE_NOOP("Texts", "Journal entry {seq} is not a posting."),
    "reversal_of_reversal": QT_TRANSLATE_NOOP("Texts", "Entry {seq} is itself a reversal; a reversal is never "
                                                       "reversed."),
    "reversal_done": QT_TRANSLATE_NOOP("Texts", "Posting {seq} was already reversed."),
    "reversal_not_at_core": QT_TRANSLATE_NOOP("Texts", "Posting {seq} was not posted at the core (rejected or "
                                                       "refused): there is nothing to reverse."),
    "reversal_waiting": QT_TRANSLATE_NOOP("Texts", "Posting {seq} is still waiting for the core; reverse it once "
                                                   "it is settled."),
    "reversal_other_day": QT_TRANSLATE_NOOP("Texts", "Posting {seq} is from {date}: an earlier day's posting is "
                                                     "corrected with the separate operation reversal_other_day, "
                                                     "at a higher level."),
    "no_receipt": QT_TRANSLATE_NOOP("Texts", "Journal entry {seq} is not a posting with a receipt."),
}
# teller.domain.permissions.ACTION_NAMES, as the "permission" message names the action
ACTION_NAMES = {
    "open_till": QT_TRANSLATE_NOOP("Texts", "open a till"),
    "sell_back": QT_TRANSLATE_NOOP("Texts", "sell cash back to the vault"),
    "balance_till": QT_TRANSLATE_NOOP("Texts", "balance a till"),
    "close_till": QT_TRANSLATE_NOOP("Texts", "close a till"),
    "reprint_receipt": QT_TRANSLATE_NOOP("Texts", "reprint a receipt"),
    "reprint_receipt_of_others": QT_TRANSLATE_NOOP("Texts", "reprint another teller's receipt"),
    "request_reversal": QT_TRANSLATE_NOOP("Texts", "reverse a posting"),
    "request_reversal_of_others": QT_TRANSLATE_NOOP("Texts", "reverse another teller's posting"),
    "register_passbook": QT_TRANSLATE_NOOP("Texts", "register a passbook"),
    "update_passbook": QT_TRANSLATE_NOOP("Texts", "update a passbook"),
    "view_journal": QT_TRANSLATE_NOOP("Texts", "search the journal"),
    "view_journal_of_others": QT_TRANSLATE_NOOP("Texts", "see other staff's journal entries"),
    "setup_devices": QT_TRANSLATE_NOOP("Texts", "set up the devices"),
}
_NOBODY = QT_TRANSLATE_NOOP("Texts", "nobody")
# what require_roles and the dual-control checks say a person may not do (the services' purposes)
PURPOSES = (
    QT_TRANSLATE_NOOP("Purposes", "hand over cash from the vault"),
    QT_TRANSLATE_NOOP("Purposes", "take cash back into the vault"),
    QT_TRANSLATE_NOOP("Purposes", "receive a till at close"),
    QT_TRANSLATE_NOOP("Purposes", "receive a till at close with an over or short"),
    QT_TRANSLATE_NOOP("Purposes", "change the authorisation rules"),
    QT_TRANSLATE_NOOP("Purposes", "keep seals, pledge codes or blank vouchers"),
    QT_TRANSLATE_NOOP("Purposes", "register seals, pledge codes or blank vouchers"),
    QT_TRANSLATE_NOOP("Purposes", "witness a custody change of another keeper"),
    QT_TRANSLATE_NOOP("Purposes", "review postings"),
    QT_TRANSLATE_NOOP("Purposes", "record a customer contact for an exception"),
    QT_TRANSLATE_NOOP("Purposes", "unlock a badge"),
    QT_TRANSLATE_NOOP("Purposes", "blacklist a badge"),
    QT_TRANSLATE_NOOP("Purposes", "reverse an exception"),
    QT_TRANSLATE_NOOP("Purposes", "write off an exception"),
)
_MORE_IN_LOG = QT_TRANSLATE_NOOP("Messages", "the details are in the workstation's log")


def text_of(message) -> str:
    """A teller.domain.texts.Text in the UI's language (None when the message has no key)."""
    key, params = getattr(message, "key", ""), dict(getattr(message, "params", {}))
    if key not in MESSAGE_TEMPLATES:
        return None
    if _english_ui():  # the English text is the message as the code wrote it
        return str(message)
    if params.get("action_key") in ACTION_NAMES:
        params["action"] = QCoreApplication.translate("Texts", ACTION_NAMES[params["action_key"]])
    if "role_codes" in params:
        codes = [c for c in params["role_codes"].split(",") if c]
        params["roles"] = role_names(codes) if codes else QCoreApplication.translate("Texts", _NOBODY)
    if "purpose" in params:
        params["purpose"] = QCoreApplication.translate("Purposes", params["purpose"])
    if "denomination_id" in params:
        from widgets.codes import denomination_name

        params["denomination"] = denomination_name(params["denomination_id"])
    return QCoreApplication.translate("Texts", MESSAGE_TEMPLATES[key]).format(**params)


def _english_ui() -> bool:
    return QCoreApplication.translate("Messages", "Error") == "Error"


def detail(message: str) -> str:
    """The error's message in the UI's language: a keyed message (Text, Reason) by its template,
    a fixed one by the catalogue; an English sentence the catalogue does not know is not shown to a
    Chinese user (it goes to the log, the headline says what happened)."""
    keyed = text_of(message)
    if keyed is not None:
        return keyed
    if getattr(message, "key", "") in REASON_TEMPLATES:
        return reason_text(message)
    translated = QCoreApplication.translate("Details", message)
    if translated != message or _english_ui() or not _LATIN_WORD.search(message):
        return translated
    log.info("message without a translation shown by its headline only: %s", message)
    return _tr(_MORE_IN_LOG)


_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def action_name(action: str, catalogue, language: str) -> str:
    """An authorisation request's action: an operation (reversal, over/short …) or a transaction
    code with its name in the UI's language."""
    if action in OPERATION_NAMES:
        return QCoreApplication.translate("Reasons", OPERATION_NAMES[action])
    try:
        code = catalogue.get(action)
    except Exception:  # noqa: BLE001 - an unknown code (an older request) shows as it is
        return action
    return f"{code.code} {code.name(language)}"


def local_time(stored: str, tz) -> str:
    """HH:MM:SS of a stored ISO time (UTC in the branch store) in the workstation's time zone."""
    try:
        moment = dt.datetime.fromisoformat(stored)
    except (TypeError, ValueError):
        return stored or ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(tz).strftime("%H:%M:%S")
