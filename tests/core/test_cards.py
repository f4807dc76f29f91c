"""Card to account lookup at the core emulator: the PAN travels in a request body only."""
import pytest

from teller.sync.core_client import UnknownAccount


def test_card_resolves_to_its_account(core_gateway):
    account = core_gateway.account_for_card("6217000010001234567")
    assert account.account == "44010001000000017" and account.name.startswith("张伟")


def test_unknown_card_is_refused_without_showing_the_pan(core_gateway):
    with pytest.raises(UnknownAccount) as refused:
        core_gateway.account_for_card("6217009999999999999")
    assert "6217009999999999999" not in str(refused.value) and "621700" in str(refused.value)
