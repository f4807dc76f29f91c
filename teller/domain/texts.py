"""Messages with parameters (amounts, names, keys) that a UI can show in the person's language.

`Text` is the English message (a str: the journal, the logs and the CLI keep it as it is) that
also carries its key in MESSAGES and the parameters, like `authorisation.Reason` does for the
policy's reasons. A UI translates the template by its key and fills in the same parameters.
"""
from __future__ import annotations

# key -> English template with {named} parameters. widgets.messages mirrors it for translation
# (a test keeps the two in step).
MESSAGES = {
    "permission": "{person} may not {action}; it needs one of: {roles}.",
    "wrong_pin": "Wrong PIN. {left} attempt(s) left before the badge locks.",
    "badge_locked_now": "Wrong PIN {attempts} times: the badge is now locked. A supervisor must unlock it.",
    "roles_required": "{person} may not {purpose}; it needs one of: {roles}.",
    "code_not_permitted": "{person} may not post transaction {code} ({name}).",
    "insufficient_till": "not enough {denomination}: {have} held, {need} needed",
    "amount_over_maximum": "the amount exceeds the maximum of {maximum}",
    "amount_letters": "letters are not allowed in an amount ({char})",
    "amount_character": "unexpected character {char}: use digits, thousands commas and one decimal point",
    "amount_commas": "misplaced comma in {whole}: commas must separate groups of three digits, as in 1,234,567.89",
    "id_length": "A resident ID number has 18 characters; {count} were entered.",
    "id_birth_date": "The birth date in the ID number ({date}) is not a real date.",
    "id_region": "The region code {region} is not a known place of issue.",
    "id_birth_future": "The birth date in the ID number ({date}) is in the future.",
    "reversal_not_posting": "Journal entry {seq} is not a posting.",
    "reversal_of_reversal": "Entry {seq} is itself a reversal; a reversal is never reversed.",
    "reversal_done": "Posting {seq} was already reversed.",
    "reversal_not_at_core": "Posting {seq} was not posted at the core (rejected or refused): there is "
                            "nothing to reverse.",
    "reversal_waiting": "Posting {seq} is still waiting for the core; reverse it once it is settled.",
    "reversal_other_day": "Posting {seq} is from {date}: an earlier day's posting is corrected with the "
                          "separate operation reversal_other_day, at a higher level.",
    "no_receipt": "Journal entry {seq} is not a posting with a receipt.",
}


class Text(str):
    """The English text of MESSAGES[key] with `params` (all strings) filled in."""

    key: str
    params: dict[str, str]

    def __new__(cls, key: str, **params) -> "Text":
        params = {name: str(value) for name, value in params.items()}
        text = super().__new__(cls, MESSAGES[key].format(**params))
        text.key, text.params = key, params
        return text
