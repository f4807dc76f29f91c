"""Monthly bank-enterprise reconciliation (银企对账) on SQLite and PostgreSQL branch stores, from the
real core emulator's ledger: statements for the company accounts (those with a seal card), figures
that add up to the core's balance, replies recorded once, the unanswered listed."""
import datetime as dt

import pytest

from teller.domain.errors import PermissionDenied
from teller.services.clearing import ClearingService
from teller.services.enterprise_statements import EnterpriseStatementService, StatementRefused
from teller.services.seal_cards import SealCardService
from tests.services.clearing_helpers import CLERK, COMPANY, NONCASH_TELLER, desk_of, seal_image
from tests.services.test_clearing import incoming_file


def test_statements_from_the_core_ledger_replies_and_the_unanswered(workstation, core_gateway):
    desk = desk_of(workstation)
    clerk = workstation.sessions.sign_in(CLERK)
    cards = SealCardService(desk)
    cards.register(clerk, account=COMPANY, company_name="明达贸易", image=seal_image(0), valid_from="2026-01-01")
    cards.register(clerk, account="44010001000000017", company_name="张伟", image=seal_image(1),
                   valid_from="2026-01-01")
    before = core_gateway.get_account(COMPANY).balance_fen
    clearing = ClearingService(desk, workstation.outbox)
    batch = clearing.import_batch(clerk, incoming_file((COMPANY, 1_000_00, seal_image(0)),
                                                       (COMPANY, 250_00, seal_image(0)))).batch
    for item in batch.items:
        clearing.decide(clerk, item.item_id, True)
    # the core's clock is this machine's: the postings are in its month at the branch
    now_at_core = dt.datetime.fromisoformat(core_gateway.core_time()).astimezone(workstation.ctx.clock.now().tzinfo)
    period = now_at_core.strftime("%Y-%m")
    earlier = (now_at_core.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")

    statements = EnterpriseStatementService(desk, core_gateway)
    made = {s.account: s for s in statements.generate(clerk, period)}
    assert set(made) == {COMPANY, "44010001000000017"}
    mine = made[COMPANY]
    assert (mine.opening_fen, mine.debit_fen, mine.credit_fen, mine.closing_fen, mine.entry_count) == (
        before, 1_250_00, 0, before - 1_250_00, 2)
    assert mine.closing_fen == core_gateway.get_account(COMPANY).balance_fen
    [last_month] = statements.generate(clerk, earlier, [COMPANY])
    assert (last_month.opening_fen, last_month.closing_fen, last_month.entry_count) == (before, before, 0)
    assert statements.generate(clerk, period, [COMPANY])[0] == mine  # made once

    statements.record_reply(clerk, COMPANY, period, agreed=True)
    with pytest.raises(StatementRefused, match="recorded already"):
        statements.record_reply(clerk, COMPANY, period, agreed=False, note="x")
    with pytest.raises(StatementRefused, match="note"):
        statements.record_reply(clerk, "44010001000000017", period, agreed=False)
    assert [(s.account, s.period) for s in statements.unanswered()] == [
        (COMPANY, earlier), ("44010001000000017", period)]
    disputed = statements.record_reply(clerk, "44010001000000017", period, agreed=False, note="少记一笔 one entry missing")
    assert disputed.reply == "disputed"
    assert [(s.account, s.period) for s in statements.unanswered(period)] == []


def test_only_the_clearing_clerk_makes_statements(workstation, core_gateway):
    teller = workstation.sessions.sign_in(NONCASH_TELLER)
    with pytest.raises(PermissionDenied):
        EnterpriseStatementService(desk_of(workstation), core_gateway).generate(teller, "2026-11")
