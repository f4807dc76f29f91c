"""Fixtures of the business day and reconciliation tests: a workstation with the business day
wired into its context, on SQLite and PostgreSQL branch stores."""
from __future__ import annotations

import pytest

from teller.services.business_day import BusinessDayService, workstation_journal
from teller.services.credentials import Credentials
from teller.store.stores import BranchStore

TELLER = Credentials("0A1B2C3D01", "111111")
CASH_HEAD = Credentials("0A1B2C3E01", "900001")
MANAGER = Credentials("0A1B2C3F01", "900003")


def business_day_for(ws, blockers=None) -> BusinessDayService:
    service = BusinessDayService(BranchStore(ws.branch_engine), ws.ctx.clock, ws.ctx.workstation_id,
                                 ws.sessions.check_credentials, workstation_journal(ws.ctx), blockers)
    ws.ctx.business_day = service  # the hook in teller.services.context
    return service


@pytest.fixture
def business_day(workstation):
    return business_day_for(workstation)
