"""Vault runs (接送库) on SQLite and PostgreSQL branch stores, with the injected clock: handed over
inside the window to the named counterpart with the box's tag; outside the window, to another
person or with another box refused and journaled; once only."""
import datetime as dt

import pytest

from teller.domain.errors import PermissionDenied, SelfAuthorisation, WrongPin
from teller.services.vault_runs import VaultRunRefused, VaultRunService
from tests.services.clearing_helpers import (CASH_HEAD, CASH_TELLER, CASH_TELLER_2, MANAGER, desk_of, journal)

BOX = "E2000017221101441890"


@pytest.fixture
def runs(workstation):
    return VaultRunService(desk_of(workstation))


def plan(workstation, runs, clock, counterpart="T002"):
    head = workstation.sessions.sign_in(CASH_HEAD)
    start = clock.now().replace(hour=16, minute=30)
    run = runs.plan(head, direction="to_vault", box_tag=BOX.lower(), counterpart_id=counterpart,
                    window_from=start, window_to=start + dt.timedelta(minutes=30),
                    items=[("现金尾箱 cash box 1", 250_000_00), ("重要空白凭证 vouchers", 1)])
    return head, run


def test_handover_inside_the_window_to_the_named_counterpart(workstation, runs, clock):
    head, run = plan(workstation, runs, clock)
    assert (run.box_tag, run.total_fen, run.state) == (BOX, 250_000_01, "planned")
    clock.advance(hours=7, minutes=10)  # 16:40
    done = runs.hand_over(head, run.run_id, box_tag_read=BOX, branch_party=CASH_HEAD, counterpart=CASH_TELLER_2)
    assert (done.state, done.branch_party_id, done.handed_at[11:16]) == ("handed_over", "S001", "16:40")
    with pytest.raises(VaultRunRefused, match="handed over already"):
        runs.hand_over(head, run.run_id, box_tag_read=BOX, branch_party=CASH_HEAD, counterpart=CASH_TELLER_2)
    kinds = [k for _, k, _, _ in journal(workstation, "vault_run_")]
    assert kinds == ["vault_run_planned", "vault_run_handed_over", "vault_run_refused"]
    assert [r.run_id for r in runs.runs_of_day()] == [run.run_id]


@pytest.mark.parametrize("when", [dict(hours=6, minutes=59), dict(hours=7, minutes=31)])
def test_handover_outside_its_window_is_refused(workstation, runs, clock, when):
    head, run = plan(workstation, runs, clock)
    clock.advance(**when)
    with pytest.raises(VaultRunRefused, match="between 16:30 and 17:00"):
        runs.hand_over(head, run.run_id, box_tag_read=BOX, branch_party=CASH_HEAD, counterpart=CASH_TELLER_2)
    [(who, kind, _, payload)] = journal(workstation, "vault_run_refused")
    assert (who, payload["counterpart_presented"]) == ("S001", "T002")
    assert runs.runs_of_day()[0].state == "planned"


def test_handover_to_another_person_or_with_another_box_is_refused(workstation, runs, clock):
    head, run = plan(workstation, runs, clock)
    clock.advance(hours=7, minutes=5)
    with pytest.raises(VaultRunRefused, match="not to T001"):
        runs.hand_over(head, run.run_id, box_tag_read=BOX, branch_party=CASH_HEAD, counterpart=CASH_TELLER)
    with pytest.raises(VaultRunRefused, match="not the run's box"):
        runs.hand_over(head, run.run_id, box_tag_read="E2000017221101449999", branch_party=CASH_HEAD,
                       counterpart=CASH_TELLER_2)
    with pytest.raises(WrongPin):
        runs.hand_over(head, run.run_id, box_tag_read=BOX, branch_party=CASH_HEAD,
                       counterpart=type(CASH_TELLER_2)(CASH_TELLER_2.badge_uid, "000000"))
    with pytest.raises(PermissionDenied):  # the branch's party must be the cash head or the manager
        runs.hand_over(head, run.run_id, box_tag_read=BOX, branch_party=CASH_TELLER, counterpart=CASH_TELLER_2)
    with pytest.raises(SelfAuthorisation):
        runs.hand_over(head, run.run_id, box_tag_read=BOX, branch_party=MANAGER, counterpart=MANAGER)
    assert runs.runs_of_day()[0].state == "planned"
    assert len(journal(workstation, "vault_run_refused")) == 2


def test_planning_needs_the_cash_head_and_a_sound_plan(workstation, runs, clock):
    teller = workstation.sessions.sign_in(CASH_TELLER)
    now = clock.now()
    with pytest.raises(PermissionDenied):
        runs.plan(teller, direction="to_vault", box_tag=BOX, counterpart_id="T002", window_from=now,
                  window_to=now + dt.timedelta(hours=1), items=[("box", 100)])
    workstation.sessions.sign_off(teller)
    head = workstation.sessions.sign_in(CASH_HEAD)
    for change, message in (({"window_to": now}, "end after"), ({"box_tag": "XYZ"}, "RFID asset tag"),
                            ({"items": []}, "items"), ({"counterpart_id": "S001"}, "different people"),
                            ({"direction": "sideways"}, "to_vault")):
        fields = dict(direction="to_vault", box_tag=BOX, counterpart_id="T002", window_from=now,
                      window_to=now + dt.timedelta(hours=1), items=[("box", 100)])
        with pytest.raises((VaultRunRefused, SelfAuthorisation), match=message):
            runs.plan(head, **{**fields, **change})
    runs.plan(head, direction="to_vault", box_tag=BOX, counterpart_id="T002", window_from=now,
              window_to=now + dt.timedelta(hours=1), items=[("box", 100)])
    with pytest.raises(VaultRunRefused, match="already has a planned run"):
        runs.plan(head, direction="to_vault", box_tag=BOX, counterpart_id="T002", window_from=now,
                  window_to=now + dt.timedelta(hours=1), items=[("box", 100)])
