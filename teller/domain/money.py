"""Money: parsing what a teller types, fen conversions, display and the amount in words.

Amounts are `Decimal` quantised to 0.01 yuan or integer fen, never float.

Amount in words (中文大写金额) follows the PBOC rules for filling in bills and
settlement vouchers (《支付结算办法》附件). Where those rules allow two spellings this
module always picks one:

* 整 is written only after 元 (no 角 or 分 follow). It is optional after 角 and we
  leave it out: 1409.50 -> 壹仟肆佰零玖元伍角. It is never written after 分.
* Zeros inside the integer part: every run of zero digits between two non-zero
  digits becomes exactly one 零, also when the run crosses the 万 or 亿 boundary.
  Trailing zeros of the integer part and of a 万/亿 section write nothing.
  So 107000 -> 壹拾万零柒仟 and 100010000 -> 壹亿零壹万.
* Between 元 and 角: when the integer part is non-zero, ends in 0 and 角 is
  non-zero, a 零 is written after 元: 1680.32 -> 壹仟陆佰捌拾元零叁角贰分.
* Between 元 and 分: when the integer part is non-zero and 角 is 0 (分 non-zero),
  a 零 is written after 元: 16409.02 -> 壹万陆仟肆佰零玖元零贰分.

The two optional 零 of rule (3) are thus always written, so 107000.53 reads
壹拾万零柒仟元零伍角叁分 (the rules' examples show 壹拾万柒仟元零伍角叁分 and
壹拾万零柒仟元伍角叁分; each 零 is optional on its own, we write both).
Other fixed choices: a leading ten is 壹拾; an integer part of 0 writes nothing
before 角/分 (0.05 -> 伍分) and 零元整 when the whole amount is 0.
"""
from __future__ import annotations

from decimal import Decimal

from teller.domain.errors import InvalidAmount
from teller.domain.texts import Text

# Under 万亿, so the amount in words never needs a unit above 亿.
MAX_AMOUNT = Decimal("999999999999.99")

_CENT = Decimal("0.01")

# Only these forms are mapped; unicodedata.normalize("NFKC") would also turn
# circled or superscript digits into digits and let typos through.
_INPUT_FORMS = str.maketrans({
    **{chr(0xFF10 + i): str(i) for i in range(10)},  # ０-９
    "，": ",", "．": ".", "￥": "¥", "－": "-", "−": "-", "\u3000": " ",
})
_ALLOWED = frozenset("0123456789,.")


def parse_amount(text: str, *, maximum: Decimal = MAX_AMOUNT, allow_zero: bool = False) -> Decimal:
    """Parse an amount typed at the counter into a Decimal with exactly two places.

    Accepts thousands commas, full-width digits and punctuation, a leading ¥/￥ and a
    trailing 元. Raises InvalidAmount with a message saying why anything else is refused.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_amount takes the typed text, not {type(text).__name__}")
    body = text.translate(_INPUT_FORMS).strip()
    if body.endswith("元"):
        body = body[:-1].rstrip()
    for _ in range(2):  # "-¥100" and "¥-100" are both negative
        if body.startswith("-"):
            raise InvalidAmount("the amount cannot be negative")
        if body.startswith("¥"):
            body = body[1:].lstrip()
    if not body:
        raise InvalidAmount("enter an amount")
    _refuse_bad_characters(body)
    if body.count(".") > 1:
        raise InvalidAmount("the amount has more than one decimal point")
    whole, _, fraction = body.partition(".")
    if "," in fraction:
        raise InvalidAmount("misplaced comma: commas only separate thousands before the decimal point")
    if "," in whole:
        _check_thousands_groups(whole)
        whole = whole.replace(",", "")
    if not whole and not fraction:
        raise InvalidAmount("enter an amount")
    # Three decimals are refused even when the last is 0: "1.234" is often a
    # European-style 1,234 and guessing would move money by a factor of 1000.
    if len(fraction) > 2:
        raise InvalidAmount("the amount has more than two decimal places (yuan and fen only)")
    amount = Decimal(f"{whole or '0'}.{fraction.ljust(2, '0')}")
    if amount == 0 and not allow_zero:
        raise InvalidAmount("the amount must be greater than zero")
    if amount > maximum:
        raise InvalidAmount(Text("amount_over_maximum", maximum=format_amount(maximum)))
    return amount


def _refuse_bad_characters(body: str) -> None:
    for ch in body:
        if ch in _ALLOWED:
            continue
        if ch.isspace():
            raise InvalidAmount("spaces are not allowed inside an amount")
        if ch.isalpha():
            raise InvalidAmount(Text("amount_letters", char=repr(ch)))
        raise InvalidAmount(Text("amount_character", char=repr(ch)))


def _check_thousands_groups(whole: str) -> None:
    groups = whole.split(",")
    # "0,500" is no grouping of 500 (nor 0.5 in the European way): refused like "1.234"
    if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])) or groups[0].startswith("0"):
        raise InvalidAmount(Text("amount_commas", whole=repr(whole)))


def to_fen(amount: Decimal) -> int:
    """Decimal yuan -> integer fen. Refuses float and amounts finer than one fen."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"money is Decimal or integer fen, not {type(amount).__name__}")
    if not amount.is_finite():
        raise InvalidAmount(f"{amount} is not an amount")
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise InvalidAmount(f"{amount} has more than two decimal places")
    return int(fen)


def check_posting_amount(amount_fen: int, maximum: Decimal = MAX_AMOUNT) -> int:
    """An amount a posting may carry: integer fen, more than zero, at most `maximum`. The service
    checks it, not only the screen (a script or a changed screen could pass anything)."""
    if not isinstance(amount_fen, int) or isinstance(amount_fen, bool):
        raise InvalidAmount(f"{amount_fen!r} is not an amount in fen")
    if amount_fen <= 0:
        raise InvalidAmount("the amount must be greater than zero")
    if amount_fen > to_fen(maximum):
        raise InvalidAmount(f"the amount exceeds the maximum of {format_amount(maximum)}")
    return amount_fen


def from_fen(fen: int) -> Decimal:
    """Integer fen -> Decimal yuan with exactly two places (exact at any size)."""
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise TypeError(f"fen must be an int, not {type(fen).__name__}")
    sign, digits, _ = Decimal(fen).as_tuple()
    return Decimal((sign, digits, -2))


def format_amount(fen_or_decimal: int | Decimal) -> str:
    """Display form with thousands commas and two places: 123450 or Decimal('1234.5') -> '1,234.50'.

    An int is fen, a Decimal is yuan.
    """
    if isinstance(fen_or_decimal, Decimal):
        fen = to_fen(fen_or_decimal)
    elif isinstance(fen_or_decimal, int) and not isinstance(fen_or_decimal, bool):
        fen = fen_or_decimal
    else:
        raise TypeError(f"money is Decimal or integer fen, not {type(fen_or_decimal).__name__}")
    yuan, cents = divmod(abs(fen), 100)
    return f"{'-' if fen < 0 else ''}{yuan:,}.{cents:02d}"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACE_UNITS = ("", "拾", "佰", "仟")
_SECTION_UNITS = ("", "万", "亿")


def amount_in_words(amount: Decimal) -> str:
    """The PBOC uppercase amount, e.g. Decimal('6007.14') -> '陆仟零柒元壹角肆分'.

    See the module docstring for the spelling chosen where the rules allow two.
    Raises InvalidAmount for negative amounts, amounts over MAX_AMOUNT or finer than a fen.
    """
    fen = to_fen(amount)
    if fen < 0:
        raise InvalidAmount("a negative amount has no amount in words")
    if fen > to_fen(MAX_AMOUNT):
        raise InvalidAmount(f"the amount exceeds the maximum of {format_amount(MAX_AMOUNT)}")
    yuan, cents = divmod(fen, 100)
    jiao, fen_digit = divmod(cents, 10)
    if fen == 0:
        return "零元整"
    words = []
    if yuan:
        words.append(_integer_in_words(yuan) + "元")
    if cents == 0:
        words.append("整")
        return "".join(words)
    if jiao:
        if yuan and yuan % 10 == 0:
            words.append("零")  # optional 零 of rule (3): always written
        words.append(_DIGITS[jiao] + "角")
    elif yuan:
        words.append("零")  # rule (4): 角 is 0 and 分 is not
    if fen_digit:
        words.append(_DIGITS[fen_digit] + "分")
    return "".join(words)


def _integer_in_words(yuan: int) -> str:
    """Positive integer below 万亿 in capitals, without 元."""
    digits = str(yuan)
    words: list[str] = []
    zero_pending = False  # a run of zeros seen since the last non-zero digit
    section_used = False  # the current 万/亿 section has a non-zero digit
    for index, ch in enumerate(digits):
        place = len(digits) - 1 - index
        digit = int(ch)
        if digit == 0:
            zero_pending = True  # the first digit of str(yuan) is never 0
        else:
            if zero_pending:
                words.append("零")
                zero_pending = False
            words.append(_DIGITS[digit] + _PLACE_UNITS[place % 4])
            section_used = True
        if place % 4 == 0 and place > 0:
            # 万/亿 closes a section only when it said something; the zero run
            # stays pending so a zero crossing the boundary still gives one 零.
            if section_used:
                words.append(_SECTION_UNITS[place // 4])
            section_used = False
    return "".join(words)
