"""The branch's authorisation policy (授权): who must approve what, as pure rules from TOML.

`AuthorisationPolicy.decide` answers for one action (a transaction code or an operation)
by a teller, with an amount and the situation (`AuthContext`). Every rule that applies
*fires* and adds its reason; the outcome is the strictest (denied > remote > local >
allowed). One authoriser must satisfy every fired rule at once, so `allowed_roles` is the
intersection of the fired rules' roles and `level` is the lowest level among those roles.
Levels: 0 none, 1 area head (cash_head or noncash_head by area), 2 branch manager; a role
of a higher level may always authorise a lower one. Rules and their meaning:
resources/authorisation.toml. Incompatible duties (不相容岗位): teller.domain.duties; reading the TOML:
teller.domain.authorisation_rules.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from teller.domain.authorisation_rules import (_amount, _bool, _fail, _int_key, _keys, _roles, _table,
                                               merge_overrides, parse_rules)
from teller.domain.duties import (CUSTODY_CONFLICTS, OWN_WORK_REFUSALS, check_custody,  # noqa: F401
                                  check_not_own, check_separation)
from teller.domain.errors import ConfigurationError, PermissionDenied
from teller.domain.money import format_amount
from teller.domain.roles import Role

LEVEL_NONE, LEVEL_AREA_HEAD, LEVEL_BRANCH_MANAGER = 0, 1, 2
STRICTNESS = {"allowed": 0, "local": 1, "remote": 2, "denied": 3}
OPERATIONS = {  # operation -> English name used in reasons
    "reversal": "reversal of a wrong posting", "reversal_other_day": "reversal of an earlier day's posting",
    "over_short": "over/short at close", "voucher_void": "voiding a blank voucher",
    "pin_unlock": "unlocking a badge", "offline_override": "posting while offline",
    "after_hours_posting": "posting outside business hours", "large_cash": "large cash",
    "badge_blacklist": "blacklisting a badge", "force_sign_off": "forced sign-off",
    "exception_reverse": "reversing a posting the core refused after the fact",
    "write_off": "writing off a loss", "badge_reinstate": "lifting a badge's blacklist",
    "staff_enrol": "enrolling staff or a badge", "staff_role_change": "changing a staff member's roles"}
# The context rules borrow these operations' level/mode/area, so the rules must define them.
CONTEXT_OPERATIONS = ("offline_override", "after_hours_posting", "large_cash")
# The central bank's large-value report and the ID it needs are not a branch's choice: fixed here.
LARGE_CASH_FLAGS = frozenset({"large_cash_report", "id_required"})
_GRADE_KEYS = {"level", "mode", "area", "makers", "flags", "authoriser_limit"}
_CODE_KEYS = {"area", "makers", "bands", "teller_daily", "cash", "offline_limit", "authoriser_limit"}


# Why a rule fired: key -> English template. The journal and the logs keep the English text;
# a UI translates the template by its key and fills in the same parameters.
REASONS = {
    "no_rule": "no authorisation rule for {action}",
    "maker_role": "only {makers} may perform {name}",
    "operation_denied": "{name} is not allowed at this branch",
    "operation_level": "{name} needs level {level} authorisation",
    "offline_limit": "offline: {amount} is over the offline limit of {limit}",
    "after_hours": "posting outside business hours",
    "large_cash": "the customer's cash today in this direction comes to {total} ({threshold} or more): "
                  "large-value report and ID required",
    "code_always": "{name} always needs level {level} authorisation",
    "teller_limit": "amount {amount} is over the teller's limit of {limit} for {name}",
    "level_limit": "amount {amount} is over the level {level} limit of {limit} for {name}",
    "highest_limit": "amount {amount} is over the highest limit of {limit} for {name}",
    "teller_daily": "the teller's total today for {name} would be {total}, over the daily limit of {limit}",
    "no_single_role": "no single role may authorise all of this",
}


class Reason(str):
    """One reason of a decision: the English text, plus its key in REASONS and the parameters
    (strings) so that the UI can show it in the teller's language."""

    key: str
    params: dict[str, str]

    def __new__(cls, key: str, **params) -> "Reason":
        params = {name: str(value) for name, value in params.items()}
        text = REASONS[key].format(**params) if key in REASONS else params.get("text", key)
        reason = super().__new__(cls, text)
        reason.key, reason.params = key, params
        return reason

    def to_json(self) -> dict:
        return {"key": self.key, "params": self.params}

    @classmethod
    def from_json(cls, value) -> "Reason":
        """From to_json(), or from a bare English text (kept as it is, key "text")."""
        if isinstance(value, str):
            return cls("text", text=value)
        return cls(value["key"], **value["params"])


@dataclass(frozen=True)
class AuthContext:
    offline: bool = False  # the core is unreachable: the posting waits in the outbox
    after_hours: bool = False
    teller_total_today_fen: int = 0  # this teller, this code, today, before this amount
    customer_cash_today_fen: int = 0  # this customer's cash in this direction today, branch-wide
    business_date: date | None = None
    now: datetime | None = None

    def __post_init__(self):
        for name in ("teller_total_today_fen", "customer_cash_today_fen"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name} must be a non-negative int of fen, not {value!r}")


@dataclass(frozen=True)
class Decision:
    outcome: str  # allowed | local (badge + PIN here) | remote (branch store queue) | denied
    level: int = LEVEL_NONE
    reasons: list[Reason] = field(default_factory=list)
    flags: frozenset[str] = frozenset()
    allowed_roles: frozenset[Role] = frozenset()  # who may authorise; empty unless needed
    action: str = ""
    amount_fen: int = 0
    limit_applies: bool = True  # False when only rules that move no money out fired

    @property
    def needs_authorisation(self) -> bool:
        return self.outcome in ("local", "remote")


@dataclass(frozen=True)
class _Rule:
    level: int
    mode: str
    area: str = "any"
    flags: frozenset[str] = frozenset()
    limit_applies: bool = True
    makers: frozenset[Role] = frozenset()  # empty: anyone may make it
    reason: Reason | None = None


@dataclass(frozen=True)
class _Code:
    area: str
    makers: frozenset[Role]
    bands: tuple[tuple[int | None, _Rule], ...]  # (up_to_fen inclusive or None = no top, rule)
    daily: tuple[int, _Rule] | None
    cash: bool
    offline_limit_fen: int | None
    limit_applies: bool


class AuthorisationPolicy:
    """Built from the parsed rules (a dict, as tomllib gives); validates them on the way in."""

    def __init__(self, rules: dict):
        self.rules = rules
        _keys(rules, "", {"levels", "limits", "authoriser_limits", "codes", "operations"})
        self._levels = {_int_key(k, f"levels.{k}"): {a: _roles(v, f"levels.{k}.{a}")
                                                     for a, v in _table(t, f"levels.{k}").items()}
                        for k, t in _table(rules.get("levels"), "levels").items()}
        if not self._levels:
            _fail("levels", "at least one level of authorisers is needed")
        self._level_of = {}
        for level in sorted(self._levels, reverse=True):
            for role in frozenset().union(*self._levels[level].values()):
                self._level_of[role] = level
        self._areas = {"any"} | {a for t in self._levels.values() for a in t}
        limits = _table(rules.get("limits"), "limits")
        _keys(limits, "limits", {"large_cash", "offline"})
        self.large_cash_fen = _amount(limits.get("large_cash"), "limits.large_cash")
        self.offline_limit_fen = _amount(limits.get("offline"), "limits.offline")
        self._authoriser_limits = {}
        for name, value in _table(rules.get("authoriser_limits", {}), "authoriser_limits").items():
            (role,) = _roles([name], f"authoriser_limits.{name}")
            self._authoriser_limits[role] = (None if value == "unlimited"
                                             else _amount(value, f"authoriser_limits.{name}"))
        self._ops, self._op_caps = {}, {}
        for name, table in _table(rules.get("operations"), "operations").items():
            if name not in OPERATIONS:
                _fail(f"operations.{name}", f"unknown operation (known: {', '.join(sorted(OPERATIONS))})")
            rule = self._grade(table, f"operations.{name}", _GRADE_KEYS | {"posting", "up_to"}, "any")
            self._ops[name] = (rule, _bool(table.get("posting", False), f"operations.{name}.posting"))
            if "up_to" in table:  # above it nobody at the branch may do it (e.g. a write-off: head office)
                self._op_caps[name] = _amount(table["up_to"], f"operations.{name}.up_to")
        for name in CONTEXT_OPERATIONS:
            if name not in self._ops:
                _fail(f"operations.{name}", "missing: the context rules need it")
        self._codes = {str(c): self._code(t, f"codes.{c}") for c, t in _table(rules.get("codes", {}), "codes").items()}

    def _area(self, area, key) -> str:
        if area not in self._areas:
            _fail(key, f"unknown area {area!r} (known: {', '.join(sorted(self._areas))})")
        return area

    def _grade(self, table, key, allowed_keys, area) -> _Rule:
        table = _table(table, key)
        _keys(table, key, allowed_keys)
        if "level" not in table:
            _fail(f"{key}.level", "missing")
        level = table.get("level", 0)
        if not isinstance(level, int) or isinstance(level, bool) or (level and level not in self._levels):
            _fail(f"{key}.level", f"{level!r} is not 0 or a level defined under [levels]")
        mode = table.get("mode", "local" if level else "allowed")
        if mode not in STRICTNESS or (mode != "denied" and (mode == "allowed") != (level == 0)):
            _fail(f"{key}.mode", f"{mode!r} does not fit level {level}: level 0 is 'allowed', "
                                 "a level above 0 is 'local' or 'remote'; 'denied' refuses")
        area = self._area(table.get("area", area), f"{key}.area")
        flags = table.get("flags", [])
        if not isinstance(flags, list) or not all(isinstance(f, str) and f.isidentifier() for f in flags):
            _fail(f"{key}.flags", "must be a list of names")
        return _Rule(0 if mode == "denied" else level, mode, area, frozenset(flags),
                     _bool(table.get("authoriser_limit", True), f"{key}.authoriser_limit"),
                     _roles(table.get("makers", []), f"{key}.makers"))

    def _code(self, table, key) -> _Code:
        if not key[6:].isdigit():
            _fail(key, "unknown action: a transaction code is digits, e.g. \"1002\"")
        table = _table(table, key)
        _keys(table, key, _CODE_KEYS)
        area = self._area(table.get("area", "any"), f"{key}.area")
        limit_applies = _bool(table.get("authoriser_limit", True), f"{key}.authoriser_limit")
        bands, previous = [], None
        raw_bands = table.get("bands")
        if not isinstance(raw_bands, list) or not raw_bands:
            _fail(f"{key}.bands", "at least one [[bands]] entry is needed")
        for i, band in enumerate(raw_bands):
            bkey = f"{key}.bands[{i}]"
            # bands take the code's area: a band in another area could lower the level combined
            # with other rules as the amount grows (see _combine)
            rule = self._grade(band, bkey, {"up_to", "level", "mode", "flags"}, area)
            up_to = _amount(band["up_to"], f"{bkey}.up_to") if "up_to" in band else None
            if previous is not None:
                if previous[0] is None or (up_to is not None and up_to <= previous[0]):
                    _fail(f"{bkey}.up_to", "bands must be in increasing order of up_to; only the last may omit it")
                low = previous[1]
                if low.mode == "denied" and rule.mode != "denied" or rule.mode != "denied" and (
                        rule.level < low.level or STRICTNESS[rule.mode] < STRICTNESS[low.mode]):
                    _fail(f"{bkey}.level", "a higher band may not need less authorisation than a lower one")
            previous = (up_to, rule)
            bands.append((up_to, _Rule(rule.level, rule.mode, rule.area, rule.flags, limit_applies)))
        daily = None
        if "teller_daily" in table:
            dkey = f"{key}.teller_daily"
            rule = self._grade(table["teller_daily"], dkey, {"limit", "level", "mode"}, area)
            daily = (_amount(table["teller_daily"].get("limit"), f"{dkey}.limit"),
                     _Rule(rule.level, rule.mode, rule.area, limit_applies=limit_applies))
        offline = table.get("offline_limit")
        return _Code(area, _roles(table.get("makers", []), f"{key}.makers"), tuple(bands), daily,
                     _bool(table.get("cash", False), f"{key}.cash"),
                     None if offline is None else _amount(offline, f"{key}.offline_limit"), limit_applies)

    def actions(self) -> list[str]:
        return sorted(self._codes) + sorted(self._ops)

    def authoriser_limit_fen(self, roles) -> int | None:
        """Default limit of a supervisor from their roles: the highest; None = unlimited; 0 = none."""
        limits = [self._authoriser_limits[r] for r in _as_roles(roles) if r in self._authoriser_limits]
        return None if None in limits else max(limits, default=0)

    def decide(self, teller_roles, action: str, amount_fen: int | None, ctx: AuthContext) -> Decision:
        amount = 0 if amount_fen is None else amount_fen
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise ValueError(f"amount_fen must be a non-negative int, not {amount_fen!r}")
        code, (op, op_posting) = self._codes.get(action), self._ops.get(action, (None, False))
        if code is None and op is None:
            return self._combine(action, amount, [_Rule(0, "denied", reason=Reason("no_rule", action=action))])
        name = action if code else OPERATIONS[action]
        fired = []
        makers = code.makers if code else op.makers
        if makers and not _as_roles(teller_roles) & makers:
            fired.append(_Rule(0, "denied", reason=Reason("maker_role", makers=_names(makers), name=name, action=action,
                                                           maker_roles=",".join(sorted(r.value for r in makers)))))
        if code:
            fired += self._code_rules(action, code, amount, ctx)
        elif action in self._op_caps and amount > self._op_caps[action]:
            fired.append(_Rule(0, "denied", reason=f"amount {format_amount(amount)} is over the branch's limit of "
                                                   f"{format_amount(self._op_caps[action])} for {name}"))
        else:
            fired.append(_with(op, Reason("operation_denied", name=name, action=action) if op.mode == "denied"
                               else Reason("operation_level", name=name, action=action, level=op.level)))
        if code or op_posting:
            limit = code.offline_limit_fen if code and code.offline_limit_fen is not None else self.offline_limit_fen
            if ctx.offline and amount > limit:
                fired.append(self._context("offline_override", Reason(
                    "offline_limit", amount=format_amount(amount), limit=format_amount(limit))))
            if ctx.after_hours:
                fired.append(self._context("after_hours_posting", Reason("after_hours")))
        if code and code.cash and ctx.customer_cash_today_fen + amount >= self.large_cash_fen:
            total = ctx.customer_cash_today_fen + amount
            rule = self._context("large_cash", Reason("large_cash", total=format_amount(total),
                                                      threshold=format_amount(self.large_cash_fen)))
            fired.append(_Rule(rule.level, rule.mode, rule.area, rule.flags | LARGE_CASH_FLAGS,
                               rule.limit_applies, reason=rule.reason))
        return self._combine(action, amount, fired)

    def _code_rules(self, action, code: _Code, amount, ctx) -> list[_Rule]:
        fired = []
        for i, (up_to, rule) in enumerate(code.bands):
            if up_to is None or amount <= up_to:
                if rule.mode != "allowed":
                    below = code.bands[i - 1] if i else None
                    if below is None:
                        why = Reason("code_always", name=action, level=rule.level)
                    elif below[1].level == 0:
                        why = Reason("teller_limit", amount=format_amount(amount), limit=format_amount(below[0]),
                                     name=action)
                    else:
                        why = Reason("level_limit", amount=format_amount(amount), level=below[1].level,
                                     limit=format_amount(below[0]), name=action)
                    fired.append(_with(rule, why))
                break
        else:
            fired.append(_Rule(0, "denied", reason=Reason("highest_limit", amount=format_amount(amount),
                                                          limit=format_amount(code.bands[-1][0]), name=action)))
        if code.daily and ctx.teller_total_today_fen + amount > code.daily[0]:
            fired.append(_with(code.daily[1], Reason("teller_daily", name=action,
                                                     total=format_amount(ctx.teller_total_today_fen + amount),
                                                     limit=format_amount(code.daily[0]))))
        return fired

    def _context(self, operation: str, reason: Reason) -> _Rule:
        return _with(self._ops[operation][0], reason)

    def _allowed(self, level: int, area: str) -> frozenset[Role]:
        """Roles of `level` for `area` (all of the level's areas when it does not list this one)
        plus every role of a higher level."""
        table = self._levels[level]
        roles = table[area] if area in table else frozenset().union(*table.values())
        return roles.union(*(r for lv, t in self._levels.items() if lv > level for r in t.values()))

    def _combine(self, action, amount, fired: list[_Rule]) -> Decision:
        # a rule a branch set to "allowed" says nothing, unless it carries flags (large cash)
        reasons = [r.reason for r in fired if r.reason and (r.mode != "allowed" or r.flags)]
        flags = frozenset().union(*(r.flags for r in fired))
        auth = [r for r in fired if r.mode in ("local", "remote")]
        denied = any(r.mode == "denied" for r in fired)
        roles = frozenset(Role)
        for rule in auth:
            roles &= self._allowed(rule.level, rule.area)
        if auth and not roles and not denied:
            denied = True
            reasons.append(Reason("no_single_role"))
        if denied or not auth:
            return Decision("denied" if denied else "allowed", LEVEL_NONE, reasons, flags, frozenset(), action, amount)
        outcome = max((r.mode for r in auth), key=STRICTNESS.__getitem__)
        return Decision(outcome, min(self._level_of[r] for r in roles), reasons, flags, roles, action, amount,
                        any(r.limit_applies for r in auth))


def may_authorise(authoriser_roles, authoriser_limit_fen: int | None, decision: Decision,
                  amount_fen: int | None) -> None:
    """Raise PermissionDenied unless this supervisor may authorise `decision` for `amount_fen`.

    `authoriser_limit_fen` None means unlimited (see AuthorisationPolicy.authoriser_limit_fen).
    """
    amount = amount_fen or 0
    if decision.outcome == "denied":
        raise PermissionDenied("This cannot be authorised: " + "; ".join(decision.reasons))
    if not decision.needs_authorisation:
        return
    if amount != decision.amount_fen:  # an approval is for what was decided, not a changed amount
        raise PermissionDenied(f"The authorisation was for {format_amount(decision.amount_fen)}, "
                               f"not {format_amount(amount)}: decide again.")
    roles = _as_roles(authoriser_roles)
    if not roles & decision.allowed_roles:
        held = _names(roles) if roles else "not a supervisor"
        raise PermissionDenied(f"Authorisation at level {decision.level} needs "
                               f"{_names(decision.allowed_roles)}; the authoriser is {held}.")
    if decision.limit_applies and authoriser_limit_fen is not None and amount > authoriser_limit_fen:
        raise PermissionDenied(f"The amount {format_amount(amount)} is over the authoriser's limit of "
                               f"{format_amount(authoriser_limit_fen)}: one with a higher limit must authorise.")


# --- loading, validation and branch overrides ----------------------------------------------------

def policy_from_toml(text: str, override_text: str | None = None, known_codes=None) -> AuthorisationPolicy:
    """The policy from resources/authorisation.toml text and the branch's override TOML text.
    With `known_codes` (the transaction catalogue's codes) a rule for any other code is refused."""
    rules = parse_rules(text)
    if override_text:
        rules = merge_overrides(rules, parse_rules(override_text))
    for code in rules.get("codes", {}) if known_codes is not None else ():
        if code not in set(known_codes):
            _fail(f"codes.{code}", "unknown action: not in the transaction code catalogue")
    return AuthorisationPolicy(rules)


def _as_roles(roles) -> frozenset[Role]:
    try:
        return frozenset(Role(r) for r in roles)
    except ValueError as exc:
        raise ConfigurationError(f"unknown role: {exc}") from exc


def _names(roles) -> str:
    return " or ".join(sorted(Role(r).value.replace("_", " ") for r in roles))


def _with(rule: _Rule, reason: Reason) -> _Rule:
    return _Rule(rule.level, rule.mode, rule.area, rule.flags, rule.limit_applies, rule.makers, reason)
