"""The lobby (大堂) on SQLite and PostgreSQL branch stores: tickets by service type, counters
calling the next ticket (never the same one twice), pre-filled forms, VIP alerts, complaints and
the day's service report."""
import json
import threading

import pytest
from sqlalchemy import select

from teller.domain.errors import PermissionDenied
from teller.domain.lobby import LobbyRefused
from teller.services.credentials import Credentials
from teller.services.lobby import TicketNotYours
from teller.store.models import WorkstationJournal

CASH_1 = Credentials("0A1B2C3D01", "111111")
CASH_2 = Credentials("0A1B2C3D02", "222222")
NONCASH = Credentials("0A1B2C3D03", "333333")
LOBBY = Credentials("0A1B2C3D06", "666666")


def lobby_of(ws):
    return ws.lobby


@pytest.fixture
def lobby(workstation):
    return lobby_of(workstation)


def journal_kinds(ws):
    with ws.ctx.workstation_db() as db:
        rows = db.execute(select(WorkstationJournal).order_by(WorkstationJournal.seq)).scalars()
        return [(r.teller_id, r.kind, json.loads(r.payload)) for r in rows
                if r.kind.startswith(("ticket_", "complaint_", "vip_"))]


def test_tickets_number_per_service_type_and_counters_call_their_own_types(workstation, lobby):
    manager = workstation.sessions.sign_in(LOBBY)
    numbers = [lobby.issue_ticket(manager, service).number for service in ("cash", "noncash", "cash", "company")]
    assert numbers == ["A001", "B001", "A002", "C001"]
    workstation.sessions.sign_off(manager)

    teller = workstation.sessions.sign_in(CASH_1)
    first = lobby.call_next(teller)
    assert (first.number, first.state, first.called_by, first.workstation_id) == ("A001", "called", "T001", "WS01")
    assert lobby.board().serving == {"WS01": "A001"}
    assert lobby.board().waiting["cash"] == ["A002"]
    with pytest.raises(TicketNotYours):
        lobby.finish(teller, 999)
    done = lobby.finish(teller, first.ticket_id)
    assert done.state == "done"
    second = lobby.call_next(teller)
    assert second.number == "A002"
    lobby.finish(teller, second.ticket_id)
    assert lobby.call_next(teller) is None  # nobody waits for cash any more
    assert lobby.board().waiting["noncash"] == ["B001"]  # a cash counter never calls a non-cash ticket
    kinds = [k for _t, k, _p in journal_kinds(workstation)]
    assert kinds.count("ticket_issued") == 4 and kinds.count("ticket_called") == 2
    assert kinds.count("ticket_finished") == 2


def test_only_the_lobby_issues_tickets_and_only_counters_call_them(workstation, lobby):
    teller = workstation.sessions.sign_in(CASH_1)
    with pytest.raises(PermissionDenied):
        lobby.issue_ticket(teller, "cash")
    with pytest.raises(PermissionDenied):
        lobby.record_complaint(teller, "张三", "waited too long")
    workstation.sessions.sign_off(teller)
    manager = workstation.sessions.sign_in(LOBBY)
    with pytest.raises(PermissionDenied):
        lobby.call_next(manager)
    with pytest.raises(LobbyRefused):
        lobby.issue_ticket(manager, "mortgage")


def test_a_prefilled_form_reaches_the_counter_that_calls_the_ticket(workstation, lobby):
    manager = workstation.sessions.sign_in(LOBBY)
    ticket = lobby.issue_ticket(manager, "cash", customer_name="张伟",
                                form=("1001", "44010001000000017", "3,000"))
    assert ticket.form.amount_fen == 300000
    for bad in (("2001", "44010001000000017", "1"), ("1001", "4401-0001", "1"), ("1001", "44010001000000017", "-5")):
        with pytest.raises(Exception) as refused:
            lobby.issue_ticket(manager, "cash", form=bad)
        assert refused.value.__class__.__name__ in ("LobbyRefused", "AmountError", "InvalidAmount")
    workstation.sessions.sign_off(manager)
    teller = workstation.sessions.sign_in(CASH_1)
    called = lobby.call_next(teller)
    assert called.number == ticket.number
    assert (called.form.tx_code, called.form.account, called.form.amount_fen) == ("1001", "44010001000000017", 300000)


def test_vip_tickets_are_called_first_and_the_vip_alert_reaches_lobby_and_counter(workstation, lobby):
    manager = workstation.sessions.sign_in(LOBBY)
    lobby.register_vip(manager, "张伟", "platinum", account="44010001000000017")
    lobby.register_vip(manager, "李四", "gold", tag_uid="e00401001a2b3c")
    lobby.issue_ticket(manager, "cash", customer_name="王五")
    vip_ticket = lobby.issue_ticket(manager, "cash", account="44010001000000017")
    assert vip_ticket.vip and lobby.board().waiting["cash"] == ["A002", "A001"]
    assert lobby.customer_seen(account="44010009999999999") is None  # not a VIP: nothing
    sighting = lobby.customer_seen(account="44010001000000017", seen_by="card")
    assert (sighting.name, sighting.ticket_number) == ("张伟", "A002")
    assert lobby.customer_seen(tag_uid="E00401001A2B3C", seen_by="tag").name == "李四"
    assert {a.name for a in lobby.vip_alerts(manager)} == {"张伟", "李四"}
    workstation.sessions.sign_off(manager)

    teller = workstation.sessions.sign_in(CASH_1)
    assert lobby.vip_alerts(teller) == []  # not serving the VIP yet
    assert lobby.call_next(teller).number == "A002"  # the VIP before the earlier ticket
    mine = lobby.vip_alerts(teller)
    assert [(a.name, a.ticket_number) for a in mine] == [("张伟", "A002")]
    lobby.acknowledge_alert(teller, mine[0].alert_id)
    with pytest.raises(LobbyRefused):
        lobby.acknowledge_alert(teller, mine[0].alert_id)


def test_two_counters_calling_at_once_never_get_the_same_ticket(make_workstation, core_gateway, branch_url):
    ws1 = make_workstation(core_gateway, branch_url, "WS01")
    ws2 = make_workstation(core_gateway, branch_url, "WS02")
    lobby1, lobby2 = lobby_of(ws1), lobby_of(ws2)
    manager = ws1.sessions.sign_in(LOBBY)
    for _ in range(20):
        lobby1.issue_ticket(manager, "cash")
    ws1.sessions.sign_off(manager)
    tellers = [(lobby1, ws1.sessions.sign_in(CASH_1)), (lobby2, ws2.sessions.sign_in(CASH_2))]
    called: list[list[str]] = [[], []]
    errors = []

    def counter(index):
        service, teller = tellers[index]
        try:
            while (ticket := service.call_next(teller)) is not None:
                called[index].append(ticket.number)
                service.finish(teller, ticket.ticket_id)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=counter, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    everything = called[0] + called[1]
    assert sorted(everything) == [f"A{n:03d}" for n in range(1, 21)]  # each once, none lost
    assert len(set(everything)) == 20


def test_complaints_follow_up_reply_close_and_the_service_report(workstation, lobby, clock):
    manager = workstation.sessions.sign_in(LOBBY)
    a1 = lobby.issue_ticket(manager, "cash")
    clock.advance(minutes=1)
    lobby.issue_ticket(manager, "cash")
    lobby.issue_ticket(manager, "noncash")
    complaint = lobby.record_complaint(manager, "王五", "等候时间过长 waited 40 minutes", ticket_number=a1.number)
    with pytest.raises(LobbyRefused):
        lobby.add_complaint_step(manager, complaint, "close", "no reply yet")
    lobby.add_complaint_step(manager, complaint, "follow_up", "asked the cash-area head for a second counter")
    lobby.add_complaint_step(manager, complaint, "reply", "apologised by phone; second counter opens at peak")
    assert [c.state for c in lobby.complaints()] == ["replied"]
    lobby.add_complaint_step(manager, complaint, "close", "customer satisfied")
    assert lobby.complaints() == [] and lobby.complaints(open_only=False)[0].state == "closed"
    with pytest.raises(LobbyRefused):
        lobby.add_complaint_step(manager, complaint, "follow_up", "after closing")
    workstation.sessions.sign_off(manager)

    teller = workstation.sessions.sign_in(CASH_1)
    clock.advance(minutes=4)  # A001 (issued at 0) is called at 5, A002 (issued at 1) at 8
    first = lobby.call_next(teller)
    clock.advance(minutes=3)
    lobby.finish(teller, first.ticket_id)
    second = lobby.call_next(teller)
    clock.advance(minutes=2)
    lobby.finish(teller, second.ticket_id, no_show=True)
    report = lobby.service_report()
    cash = next(line for line in report.lines if line.service == "cash")
    noncash = next(line for line in report.lines if line.service == "noncash")
    assert (cash.tickets, cash.served, cash.no_show, cash.waiting_now) == (2, 1, 1, 0)
    assert (cash.mean_wait_s, cash.longest_wait_s, cash.mean_service_s) == (360, 420, 180)
    assert (noncash.tickets, noncash.waiting_now, noncash.mean_wait_s) == (1, 1, None)
    assert (report.complaints_received, report.complaints_open) == (1, 0)
