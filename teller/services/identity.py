"""Customer ID numbers for the large-cash form (大额交易登记): the resident ID card checked
with python-stdnum, other documents with basic checks.

Returns the compact form to store and print; refuses with InvalidIdNumber whose message
tells the teller what is wrong, so they can re-type or ask for another document.
"""
from __future__ import annotations

import datetime as dt
import re

from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

from teller.domain.errors import TellerError
from teller.domain.texts import Text


class InvalidIdNumber(TellerError):
    code = "invalid_id_number"


# 居民身份证 is checked against its checksum, birth date and region; the rest have no
# checksum we can rely on, so only their shape is checked.
ID_TYPES = {
    "resident_id": "Resident ID card (居民身份证)",
    "passport": "Passport (护照)",
    "other": "Other ID document (其他证件)",
}

# What tellers type: full-width digits and X from a Chinese IME, spaces or hyphens
# between groups as printed on some forms.
_TYPED = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                        "Ｘ": "X", "ｘ": "X", "x": "X", "\u3000": None, " ": None, "-": None})
_PASSPORT = re.compile(r"[A-Z0-9]{5,20}")
_OTHER = re.compile(r"[A-Z0-9()（）]{4,30}")


def check_resident_id(number: str, today: dt.date | None = None) -> str:
    """Validate an 18-digit resident ID number and return it compact (X upper case)."""
    if not isinstance(number, str):
        raise TypeError(f"the ID number is text, not {type(number).__name__}")
    compact = ric.compact(number.translate(_TYPED))
    if not compact:
        raise InvalidIdNumber("Enter the ID number.")
    if len(compact) == 15 and compact.isdigit():
        # first-generation cards (15 digits) stopped being valid on 1 January 2013
        raise InvalidIdNumber("This is a 15-digit first-generation ID number, no longer valid: "
                              "ask for the current 18-digit ID card.")
    try:
        ric.validate(compact)
    except stdnum_errors.InvalidLength:
        raise InvalidIdNumber(Text("id_length", count=len(compact))) from None
    except stdnum_errors.InvalidFormat:
        raise InvalidIdNumber("A resident ID number is 17 digits followed by a digit or X.") from None
    except stdnum_errors.InvalidChecksum:
        raise InvalidIdNumber("The last character (check digit) does not match: the number is mistyped.") from None
    except stdnum_errors.InvalidComponent:
        birth = _birth_date(compact)  # validate says only "a component"; find which one
        if birth is None:
            raise InvalidIdNumber(Text("id_birth_date", date=compact[6:14])) from None
        raise InvalidIdNumber(Text("id_region", region=compact[:6])) from None
    birth = _birth_date(compact)
    if birth > (today or dt.date.today()):
        raise InvalidIdNumber(Text("id_birth_future", date=birth.isoformat()))
    return compact


def check_id_document(id_type: str, number: str, today: dt.date | None = None) -> str:
    """Check the customer's ID by document type and return the number to record."""
    if id_type == "resident_id":
        return check_resident_id(number, today)
    if id_type not in ID_TYPES:
        raise InvalidIdNumber(f"Unknown ID document type {id_type!r}.")
    if not isinstance(number, str):
        raise TypeError(f"the ID number is text, not {type(number).__name__}")
    compact = number.translate(_TYPED).upper()
    if not compact:
        raise InvalidIdNumber("Enter the ID number.")
    if id_type == "passport" and not _PASSPORT.fullmatch(compact):
        raise InvalidIdNumber("A passport number is 5 to 20 letters and digits.")
    if id_type == "other" and not _OTHER.fullmatch(compact):
        raise InvalidIdNumber("An ID number is 4 to 30 letters and digits (brackets allowed).")
    return compact


def _birth_date(compact: str) -> dt.date | None:
    try:
        return ric.get_birth_date(compact)
    except (stdnum_errors.ValidationError, ValueError):
        return None
