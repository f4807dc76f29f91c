"""Same-city clearing (同城票据交换) at the clearing clerk's desk.

Outgoing (提出): cheques drawn on other banks, deposited by our customers, are captured from their
MICR code line into the clerk's open batch of the day; the batch is exported as a file (format in
docs/clearing-batch-format.md) and marked sent once handed to the clearing house.

Incoming (提入): the clearing house's file of cheques drawn on accounts here is imported whole or
refused whole (line and reason); the same file again changes nothing (its SHA-256). Each item's
seal is compared with the specimen seal card valid that day (电子验印): the clerk passes it, and it
is posted to the core through the outbox exactly once (idempotency key CLR-<bank>-<item>), or
refuses it and it is returned (退票) with a reason code; a posting the core rejects is returned with
the core's reason. The clearing balance of the clerk's day: presented out minus posted in.
"""
from __future__ import annotations

from dataclasses import dataclass

from teller.domain.clearing import (RETURN_REASONS, BatchFileRefused, BatchItem, Cheque, ClearingBatchFile,
                                    ClearingRefused, cheque, check_account, check_bank_code, clearing_balance_fen,
                                    file_digest, parse_batch, parse_micr_line, render_batch, return_reason_for_core)
from teller.domain.errors import PermissionDenied
from teller.domain.roles import Role
from teller.services.credentials import require_roles
from teller.services.desk import Desk
from teller.services.seal_cards import SealCardService, SpecimenCard
from teller.services.session import TellerSession

CLEARING_ROLES = frozenset({Role.CLEARING_CLERK})
INCOMING_CODE = "3101"  # resources/transaction_codes.toml: action clearing_incoming
POSTED_STATUSES = ("approved", "offline_accepted")


@dataclass(frozen=True)
class ClearingItemView:
    item_id: int
    batch_id: int
    line_no: int
    cheque: Cheque
    payee_account: str
    state: str  # captured | waiting | posting | posted | returned | held
    decision: str | None = None
    decided_by: str | None = None
    return_reason: str | None = None
    return_note: str = ""
    posting_key: str | None = None
    core_status: str | None = None

    @property
    def return_text(self) -> str:
        return RETURN_REASONS.get(self.return_reason or "", "")


@dataclass(frozen=True)
class BatchView:
    batch_id: int
    direction: str
    batch_ref: str
    state: str
    business_date: str
    items: tuple[ClearingItemView, ...]
    file_sha256: str | None = None

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def total_fen(self) -> int:
        return sum(i.cheque.amount_fen for i in self.items)


@dataclass(frozen=True)
class ImportResult:
    batch: BatchView
    imported: bool  # False: this file was imported before, nothing changed


@dataclass(frozen=True)
class SealCheck:
    """What the clerk compares side by side: the seal on the cheque and the card on file."""

    item: ClearingItemView
    seal_image: bytes
    seal_sha256: str
    card: SpecimenCard | None


@dataclass(frozen=True)
class ClearingBalance:
    business_date: str
    outgoing_count: int
    outgoing_fen: int
    incoming_posted_count: int
    incoming_posted_fen: int
    returned_count: int
    returned_fen: int
    waiting_count: int

    @property
    def net_fen(self) -> int:
        return clearing_balance_fen(self.outgoing_fen, self.incoming_posted_fen)


def _view(row) -> ClearingItemView:
    return ClearingItemView(row.id, row.batch_id, row.line_no,
                            Cheque(row.cheque_no, row.bank_code, row.account, row.amount_fen), row.payee_account,
                            row.state, row.decision, row.decided_by, row.return_reason, row.return_note or "",
                            row.posting_key, row.core_status)


def _batch_view(batch, items) -> BatchView:
    return BatchView(batch.id, batch.direction, batch.batch_ref, batch.state, batch.business_date,
                     tuple(_view(i) for i in items), batch.file_sha256)


class ClearingService:
    def __init__(self, desk: Desk, outbox, seal_cards: SealCardService | None = None):
        self.desk, self.outbox = desk, outbox
        self.seal_cards = seal_cards or SealCardService(desk)
        clearing = desk.settings.raw.get("clearing", {})
        self.bank_code = check_bank_code(str(clearing.get("bank_code", "")))
        self.house_code = check_bank_code(str(clearing.get("house_code", "")))

    def _clerk(self, session: TellerSession, purpose: str) -> TellerSession:
        self.desk.sessions.require_active(session)
        require_roles(session.staff, CLEARING_ROLES, purpose)
        return session

    # -- outgoing (提出) ----------------------------------------------------------------------------
    def capture(self, session: TellerSession, micr_line: str | None = None, *, parts: tuple[str, str, str, int] | None = None,
                payee_account: str) -> ClearingItemView:
        """A cheque into the clerk's open outgoing batch of the day (opened on the first cheque):
        from the MICR reader's code line, or its parts typed by hand (cheque no., bank code,
        account, amount in fen). `payee_account`: our customer's account it is deposited to."""
        self._clerk(session, "capture outgoing clearing items")
        found = parse_micr_line(micr_line) if micr_line is not None else cheque(*parts)
        payee = check_account(payee_account.strip())
        if found.bank_code == self.bank_code:
            raise ClearingRefused(f"Cheque {found.cheque_no} is drawn on this bank ({found.bank_code}): it is "
                                  "posted as a transfer here, not sent to clearing.")
        day = self.desk.business_date()
        with self.desk.branch.required("Clearing", write=True) as unit:
            repo = unit.clearing_batches
            duplicate = repo.outgoing_duplicate(found.cheque_no, found.bank_code, found.account)
            if duplicate is not None:
                raise ClearingRefused(f"Cheque {found.cheque_no} of account {found.account} was captured already "
                                      f"(batch {duplicate.batch_id}, line {duplicate.line_no}).")
            batch = repo.open_outgoing(session.teller_id, day)
            if batch is None:
                batch = repo.add_batch(direction="outgoing", batch_ref="pending", business_date=day,
                                       clerk_id=session.teller_id, workstation_id=self.desk.workstation_id,
                                       state="open", counterpart_bank=self.house_code, created_at=self.desk.now_text())
                batch.batch_ref = f"OUT-{self.desk.workstation_id}-{day.replace('-', '')}-{batch.id}"
            row = repo.add_item(batch_id=batch.id, line_no=repo.next_line_no(batch.id), cheque_no=found.cheque_no,
                                bank_code=found.bank_code, account=found.account, amount_fen=found.amount_fen,
                                payee_account=payee, state="captured", return_note="")
            item = _view(row)
        self.desk.record(session, "clearing_captured", account=payee, amount_fen=found.amount_fen,
                         payload={"batch": item.batch_id, "line": item.line_no, "cheque": found.cheque_no,
                                  "drawee_bank": found.bank_code, "drawer_account": found.account})
        return item

    def open_batch(self, session: TellerSession) -> BatchView | None:
        """The clerk's outgoing batch of the day still taking cheques, with its totals."""
        self._clerk(session, "see outgoing clearing batches")
        with self.desk.branch.required("Clearing") as unit:
            batch = unit.clearing_batches.open_outgoing(session.teller_id, self.desk.business_date())
            return _batch_view(batch, unit.clearing_batches.items(batch.id)) if batch else None

    def batch(self, batch_id: int) -> BatchView:
        with self.desk.branch.required("Clearing") as unit:
            batch = unit.clearing_batches.batch(batch_id)
            if batch is None:
                raise ClearingRefused(f"No clearing batch {batch_id}.")
            return _batch_view(batch, unit.clearing_batches.items(batch_id))

    def export_batch(self, session: TellerSession, batch_id: int) -> bytes:
        """The batch file; the batch takes no more cheques. Exporting again before it is sent gives
        the same bytes."""
        self._clerk(session, "export clearing batches")
        with self.desk.branch.required("Clearing", write=True) as unit:
            batch = unit.clearing_batches.batch(batch_id, for_update=True)
            if batch is None or batch.direction != "outgoing":
                raise ClearingRefused(f"No outgoing clearing batch {batch_id}.")
            items = unit.clearing_batches.items(batch_id)
            if not items:
                raise ClearingRefused(f"Batch {batch.batch_ref} has no cheques to export.")
            data = render_batch(ClearingBatchFile("OUT", batch.batch_ref, self.bank_code, batch.counterpart_bank,
                                                  batch.business_date,
                                                  tuple(BatchItem(Cheque(i.cheque_no, i.bank_code, i.account,
                                                                         i.amount_fen), i.payee_account)
                                                        for i in items)))
            digest, first = file_digest(data), batch.state == "open"
            if batch.state != "open" and batch.file_sha256 != digest:  # pragma: no cover - items never change
                raise ClearingRefused(f"Batch {batch.batch_ref} changed after its export.")
            if first:
                batch.state, batch.file_sha256, batch.exported_at = "exported", digest, self.desk.now_text()
            ref, total = batch.batch_ref, sum(i.amount_fen for i in items)
        if first:
            self.desk.record(session, "clearing_batch_exported", amount_fen=total,
                             payload={"batch": batch_id, "ref": ref, "count": len(items), "file_sha256": digest})
        return data

    def mark_sent(self, session: TellerSession, batch_id: int) -> BatchView:
        self._clerk(session, "send clearing batches")
        with self.desk.branch.required("Clearing", write=True) as unit:
            batch = unit.clearing_batches.batch(batch_id, for_update=True)
            if batch is None or batch.direction != "outgoing":
                raise ClearingRefused(f"No outgoing clearing batch {batch_id}.")
            if batch.state != "exported":
                raise ClearingRefused(f"Batch {batch.batch_ref} is {batch.state}: export it first, and send it once.")
            batch.state, batch.sent_at = "sent", self.desk.now_text()
            view = _batch_view(batch, unit.clearing_batches.items(batch_id))
        self.desk.record(session, "clearing_batch_sent", amount_fen=view.total_fen,
                         payload={"batch": batch_id, "ref": view.batch_ref, "count": view.count,
                                  "file_sha256": view.file_sha256})
        return view

    # -- incoming (提入) ----------------------------------------------------------------------------
    def import_batch(self, session: TellerSession, data: bytes) -> ImportResult:
        """The clearing house's file, whole or not at all; the same file again is a no-op."""
        self._clerk(session, "import clearing batches")
        parsed = parse_batch(data)
        if parsed.direction != "IN":
            raise BatchFileRefused("Line 1: this is an outgoing (OUT) batch, not one presented to this bank.", 1)
        if parsed.receiver_bank != self.bank_code:
            raise BatchFileRefused(f"Line 1: the batch is for bank {parsed.receiver_bank}, this bank is "
                                   f"{self.bank_code}.", 1)
        for number, item in enumerate(parsed.items, start=2):
            if item.cheque.bank_code != self.bank_code:
                raise BatchFileRefused(f"Line {number}: cheque {item.cheque.cheque_no} is drawn on bank "
                                       f"{item.cheque.bank_code}, not on this bank.", number)
            if not item.seal_image:
                raise BatchFileRefused(f"Line {number}: cheque {item.cheque.cheque_no} comes without its seal image.",
                                       number)
        digest = file_digest(data)
        columns = dict(direction="incoming", batch_ref=parsed.batch_ref, business_date=self.desk.business_date(),
                       clerk_id=session.teller_id, workstation_id=self.desk.workstation_id, state="imported",
                       file_sha256=digest, counterpart_bank=parsed.sender_bank, created_at=self.desk.now_text())
        items = [dict(line_no=n, cheque_no=i.cheque.cheque_no, bank_code=i.cheque.bank_code, account=i.cheque.account,
                      amount_fen=i.cheque.amount_fen, payee_account=i.payee_account, seal_image=i.seal_image,
                      seal_sha256=file_digest(i.seal_image), state="waiting", return_note="")
                 for n, i in enumerate(parsed.items, start=1)]
        with self.desk.branch.required("Clearing", write=True) as unit:
            batch, imported = unit.clearing_batches.import_whole(columns, items)
            view = _batch_view(batch, unit.clearing_batches.items(batch.id))
        if imported:
            self.desk.record(session, "clearing_batch_imported", amount_fen=view.total_fen,
                             payload={"batch": view.batch_id, "ref": view.batch_ref, "count": view.count,
                                      "file_sha256": digest, "sender": parsed.sender_bank})
        return ImportResult(view, imported)

    def seal_check(self, item_id: int) -> SealCheck:
        """The cheque's seal and the specimen card valid today, for the side-by-side comparison."""
        with self.desk.branch.required("Clearing") as unit:
            row = unit.clearing_batches.item(item_id)
            if row is None or row.seal_image is None:
                raise ClearingRefused(f"No incoming clearing item {item_id}.")
            item, image, digest = _view(row), row.seal_image, row.seal_sha256
        return SealCheck(item, image, digest, self.seal_cards.current_card(item.cheque.account))

    def decide(self, session: TellerSession, item_id: int, matches: bool, *, reason: str = "seal_mismatch",
               note: str = "") -> ClearingItemView:
        """The clerk's seal decision: a match is posted to the core (once); otherwise the item is
        returned with `reason` (a key of RETURN_REASONS). An account without a card valid today
        cannot pass: it is returned as no_seal_card."""
        self._clerk(session, "check seals of incoming clearing items")
        check = self.seal_check(item_id)
        card = check.card
        if matches and card is None:
            raise ClearingRefused(f"Account {check.item.cheque.account} has no specimen seal card valid today: "
                                  "the item cannot pass; return it (no_seal_card).")
        if not matches and reason not in RETURN_REASONS:
            raise ClearingRefused(f"Unknown return reason {reason!r}: one of {', '.join(RETURN_REASONS)}.")
        key = None
        with self.desk.branch.required("Clearing", write=True) as unit:
            row = unit.clearing_batches.item(item_id, for_update=True)
            if row.state != "waiting":
                raise ClearingRefused(f"Item {item_id} (cheque {row.cheque_no}) was decided already "
                                      f"by {row.decided_by}: {row.state}.")
            row.decision, row.decided_by, row.decided_at = ("pass" if matches else "refuse"), session.teller_id, \
                self.desk.now_text()
            row.seal_card_id = card.card_id if card else None
            if matches:
                key = row.posting_key = f"CLR-{self.bank_code}-{row.id}"
                row.state = "posting"
            else:
                row.state, row.return_reason, row.return_note = "returned", reason, note.strip()
        self.desk.record(session, "clearing_seal_checked", account=check.item.cheque.account,
                         amount_fen=check.item.cheque.amount_fen,
                         payload={"item": item_id, "cheque": check.item.cheque.cheque_no,
                                  "decision": "pass" if matches else "refuse", "seal_sha256": check.seal_sha256,
                                  "card": card.card_id if card else None,
                                  "card_sha256": card.image_sha256 if card else None,
                                  **({} if matches else {"return_reason": reason, "note": note.strip()})})
        if not matches:
            return self._item(item_id)
        return self._post(session, item_id, key)

    def resume_postings(self, session: TellerSession) -> list[ClearingItemView]:
        """Items passed here whose posting was interrupted (a crash between the decision and the
        core's answer): recorded once, sent under the same key, settled."""
        self._clerk(session, "post incoming clearing items")
        with self.desk.branch.required("Clearing") as unit:
            waiting = [(r.id, r.posting_key) for r in unit.clearing_batches.items_in_state(
                "posting", self.desk.workstation_id)]
        return [self._post(session, item_id, key) for item_id, key in waiting]

    def _post(self, session: TellerSession, item_id: int, key: str) -> ClearingItemView:
        code = self.desk.settings.catalogue.get(INCOMING_CODE)
        if code.roles and not session.staff.has_any(code.roles):
            raise PermissionDenied(f"{session.staff.name} may not post transaction {code.code} ({code.name_en}).")
        item = self._item(item_id)
        with self.desk.workstation.transaction() as unit:
            if not unit.clearing_records.posting_recorded(key):
                unit.clearing_records.record_posting(
                    self.desk.journal, key=key, teller_id=session.teller_id, business_date=self.desk.business_date(),
                    tx_code=code.code, account=item.cheque.account, direction=code.direction,
                    amount_fen=item.cheque.amount_fen,
                    payload={"clearing": {"item": item_id, "batch": item.batch_id, "cheque": item.cheque.cheque_no,
                                          "drawee_bank": item.cheque.bank_code}})
        outcome = self.outbox.send(key)
        with self.desk.branch.required("Clearing", write=True) as unit:
            row = unit.clearing_batches.item(item_id, for_update=True)
            row.core_status = outcome.status
            if outcome.status in POSTED_STATUSES:
                row.state = "posted"
            elif outcome.status == "rejected":
                row.state, row.return_reason = "returned", return_reason_for_core(outcome.reason)
                row.return_note = f"core: {outcome.reason}"
            else:  # the core did not answer and the debit was not accepted offline: called off
                row.state = "held"
            view = _view(row)
        if view.state == "returned":
            self.desk.record(session, "clearing_returned", account=view.cheque.account,
                             amount_fen=view.cheque.amount_fen,
                             payload={"item": item_id, "return_reason": view.return_reason, "core": outcome.reason})
        return view

    def _item(self, item_id: int) -> ClearingItemView:
        with self.desk.branch.required("Clearing") as unit:
            return _view(unit.clearing_batches.item(item_id))

    def returns(self, batch_id: int) -> list[ClearingItemView]:
        """The batch's returned items (退票) with their reasons, to go back to the presenting bank."""
        return [i for i in self.batch(batch_id).items if i.state == "returned"]

    # -- the day's clearing balance -----------------------------------------------------------------
    def balance(self, session: TellerSession) -> ClearingBalance:
        self._clerk(session, "see the clearing balance")
        day = self.desk.business_date()
        with self.desk.branch.required("Clearing") as unit:
            rows = [(d, i.state, i.amount_fen) for d, i in unit.clearing_batches.items_of_day(day, session.teller_id)]
        out = [a for d, _s, a in rows if d == "outgoing"]
        posted = [a for d, s, a in rows if d == "incoming" and s == "posted"]
        returned = [a for d, s, a in rows if d == "incoming" and s == "returned"]
        waiting = [a for d, s, a in rows if d == "incoming" and s in ("waiting", "posting", "held")]
        return ClearingBalance(day, len(out), sum(out), len(posted), sum(posted), len(returned), sum(returned),
                               len(waiting))
