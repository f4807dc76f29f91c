"""PIN verifiers: the branch's scrypt verifier, the workstation's keyed copy, the cost."""
import os

from teller.domain import pin


def test_the_branch_verifier_checks_the_pin():
    stored = pin.hash_pin("135790")
    assert pin.verify_pin("135790", stored) and not pin.verify_pin("135791", stored)


def test_a_keyed_copy_verifies_only_with_its_key_and_a_plain_verifier_is_refused_in_a_copy():
    key = os.urandom(32)
    stored = pin.hash_pin("135790")
    copy = pin.keyed_verifier(stored, key)
    assert copy.startswith("scrypt-hmac$") and stored.split("$")[-1] not in copy
    assert pin.verify_pin("135790", copy, key=key)
    assert not pin.verify_pin("135791", copy, key=key)
    assert not pin.verify_pin("135790", copy)  # the file alone: nothing to compare against
    assert not pin.verify_pin("135790", copy, key=os.urandom(32))
    assert not pin.verify_pin("135790", stored, key=key)  # a workstation copy must be keyed


def test_the_cost_is_at_least_four_times_the_old_one_and_old_verifiers_are_upgraded():
    real = pin.ScryptCost(2**15, 8, 2)
    old = pin.hash_pin("135790", cost=pin.ScryptCost(2**14, 8, 1))
    assert pin.verify_pin("135790", old)  # older verifiers still work ...
    assert pin.needs_rehash(old, real)  # ... and are hashed again at the next right PIN
    assert not pin.needs_rehash(pin.hash_pin("135790", cost=real), real)


def test_the_configured_cost_is_the_measured_one():
    import importlib

    fresh = importlib.reload(pin)  # the module as shipped, not the tests' quick KDF
    try:
        assert fresh.COST.n * fresh.COST.r * fresh.COST.p >= 4 * 2**14 * 8  # bench/pin_kdf.py: >= 100 ms
    finally:
        importlib.reload(pin)
