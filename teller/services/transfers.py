"""Transfers (转账) and debit/credit voucher postings (记账凭证) at the non-cash counter, with review
before posting (复核) where the rules name it.

A posting is recorded like a cash one (journal entry + outbox row, one workstation transaction)
and consumes the teller's next voucher serial in the same step. A transfer is two postings: the
payer's account debited, and the payee's credited only once the core approved the debit (the
payee's outbox row is `held` until then, cancelled if the debit is refused). Both go to the core
under their own idempotency keys, so each is posted once.

A code with `review_from` in resources/transaction_codes.toml holds postings of that amount or
more: they wait in the branch's queue (held_posting) and their outbox rows stay `held` until a
reviewer passes them; then the maker's workstation releases them to the core. A reviewer's
return goes back to the maker with the reason: the maker corrects (a new posting replaces the
held one, same voucher) or cancels. The voucher image and, for a company, the specimen seal card
are stored in the branch under their SHA-256, which the journal entry names.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from teller.domain.duties import check_not_own
from teller.domain.errors import CoreUnavailable, PermissionDenied, TellerError
from teller.domain.masking import mask_number
from teller.domain.noncash_forms import FieldSpec, FormRefused, NoncashForm, check_form, form_of, looks_like_company
from teller.domain.roles import Role
from teller.domain.vouchers import SerialRange
from teller.services.authorisation import AuthorisationService, LocalApproval, RemoteApproval
from teller.services.context import WorkstationContext
from teller.services.credentials import require_roles
from teller.services.session import SessionService, TellerSession
from teller.services.vouchers import VoucherService
from teller.store.noncash_models import HeldPosting
from teller.store.stores import BranchStore, BranchUnit, WorkstationStore
from teller.sync.outbox import OutboxDispatcher

REVIEWER_ROLES = frozenset({Role.REVIEWER})
WHAT = "A non-cash posting"
# a held posting's states, as the maker's and the reviewer's queues show them
WAITING, RETURNED, PASSED, POSTED, CORRECTED, CANCELLED = ("waiting", "returned", "passed", "posted", "corrected",
                                                             "cancelled")
REFUSED_AT_CORE = ("rejected", "reversed", "failed", "needs_reversal", "cancelled")


class HeldPostingRefused(TellerError):
    code = "held_posting_refused"


@dataclass(frozen=True)
class Image:
    """A scanned voucher or seal card as the scanner or file gave it."""

    media_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class NoncashResult:
    tx_code: str
    seq: int  # the posting's journal entry (the payer's leg of a transfer)
    key: str
    status: str  # waiting_review | approved | rejected | offline_accepted | refused_offline
    reason: str | None = None
    hold_id: int | None = None
    voucher_serial: str | None = None
    payee_status: str | None = None  # a transfer's payee leg: approved, waiting (held), cancelled


@dataclass(frozen=True)
class HeldView:
    """A held posting as the reviewer's and the maker's queues show it."""

    hold_id: int
    workstation_id: str
    seq: int
    maker_id: str
    tx_code: str
    account_masked: str
    payee_masked: str | None
    amount_fen: int
    memo: str
    voucher_serial: str | None
    state: str
    reason: str | None
    reviewer_id: str | None
    voucher_image: str | None
    seal_card_image: str | None


def _view(row: HeldPosting) -> HeldView:
    return HeldView(row.id, row.workstation_id, row.seq, row.maker_id, row.tx_code, mask_number(row.account),
                    mask_number(row.payee_account) if row.payee_account else None, row.amount_fen, row.memo,
                    row.voucher_serial, row.state, row.reason, row.reviewer_id, row.voucher_image, row.seal_card_image)


@dataclass
class _Recorded:
    seq: int
    key: str
    payee_seq: int | None = None
    payee_key: str | None = None
    images: dict[str, str] = field(default_factory=dict)


class NoncashPostingService:
    def __init__(self, ctx: WorkstationContext, sessions: SessionService, authorisation: AuthorisationService,
                 outbox: OutboxDispatcher, vouchers: VoucherService, branch: BranchStore, workstation: WorkstationStore):
        self.ctx, self.sessions, self.authorisation, self.outbox = ctx, sessions, authorisation, outbox
        self.vouchers, self.branch, self.workstation = vouchers, branch, workstation

    # -- the form ----------------------------------------------------------------------------
    def codes(self):
        """The non-cash codes a form can be built for."""
        return [c for c in self.ctx.settings.catalogue.all() if c.fields and c.action != "voucher_fee"]

    def fields(self, tx_code: str) -> list[FieldSpec]:
        return form_of(self.ctx.settings.catalogue.get(tx_code))

    def proposal(self, session: TellerSession, tx_code: str) -> dict[str, str]:
        """What the form starts with: the teller's next voucher serial of the code's type."""
        code = self.ctx.settings.catalogue.get(tx_code)
        if not code.voucher_type:
            return {}
        return {"voucher_serial": self.vouchers.next_serial(session, code.voucher_type) or ""}

    # -- the maker ----------------------------------------------------------------------------
    def submit(self, session: TellerSession, tx_code: str, values: dict[str, str],
               images: dict[str, Image] | None = None, *,
               approval: LocalApproval | RemoteApproval | None = None) -> NoncashResult:
        """Records the posting (and consumes the voucher serial); without review it goes to the core now."""
        code, form, authoriser = self._checked(session, tx_code, values, images or {}, approval)
        if code.voucher_type and not form.voucher_serial:
            raise FormRefused("Voucher serial is required.", "voucher_serial")
        review = code.review_from_fen is not None and form.amount_fen >= code.review_from_fen
        with self.branch.required(WHAT, write=True) as unit:
            serial = (self.vouchers.accept_next(unit, session, code.voucher_type, form.voucher_serial)
                      if code.voucher_type else None)
            recorded = self._record(unit, session, code, form, images or {}, review, authoriser, serial=serial)
            if serial is not None:
                self.vouchers.mark_used(unit, session, serial, recorded.key)
            hold_id = self._hold(unit, session, code, form, recorded, serial.text() if serial else None) if review \
                else None
        if review:
            return NoncashResult(code.code, recorded.seq, recorded.key, "waiting_review", hold_id=hold_id,
                                 voucher_serial=serial.text() if serial else None)
        return self._send(code.code, recorded.key, serial.text() if serial else None)

    def correct(self, session: TellerSession, hold_id: int, values: dict[str, str],
                images: dict[str, Image] | None = None, *,
                approval: LocalApproval | RemoteApproval | None = None) -> NoncashResult:
        """A returned posting put right: the held one is cancelled and a new one (same voucher serial,
        pointing at the old) waits for the reviewer again."""
        with self.branch.required(WHAT) as unit:
            old = self._own_returned(unit, session, hold_id)
            old_serial, old_images = old.voucher_serial, {"voucher_image": old.voucher_image,
                                                          "seal_card_image": old.seal_card_image}
        values = {**values, "voucher_serial": old_serial or ""}
        code, form, authoriser = self._checked(session, old.tx_code, values, images or {}, approval)
        with self.branch.required(WHAT, write=True) as unit:
            if not unit.held_postings.change_state(hold_id, (RETURNED,), CORRECTED, self.ctx.now_text()):
                raise HeldPostingRefused(f"Posting {old.workstation_id}-{old.seq} is no longer returned to you: "
                                         "it was corrected or cancelled already.")
            self._cancel_local(session, old, "corrected")
            kept = {k: v for k, v in old_images.items() if v and k not in (images or {})}
            recorded = self._record(unit, session, code, form, images or {}, True, authoriser,
                                    corrects=old.seq, kept_images=kept, serial_text=old_serial)
            new_id = self._hold(unit, session, code, form, recorded, old_serial, corrects=hold_id)
        return NoncashResult(code.code, recorded.seq, recorded.key, "waiting_review", hold_id=new_id,
                             voucher_serial=old_serial)

    def cancel(self, session: TellerSession, hold_id: int, reason: str) -> None:
        """The maker withdraws a held posting (returned, or still waiting): it never reaches the core."""
        self.sessions.require_active(session)
        if not reason.strip():
            raise HeldPostingRefused("Give the reason for cancelling the posting.")
        with self.branch.required(WHAT, write=True) as unit:
            row = unit.held_postings.get(hold_id, lock=True)
            if row is None or row.maker_id != session.teller_id:
                raise HeldPostingRefused(f"No posting {hold_id} of yours waits for review.")
            if not unit.held_postings.change_state(hold_id, (WAITING, RETURNED), CANCELLED, self.ctx.now_text(),
                                                   reason=reason.strip()):
                raise HeldPostingRefused(f"Posting {row.workstation_id}-{row.seq} was {row.state} already: "
                                         "it can no longer be cancelled.")
            self._cancel_local(session, row, reason.strip())

    def my_queue(self, session: TellerSession) -> list[HeldView]:
        """The maker's postings still held: waiting, returned (with the reason), passed."""
        self.sessions.require_active(session)
        with self.branch.required(WHAT) as unit:
            return [_view(r) for r in unit.held_postings.in_state((WAITING, RETURNED, PASSED),
                                                                  maker_id=session.teller_id)]

    def release_passed(self) -> list[NoncashResult]:
        """At the maker's workstation: the postings reviewers passed go to the core (each once; a
        release cut off half-way is finished by the next call, and the outbox never sends a key twice)."""
        with self.branch.required(WHAT) as unit:
            passed = unit.held_postings.in_state((PASSED,), workstation_id=self.ctx.workstation_id)
        results = []
        for row in passed:
            key = f"{row.workstation_id}-{row.seq}"
            with self.workstation.transaction() as wunit:
                wunit.noncash_postings.release(key, self.ctx.now_text())
            with self.branch.required(WHAT, write=True) as unit:
                unit.held_postings.change_state(row.id, (PASSED,), POSTED, self.ctx.now_text())
            results.append(self._send(row.tx_code, key, row.voucher_serial, hold_id=row.id))
        return results

    def settle_transfers(self) -> int:
        """Every open transfer's payee leg follows its payer's: sent once the payer's is approved,
        cancelled when it was refused. Returns how many were finished."""
        with self.workstation.reading() as wunit:
            pairs = wunit.noncash_postings.open_transfers()
        finished = 0
        for payer_key, payer_state, payee_key, payee_state in pairs:
            if self._follow(payer_key, payer_state, payee_key, payee_state) in ("approved", "rejected", "cancelled"):
                finished += 1
        return finished

    # -- the reviewer -------------------------------------------------------------------------
    def waiting(self, session: TellerSession) -> list[HeldView]:
        """Postings waiting for review, oldest first, without the reviewer's own."""
        self._reviewer(session)
        with self.branch.required(WHAT) as unit:
            return [_view(r) for r in unit.held_postings.in_state((WAITING,)) if r.maker_id != session.teller_id]

    def images(self, session: TellerSession, hold_id: int) -> dict[str, Image]:
        """The voucher image and seal card of a held posting, each checked against the hash its journal
        entry names (an image swapped in the store is refused, not shown)."""
        self._reviewer(session)
        found = {}
        with self.branch.required(WHAT) as unit:
            row = self._held(unit, hold_id)
            for name, digest in (("voucher_image", row.voucher_image), ("seal_card_image", row.seal_card_image)):
                stored = unit.held_postings.image(digest) if digest else None
                if stored is None:
                    continue
                image = Image(*stored)
                if image.sha256 != digest:
                    raise HeldPostingRefused(f"The {name.replace('_', ' ')} of posting {row.workstation_id}-{row.seq} "
                                             "does not match its hash in the journal: it was changed after scanning.")
                found[name] = image
        return found

    def pass_held(self, session: TellerSession, hold_id: int) -> None:
        """复核通过: the maker's workstation releases it to the core."""
        self._decide(session, hold_id, PASSED, "")

    def return_held(self, session: TellerSession, hold_id: int, reason: str) -> None:
        """退回: back to the maker with the reason; nothing went to the core."""
        if not reason.strip():
            raise HeldPostingRefused("Give the maker the reason for returning the posting.")
        self._decide(session, hold_id, RETURNED, reason.strip())

    # -- the steps ----------------------------------------------------------------------------
    def _checked(self, session, tx_code, values, images, approval):
        self.sessions.require_active(session)
        code = self.ctx.settings.catalogue.get(tx_code)
        if code.roles and not session.staff.has_any(code.roles):
            raise PermissionDenied(f"{session.staff.name} may not post transaction {code.code} ({code.name_en}).")
        form = check_form(code, values)
        for name, image in images.items():
            if name not in code.fields or form_of(code)[code.fields.index(name)].kind != "image":
                raise FormRefused(f"Transaction {code.code} takes no {name.replace('_', ' ')}.", name)
            if not image.content:
                raise FormRefused(f"The {name.replace('_', ' ')} is empty: scan it again.", name)
        if "seal_card_image" in code.fields and "seal_card_image" not in images and self._company(form.account):
            raise FormRefused("A company account: scan the specimen seal card (印鉴卡) for the reviewer's seal check.",
                              "seal_card_image")
        if form.payee_account:
            self._check_payee(form.payee_account)
        context = self.authorisation.context(offline=not self.outbox.core_online)
        need = self.authorisation.need(session, code.code, form.amount_fen, form.account, context)
        authoriser = self.authorisation.require(session, need, approval)
        return code, form, authoriser

    def _check_payee(self, account: str) -> None:
        """A payee the core would refuse is refused before the payer is debited (no wrong transfer)."""
        try:
            payee = self.ctx.core.get_account(account)
        except CoreUnavailable:
            return  # the payee's leg waits for the payer's answer anyway
        except TellerError:
            raise FormRefused(f"The payee account {mask_number(account)} is not known to the core.",
                              "payee_account") from None
        if payee.status != "active":
            raise FormRefused(f"The payee account {mask_number(account)} is {payee.status}: it can receive nothing.",
                              "payee_account")

    def _company(self, account: str) -> bool:
        try:
            return looks_like_company(self.ctx.core.get_account(account).name)
        except CoreUnavailable:
            return False  # the reviewer still sees what was scanned; the core is asked when it is back
        except TellerError:
            return False  # an unknown account: the core refuses the posting itself

    def _record(self, unit: BranchUnit, session: TellerSession, code, form: NoncashForm, images: dict[str, Image],
                review: bool, authoriser, *, serial: SerialRange | None = None, serial_text: str | None = None,
                corrects: int | None = None, kept_images: dict[str, str] | None = None) -> _Recorded:
        """Journal + outbox (the payee's leg too), one workstation transaction; the images stored at the branch."""
        now = self.ctx.now_text()
        hashes = dict(kept_images or {})
        for name, image in images.items():
            unit.held_postings.store_image(image.sha256, image.media_type, image.content, now)
            hashes[name] = image.sha256
        serial_text = serial.text() if serial else serial_text
        payload = {"direction": code.direction, "memo": form.memo, "voucher_serial": serial_text,
                   "images": hashes, "review": "before" if review else "after"}
        if form.payee_account:
            payload["payee_account"] = form.payee_account
        if authoriser is not None:
            payload["authorised_by"] = authoriser.staff_id
        if corrects is not None:
            payload["corrects"] = corrects
        with self.workstation.transaction() as wunit:
            entry = self.ctx.record(wunit.session, session.teller_id, "posting", tx_code=code.code,
                                    account=form.account, amount_fen=form.amount_fen, payload=payload)
            recorded = _Recorded(entry.seq, f"{self.ctx.workstation_id}-{entry.seq}", images=hashes)
            wunit.noncash_postings.add(journal_seq=entry.seq, key=recorded.key, account=form.account,
                                       direction=code.direction, amount_fen=form.amount_fen, tx_code=code.code,
                                       teller_id=session.teller_id, at=entry.recorded_at, held=review)
            if code.action == "transfer":
                payee = self.ctx.record(wunit.session, session.teller_id, "posting", tx_code=code.code,
                                        account=form.payee_account, amount_fen=form.amount_fen,
                                        payload={"direction": "credit", "transfer_from": entry.seq,
                                                 "payer_account": form.account, "voucher_serial": serial_text,
                                                 "review": payload["review"]})
                recorded.payee_seq, recorded.payee_key = payee.seq, f"{self.ctx.workstation_id}-{payee.seq}"
                wunit.noncash_postings.add(journal_seq=payee.seq, key=recorded.payee_key, account=form.payee_account,
                                           direction="credit", amount_fen=form.amount_fen, tx_code=code.code,
                                           teller_id=session.teller_id, at=payee.recorded_at, held=True)
                wunit.noncash_postings.pair(recorded.key, recorded.payee_key)
        return recorded

    def _hold(self, unit: BranchUnit, session: TellerSession, code, form: NoncashForm, recorded: _Recorded,
              serial: str | None, corrects: int | None = None) -> int:
        now = self.ctx.now_text()
        row = unit.held_postings.add(
            workstation_id=self.ctx.workstation_id, seq=recorded.seq, payee_seq=recorded.payee_seq,
            business_date=self.ctx.business_date(), maker_id=session.teller_id, tx_code=code.code,
            account=form.account, payee_account=form.payee_account, amount_fen=form.amount_fen, memo=form.memo,
            voucher_serial=serial, voucher_image=recorded.images.get("voucher_image"),
            seal_card_image=recorded.images.get("seal_card_image"), state=WAITING, corrects=corrects,
            created_at=now, updated_at=now)
        return row.id

    def _cancel_local(self, session: TellerSession, row: HeldPosting, reason: str) -> None:
        """The held outbox rows of a corrected or cancelled posting never go to the core."""
        with self.workstation.transaction() as wunit:
            for seq in (row.seq, row.payee_seq):
                if seq is not None:
                    wunit.noncash_postings.cancel(f"{row.workstation_id}-{seq}", self.ctx.now_text())
            wunit.noncash_postings.close_transfer(f"{row.workstation_id}-{row.seq}")
            self.ctx.record(wunit.session, session.teller_id, "posting_cancelled", tx_code=row.tx_code,
                            account=row.account, amount_fen=row.amount_fen, refers_to=row.seq,
                            payload={"reason": reason, "hold": row.id, "payee_seq": row.payee_seq})

    def _send(self, tx_code: str, key: str, serial: str | None, hold_id: int | None = None) -> NoncashResult:
        outcome = self.outbox.send(key)
        with self.workstation.reading() as wunit:
            payee_key = wunit.noncash_postings.payee_of(key)
            payee_state = wunit.noncash_postings.state_of(payee_key) if payee_key else None
            payer_state = wunit.noncash_postings.state_of(key)
        payee = self._follow(key, payer_state, payee_key, payee_state) if payee_key else None
        return NoncashResult(tx_code, outcome.seq, key, outcome.status, outcome.reason, hold_id, serial, payee)

    def _follow(self, payer_key: str, payer_state: str | None, payee_key: str, payee_state: str | None) -> str:
        """The payee's leg after the payer's: sent when approved, cancelled when refused, else waits."""
        if payee_state == "held" and payer_state == "approved":
            with self.workstation.transaction() as wunit:
                wunit.noncash_postings.release(payee_key, self.ctx.now_text())
            outcome = self.outbox.send(payee_key)
            if outcome.status == "rejected":  # the payee refused after all: the payer's debit is reversed (冲正)
                with self.workstation.transaction() as wunit:
                    wunit.noncash_postings.reverse_approved(payer_key, self.ctx.now_text())
                self.outbox.resolve_pending(ignore_backoff=True)
            if outcome.status in ("approved", "rejected"):
                self._close(payer_key)
            return outcome.status
        if payee_state == "held" and payer_state in REFUSED_AT_CORE:
            with self.workstation.transaction() as wunit:
                wunit.noncash_postings.cancel(payee_key, self.ctx.now_text())
                wunit.noncash_postings.close_transfer(payer_key)
            return "cancelled"
        if payee_state in ("approved", "rejected", "cancelled"):
            self._close(payer_key)
            return payee_state
        return "waiting"

    def _close(self, payer_key: str) -> None:
        with self.workstation.transaction() as wunit:
            wunit.noncash_postings.close_transfer(payer_key)

    def _reviewer(self, session: TellerSession) -> None:
        self.sessions.require_active(session)
        require_roles(session.staff, REVIEWER_ROLES, "review postings")

    @staticmethod
    def _held(unit: BranchUnit, hold_id: int, lock: bool = False) -> HeldPosting:
        row = unit.held_postings.get(hold_id, lock=lock)
        if row is None:
            raise HeldPostingRefused(f"No held posting {hold_id}.")
        return row

    def _own_returned(self, unit: BranchUnit, session: TellerSession, hold_id: int) -> HeldPosting:
        self.sessions.require_active(session)
        row = self._held(unit, hold_id)
        if row.maker_id != session.teller_id:
            raise HeldPostingRefused(f"Posting {row.workstation_id}-{row.seq} is {row.maker_id}'s: only its maker "
                                     "corrects it.")
        if row.state != RETURNED:
            raise HeldPostingRefused(f"Posting {row.workstation_id}-{row.seq} is {row.state}, not returned: there "
                                     "is nothing to correct.")
        return row

    def _decide(self, session: TellerSession, hold_id: int, outcome: str, reason: str) -> None:
        self._reviewer(session)
        now = self.ctx.now_text()
        with self.branch.required(WHAT, write=True) as unit:
            row = self._held(unit, hold_id, lock=True)
            check_not_own(row.maker_id, session.teller_id, "review")
            if not unit.held_postings.change_state(hold_id, (WAITING,), outcome, now, reviewer_id=session.teller_id,
                                                   reason=reason or None):
                who = f" by {row.reviewer_id}" if row.reviewer_id else ""
                raise HeldPostingRefused(f"Posting {row.workstation_id}-{row.seq} was {row.state} already{who}: "
                                         "each posting is decided once.")
            for seq in (row.seq, row.payee_seq):
                if seq is not None:  # the branch's after-the-fact review counts it as decided
                    unit.held_postings.record_review(
                        workstation_id=row.workstation_id, seq=seq, business_date=row.business_date,
                        maker_id=row.maker_id, reviewer_id=session.teller_id, at=now,
                        reviewer_workstation=self.ctx.workstation_id, outcome=outcome, reason=reason or None)
        with self.workstation.transaction() as wunit:
            self.ctx.record(wunit.session, session.teller_id,
                            "held_posting_passed" if outcome == PASSED else "held_posting_returned",
                            tx_code=row.tx_code, amount_fen=row.amount_fen,
                            payload={"workstation": row.workstation_id, "seq": row.seq, "maker": row.maker_id,
                                     "account": mask_number(row.account), "reason": reason,
                                     "images": {"voucher_image": row.voucher_image,
                                                "seal_card_image": row.seal_card_image}})
