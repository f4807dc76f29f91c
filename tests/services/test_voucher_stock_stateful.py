"""Hypothesis drives random sequences of voucher steps (receive, issue, use, void, take back, and
bad input of each) against the real service on SQLite and PostgreSQL, and checks after every
step: received = stock + with tellers + used + sold + voided for the branch and per teller, the
counts match a model of where each serial is, each teller's next serial is their lowest one, and
no serial is ever used twice."""
import itertools

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule, run_state_machine_as_test

from teller.domain.vouchers import VoucherRefused
from teller.services.authorisation import LocalApproval

from tests.services.noncash_desks import CASH_TELLER, NONCASH_HEAD, NONCASH_TELLER, desk

TYPE = "certificate"
TELLERS = ("T003", "T001")
_block = itertools.count()  # each example receives serials of its own, above those of earlier examples


class VoucherStock(RuleBasedStateMachine):
    head = desks = None  # set by the test: the head's desk, the tellers' desks by staff id

    @initialize()
    def start(self):
        self.base = 1_000 * (next(_block) + 1)
        self.next_free = self.base
        self.where: dict[int, str] = {}  # serial -> "stock" | a teller id | "used" | "voided"
        self.by: dict[int, str] = {}  # serial -> the teller who used or voided it
        self.used: list[int] = []
        self.before = self._actual()

    def _actual(self):
        return {None: self.head.vouchers.balance(TYPE), **{t: self.head.vouchers.balance(TYPE, t) for t in TELLERS}}

    def fmt(self, n: int) -> str:
        return f"CD{n:08d}"

    def held(self, teller: str) -> list[int]:
        return sorted(n for n, w in self.where.items() if w == teller)

    def runs(self, owner: str) -> list[tuple[int, int]]:
        """Maximal runs of consecutive serials where `owner` is."""
        nums, out = sorted(n for n, w in self.where.items() if w == owner), []
        for n in nums:
            if out and out[-1][1] == n - 1:
                out[-1] = (out[-1][0], n)
            else:
                out.append((n, n))
        return out

    # -- steps ------------------------------------------------------------------------------
    @rule(count=st.integers(1, 12))
    def receive(self, count):
        first = self.next_free
        self.head.vouchers.receive(self.head.session, TYPE, self.fmt(first), self.fmt(first + count - 1))
        for n in range(first, first + count):
            self.where[n] = "stock"
        self.next_free += count + 3  # gaps: serials never received

    @precondition(lambda self: self.where)
    @rule(data=st.data())
    def receive_overlapping(self, data):
        n = data.draw(st.sampled_from(sorted(self.where)))
        with pytest.raises(VoucherRefused, match=f"{self.fmt(n)} is already in the branch's books"):
            self.head.vouchers.receive(self.head.session, TYPE, self.fmt(n), self.fmt(n + 2))

    @precondition(lambda self: any(w == "stock" for w in self.where.values()))
    @rule(data=st.data(), teller=st.sampled_from(TELLERS))
    def issue(self, data, teller):
        start, end = data.draw(st.sampled_from(self.runs("stock")))
        first = start + data.draw(st.integers(0, end - start))  # offsets: draws never depend on the base
        last = first + data.draw(st.integers(0, end - first))
        self.head.vouchers.issue(self.head.session, TYPE, self.fmt(first), self.fmt(last), teller)
        for n in range(first, last + 1):
            self.where[n] = teller

    @precondition(lambda self: any(w != "stock" for w in self.where.values()))
    @rule(data=st.data(), teller=st.sampled_from(TELLERS))
    def issue_not_in_stock(self, data, teller):
        bad = data.draw(st.sampled_from(sorted(n for n, w in self.where.items() if w != "stock")))
        with pytest.raises(VoucherRefused, match=f"{self.fmt(bad)} is not in the branch's stock"):
            self.head.vouchers.issue(self.head.session, TYPE, self.fmt(bad), None, teller)

    @rule(teller=st.sampled_from(TELLERS))
    def use_next(self, teller):
        d = self.desks[teller]
        held = self.held(teller)
        if not held:
            assert d.vouchers.next_serial(d.session, TYPE) is None
            return
        with d.vouchers.branch.transaction() as unit:
            used = d.vouchers.accept_next(unit, d.session, TYPE, self.fmt(held[0]))
            d.vouchers.mark_used(unit, d.session, used, f"TEST-{held[0]}")
        self.where[held[0]], self.by[held[0]] = "used", teller
        self.used.append(held[0])

    @precondition(lambda self: self.where)
    @rule(data=st.data(), teller=st.sampled_from(TELLERS))
    def use_another(self, data, teller):
        """Any serial other than the teller's next one is refused, naming it; nothing changes."""
        held = self.held(teller)
        wrong = data.draw(st.sampled_from([n for n in sorted(self.where) if not held or n != held[0]]))
        d = self.desks[teller]
        with pytest.raises(VoucherRefused, match=self.fmt(wrong)):
            with d.vouchers.branch.transaction() as unit:
                d.vouchers.accept_next(unit, d.session, TYPE, self.fmt(wrong))

    @rule(data=st.data(), teller=st.sampled_from(TELLERS))
    def void(self, data, teller):
        held = self.held(teller)
        if not held:
            return
        n = data.draw(st.sampled_from(held))
        d = self.desks[teller]
        d.vouchers.void(d.session, TYPE, self.fmt(n), "spoiled", LocalApproval(NONCASH_HEAD))
        self.where[n], self.by[n] = "voided", teller

    @rule(data=st.data(), teller=st.sampled_from(TELLERS))
    def take_back(self, data, teller):
        runs = self.runs(teller)
        if not runs:
            return
        start, end = data.draw(st.sampled_from(runs))
        first = start + data.draw(st.integers(0, end - start))
        self.head.vouchers.take_back(self.head.session, TYPE, self.fmt(first), self.fmt(end), teller)
        for n in range(first, end + 1):
            self.where[n] = "stock"

    def teardown(self):
        """What the tellers still hold goes back to stock: the next example starts with empty hands."""
        for t in TELLERS:
            for start, end in self.runs(t):
                self.head.vouchers.take_back(self.head.session, TYPE, self.fmt(start), self.fmt(end), t)

    # -- what must always hold --------------------------------------------------------------
    @invariant()
    def identity_and_model(self):
        now = self._actual()
        for who, balance in now.items():
            assert balance.balanced, (who, balance)
        delta = {f: getattr(now[None], f) - getattr(self.before[None], f)
                 for f in ("received", "stock", "with_tellers", "used", "sold", "voided")}
        states = list(self.where.values())
        assert delta == {"received": len(states), "stock": states.count("stock"),
                         "with_tellers": sum(states.count(t) for t in TELLERS), "used": states.count("used"),
                         "sold": 0, "voided": states.count("voided")}
        for t in TELLERS:
            mine = [n for n in self.where if self.where[n] == t or self.by.get(n) == t]
            assert now[t].received - self.before[t].received == len(mine)
            assert now[t].with_tellers - self.before[t].with_tellers == len(self.held(t))

    @invariant()
    def next_serial_is_the_lowest_held(self):
        for t in TELLERS:
            held = self.held(t)
            if held:
                d = self.desks[t]
                assert d.vouchers.next_serial(d.session, TYPE) == self.fmt(held[0])

    @invariant()
    def no_serial_used_twice(self):
        assert len(self.used) == len(set(self.used))
        lines = [r for r in self.head.vouchers.register() if r.event == "used" and r.first_serial >= self.base]
        numbers = [n for r in lines for n in range(r.first_serial, r.last_serial + 1)]
        assert sorted(numbers) == sorted(self.used) and len(numbers) == len(set(numbers))


def test_random_voucher_sequences_keep_every_serial_in_one_state(make_workstation, core_gateway, branch_url):
    VoucherStock.head = desk(make_workstation, core_gateway, branch_url, "WS09", NONCASH_HEAD)
    VoucherStock.desks = {"T003": desk(make_workstation, core_gateway, branch_url, "WS01", NONCASH_TELLER),
                          "T001": desk(make_workstation, core_gateway, branch_url, "WS02", CASH_TELLER)}
    run_state_machine_as_test(VoucherStock, settings=settings(
        max_examples=12, stateful_step_count=20, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))
