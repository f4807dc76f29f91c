"""The exception queue's workflow against the real core emulator process: an offline withdrawal
from an account with too little money is refused once the core is back; a supervisor contacts
the customer, reverses (the cash comes back into the till) or writes the loss off with the
branch manager's authorisation; everything is a journal entry and shows on the board."""
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select

from teller.domain.denominations import Breakdown
from teller.domain.errors import PermissionDenied, SelfAuthorisation
from teller.services.authorisation import LocalApproval, NeedsAuthorisation
from teller.services.credentials import Credentials
from teller.services.exceptions import ExceptionNotFound, ExceptionRefused
from teller.store.models import OutboxItem
from teller.sync.core_client import HttpCoreGateway
from tests.services.outbox_checks import journal_rows

TELLER = Credentials("0A1B2C3D01", "111111")
TELLER_2 = Credentials("0A1B2C3D02", "222222")
CASH_HEAD = Credentials("0A1B2C3E01", "900001")
NONCASH_HEAD = Credentials("0A1B2C3E02", "900002")
MANAGER = Credentials("0A1B2C3F01", "900003")
POOR, FROZEN, RICH = "44010001000000058", "44010001000000041", "44010001000000017"  # POOR holds 100.00


def cash(ws, **counts):
    return Breakdown(counts, ws.ctx.settings.denominations)


@pytest.fixture
def branch(branch_url):
    return branch_url  # SQLite and PostgreSQL: the branch-wide list reads the branch's journal copy


@pytest.fixture
def refused(make_workstation, stopped_core, branch):
    """WS01 after the core came back: T001 paid 500.00 offline from POOR (100.00 there) and took
    300.00 offline for FROZEN; the core refused both. T001 signed off, the cash head signed in."""
    ws = make_workstation(stopped_core.gateway(), branch)
    teller = ws.sessions.sign_in(TELLER)
    ws.till.open(teller, cash(ws, N10000=50), TELLER, CASH_HEAD)
    withdrawal = ws.cash.post(teller, "1002", POOR, Decimal("500"), cash(ws, N10000=5))
    deposit = ws.cash.post(teller, "1001", FROZEN, Decimal("300"), cash(ws, N10000=3))
    assert withdrawal.outcome.status == deposit.outcome.status == "offline_accepted"
    with stopped_core.restart() as core:
        ws.ctx.core = HttpCoreGateway(core.url)
        assert ws.outbox.resolve_pending() == {"settled": 2, "failed": 0, "waiting": 0}
        approved = ws.cash.post(teller, "1001", RICH, Decimal("100"), cash(ws, N10000=1))
        assert approved.outcome.status == "approved"
    ws.sessions.sign_off(teller)
    head = ws.sessions.sign_in(CASH_HEAD)
    return ws, head, withdrawal.outcome.key, deposit.outcome.key, approved.outcome.key


def test_a_withdrawal_refused_after_the_fact_is_listed_with_what_the_supervisor_needs(refused):
    ws, _head, withdrawal, deposit, _ = refused
    items = {i.key: i for i in ws.exceptions.exceptions()}
    assert set(items) == {withdrawal, deposit} == {e.key for e in ws.outbox.exceptions()}
    item = items[withdrawal]
    assert (item.teller_id, item.workstation_id, item.tx_code, item.direction, item.amount_fen) == \
        ("T001", "WS01", "1002", "debit", 500_00)
    assert item.account_masked != POOR and item.account_masked.endswith("0058")
    assert item.reason == "insufficient_funds" and items[deposit].reason == "frozen_account"
    assert item.state == "open" and item.contacts == () and item.refused_at.startswith(item.business_date)


def test_contact_is_journaled_against_the_original_and_the_item_stays_open(refused):
    ws, head, withdrawal, _deposit, _ = refused
    ws.exceptions.record_contact(head, withdrawal, "phone", "Customer will bring the 500.00 back tomorrow.")
    item = ws.exceptions.item(withdrawal)
    assert item.state == "contacted" and item.is_open
    [contact] = item.contacts
    assert (contact.by, contact.channel, contact.note) == ("S001", "phone",
                                                           "Customer will bring the 500.00 back tomorrow.")
    entry = journal_rows(ws.ctx)[-1]
    assert entry.kind == "exception_contacted" and entry.refers_to == item.seq and entry.teller_id == "S001"
    assert withdrawal in {e.key for e in ws.outbox.exceptions()}  # still in the queue
    with pytest.raises(ExceptionRefused, match="what the customer said"):
        ws.exceptions.record_contact(head, withdrawal, "phone", "  ")


def test_reverse_takes_the_cash_back_into_the_tellers_till_with_the_head_of_cash_not_the_maker(refused):
    ws, _head, withdrawal, _deposit, _ = refused
    ws.sessions.sign_off(_head)
    manager = ws.sessions.sign_in(MANAGER)  # the branch manager makes it; the cash-area head counts and approves
    with pytest.raises(NeedsAuthorisation) as asked:
        ws.exceptions.reverse(manager, withdrawal, "customer returned the cash", None)
    assert asked.value.need.action == "exception_reverse"
    with pytest.raises(SelfAuthorisation):
        ws.exceptions.reverse(manager, withdrawal, "customer returned the cash", LocalApproval(MANAGER))
    seq = ws.exceptions.reverse(manager, withdrawal, "customer returned the cash", LocalApproval(CASH_HEAD))
    item = ws.exceptions.item(withdrawal)
    assert item.state == "reversed" and item.resolution.by == "M001" and item.resolution.authorised_by == "S001"
    entry = journal_rows(ws.ctx)[-1]
    assert (entry.seq, entry.kind, entry.refers_to, entry.amount_fen) == (seq, "exception_reversed", item.seq, 500_00)
    with ws.ctx.workstation.reading() as unit:
        till = unit.till.open_till("T001")
        position = ws.till.cash_in(unit, till.id)
    assert position.total_fen() == (5000 - 500 + 300 + 100 + 500) * 100  # opened, paid, deposits, cash back
    assert withdrawal not in {e.key for e in ws.outbox.exceptions()}
    # the teller's 轧账 replays the journal: the supervisor's entry counts in the teller's till
    ws.sessions.sign_off(manager)
    teller = ws.sessions.sign_in(TELLER)
    assert ws.till.balance(teller).balanced


def test_a_refused_deposit_is_handed_back_out_of_the_till(refused):
    ws, head, _withdrawal, deposit, _ = refused
    with pytest.raises(ExceptionRefused, match="no loss to write off"):
        ws.exceptions.write_off(head, deposit, "account frozen", LocalApproval(MANAGER))
    ws.exceptions.reverse(head, deposit, "account frozen: cash handed back", LocalApproval(MANAGER))
    with ws.ctx.workstation_db() as db:
        state = db.execute(select(OutboxItem.state).where(OutboxItem.idempotency_key == deposit)).scalar()
    assert state == "exception_reversed"
    assert ws.exceptions.item(deposit).state == "reversed"


def test_write_off_needs_the_branch_manager_and_names_both_parties(refused):
    ws, head, withdrawal, _deposit, _ = refused
    with pytest.raises(NeedsAuthorisation) as asked:
        ws.exceptions.write_off(head, withdrawal, "customer unreachable", None)
    assert asked.value.need.decision.level == 2
    with pytest.raises(PermissionDenied, match="branch manager"):  # wrong role for a write-off
        ws.exceptions.write_off(head, withdrawal, "customer unreachable", LocalApproval(NONCASH_HEAD))
    with pytest.raises(PermissionDenied, match="the authoriser is cash teller"):
        ws.exceptions.write_off(head, withdrawal, "customer unreachable", LocalApproval(TELLER_2))
    with pytest.raises(ExceptionRefused, match="reason"):
        ws.exceptions.write_off(head, withdrawal, " ", LocalApproval(MANAGER))
    ws.exceptions.write_off(head, withdrawal, "customer unreachable", LocalApproval(MANAGER))
    entry = journal_rows(ws.ctx)[-1]
    assert entry.kind == "exception_written_off" and entry.teller_id == "S001"
    assert '"authorised_by":"M001"' in entry.payload and '"teller":"T001"' in entry.payload
    item = ws.exceptions.item(withdrawal)
    assert item.state == "written_off" and item.resolution.authorised_by == "M001"
    # resolved once: nothing more may be done with it
    with pytest.raises(ExceptionRefused, match="already written off by S001"):
        ws.exceptions.reverse(head, withdrawal, "cash came back after all", LocalApproval(MANAGER))
    with pytest.raises(ExceptionRefused, match="already written off"):
        ws.exceptions.record_contact(head, withdrawal, "phone", "called again")


def test_the_board_shows_open_exceptions_and_todays_write_offs(refused):
    ws, head, withdrawal, _deposit, _ = refused
    t001 = {t.staff_id: t for t in ws.supervision.teller_board()}["T001"]
    assert (t001.exceptions.open_count, t001.exceptions.open_fen, t001.exceptions.written_off_fen) == (2, 800_00, 0)
    ws.replicator.push()
    ws.exceptions.write_off(head, withdrawal, "customer unreachable", LocalApproval(MANAGER))
    board = ws.supervision.teller_board()
    branch = ws.supervision.branch_exceptions(board)
    assert (branch.open_count, branch.open_fen, branch.written_off_fen) == (1, 300_00, 500_00)


def test_refusals_for_other_postings_tellers_and_amounts_over_the_branch_limit(refused):
    ws, head, withdrawal, _deposit, approved = refused
    with pytest.raises(ExceptionNotFound, match="not in the exception queue"):
        ws.exceptions.write_off(head, approved, "not an exception", LocalApproval(MANAGER))
    with pytest.raises(PermissionDenied, match="only cash head or noncash head may"):  # the manager authorises, not proposes
        ws.authorisation.need(_session(ws, head, "M001"), "write_off", 500_00, POOR)
    with pytest.raises(PermissionDenied, match="over the branch's limit of 20,000.00"):
        ws.authorisation.need(head, "write_off", 20_000_01, POOR)
    ws.sessions.sign_off(head)
    teller = ws.sessions.sign_in(TELLER)
    for action in (ws.exceptions.write_off, ws.exceptions.reverse):
        with pytest.raises(PermissionDenied, match="may not"):
            action(teller, withdrawal, "my own exception", LocalApproval(MANAGER))
    with pytest.raises(PermissionDenied, match="may not"):
        ws.exceptions.record_contact(teller, withdrawal, "phone", "called")


def _session(ws, like, staff_id):
    """Another person's session object for a policy question (no sign-in needed to ask the policy)."""
    return replace(like, staff=ws.sessions.staff_member(staff_id))


def test_branch_wide_list_from_another_workstation_where_only_contacts_are_recorded(refused, make_workstation,
                                                                                   stopped_core, branch):
    ws, head, withdrawal, _deposit, _ = refused
    assert ws.replicator.push().ok
    other = make_workstation(stopped_core.gateway(), branch, workstation_id="WS02")
    manager = other.sessions.sign_in(MANAGER)
    seen = {i.key: i for i in other.exceptions.exceptions()}
    assert seen[withdrawal].workstation_id == "WS01" and seen[withdrawal].state == "open"
    other.exceptions.record_contact(manager, withdrawal, "sms", "Reminder sent.")
    with pytest.raises(ExceptionRefused, match="held at workstation WS01"):
        other.exceptions.write_off(manager, withdrawal, "from my desk", LocalApproval(CASH_HEAD))
    assert other.replicator.push().ok
    contacts = ws.exceptions.item(withdrawal).contacts
    assert [(c.by, c.workstation_id, c.channel) for c in contacts] == [("M001", "WS02", "sms")]
    ws.exceptions.write_off(head, withdrawal, "customer unreachable", LocalApproval(MANAGER))
    assert ws.replicator.push().ok
    assert other.exceptions.item(withdrawal).state == "written_off"
