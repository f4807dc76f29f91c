"""Important blank vouchers by serial (重要空白凭证): the non-cash head receives stock by range and
issues ranges to tellers, who use them strictly in serial order, void a spoiled one with
authorisation and a reason (作废), sell cheque books to accounts with the fee posted, and return
what is left at close (teller.domain.vouchers for the states and the identity).

Every step is a line of the branch's register (重要空白凭证登记簿) and a journal entry at the
workstation where it was done. The serials live in the branch store: a teller at any
workstation of the branch sees the same next serial.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources as importlib_resources

from teller.domain.errors import PermissionDenied
from teller.domain.masking import mask_number
from teller.domain.money import from_fen
from teller.domain.roles import Role, parse_roles
from teller.domain.vouchers import (SOLD, STOCK, USED, VOIDED, WITH_TELLER, SerialRange, VoucherBalance,
                                    VoucherCatalogue, VoucherRefused, VoucherType, book_of)
from teller.services.authorisation import AuthorisationService, LocalApproval, RemoteApproval
from teller.services.context import WorkstationContext
from teller.services.credentials import require_roles
from teller.services.session import SessionService, TellerSession
from teller.store.repos.vouchers import SerialState, VoucherRegisterRow
from teller.store.stores import BranchStore, BranchUnit, WorkstationStore
from teller.sync.outbox import OutboxDispatcher, PostingOutcome

# The non-cash-area head keeps the branch's voucher stock (凭证库管员, domain.md).
KEEPER_ROLES = frozenset({Role.NONCASH_HEAD})
# Who may hold vouchers to use or sell at the counter.
HOLDER_ROLES = frozenset({Role.CASH_TELLER, Role.NONCASH_TELLER, Role.CLEARING_CLERK})
WHAT = "The blank voucher register"


def load_voucher_catalogue() -> VoucherCatalogue:
    text = importlib_resources.files("resources").joinpath("voucher_types.toml").read_text(encoding="utf-8")
    return VoucherCatalogue.from_config(tomllib.loads(text).get("type", []))


@dataclass(frozen=True)
class BookSale:
    """A cheque book sold to an account and the core's answer for its fee."""

    serials: str
    account: str
    fee_fen: int
    outcome: PostingOutcome


class VoucherService:
    def __init__(self, ctx: WorkstationContext, sessions: SessionService, authorisation: AuthorisationService,
                 outbox: OutboxDispatcher, branch: BranchStore, workstation: WorkstationStore,
                 catalogue: VoucherCatalogue | None = None):
        self.ctx, self.sessions, self.authorisation, self.outbox = ctx, sessions, authorisation, outbox
        self.branch, self.workstation = branch, workstation
        self.catalogue = catalogue or load_voucher_catalogue()

    # -- reading ----------------------------------------------------------------------------
    def types(self) -> list[VoucherType]:
        return self.catalogue.all()

    def next_serial(self, session: TellerSession, type_code: str) -> str | None:
        """The serial a form of this type must use now: the teller's lowest one (None: none left)."""
        vtype = self.catalogue.get(type_code)
        with self.branch.required(WHAT) as unit:
            number = unit.vouchers.lowest_with(vtype.code, session.teller_id)
        return None if number is None else vtype.format(number)

    def balance(self, type_code: str, teller_id: str | None = None) -> VoucherBalance:
        """Serials by state: the branch's (received = stock + with tellers + used + sold + voided) or,
        with `teller_id`, that teller's (issued less returned = with them + used + sold + voided)."""
        vtype = self.catalogue.get(type_code)
        with self.branch.required(WHAT) as unit:
            repo = unit.vouchers
            counts = repo.count_by_state(vtype.code, teller_id)
            if teller_id is None:
                received = repo.registered_total(vtype.code, "received")
            else:
                received = (repo.registered_total(vtype.code, "issued", teller_id)
                            - repo.registered_total(vtype.code, "returned", teller_id))
        return VoucherBalance(received, counts.get(STOCK, 0), counts.get(WITH_TELLER, 0), counts.get(USED, 0),
                              counts.get(SOLD, 0), counts.get(VOIDED, 0))

    def holders(self, type_code: str) -> list[str]:
        with self.branch.required(WHAT) as unit:
            return unit.vouchers.holders(self.catalogue.get(type_code).code)

    def register(self, business_date: str | None = None) -> list[VoucherRegisterRow]:
        """The day's register lines (重要空白凭证登记簿), oldest first."""
        with self.branch.required(WHAT) as unit:
            return unit.vouchers.register(business_date or self.ctx.business_date())

    # -- the keeper: receive, issue, take back -----------------------------------------------
    def receive(self, session: TellerSession, type_code: str, first: str, last: str | None = None,
                note: str = "") -> SerialRange:
        """Stock received from head office (领入) into the branch's stock."""
        self._keeper(session, "receive blank voucher stock")
        wanted = SerialRange.parse(self.catalogue.get(type_code), first, last)
        wanted.require_whole_books()
        with self.branch.required(WHAT, write=True) as unit:
            clash = unit.vouchers.first_present(wanted.vtype.code, wanted.first, wanted.last)
            if clash is not None:
                raise VoucherRefused(f"{wanted.vtype.format(clash)} is already in the branch's books: the range "
                                     f"{wanted.text()} overlaps stock received before.")
            unit.vouchers.add_stock(wanted.vtype.code, wanted.first, wanted.last, self.ctx.now_text())
            self._log(unit, session, wanted, "received", teller_id=None, note=note)
        self._journal(session, "voucher_received", wanted, note=note)
        return wanted

    def issue(self, session: TellerSession, type_code: str, first: str, last: str | None, teller_id: str) -> SerialRange:
        """From the branch's stock to a teller (领用)."""
        self._keeper(session, "issue blank vouchers")
        wanted = SerialRange.parse(self.catalogue.get(type_code), first, last)
        wanted.require_whole_books()
        with self.branch.required(WHAT, write=True) as unit:
            self._check_holder(unit, teller_id)
            self._require(unit, wanted, lambda s: s.state == STOCK, "is not in the branch's stock")
            unit.vouchers.move(wanted.vtype.code, wanted.first, wanted.last, state=WITH_TELLER, holder_id=teller_id,
                               at=self.ctx.now_text())
            self._log(unit, session, wanted, "issued", teller_id=teller_id)
        self._journal(session, "voucher_issued", wanted, teller=teller_id)
        return wanted

    def take_back(self, session: TellerSession, type_code: str, first: str, last: str | None,
                  teller_id: str) -> SerialRange:
        """A teller's unused serials back into the branch's stock (缴回, at close or at a post change)."""
        self._keeper(session, "take back blank vouchers")
        wanted = SerialRange.parse(self.catalogue.get(type_code), first, last)
        with self.branch.required(WHAT, write=True) as unit:
            self._require(unit, wanted, lambda s: s.state == WITH_TELLER and s.holder_id == teller_id,
                          f"is not with {teller_id} unused")
            unit.vouchers.move(wanted.vtype.code, wanted.first, wanted.last, state=STOCK, holder_id=None,
                               at=self.ctx.now_text())
            self._log(unit, session, wanted, "returned", teller_id=teller_id)
        self._journal(session, "voucher_returned", wanted, teller=teller_id)
        return wanted

    # -- the teller: use, void, sell --------------------------------------------------------
    def accept_next(self, unit: BranchUnit, session: TellerSession, type_code: str, serial: str) -> SerialRange:
        """The serial typed on a form, checked in the caller's branch transaction (rows locked): it must be
        the teller's next one. A skipped serial is voided first (void), never jumped over."""
        vtype = self.catalogue.get(type_code)
        typed = self._typed(vtype, serial)
        states = unit.vouchers.serials_in(vtype.code, typed, typed, lock=True)
        self._refuse_unless_with(states.get(typed), vtype, typed, session.teller_id)
        expected = unit.vouchers.lowest_with(vtype.code, session.teller_id)
        if expected != typed:
            raise VoucherRefused(f"{vtype.format(typed)} is not your next {vtype.name_en} serial: use "
                                 f"{vtype.format(expected)} first, or void it (作废) with authorisation.")
        return SerialRange(vtype, typed, typed)

    def mark_used(self, unit: BranchUnit, session: TellerSession, used: SerialRange, entry_ref: str) -> None:
        """The serial consumed by a posting's journal entry (WS01-17), in the caller's branch transaction."""
        unit.vouchers.move(used.vtype.code, used.first, used.last, state=USED, holder_id=session.teller_id,
                           at=self.ctx.now_text(), used_by=entry_ref)
        self._log(unit, session, used, "used", teller_id=session.teller_id, reference=entry_ref)

    def void(self, session: TellerSession, type_code: str, serial: str, reason: str,
             approval: LocalApproval | RemoteApproval | None = None) -> str:
        """A spoiled or skipped serial voided (作废): the teller's own, with a reason and the
        authorisation the rules ask for (operation voucher_void: the non-cash head)."""
        self.sessions.require_active(session)
        vtype = self.catalogue.get(type_code)
        typed = self._typed(vtype, serial)
        if not reason.strip():
            raise VoucherRefused(f"Give the reason for voiding {vtype.format(typed)}.")
        with self.branch.required(WHAT) as unit:  # a clear refusal before anyone presents a badge
            self._refuse_unless_with(unit.vouchers.serials_in(vtype.code, typed, typed).get(typed), vtype, typed,
                                     session.teller_id)
        need = self.authorisation.need(session, "voucher_void", None, None)
        authoriser = self.authorisation.require(session, need, approval)
        by = authoriser.staff_id if authoriser else None
        voided = SerialRange(vtype, typed, typed)
        with self.branch.required(WHAT, write=True) as unit:
            self._refuse_unless_with(unit.vouchers.serials_in(vtype.code, typed, typed, lock=True).get(typed), vtype,
                                     typed, session.teller_id)
            unit.vouchers.move(vtype.code, typed, typed, state=VOIDED, holder_id=session.teller_id,
                               at=self.ctx.now_text())
            self._log(unit, session, voided, "voided", teller_id=session.teller_id, authoriser_id=by,
                      note=reason.strip())
        self._journal(session, "voucher_voided", voided, reason=reason.strip(), authorised_by=by)
        return voided.text()

    def sell_book(self, session: TellerSession, type_code: str, account: str, account_name: str = "") -> BookSale:
        """The teller's next book sold to an account (出售): the book's serials are sold to it and the
        type's fee is posted to the account at the core (through the journal and the outbox)."""
        self.sessions.require_active(session)
        require_roles(session.staff, HOLDER_ROLES, "sell blank vouchers")
        vtype = self.catalogue.get(type_code)
        if not vtype.sold:
            raise VoucherRefused(f"{vtype.name_en} is not sold over the counter.")
        account = account.strip()
        if not account:
            raise VoucherRefused("Give the account the vouchers are sold to.")
        code = self.ctx.settings.catalogue.get(vtype.fee_code)
        if code.roles and not session.staff.has_any(code.roles):
            raise PermissionDenied(f"{session.staff.name} may not post transaction {code.code} ({code.name_en}).")
        with self.branch.required(WHAT, write=True) as unit:
            first = unit.vouchers.lowest_with(vtype.code, session.teller_id)
            if first is None:
                raise VoucherRefused(f"You hold no {vtype.name_en}: ask the non-cash head to issue some.")
            book = book_of(vtype, first)
            if book.first != first:
                raise VoucherRefused(f"{vtype.format(first)} is inside a book: void the rest of the book up to "
                                     f"{book.text()} or return it before selling another.")
            self._require(unit, book, lambda s: s.state == WITH_TELLER and s.holder_id == session.teller_id,
                          "is not with you unused")
            with self.workstation.transaction() as wunit:
                entry = self.ctx.record(
                    wunit.session, session.teller_id, "posting", tx_code=code.code, account=account,
                    amount_fen=vtype.sale_fee_fen,
                    payload={"direction": code.direction, "account_name": account_name, "vouchers_sold": book.text(),
                             "voucher_type": vtype.code})
                key = f"{self.ctx.workstation_id}-{entry.seq}"
                wunit.noncash_postings.add(journal_seq=entry.seq, key=key, account=account, direction=code.direction,
                                           amount_fen=vtype.sale_fee_fen, tx_code=code.code,
                                           teller_id=session.teller_id, at=entry.recorded_at, held=False)
            unit.vouchers.move(vtype.code, book.first, book.last, state=SOLD, holder_id=session.teller_id,
                               at=self.ctx.now_text(), used_by=key, sold_to=account)
            self._log(unit, session, book, "sold", teller_id=session.teller_id, reference=account,
                      note=f"fee {from_fen(vtype.sale_fee_fen)} ({key})")
        return BookSale(book.text(), mask_number(account), vtype.sale_fee_fen, self.outbox.send(key))

    # -- the rules ---------------------------------------------------------------------------
    def _keeper(self, session: TellerSession, purpose: str) -> None:
        self.sessions.require_active(session)
        require_roles(session.staff, KEEPER_ROLES, purpose)

    @staticmethod
    def _check_holder(unit: BranchUnit, teller_id: str) -> None:
        roles = unit.vouchers.staff_roles(teller_id)
        if roles is None:
            raise VoucherRefused(f"No active staff member {teller_id!r} to issue vouchers to.")
        if not parse_roles(roles) & HOLDER_ROLES:
            raise VoucherRefused(f"{teller_id} works at no counter post that uses blank vouchers.")

    @staticmethod
    def _typed(vtype: VoucherType, serial: str) -> int:
        return SerialRange.parse(vtype, serial).first

    @staticmethod
    def _require(unit: BranchUnit, wanted: SerialRange, ok, what: str) -> None:
        """Every serial of the range passes `ok`; else the first that does not is named."""
        states = unit.vouchers.serials_in(wanted.vtype.code, wanted.first, wanted.last, lock=True)
        for number in wanted.numbers():
            state = states.get(number)
            if state is None:
                raise VoucherRefused(f"{wanted.vtype.format(number)} {what}: it was never received by the branch.")
            if not ok(state):
                raise VoucherRefused(f"{wanted.vtype.format(number)} {what}: {_where(state)}.")

    @staticmethod
    def _refuse_unless_with(state: SerialState | None, vtype: VoucherType, number: int, teller_id: str) -> None:
        if state is None:
            raise VoucherRefused(f"{vtype.format(number)} was never received by the branch.")
        if state.state != WITH_TELLER or state.holder_id != teller_id:
            raise VoucherRefused(f"{vtype.format(number)} is not yours to use: {_where(state)}.")

    # -- records -----------------------------------------------------------------------------
    def _log(self, unit: BranchUnit, session: TellerSession, serials: SerialRange, event: str, *,
             teller_id: str | None, authoriser_id: str | None = None, reference: str | None = None,
             note: str = "") -> None:
        unit.vouchers.log(at=self.ctx.now_text(), type_code=serials.vtype.code, first=serials.first,
                          last=serials.last, event=event, teller_id=teller_id, actor_id=session.teller_id,
                          workstation_id=self.ctx.workstation_id, authoriser_id=authoriser_id, reference=reference,
                          note=note.strip())

    def _journal(self, session: TellerSession, kind: str, serials: SerialRange, **details) -> None:
        with self.workstation.transaction() as unit:
            self.ctx.record(unit.session, session.teller_id, kind,
                            payload={"voucher_type": serials.vtype.code, "serials": serials.text(),
                                     "count": serials.count, **{k: v for k, v in details.items() if v}})


def _where(state: SerialState) -> str:
    """Where a serial is, for a refusal."""
    if state.state == STOCK:
        return "it is in the branch's stock"
    if state.state == WITH_TELLER:
        return f"it is with {state.holder_id}"
    if state.state == USED:
        return f"it was already used by journal entry {state.used_by}"
    if state.state == SOLD:
        return f"it was sold to account {mask_number(state.sold_to or '')}"
    return "it was voided"
