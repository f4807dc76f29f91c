"""Same-city clearing (同城票据交换): the cheque's MICR code line, the batch file exchanged with the
clearing house and its validation, and the return reasons (退票理由). Stdlib only.

The batch file format is documented in docs/clearing-batch-format.md; `render_batch` and
`parse_batch` are its only writer and reader. A file is taken whole or refused whole: the first
problem found is raised as `BatchFileRefused` with its line number and the reason.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass, field

from teller.domain.errors import TellerError

FORMAT_NAME = "TWCLR1"
DIRECTIONS = ("OUT", "IN")  # 提出 (our bank presents) | 提入 (presented to our bank)
MAX_CHEQUE_FEN = 99_999_999_99  # ten digits of fen on the code line: under 一亿元
BANK_CODE_LEN = 12  # the clearing participant's bank code (行号)


class InvalidMicrLine(TellerError):
    """A cheque's MICR code line (or one of its parts typed by hand) is not valid."""

    code = "invalid_micr_line"


class BatchFileRefused(TellerError):
    """A clearing batch file is malformed, truncated or unbalanced: nothing of it is imported."""

    code = "batch_file_refused"

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


class ClearingRefused(TellerError):
    """A clearing step not allowed now (batch already sent, item already decided, ...)."""

    code = "clearing_refused"


# Return reasons (退票理由) of incoming items, with the text printed on the return notice.
RETURN_REASONS = {
    "seal_mismatch": "印鉴不符 Seal does not match the specimen card",
    "no_seal_card": "无预留印鉴 No specimen seal card on file",
    "insufficient_funds": "存款不足 Insufficient funds",
    "account_frozen": "账户冻结 Account frozen",
    "account_closed": "账户已销户 Account closed",
    "unknown_account": "账号户名不符 Account not found",
    "other": "其他 Other",
}
# the core's rejection reason -> the return reason of the item
CORE_REASON_TO_RETURN = {"insufficient_funds": "insufficient_funds", "frozen_account": "account_frozen",
                         "closed_account": "account_closed", "unknown_account": "unknown_account"}


def return_reason_for_core(reason: str | None) -> str:
    return CORE_REASON_TO_RETURN.get(reason or "", "other")


# -- the MICR code line --------------------------------------------------------------------------
# E-13B symbols as read by a MICR reader, or their usual ASCII transliteration typed by hand:
# ⑈ on-us = C, ⑆ transit = T, ⑇ amount = A.
_MICR_SYMBOLS = str.maketrans({"⑈": "C", "⑆": "T", "⑇": "A"})
_MICR = re.compile(r"C(?P<cheque>[^C]*)C\s*T(?P<bank>[^T]*)T\s*(?P<account>[^C\s]*)C\s*A(?P<amount>[^A]*)A")


@dataclass(frozen=True)
class Cheque:
    """The four parts of a cheque's code line: number (支票号码), drawee bank code (付款行行号),
    drawer's account (出票人账号) and amount in fen."""

    cheque_no: str
    bank_code: str
    account: str
    amount_fen: int

    def micr_line(self) -> str:
        return f"⑈{self.cheque_no}⑈ ⑆{self.bank_code}⑆ {self.account}⑈ ⑇{self.amount_fen:010d}⑇"


def check_cheque_no(text: str) -> str:
    if not re.fullmatch(r"\d{8}", text):
        raise InvalidMicrLine(f"Cheque number {text!r}: 8 digits.")
    return text


def check_bank_code(text: str) -> str:
    if not re.fullmatch(r"\d{12}", text):
        raise InvalidMicrLine(f"Bank code {text!r}: the clearing bank code has 12 digits.")
    if bank_code_check_digit(text[:11]) != text[11]:
        raise InvalidMicrLine(f"Bank code {text}: its check digit is wrong (mistyped?).")
    return text


def bank_code_check_digit(first11: str) -> str:
    """The 12th digit of a bank code: weights 3, 7, 9 repeating over the first 11 digits, mod 10.
    This project's own check (docs/clearing-batch-format.md); a bank with another scheme replaces it."""
    weights = (3, 7, 9)
    total = sum(int(d) * weights[i % 3] for i, d in enumerate(first11))
    return str((10 - total % 10) % 10)


def check_account(text: str) -> str:
    if not re.fullmatch(r"\d{8,32}", text):
        raise InvalidMicrLine(f"Account {text!r}: 8 to 32 digits.")
    return text


def check_amount_fen(fen: int) -> int:
    if not isinstance(fen, int) or isinstance(fen, bool) or fen <= 0:
        raise InvalidMicrLine("The cheque's amount must be more than zero.")
    if fen > MAX_CHEQUE_FEN:
        raise InvalidMicrLine("The cheque's amount is over the code line's maximum of 99,999,999.99.")
    return fen


def cheque(cheque_no: str, bank_code: str, account: str, amount_fen: int) -> Cheque:
    """A cheque from parts typed by hand, each checked."""
    return Cheque(check_cheque_no(cheque_no.strip()), check_bank_code(bank_code.strip()),
                  check_account(account.strip()), check_amount_fen(amount_fen))


def parse_micr_line(text: str) -> Cheque:
    """Reads a code line as `⑈12345678⑈ ⑆102100099996⑆ 44010001000000066⑈ ⑇0000123450⑇` (or with
    C, T, A in place of the symbols); each part checked, the refusal naming the part."""
    line = text.strip().translate(_MICR_SYMBOLS)
    found = _MICR.fullmatch(line)
    if not found:
        raise InvalidMicrLine("The code line must read ⑈cheque⑈ ⑆bank code⑆ account⑈ ⑇amount⑇.")
    amount = found["amount"]
    if not re.fullmatch(r"\d{10}", amount):
        raise InvalidMicrLine(f"Amount {amount!r}: 10 digits of fen on the code line.")
    return cheque(found["cheque"], found["bank"], found["account"], int(amount))


# -- the batch file ------------------------------------------------------------------------------
@dataclass(frozen=True)
class BatchItem:
    cheque: Cheque
    payee_account: str = ""  # the credited account (our customer's, for an outgoing item)
    seal_image: bytes = b""  # the drawer's seal as imaged from the cheque (incoming items)


@dataclass(frozen=True)
class ClearingBatchFile:
    direction: str  # OUT | IN
    batch_ref: str
    sender_bank: str
    receiver_bank: str
    business_date: str  # YYYY-MM-DD
    items: tuple[BatchItem, ...] = field(default_factory=tuple)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def total_fen(self) -> int:
        return sum(i.cheque.amount_fen for i in self.items)


_REF = re.compile(r"[A-Za-z0-9-]{1,40}")
_DATE = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")
_INT = re.compile(r"0|[1-9]\d*")
_B64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_HEX64 = re.compile(r"[0-9a-f]{64}")


def render_batch(batch: ClearingBatchFile) -> bytes:
    """The file's bytes: header, one line per item, trailer with count, total and digest."""
    lines = [f"H,{FORMAT_NAME},{batch.direction},{batch.batch_ref},{batch.sender_bank},{batch.receiver_bank},"
             f"{batch.business_date}\n"]
    for number, item in enumerate(batch.items, start=1):
        c = item.cheque
        lines.append(f"D,{number},{c.cheque_no},{c.bank_code},{c.account},{c.amount_fen},{item.payee_account},"
                     f"{base64.b64encode(item.seal_image).decode('ascii')}\n")
    body = "".join(lines).encode("ascii")
    digest = hashlib.sha256(body).hexdigest()
    return body + f"T,{batch.count},{batch.total_fen},{digest}\n".encode("ascii")


def parse_batch(data: bytes) -> ClearingBatchFile:
    """Reads a whole batch file or refuses it (BatchFileRefused with the line and the reason)."""
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise BatchFileRefused(f"Line {line}: a character that is not ASCII.", line) from None
    if not text:
        raise BatchFileRefused("Line 1: the file is empty.", 1)
    if not text.endswith("\n"):
        last = text.count("\n") + 1
        raise BatchFileRefused(f"Line {last}: the file is truncated (its last line does not end).", last)
    lines = text[:-1].split("\n")
    if any("\r" in line for line in lines):
        bad = next(n for n, line in enumerate(lines, 1) if "\r" in line)
        raise BatchFileRefused(f"Line {bad}: a carriage return; lines end with LF only.", bad)
    header = _fields(lines[0], 1, "H", 7)
    if header[1] != FORMAT_NAME:
        raise BatchFileRefused(f"Line 1: format {header[1]!r} is not {FORMAT_NAME}.", 1)
    direction, ref, sender, receiver, day = header[2:7]
    if direction not in DIRECTIONS:
        raise BatchFileRefused(f"Line 1: direction {direction!r} is not OUT or IN.", 1)
    if not _REF.fullmatch(ref):
        raise BatchFileRefused(f"Line 1: batch reference {ref!r} is not 1-40 letters, digits or '-'.", 1)
    for what, code in (("sender", sender), ("receiver", receiver)):
        _part(1, lambda: check_bank_code(code), f"{what} bank code")
    if not _DATE.fullmatch(day):
        raise BatchFileRefused(f"Line 1: business date {day!r} is not YYYY-MM-DD.", 1)
    if len(lines) < 2 or not lines[-1].startswith("T,"):
        raise BatchFileRefused(f"Line {len(lines) + 1}: the trailer is missing (the file is truncated).",
                               len(lines) + 1)
    items = []
    for number, line in enumerate(lines[1:-1], start=2):
        items.append(_item(line, number, expected_seq=number - 1))
    trailer_no = len(lines)
    trailer = _fields(lines[-1], trailer_no, "T", 4)
    count, total, digest = trailer[1:4]
    if not _INT.fullmatch(count) or not _INT.fullmatch(total):
        raise BatchFileRefused(f"Line {trailer_no}: count and total are whole numbers.", trailer_no)
    if int(count) != len(items):
        raise BatchFileRefused(f"Line {trailer_no}: the trailer counts {count} items, the file has {len(items)} "
                               "(truncated or unbalanced).", trailer_no)
    actual_total = sum(i.cheque.amount_fen for i in items)
    if int(total) != actual_total:
        raise BatchFileRefused(f"Line {trailer_no}: the trailer's total {total} fen differs from the items' "
                               f"{actual_total} fen (unbalanced).", trailer_no)
    if not _HEX64.fullmatch(digest):
        raise BatchFileRefused(f"Line {trailer_no}: the digest is not 64 lowercase hex digits.", trailer_no)
    body = text[:len(text) - len(lines[-1]) - 1].encode("ascii")
    if hashlib.sha256(body).hexdigest() != digest:
        raise BatchFileRefused(f"Line {trailer_no}: the digest does not match the file's lines (altered in "
                               "transit).", trailer_no)
    return ClearingBatchFile(direction, ref, sender, receiver, day, tuple(items))


def _fields(line: str, number: int, kind: str, count: int) -> list[str]:
    parts = line.split(",")
    if parts[0] != kind:
        expected = {"H": "the header (H)", "T": "the trailer (T)", "D": "an item (D)"}[kind]
        raise BatchFileRefused(f"Line {number}: expected {expected}, found {parts[0][:10]!r}.", number)
    if len(parts) != count:
        raise BatchFileRefused(f"Line {number}: {len(parts)} fields, {count} expected.", number)
    return parts


def _part(number: int, check, what: str):
    try:
        return check()
    except InvalidMicrLine as exc:
        raise BatchFileRefused(f"Line {number}: {what}: {exc.message}", number) from None


def _item(line: str, number: int, expected_seq: int) -> BatchItem:
    parts = _fields(line, number, "D", 8)
    seq, cheque_no, bank, account, amount, payee, seal = parts[1:8]
    if seq != str(expected_seq):
        raise BatchFileRefused(f"Line {number}: item number {seq!r}, {expected_seq} expected "
                               "(an item is missing or out of order).", number)
    if not _INT.fullmatch(amount):
        raise BatchFileRefused(f"Line {number}: amount {amount!r} is not a whole number of fen.", number)
    found = _part(number, lambda: cheque(cheque_no, bank, account, int(amount)), "cheque")
    if payee and not re.fullmatch(r"\d{8,32}", payee):
        raise BatchFileRefused(f"Line {number}: payee account {payee!r}: 8 to 32 digits.", number)
    if not _B64.fullmatch(seal) or len(seal) % 4:
        raise BatchFileRefused(f"Line {number}: the seal image is not base64.", number)
    try:
        image = base64.b64decode(seal, validate=True)
    except binascii.Error:
        raise BatchFileRefused(f"Line {number}: the seal image is not base64.", number) from None
    if base64.b64encode(image).decode("ascii") != seal:  # one spelling only: no padding games
        raise BatchFileRefused(f"Line {number}: the seal image is not canonical base64.", number)
    return BatchItem(found, payee, image)


def file_digest(data: bytes) -> str:
    """The file's SHA-256: the same file imported twice is recognised by it."""
    return hashlib.sha256(data).hexdigest()


def clearing_balance_fen(outgoing_fen: int, incoming_fen: int) -> int:
    """The session's clearing balance (清算差额): what the clearing house owes the bank (positive)
    or the bank owes (negative): outgoing items presented minus incoming items accepted."""
    return outgoing_fen - incoming_fen
