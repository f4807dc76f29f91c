"""The branch's authorisation policy: bands, operations, context rules, who may authorise,
incompatible duties, rule validation and branch overrides."""
from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teller.domain.authorisation import (STRICTNESS, AuthContext, AuthorisationPolicy, check_custody, check_not_own,
                                         check_separation, merge_overrides, may_authorise, parse_rules,
                                         policy_from_toml)
from teller.domain.errors import ConfigurationError, PermissionDenied, SelfAuthorisation
from teller.domain.roles import Role

TEXT = (Path(__file__).resolve().parents[2] / "resources" / "authorisation.toml").read_text(encoding="utf-8")
POLICY = policy_from_toml(TEXT)
# the same rules without the large-cash rule on 1001/1002, to see the bands alone
BANDS = policy_from_toml(TEXT, '[codes.1001]\ncash = false\n[codes.1002]\ncash = false\n')
ONLINE = AuthContext()
TELLER = [Role.CASH_TELLER]
CASH_HEAD, NONCASH_HEAD, MANAGER = Role.CASH_HEAD, Role.NONCASH_HEAD, Role.BRANCH_MANAGER
Y = 100  # fen per yuan


def decide(action, amount_fen, policy=POLICY, roles=TELLER, **ctx):
    return policy.decide(roles, action, amount_fen, AuthContext(**ctx))


# --- bands -------------------------------------------------------------------------------

@pytest.mark.parametrize("code, amount_fen, outcome, level, roles", [
    ("1002", 1, "allowed", 0, set()),
    ("1002", 50_000 * Y, "allowed", 0, set()),  # up_to is inclusive
    ("1002", 50_000 * Y + 1, "local", 1, {CASH_HEAD, MANAGER}),
    ("1002", 200_000 * Y, "local", 1, {CASH_HEAD, MANAGER}),
    ("1002", 200_000 * Y + 1, "remote", 2, {MANAGER}),
    ("1002", 10**12, "remote", 2, {MANAGER}),
    ("1001", 200_000 * Y, "allowed", 0, set()),
    ("1001", 200_000 * Y + 1, "local", 1, {CASH_HEAD, MANAGER}),
    ("1001", 10**12, "local", 1, {CASH_HEAD, MANAGER}),
])
def test_amount_bands_at_and_beyond_each_limit(code, amount_fen, outcome, level, roles):
    decision = decide(code, amount_fen, BANDS)
    assert (decision.outcome, decision.level, set(decision.allowed_roles)) == (outcome, level, roles)
    assert decision.needs_authorisation == (outcome != "allowed")


def test_band_reasons_say_amount_and_limit():
    assert decide("1002", 60_000 * Y, BANDS).reasons == [
        "amount 60,000.00 is over the teller's limit of 50,000.00 for 1002"]
    assert decide("1002", 250_000 * Y, BANDS).reasons == [
        "amount 250,000.00 is over the level 1 limit of 200,000.00 for 1002"]


def test_amount_above_a_closed_last_band_is_denied():
    policy = policy_from_toml(TEXT, '[codes.1001]\ncash = false\n'
                                    '[[codes.1001.bands]]\nup_to = "1000.00"\nlevel = 0\n')
    assert decide("1001", 1000 * Y, policy).outcome == "allowed"
    denied = decide("1001", 1000 * Y + 1, policy)
    assert denied.outcome == "denied" and not denied.allowed_roles and "highest limit of 1,000.00" in denied.reasons[0]


# --- operations ----------------------------------------------------------------------------

@pytest.mark.parametrize("action, outcome, level, roles", [
    ("reversal", "remote", 2, {MANAGER}),
    ("reversal_other_day", "remote", 2, {MANAGER}),
    ("over_short", "local", 1, {CASH_HEAD, MANAGER}),
    ("voucher_void", "local", 1, {NONCASH_HEAD, MANAGER}),
    ("pin_unlock", "local", 1, {CASH_HEAD, NONCASH_HEAD, MANAGER}),
    ("badge_blacklist", "local", 1, {CASH_HEAD, NONCASH_HEAD, MANAGER}),
    ("offline_override", "local", 1, {CASH_HEAD, MANAGER}),
    ("after_hours_posting", "remote", 2, {MANAGER}),
    ("large_cash", "local", 1, {CASH_HEAD, MANAGER}),
])
def test_operations_have_their_fixed_level(action, outcome, level, roles):
    decision = decide(action, 10 * Y)
    assert (decision.outcome, decision.level, set(decision.allowed_roles)) == (outcome, level, roles)
    assert decision.reasons and decision.reasons[0].endswith(f"needs level {level} authorisation")


def test_makers_limit_who_may_start_an_action():
    assert decide("1002", 100, roles=[Role.LOBBY_MANAGER]).outcome == "denied"
    assert "only cash teller may perform 1002" in decide("1002", 100, roles=[]).reasons
    assert decide("force_sign_off", None).outcome == "denied"
    assert decide("force_sign_off", None, roles=[CASH_HEAD]).outcome == "local"


def test_unknown_action_is_denied_and_bad_amounts_are_refused():
    assert decide("9999", 100).outcome == "denied"
    with pytest.raises(ValueError):
        decide("1002", -1)
    with pytest.raises(ValueError):
        AuthContext(customer_cash_today_fen=-1)


# --- context rules -------------------------------------------------------------------------

def test_offline_posting_above_the_offline_limit_needs_the_override():
    assert decide("1002", 20_000 * Y, offline=True).outcome == "allowed"
    over = decide("1002", 20_000 * Y + 1, offline=True)
    assert (over.outcome, over.level, set(over.allowed_roles)) == ("local", 1, {CASH_HEAD, MANAGER})
    assert over.reasons == ["offline: 20,000.01 is over the offline limit of 20,000.00"]
    assert decide("1002", 20_000 * Y + 1).outcome == "allowed"
    assert decide("pin_unlock", None, offline=True) == decide("pin_unlock", None)  # not a posting


def test_after_hours_postings_need_the_branch_manager():
    decision = decide("1001", 100 * Y, after_hours=True)
    assert (decision.outcome, decision.level, decision.allowed_roles) == ("remote", 2, {MANAGER})
    assert "posting outside business hours" in decision.reasons
    assert len(decide("reversal", 100, after_hours=True).reasons) == 2  # reversal posts: both fire
    assert decide("voucher_void", None, after_hours=True).level == 1  # not a posting


@pytest.mark.parametrize("today_fen, amount_fen, fires", [
    (0, 50_000 * Y, True),  # exactly 50,000.00 is reported
    (0, 50_000 * Y - 1, False),
    (30_000 * Y, 20_000 * Y, True),  # summed across the day
    (30_000 * Y, 20_000 * Y - 1, False),
    (60_000 * Y, 1, True),  # every later cash that day too
])
@pytest.mark.parametrize("code", ["1001", "1002"])
def test_large_cash_sums_the_customers_day(code, today_fen, amount_fen, fires):
    decision = decide(code, amount_fen, customer_cash_today_fen=today_fen)
    assert decision.flags == ({"large_cash_report", "id_required"} if fires else set())
    assert decision.needs_authorisation == fires
    if fires:
        assert decision.level >= 1 and CASH_HEAD in decision.allowed_roles
        assert f"comes to {(today_fen + amount_fen) // Y:,}." in decision.reasons[-1]


def test_large_cash_flags_stay_when_a_branch_makes_it_allowed():
    policy = policy_from_toml(TEXT, "[operations.large_cash]\nlevel = 0\nmode = \"allowed\"\n")
    decision = decide("1001", 60_000 * Y, policy)
    assert decision.outcome == "allowed" and "id_required" in decision.flags and decision.reasons


def test_teller_daily_total_over_the_limit_needs_authorisation():
    assert decide("1002", 40_000 * Y, teller_total_today_fen=460_000 * Y).outcome == "allowed"
    over = decide("1002", 40_000 * Y + 1, teller_total_today_fen=460_000 * Y)
    assert over.outcome == "local" and "over the daily limit of 500,000.00" in over.reasons[0]


def test_strictest_rule_wins_and_every_reason_is_kept():
    decision = decide("1002", 250_000 * Y, offline=True, teller_total_today_fen=400_000 * Y)
    assert (decision.outcome, decision.level, decision.allowed_roles) == ("remote", 2, {MANAGER})
    assert len(decision.reasons) == 4  # band, daily total, offline, large cash
    assert decision.flags == {"large_cash_report", "id_required"}


def test_one_authoriser_must_satisfy_every_rule_across_areas():
    # a non-cash code (noncash head) posted offline (cash head): only the manager covers both
    policy = policy_from_toml(TEXT, '[codes.2001]\narea = "noncash"\n'
                                    '[[codes.2001.bands]]\nlevel = 1\n')
    assert decide("2001", 100, policy).allowed_roles == {NONCASH_HEAD, MANAGER}
    both = decide("2001", 30_000 * Y, policy, offline=True)
    assert (both.level, both.allowed_roles) == (2, {MANAGER})


# --- who may authorise -----------------------------------------------------------------------

def test_may_authorise_accepts_the_right_role_within_its_limit():
    decision = decide("1002", 60_000 * Y)
    may_authorise([CASH_HEAD], POLICY.authoriser_limit_fen([CASH_HEAD]), decision, 60_000 * Y)
    may_authorise([MANAGER], None, decide("1002", 10**12), 10**12)
    may_authorise([CASH_HEAD], 60_000 * Y, decision, 60_000 * Y)  # limit exactly the amount
    may_authorise([], 0, decide("1002", 100), 100)  # nothing to authorise


@pytest.mark.parametrize("roles, limit, decision, amount, message", [
    ([NONCASH_HEAD], None, ("1002", 60_000 * Y), 60_000 * Y, "needs branch manager or cash head"),
    ([Role.CASH_TELLER], None, ("1002", 60_000 * Y), 60_000 * Y, "the authoriser is cash teller"),
    ([], None, ("1002", 60_000 * Y), 60_000 * Y, "the authoriser is not a supervisor"),
    ([CASH_HEAD], None, ("1002", 250_000 * Y), 250_000 * Y, "needs branch manager"),
    ([CASH_HEAD], 50_000 * Y, ("1002", 60_000 * Y), 60_000 * Y, "over the authoriser's limit of 50,000.00"),
    ([MANAGER], None, ("1002", 60_000 * Y), 70_000 * Y, "decide again"),
    ([MANAGER], None, ("9999", 1), 1, "cannot be authorised"),
])
def test_may_authorise_refusals(roles, limit, decision, amount, message):
    with pytest.raises(PermissionDenied, match=message):
        may_authorise(roles, limit, decide(*decision), amount)


def test_authoriser_limit_skips_cash_coming_in():
    deposit = decide("1001", 300_000 * Y)
    assert not deposit.limit_applies
    may_authorise([CASH_HEAD], 200_000 * Y, deposit, 300_000 * Y)


def test_authoriser_limits_from_roles():
    assert POLICY.authoriser_limit_fen([CASH_HEAD]) == 200_000 * Y
    assert POLICY.authoriser_limit_fen(["cash_head", "noncash_head"]) == 500_000 * Y
    assert POLICY.authoriser_limit_fen([CASH_HEAD, MANAGER]) is None
    assert POLICY.authoriser_limit_fen([Role.CASH_TELLER]) == 0


# --- incompatible duties -------------------------------------------------------------------

@pytest.mark.parametrize("maker, authoriser", [("T01", "T01"), ("T01", " t01 ")])
def test_nobody_authorises_their_own_transaction(maker, authoriser):
    with pytest.raises(SelfAuthorisation, match="own transaction"):
        check_separation(maker, authoriser)


def test_separation_of_every_party():
    check_separation("T01", "S01", "S02")
    with pytest.raises(SelfAuthorisation, match="different people"):
        check_separation("T01", "S01", "S01")
    with pytest.raises(PermissionDenied, match="not identified"):
        check_separation("T01", "")
    with pytest.raises(SelfAuthorisation, match="reviewer"):
        check_not_own("R01", "R01", "review")
    with pytest.raises(ValueError):
        check_not_own("R01", "R02", "lunch")


def test_seal_and_blank_voucher_custody_are_kept_apart():
    check_custody({"seal"}, "seal")
    with pytest.raises(PermissionDenied, match="different keepers"):
        check_custody({"seal"}, "blank_voucher")
    with pytest.raises(PermissionDenied):
        check_custody({"blank_voucher"}, "pledge_code")


# --- validation and overrides ----------------------------------------------------------------

@pytest.mark.parametrize("override, key", [
    ('[operations.reversl]\nlevel = 2', "operations.reversl"),
    ('[limits]\noffline = "20,000"', "limits.offline"),
    ('[limits]\noffline = 20000.0', "limits.offline"),
    ('[authoriser_limits]\ncash_head = "lots"', "authoriser_limits.cash_head"),
    ('[authoriser_limits]\nboss = "1.00"', "authoriser_limits.boss"),
    ('[levels.1]\ncash = ["cashier"]', "levels.1.cash"),
    ('[codes.1002]\nmakers = ["teller"]', "codes.1002.makers"),
    ('[operations.reversal]\narea = "vault"', "operations.reversal.area"),
    ('[operations.reversal]\nlevel = 3', "operations.reversal.level"),
    ('[operations.reversal]\nmode = "allowed"', "operations.reversal.mode"),
    ('[operations.reversal]\nposting = "yes"', "operations.reversal.posting"),
    ('[codes.abc]\n[[codes.abc.bands]]\nlevel = 0', "codes.abc"),
    ('[codes.2001]\narea = "cash"', "codes.2001.bands"),
    ('[[codes.1002.bands]]\nup_to = "100.00"\nlevel = 0\n[[codes.1002.bands]]\nup_to = "50.00"\nlevel = 1',
     "codes.1002.bands[1].up_to"),
    ('[[codes.1002.bands]]\nlevel = 0\n[[codes.1002.bands]]\nlevel = 1', "codes.1002.bands[1].up_to"),
    ('[[codes.1002.bands]]\nup_to = "100.00"\nlevel = 2\nmode = "remote"\n[[codes.1002.bands]]\nlevel = 1',
     "codes.1002.bands[1].level"),
    ('[[codes.1002.bands]]\nup_to = "100.00"\nmode = "denied"\nlevel = 0\n[[codes.1002.bands]]\nlevel = 1',
     "codes.1002.bands[1].level"),
    ('[[codes.1002.bands]]\nuptp = "1.00"\nlevel = 0', "codes.1002.bands[0].uptp"),
    ('[codes.1002.teller_daily]\nlimit = "-5"\nlevel = 1', "codes.1002.teller_daily.limit"),
    ('[limits]\nlarge_cash = "60000.00"', "limits.large_cash"),  # a branch may not raise it
    ('[banking]\nx = 1', "banking"),
])
def test_rule_errors_name_the_key(override, key):
    with pytest.raises(ConfigurationError, match=re.escape(f"authorisation rules: {key}: ")):
        policy_from_toml(TEXT, override)


def test_missing_context_operation_and_unknown_code_and_bad_toml():
    rules = parse_rules(TEXT)
    del rules["operations"]["large_cash"]
    with pytest.raises(ConfigurationError, match="operations.large_cash: missing"):
        AuthorisationPolicy(rules)
    with pytest.raises(ConfigurationError, match="codes.1002: unknown action"):
        policy_from_toml(TEXT, known_codes=["1001"])
    with pytest.raises(ConfigurationError, match="not valid TOML"):
        policy_from_toml(TEXT, "[codes.1002\n")


def test_overrides_merge_tables_and_replace_band_lists():
    base = parse_rules(TEXT)
    before = copy.deepcopy(base)
    merged = merge_overrides(base, parse_rules('[limits]\nlarge_cash = "30000.00"\n'
                                               '[[codes.1002.bands]]\nup_to = "10000.00"\nlevel = 0\n'
                                               '[[codes.1002.bands]]\nlevel = 2\nmode = "remote"\n'))
    assert base == before  # the defaults are not touched
    assert len(merged["codes"]["1002"]["bands"]) == 2 and merged["limits"]["offline"] == "20000.00"
    assert merged["codes"]["1002"]["teller_daily"] == base["codes"]["1002"]["teller_daily"]
    policy = policy_from_toml(TEXT, '[limits]\nlarge_cash = "30000.00"\n')
    assert "id_required" in decide("1001", 30_000 * Y, policy).flags
    assert decide("1001", 30_000 * Y).flags == set()


# --- properties -----------------------------------------------------------------------------

ACTIONS = POLICY.actions()
contexts = st.builds(AuthContext, offline=st.booleans(), after_hours=st.booleans(),
                     teller_total_today_fen=st.integers(0, 10**9), customer_cash_today_fen=st.integers(0, 10**8))


def assert_not_weaker(small, large):
    if small.outcome == "denied":
        assert large.outcome == "denied"
    elif large.outcome != "denied":
        assert STRICTNESS[large.outcome] >= STRICTNESS[small.outcome] and large.level >= small.level
        assert large.allowed_roles <= small.allowed_roles or not small.needs_authorisation


@given(st.sampled_from(ACTIONS), st.integers(0, 10**10), st.integers(0, 10**10), contexts)
def test_a_larger_amount_never_needs_less(action, a, b, ctx):
    small, large = sorted((a, b))
    assert_not_weaker(POLICY.decide(TELLER, action, small, ctx), POLICY.decide(TELLER, action, large, ctx))


@given(st.sampled_from(["1001", "1002"]), st.integers(1, 10**10), contexts)
def test_teller_is_never_alone_above_their_band(code, over, ctx):
    alone = {"1001": 200_000 * Y, "1002": 50_000 * Y}[code]
    assert POLICY.decide(TELLER, code, alone + over, ctx).outcome != "allowed"


def band(up_to_fen, level, mode):
    top = f'up_to = "{up_to_fen // 100}.{up_to_fen % 100:02d}"\n' if up_to_fen else ""
    return f'[[codes.3001.bands]]\n{top}level = {level}\nmode = "{mode}"\n'


@given(st.lists(st.integers(1, 10**8), min_size=1, max_size=4, unique=True),
       st.lists(st.sampled_from([(0, "allowed"), (1, "local"), (1, "remote"), (2, "remote")]), min_size=5, max_size=5),
       st.integers(0, 10**9), st.integers(0, 10**9))
def test_any_valid_band_schedule_is_monotone(limits, grades, a, b):
    grades = sorted(grades, key=lambda g: (g[0], STRICTNESS[g[1]]))
    bands = "".join(band(up_to, level, mode) for up_to, (level, mode) in zip([*sorted(limits), None], grades))
    policy = policy_from_toml(TEXT, f'[codes.3001]\narea = "cash"\n{bands}')
    small, large = sorted((a, b))
    assert_not_weaker(decide("3001", small, policy), decide("3001", large, policy))
