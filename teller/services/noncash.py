"""The non-cash counter (非现金区记账) wired on one workstation: blank vouchers by serial, and
(teller.services.transfers) transfers and voucher postings with review before posting.

Built beside the Workstation's own services from its stores (the lead hooks it into
teller.services.workstation)."""
from __future__ import annotations

from dataclasses import dataclass

from teller.services.transfers import NoncashPostingService
from teller.services.vouchers import VoucherService
from teller.services.workstation import Workstation
from teller.store.stores import BranchStore, WorkstationStore


@dataclass
class NoncashCounter:
    vouchers: VoucherService
    postings: NoncashPostingService


def build_noncash_counter(ws: Workstation) -> NoncashCounter:
    branch, workstation = BranchStore(ws.branch_engine), WorkstationStore(ws.workstation_engine)
    vouchers = VoucherService(ws.ctx, ws.sessions, ws.authorisation, ws.outbox, branch, workstation)
    postings = NoncashPostingService(ws.ctx, ws.sessions, ws.authorisation, ws.outbox, vouchers, branch, workstation)
    return NoncashCounter(vouchers, postings)
