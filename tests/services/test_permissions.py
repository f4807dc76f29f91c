"""Every counter action is checked by role in the service (not only by hiding buttons): the
table teller.domain.permissions.PERMISSIONS, walked role by role and action by action against
the real services on the demo branch (SQLite and PostgreSQL branch stores). A refused action
writes nothing to the journal; an allowed one is never refused for its role."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from devices.printer.simulated import SimulatedVoucherPrinter
from teller.domain.denominations import Breakdown
from teller.domain.errors import PermissionDenied, TellerError
from teller.domain.permissions import PERMISSIONS, may, require_permission
from teller.domain.roles import Role
from teller.services.credentials import Credentials
from teller.services.demo import DEMO_STAFF
from teller.services.journal import JournalQuery
from teller.services.passbook import PassbookService
from teller.services.print_queue import PrintQueue
from teller.store.models import WorkstationJournal

RICH = "44010001000000017"
CASH_HEAD = Credentials("0A1B2C3E01", "900001")
MAKER = next(p for p in DEMO_STAFF if p.staff_id == "T001")
# one demo person per role
BY_ROLE = {Role(p.roles): p for p in reversed(DEMO_STAFF)}


def creds(person):
    return Credentials(person.badge, person.pin)


def cash(ws, **counts):
    return Breakdown(counts, ws.ctx.settings.denominations)


def journal_length(ws) -> int:
    with ws.ctx.workstation_db() as db:
        return db.scalar(select(func.count()).select_from(WorkstationJournal))


@pytest.fixture
def branch_day(workstation, tmp_path):
    """T001's till is open and holds one posting (with a receipt) and one registered passbook."""
    ws = workstation
    session = ws.sessions.sign_in(creds(MAKER))
    ws.till.open(session, cash(ws, N10000=20), creds(MAKER), CASH_HEAD)
    posted = ws.cash.post(session, "1001", RICH, Decimal("100"), cash(ws, N10000=1), "张伟")
    printer = SimulatedVoucherPrinter(tmp_path / "printed")
    PassbookService(ws.ctx, None, staff=session.staff).open_passbook("PB-T001", RICH)
    ws.sessions.sign_off(session)
    return ws, posted.outcome.seq, printer


# action -> what the person does (ws, session, person, the posting of T001, printer)
ACTIONS = {
    "open_till": lambda ws, s, p, seq, pr: ws.till.open(s, cash(ws, N10000=1), creds(p), CASH_HEAD),
    "sell_back": lambda ws, s, p, seq, pr: ws.till.sell_back(s, cash(ws, N10000=1), creds(p), CASH_HEAD),
    "balance_till": lambda ws, s, p, seq, pr: ws.till.balance(s),
    "close_till": lambda ws, s, p, seq, pr: ws.till.count_at_close(s, cash(ws, N10000=1)),
    "close_till/close": lambda ws, s, p, seq, pr: ws.till.close(s, cash(ws, N10000=1), creds(p), None),
    "reprint_receipt": lambda ws, s, p, seq, pr: ws.receipts.facts(seq, reprint=True, staff=s.staff),
    "reprint_receipt/voucher": lambda ws, s, p, seq, pr: ws.receipts.voucher_job(seq, reprint=True, staff=s.staff),
    "request_reversal": lambda ws, s, p, seq, pr: ws.reversal.need(s, seq),
    "request_reversal/reverse": lambda ws, s, p, seq, pr: ws.reversal.reverse(s, seq, "wrong account", None),
    "register_passbook": lambda ws, s, p, seq, pr: PassbookService(ws.ctx, None, staff=s.staff).open_passbook(
        f"PB-new-{p.staff_id}", RICH),
    "update_passbook": lambda ws, s, p, seq, pr: PassbookService(
        ws.ctx, PrintQueue(ws.ctx, pr), staff=s.staff).print_unprinted("PB-T001", s.teller_id),
    "update_passbook/turn": lambda ws, s, p, seq, pr: PassbookService(
        ws.ctx, PrintQueue(ws.ctx, pr), staff=s.staff).page_turned("PB-T001"),
    "view_journal": lambda ws, s, p, seq, pr: ws.search_journal(s.staff, JournalQuery()),
}
# the reprint and the reversal act on T001's posting: for anyone else it is another person's work
ON_MAKERS_WORK = {"reprint_receipt", "request_reversal"}


def test_every_action_is_in_the_table():
    assert {name.split("/")[0] for name in ACTIONS} | {"setup_devices"} == {
        a for a in PERMISSIONS if not a.endswith("_of_others")}


def test_roles_times_actions_at_the_service(branch_day):
    ws, seq, printer = branch_day
    wrong = []
    for role, person in BY_ROLE.items():
        session = ws.sessions.sign_in(creds(person))
        try:
            for name, act in ACTIONS.items():
                action = name.split("/")[0]
                allowed = may(session.staff, action, MAKER.staff_id if action in ON_MAKERS_WORK else None)
                before = journal_length(ws)
                try:
                    act(ws, session, person, seq, printer)
                    refused = False
                except PermissionDenied:
                    refused = True
                except TellerError:  # refused for another reason (no till, needs authorisation): not the role
                    refused = False
                if refused == allowed:
                    wrong.append(f"{role.value} {name}: {'refused' if refused else 'allowed'}")
                if refused and journal_length(ws) != before:
                    wrong.append(f"{role.value} {name}: refused but journaled")
        finally:
            ws.sessions.sign_off(session)
    assert not wrong, "\n".join(wrong)
    # the table is not empty-handed: tellers may work their own till, the lobby manager may not
    teller, lobby = (ws.sessions.staff_member(BY_ROLE[r].staff_id) for r in (Role.CASH_TELLER, Role.LOBBY_MANAGER))
    assert may(teller, "open_till") and not may(lobby, "open_till") and not may(lobby, "reprint_receipt")


def test_a_teller_sees_their_own_journal_entries_a_supervisor_everyones(branch_day):
    ws, _seq, _printer = branch_day
    seen = {}
    for person in (BY_ROLE[Role.CASH_TELLER], DEMO_STAFF[1], BY_ROLE[Role.CASH_HEAD]):
        session = ws.sessions.sign_in(creds(person))
        # asking for another teller's entries does not widen what a teller sees
        page = ws.search_journal(session.staff, JournalQuery(teller_id=MAKER.staff_id))
        seen[person.staff_id] = {row.teller_id for row in ws.search_journal(session.staff, JournalQuery()).rows}
        seen[person.staff_id + "/asked"] = {row.teller_id for row in page.rows}
        ws.sessions.sign_off(session)
    assert seen["T001"] == {"T001"}
    assert seen["T002"] == {"T002"} and seen["T002/asked"] <= {"T002"}
    assert {"T001", "T002", "S001"} <= seen["S001"] and seen["S001/asked"] == {"T001"}


def test_without_a_person_nothing_is_permitted():
    from teller.domain.errors import NotSignedIn

    with pytest.raises(NotSignedIn):
        require_permission(None, "view_journal")
