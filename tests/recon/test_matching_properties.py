"""Property: on any mix of clean pairs, keyless entries, batches and seeded breaks of every kind,
the ladder finds every seeded break (kind and key) and no other; each match names its rung."""
from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from teller.recon.matching import BREAK_KINDS, BranchEntry, CoreEntry, match

DAY, NEXT = "2026-11-23", "2026-11-24"
ACCOUNTS = ("44010001000000017", "44010001000000025", "44010001000000033")


@st.composite
def scenarios(draw):
    plan = draw(st.lists(st.sampled_from(("clean", "keyless", "batch") + BREAK_KINDS), min_size=0, max_size=60))
    core, branch, expected, rungs = [], [], Counter(), Counter()
    for i, what in enumerate(plan):
        key, account = f"WS0{i % 3 + 1}-{i + 1}", draw(st.sampled_from(ACCOUNTS))
        amount = 1_000 * (i + 1) + draw(st.integers(1, 999))  # unique per entry: no ambiguous twin
        direction = draw(st.sampled_from(("credit", "debit")))
        b = BranchEntry(key, account, DAY, amount, direction, False)
        c = CoreEntry(f"c{i}", key, account, DAY, amount, direction, False)
        undo = "debit" if direction == "credit" else "credit"
        if what == "clean":
            core.append(c), branch.append(b)
            rungs["key"] += 1
        elif what == "keyless":
            core.append(c._replace(key=None)), branch.append(b)
            rungs["account_amount_date"] += 1
        elif what == "batch":
            parts = draw(st.integers(2, 4))
            with_keys = draw(st.booleans())
            if not with_keys:  # a batch without our keys: found by its sum, on its settlement account
                account = f"SETTLE{i}"
            items = [BranchEntry(f"{key}-{p}", account, DAY, amount + p, direction, False) for p in range(parts)]
            branch.extend(items)
            core.append(CoreEntry(f"c{i}", None, account, DAY, sum(x.amount_fen for x in items), direction, False,
                                  tuple(x.key for x in items) if with_keys else ()))
            rungs["one_to_many"] += 1
        elif what == "missing_at_core":
            branch.append(b)
            expected[(what, key)] += 1
        elif what == "missing_at_branch":
            core.append(c)
            expected[(what, key)] += 1
        elif what == "amount_differs":
            core.append(c._replace(amount_fen=amount + draw(st.integers(1, 50)))), branch.append(b)
            expected[(what, key)] += 1
        elif what == "duplicate":
            core.extend([c, c._replace(ref=f"c{i}-again")]), branch.append(b)
            expected[(what, key)] += 1
            rungs["key"] += 1
        elif what == "date_differs":
            core.append(c._replace(booking_date=NEXT)), branch.append(b)
            expected[(what, key)] += 1
        elif what == "reversed_one_side":
            core.append(c), branch.append(b)
            rungs["key"] += 1
            if draw(st.booleans()):  # the core reversed it (a timeout reversal); the branch did not
                core.append(CoreEntry(f"c{i}-r", key, account, DAY, amount, undo, True))
            else:  # the branch thinks it reversed; the core never booked the reversal
                branch.append(BranchEntry(key, account, DAY, amount, undo, True))
            expected[(what, key)] += 1
    order = draw(st.randoms())
    order.shuffle(core), order.shuffle(branch)
    return core, branch, expected, rungs


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_matching_finds_every_seeded_break_and_no_false_one(scenario):
    core, branch, expected, rungs = scenario
    result = match(core, branch)
    found = Counter((b.kind, b.key) for b in result.breaks)
    assert found == expected
    assert Counter(m.rung for m in result.matches) == rungs
    # every entry is accounted for exactly once, in a match or a break
    seen_core = Counter(c.ref for m in result.matches for c in m.core) + \
        Counter(c.ref for b in result.breaks for c in b.core)
    assert seen_core == Counter(c.ref for c in core)


def test_a_key_reversed_at_the_branch_and_never_at_the_core_is_no_break():
    b = BranchEntry("WS01-1", ACCOUNTS[0], DAY, 500, "credit", False)
    r = BranchEntry("WS01-1", ACCOUNTS[0], DAY, 500, "debit", True)
    assert match([], [b, r]).breaks == []


def test_breaks_carry_both_sides():
    b = BranchEntry("WS01-1", ACCOUNTS[0], DAY, 500, "credit", False)
    c = CoreEntry("c1", "WS01-1", ACCOUNTS[0], DAY, 501, "credit", False)
    (brk,) = match([c], [b]).breaks
    assert (brk.kind, brk.core, brk.branch, brk.amount_fen) == ("amount_differs", (c,), (b,), 501)
    assert brk.identity == "amount_differs:WS01-1"


def test_a_keyless_batch_is_found_beside_an_unrelated_left_over_entry():
    items = [BranchEntry("WS01-1-0", ACCOUNTS[0], DAY, 1001, "credit", False),
             BranchEntry("WS01-1-1", ACCOUNTS[0], DAY, 1002, "credit", False)]
    stray = BranchEntry("WS02-2", ACCOUNTS[0], DAY, 2001, "credit", False)
    result = match([CoreEntry("c0", None, ACCOUNTS[0], DAY, 2003, "credit", False)], items + [stray])
    assert [(m.rung, m.branch) for m in result.matches] == [("one_to_many", tuple(items))]
    assert [(b.kind, b.key) for b in result.breaks] == [("missing_at_core", "WS02-2")]
