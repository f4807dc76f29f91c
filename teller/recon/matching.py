"""The matching ladder between the core's booked entries and the branch's postings.

Rungs, in order; each match records the rung that made it:
1. `key`: our key (EndToEndId) and the reversal indicator on both sides;
2. `account_amount_date`: a core entry without our key, and a branch entry left over with the
   same account, direction, amount and booking date;
3. `one_to_many`: a core batch entry whose items' keys (TxDtls) are branch entries that add up
   to it, or else left-over branch entries of one account, direction and date that add up to a
   left-over core entry without a key.
What stays is a break, with both sides' entries:
`missing_at_core`, `missing_at_branch`, `amount_differs` (same key, another amount, direction or
account), `duplicate` (a key booked twice on one side), `reversed_one_side` (a reversal of a
key on one side only), `date_differs` (same key and amount, another booking date).
Pure Python over plain tuples: the benchmark (bench/recon.py) runs it on a million a side."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import NamedTuple

BREAK_KINDS = ("missing_at_core", "missing_at_branch", "amount_differs", "duplicate", "reversed_one_side",
               "date_differs")
RUNGS = ("key", "account_amount_date", "one_to_many")


class CoreEntry(NamedTuple):
    ref: str  # the statement entry's id in the store (or any unique reference)
    key: str | None  # our key, EndToEndId
    account: str
    booking_date: str
    amount_fen: int
    direction: str  # credit | debit
    reversal: bool
    batch_keys: tuple[str, ...] = ()


class BranchEntry(NamedTuple):
    key: str  # WS01-123
    account: str
    business_date: str
    amount_fen: int
    direction: str
    reversal: bool  # the core's reversal of this key is expected (host_reversed at the branch)


class Match(NamedTuple):
    rung: str
    core: tuple[CoreEntry, ...]
    branch: tuple[BranchEntry, ...]


@dataclass(frozen=True)
class Break:
    kind: str
    core: tuple[CoreEntry, ...]
    branch: tuple[BranchEntry, ...]

    @property
    def key(self) -> str:
        for e in self.branch:
            return e.key
        for e in self.core:
            return e.key or f"core:{e.ref}"
        return ""

    @property
    def identity(self) -> str:
        """The same break on a later run (carry forward): kind and the entries' keys."""
        refs = sorted({e.key for e in self.branch} | {e.key or f"core:{e.ref}" for e in self.core})
        return f"{self.kind}:{','.join(refs)}"[:200]

    @property
    def account(self) -> str:
        return (self.branch or self.core)[0].account

    @property
    def amount_fen(self) -> int:
        return max([e.amount_fen for e in self.branch] + [e.amount_fen for e in self.core])


@dataclass
class MatchResult:
    pairs: list[tuple[CoreEntry, BranchEntry]] = field(default_factory=list)  # the first rung's matches
    others: list[Match] = field(default_factory=list)  # matches of the lower rungs
    breaks: list[Break] = field(default_factory=list)

    @property
    def matches(self) -> list[Match]:
        return [Match("key", (c,), (b,)) for c, b in self.pairs] + self.others

    def by_rung(self) -> dict[str, int]:
        out = dict.fromkeys(RUNGS, 0)
        out["key"] = len(self.pairs)
        for m in self.others:
            out[m.rung] += 1
        return out

    def by_kind(self) -> dict[str, int]:
        out = dict.fromkeys(BREAK_KINDS, 0)
        for b in self.breaks:
            out[b.kind] += 1
        return out


MAX_GROUP_SEARCH = 24  # left-over entries of one account, direction and day searched for a sum
MAX_GROUP_ITEMS = 5


def _adding_up(group: list[BranchEntry], amount_fen: int) -> tuple[BranchEntry, ...] | None:
    """Branch entries of one group that add up to a core entry: the whole group, else the first
    combination of 2..MAX_GROUP_ITEMS (bounded: a large group is left to the breaks)."""
    if sum(b.amount_fen for b in group) == amount_fen:
        return tuple(group)
    if len(group) > MAX_GROUP_SEARCH:
        return None
    for size in range(2, min(len(group) - 1, MAX_GROUP_ITEMS) + 1):
        for combo in combinations(group, size):
            if sum(b.amount_fen for b in combo) == amount_fen:
                return combo
    return None


_USED = object()  # a core entry taken by the first rung
_R = "\x00R"  # suffix of a reversal's key in the first rung's index: one string, no tuple to hash


def match(core: list[CoreEntry], branch: list[BranchEntry]) -> MatchResult:
    result = MatchResult()
    pairs, matches, breaks = result.pairs, result.others, result.breaks
    core_left: dict[str, CoreEntry] = {}  # ref -> entry, not matched yet
    by_key: dict[str, object] = {}
    extra: dict[str, list[CoreEntry]] = {}  # a key booked more than once at the core
    keyless: list[CoreEntry] = []
    batches: list[CoreEntry] = []
    for c in core:
        ref, k, _, _, _, _, reversal, batch_keys = c
        if k is None:
            (batches if batch_keys else keyless).append(c)
            core_left[ref] = c
            continue
        if reversal:
            k += _R
        if k in by_key:
            extra.setdefault(k, []).append(c)
        else:
            by_key[k] = c

    # rung 1: exact key (and reversal flag)
    unmatched_branch: list[BranchEntry] = []
    branch_twice: dict[str, BranchEntry] = {}
    get, pair = by_key.get, pairs.append
    for b in branch:  # the hot loop: plain tuple unpacking, no attribute look-ups
        key, account, day, amount, direction, reversal = b
        k = key + _R if reversal else key
        c = get(k)
        if c is None:
            unmatched_branch.append(b)
            continue
        if c is _USED:
            branch_twice[k] = b
            continue
        by_key[k] = _USED
        _, _, c_account, c_day, c_amount, c_direction, _, _ = c
        if c_amount != amount or c_direction != direction or c_account != account:
            breaks.append(Break("amount_differs", (c,), (b,)))
        elif c_day != day:
            breaks.append(Break("date_differs", (c,), (b,)))
        else:
            pair((c, b))
        if k in extra:
            breaks.append(Break("duplicate", tuple(extra.pop(k)), (b,)))
    if branch_twice:  # a key twice on the branch side
        first = {b.key + _R if b.reversal else b.key: b for b in branch if (b.key + _R if b.reversal else b.key)
                 in branch_twice}
        breaks.extend(Break("duplicate", (), (first[k], b)) for k, b in branch_twice.items())
    for k, c in by_key.items():  # keyed core entries the branch does not have (under that flag)
        if c is not _USED:
            core_left[c.ref] = c
    for entries in extra.values():
        for c in entries:
            core_left[c.ref] = c

    # a key reversed at the branch with nothing at all at the core: never booked, never reversed
    reversed_here = {b.key for b in unmatched_branch if b.reversal}
    if reversed_here:
        at_core = {k for k in reversed_here if k in by_key or k + _R in by_key}
        unmatched_branch = [b for b in unmatched_branch if b.key not in reversed_here or b.key in at_core]

    # reversal on one side only: the key's other half is there, the reversal is not
    still_branch: list[BranchEntry] = []
    for b in unmatched_branch:
        if b.reversal:
            breaks.append(Break("reversed_one_side", (), (b,)))
        else:
            still_branch.append(b)
    core_reversals = [c for c in core_left.values() if c.reversal and c.key is not None]
    if core_reversals:
        left_keys = {b.key for b in still_branch}
        for c in core_reversals:  # the branch has the original: matched by it (_USED), or left over
            if by_key.get(c.key) is _USED or c.key in left_keys:
                breaks.append(Break("reversed_one_side", (c,), ()))
                del core_left[c.ref]

    # rung 2: account + amount + booking date, for core entries without our key
    pool: dict[tuple, list[BranchEntry]] = defaultdict(list)
    for b in still_branch:
        pool[(b.account, b.direction, b.amount_fen, b.business_date)].append(b)
    for c in keyless:
        candidates = pool.get((c.account, c.direction, c.amount_fen, c.booking_date))
        if candidates:
            matches.append(Match("account_amount_date", (c,), (candidates.pop(0),)))
            del core_left[c.ref]
    left = {b.key: b for bs in pool.values() for b in bs}

    # rung 3: one-to-many
    for c in batches:
        items = [left.get(k) for k in c.batch_keys]
        if all(items) and sum(i.amount_fen for i in items) == c.amount_fen \
                and all(i.direction == c.direction and i.account == c.account for i in items):
            matches.append(Match("one_to_many", (c,), tuple(items)))
            del core_left[c.ref]
            for i in items:
                del left[i.key]
    groups: dict[tuple, list[BranchEntry]] = defaultdict(list)
    for b in left.values():
        groups[(b.account, b.direction, b.business_date)].append(b)
    for ref, c in list(core_left.items()):
        if c.key is not None or c.batch_keys:
            continue
        group = groups.get((c.account, c.direction, c.booking_date))
        items = _adding_up(group, c.amount_fen) if group and len(group) > 1 else None
        if items:
            matches.append(Match("one_to_many", (c,), items))
            del core_left[ref]
            for b in items:
                del left[b.key]
                group.remove(b)

    breaks.extend(Break("missing_at_branch", (c,), ()) for c in core_left.values())
    breaks.extend(Break("missing_at_core", (), (b,)) for b in left.values())
    return result
