"""Custody of seals, pledge codes and blank vouchers (印、押、证分管) on SQLite and PostgreSQL branch
stores: keepers, dual-control handovers, the vault box, the register, and every refusal."""
import json

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from teller.domain.errors import (BadgeBlacklisted, BadgeLocked, PermissionDenied, SelfAuthorisation,
                                  WrongPin)
from teller.services.credentials import Credentials
from teller.services.custody import CustodyRefused
from teller.services.demo import DEMO_LOST_BADGE
from teller.store.custody_models import CustodyEvent, CustodyItem
from teller.store.models import WorkstationJournal

T001 = Credentials("0A1B2C3D01", "111111")  # keeps 现金清讫章
T002 = Credentials("0A1B2C3D02", "222222")  # keeps nothing
T003 = Credentials("0A1B2C3D03", "333333")  # keeps 转讫章
LOBBY = Credentials("0A1B2C3D06", "666666")
NONCASH_HEAD = Credentials("0A1B2C3E02", "900002")  # keeps the blank voucher stock


def item_id(ws, name):
    return next(i.item_id for i in ws.custody.items() if i.name == name)


def item(ws, name):
    return next(i for i in ws.custody.items() if i.name == name)


def journal(ws, prefix="custody_"):
    with ws.ctx.workstation_db() as db:
        rows = db.execute(select(WorkstationJournal).where(WorkstationJournal.kind.startswith(prefix))
                          .order_by(WorkstationJournal.seq)).scalars()
        return [(r.teller_id, r.kind, json.loads(r.payload)) for r in rows]


def register_count(ws):
    with ws.ctx.branch_db() as db:
        return len(db.execute(select(CustodyEvent)).scalars().all())


def test_demo_items_each_have_a_keeper_and_are_locked_in_overnight(workstation):
    items = {i.name: i for i in workstation.custody.items()}
    assert {n: (i.kind, i.keeper_id) for n, i in items.items()} == {
        "现金清讫章": ("seal", "T001"), "转讫章": ("seal", "T003"), "业务公章": ("seal", "M001"),
        "密押器": ("pledge_code", "S001"), "重要空白凭证库箱": ("blank_voucher", "S002")}
    assert all(i.in_vault for i in items.values())
    assert workstation.custody.missing_at_close() == []


def test_keeper_takes_out_hands_over_under_dual_control_and_the_receiver_locks_in(workstation):
    custody = workstation.custody
    keeper = workstation.sessions.sign_in(T003)
    seal = item_id(workstation, "转讫章")
    custody.take_out(keeper, seal)
    assert [i.name for i in custody.missing_at_close()] == ["转讫章"]
    moved = custody.hand_over(keeper, seal, T002, note="leave 休假")
    assert (moved.keeper_id, moved.state) == ("T002", "with_keeper")
    assert item(workstation, "转讫章").keeper_id == "T002"
    workstation.sessions.sign_off(keeper)
    receiver = workstation.sessions.sign_in(T002)
    custody.lock_in(receiver, seal)
    assert custody.missing_at_close() == []
    lines = custody.register_lines()
    assert [(l.event, l.keeper_id, l.receiver_id, l.witness_id, l.note) for l in lines] == [
        ("taken_out", "T003", None, None, ""), ("handed_over", "T003", "T002", None, "leave 休假"),
        ("locked_in", "T002", None, None, "")]
    assert all(l.workstation_id == "WS01" and l.item_name == "转讫章" for l in lines)
    assert [(who, kind, p.get("keeper"), p.get("receiver")) for who, kind, p in journal(workstation)] == [
        ("T003", "custody_taken_out", "T003", None), ("T003", "custody_handed_over", "T003", "T002"),
        ("T002", "custody_locked_in", "T002", None)]


def test_noncash_head_witnesses_a_handover_between_two_tellers(workstation):
    head = workstation.sessions.sign_in(NONCASH_HEAD)
    seal = item_id(workstation, "现金清讫章")
    workstation.custody.take_out(head, seal, keeper=T001)
    workstation.custody.hand_over(head, seal, T002, giver=T001, note="post change 换岗")
    assert item(workstation, "现金清讫章").keeper_id == "T002"
    handed = workstation.custody.register_lines()[-1]
    assert (handed.keeper_id, handed.receiver_id, handed.witness_id) == ("T001", "T002", "S002")
    assert journal(workstation)[-1][0] == "S002"


def test_the_keeper_of_a_seal_may_not_receive_the_blank_voucher_stock(workstation):
    head = workstation.sessions.sign_in(NONCASH_HEAD)
    stock = item_id(workstation, "重要空白凭证库箱")
    workstation.custody.take_out(head, stock)
    before, entries = register_count(workstation), len(journal(workstation))
    with pytest.raises(PermissionDenied, match="different keepers: a keeper of seal may not also keep blank voucher"):
        workstation.custody.hand_over(head, stock, T001)
    assert item(workstation, "重要空白凭证库箱").keeper_id == "S002"
    assert (register_count(workstation), len(journal(workstation))) == (before, entries)
    workstation.custody.hand_over(head, stock, T002)  # T002 keeps nothing: allowed
    assert item(workstation, "重要空白凭证库箱").keeper_id == "T002"


def test_nobody_hands_an_item_over_to_themselves(workstation):
    keeper = workstation.sessions.sign_in(T003)
    seal = item_id(workstation, "转讫章")
    workstation.custody.take_out(keeper, seal)
    with pytest.raises(SelfAuthorisation, match="different people"):
        workstation.custody.hand_over(keeper, seal, T003)
    assert item(workstation, "转讫章").keeper_id == "T003"


def test_a_lobby_manager_may_not_keep_items(workstation):
    keeper = workstation.sessions.sign_in(T003)
    seal = item_id(workstation, "转讫章")
    workstation.custody.take_out(keeper, seal)
    with pytest.raises(PermissionDenied, match="may not keep seals"):
        workstation.custody.hand_over(keeper, seal, LOBBY)


def test_a_blacklisted_or_locked_receivers_badge_is_refused(workstation):
    keeper = workstation.sessions.sign_in(T003)
    seal = item_id(workstation, "转讫章")
    workstation.custody.take_out(keeper, seal)
    with pytest.raises(BadgeBlacklisted):
        workstation.custody.hand_over(keeper, seal, Credentials(DEMO_LOST_BADGE, "111111"))
    for _ in range(2):
        with pytest.raises(WrongPin):
            workstation.custody.hand_over(keeper, seal, Credentials(T002.badge_uid, "000000"))
    with pytest.raises(BadgeLocked):
        workstation.custody.hand_over(keeper, seal, Credentials(T002.badge_uid, "000000"))
    with pytest.raises(BadgeLocked):  # now even the right PIN
        workstation.custody.hand_over(keeper, seal, T002)
    assert item(workstation, "转讫章").keeper_id == "T003"


def test_only_the_keeper_hands_over_takes_out_or_locks_in(workstation):
    other = workstation.sessions.sign_in(T003)
    cash_seal = item_id(workstation, "现金清讫章")  # T001's
    with pytest.raises(CustodyRefused, match="does not keep 现金清讫章"):
        workstation.custody.take_out(other, cash_seal)
    with pytest.raises(CustodyRefused, match="does not keep 现金清讫章"):
        workstation.custody.hand_over(other, cash_seal, T002)
    with pytest.raises(PermissionDenied, match="witness"):  # a teller does not witness for another keeper
        workstation.custody.take_out(other, cash_seal, keeper=T001)
    with pytest.raises(CustodyRefused, match="locked in the vault box: take it out"):
        workstation.custody.hand_over(other, item_id(workstation, "转讫章"), T002)
    assert item(workstation, "现金清讫章").in_vault


def test_registering_items_needs_the_noncash_head_and_checks_the_keeper(workstation):
    teller = workstation.sessions.sign_in(T003)
    with pytest.raises(PermissionDenied, match="register seals"):
        workstation.custody.register_item(teller, "seal", "储蓄专用章")
    workstation.sessions.sign_off(teller)
    head = workstation.sessions.sign_in(NONCASH_HEAD)
    with pytest.raises(PermissionDenied, match="different keepers"):  # T001 keeps a seal
        workstation.custody.register_item(head, "pledge_code", "密押本", keeper=T001)
    with pytest.raises(PermissionDenied, match="different keepers"):  # S002 keeps the voucher stock
        workstation.custody.register_item(head, "seal", "储蓄专用章")
    new = workstation.custody.register_item(head, "seal", "储蓄专用章", keeper=T002, note="new seal")
    added = next(i for i in workstation.custody.items() if i.item_id == new)
    assert (added.keeper_id, added.state) == ("T002", "with_keeper")
    assert [i.name for i in workstation.custody.missing_at_close()] == ["储蓄专用章"]
    line = workstation.custody.register_lines()[-1]
    assert (line.event, line.receiver_id, line.witness_id) == ("registered", "T002", "S002")
    with pytest.raises(CustodyRefused, match="already in the register"):
        workstation.custody.register_item(head, "seal", "储蓄专用章", keeper=T002)


def test_the_register_is_append_only_in_the_database(workstation):
    keeper = workstation.sessions.sign_in(T003)
    workstation.custody.take_out(keeper, item_id(workstation, "转讫章"))
    for statement in ("UPDATE custody_register SET keeper_id = 'T001'", "DELETE FROM custody_register"):
        with pytest.raises(DBAPIError, match="append-only"):
            with workstation.branch_engine.begin() as conn:
                conn.execute(text(statement))
    with workstation.ctx.branch_db() as db:
        assert db.execute(select(CustodyItem.state).where(CustodyItem.name == "转讫章")).scalar() == "with_keeper"
    assert register_count(workstation) == 1
