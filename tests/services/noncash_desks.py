"""Desks of the non-cash counter for tests: the teller's and the non-cash head's workstations on one
branch store, with the voucher service built on each."""
from __future__ import annotations

from dataclasses import dataclass

from teller.services.credentials import Credentials
from teller.services.noncash import NoncashCounter, build_noncash_counter
from teller.services.workstation import Workstation

NONCASH_TELLER = Credentials("0A1B2C3D03", "333333")  # T003 张磊
CASH_TELLER = Credentials("0A1B2C3D01", "111111")  # T001
REVIEWER = Credentials("0A1B2C3D04", "444444")  # T004
NONCASH_HEAD = Credentials("0A1B2C3E02", "900002")  # S002
CASH_HEAD = Credentials("0A1B2C3E01", "900001")  # S001
RICH = "44010001000000017"
OTHER = "44010001000000025"
COMPANY = "44010001000000066"
FROZEN = "44010001000000041"


@dataclass
class Desk:
    ws: Workstation
    counter: NoncashCounter
    session: object = None

    @property
    def vouchers(self):
        return self.counter.vouchers


def desk(make_workstation, core_gateway, branch_url, workstation_id, who: Credentials | None) -> Desk:
    ws = make_workstation(core_gateway, branch_url, workstation_id)
    d = Desk(ws, build_noncash_counter(ws))
    if who is not None:
        d.session = ws.sessions.sign_in(who)
    return d
