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


@dataclass(frozen=True)
class Match:
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
    matches: list[Match] = field(default_factory=list)
    breaks: list[Break] = field(default_factory=list)

    def by_rung(self) -> dict[str, int]:
        out = dict.fromkeys(RUNGS, 0)
        for m in self.matches:
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


def match(core: list[CoreEntry], branch: list[BranchEntry]) -> MatchResult:
    result = MatchResult()
    matches, breaks = result.matches, result.breaks
    core_left: dict[str, CoreEntry] = {}  # ref -> entry, not matched yet
    by_key: dict[tuple[str, bool], list[CoreEntry]] = defaultdict(list)
    keyless: list[CoreEntry] = []
    batches: list[CoreEntry] = []
    for c in core:
        if c.key is not None:
            by_key[(c.key, c.reversal)].append(c)
        elif c.batch_keys:
            batches.append(c)
            core_left[c.ref] = c
        else:
            keyless.append(c)
            core_left[c.ref] = c

    # branch duplicates: a key twice on the branch side
    seen: dict[tuple[str, bool], BranchEntry] = {}
    branch_unique: list[BranchEntry] = []
    for b in branch:
        k = (b.key, b.reversal)
        if k in seen:
            breaks.append(Break("duplicate", (), (seen[k], b)))
        else:
            seen[k] = b
            branch_unique.append(b)

    # a key reversed at the branch with nothing at all at the core: never booked, never reversed
    branch_left: list[BranchEntry] = []
    for b in branch_unique:
        if (b.key, True) in seen and (b.key, False) in seen and (b.key, False) not in by_key \
                and (b.key, True) not in by_key:
            continue
        branch_left.append(b)

    # rung 1: exact key
    unmatched_branch: list[BranchEntry] = []
    for b in branch_left:
        found = by_key.pop((b.key, b.reversal), None)
        if found is None:
            unmatched_branch.append(b)
            continue
        c = found[0]
        if len(found) > 1:
            breaks.append(Break("duplicate", tuple(found[1:]), (b,)))
        if c.amount_fen != b.amount_fen or c.direction != b.direction or c.account != b.account:
            breaks.append(Break("amount_differs", (c,), (b,)))
        elif c.booking_date != b.business_date:
            breaks.append(Break("date_differs", (c,), (b,)))
        else:
            matches.append(Match("key", (c,), (b,)))
    for entries in by_key.values():  # keyed core entries the branch does not have (under that flag)
        for c in entries:
            core_left[c.ref] = c

    # reversal on one side only: the key's other half is there, the reversal is not
    branch_keys = {b.key for b in branch_left}
    still_branch: list[BranchEntry] = []
    for b in unmatched_branch:
        if b.reversal:
            breaks.append(Break("reversed_one_side", (), (b,)))
        else:
            still_branch.append(b)
    for ref, c in list(core_left.items()):
        if c.reversal and c.key is not None and c.key in branch_keys:
            breaks.append(Break("reversed_one_side", (c,), ()))
            del core_left[ref]

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
