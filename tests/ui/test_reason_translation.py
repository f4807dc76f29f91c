"""The policy's reasons reach a zh_CN supervisor in Chinese, amounts and all, while the journal
and the logs keep the English text; stored requests (JSON) keep what is needed to translate."""
import json
import re

import pytest

from teller.domain.errors import TellerError
from teller.domain.authorisation import OPERATIONS, REASONS, AuthContext, Reason, policy_from_toml
from teller.domain.roles import Role
from teller.services.policy_rules import default_rules_text
from widgets.messages import OPERATION_NAMES, REASON_TEMPLATES, ROLE_NAMES, reason_text, reasons_text, role_names

Y = 100  # fen per yuan


@pytest.fixture
def chinese(qapp):
    from widgets.i18n import install_language

    install_language(qapp, "zh_CN")
    yield
    install_language(qapp, "en")


def test_the_ui_tables_follow_the_domain():
    assert REASON_TEMPLATES == REASONS
    assert OPERATION_NAMES == OPERATIONS
    assert set(ROLE_NAMES) == {r.value for r in Role}


def decide(action, amount_fen, roles=(Role.CASH_TELLER,), **ctx):
    return policy_from_toml(default_rules_text()).decide(list(roles), action, amount_fen, AuthContext(**ctx))


def test_english_ui_shows_the_domain_text(qapp):
    decision = decide("1002", 60_000 * Y, offline=True)
    assert [reason_text(r) for r in decision.reasons] == [str(r) for r in decision.reasons]


def test_band_offline_and_large_cash_reasons_in_chinese(chinese):
    decision = decide("1002", 60_000 * Y, offline=True)
    text = reasons_text(decision.reasons)
    assert "60,000.00" in text and "20,000.00" in text and "50,000.00" in text
    assert "脱机" in text and "大额" in text, text
    assert not any(word in text for word in ("offline", "amount", "customer")), text


def test_operation_and_maker_reasons_in_chinese(chinese):
    reversal = decide("reversal", 100 * Y)
    assert "错账冲正" in reason_text(reversal.reasons[0]) and "2" in reason_text(reversal.reasons[0])
    wrong_maker = decide("1002", 100 * Y, roles=[Role.REVIEWER])
    assert "现金柜员" in reasons_text(wrong_maker.reasons), reasons_text(wrong_maker.reasons)
    assert role_names([Role.CASH_HEAD, Role.BRANCH_MANAGER]) in ("现金区台长、营业室主任", "营业室主任、现金区台长")


def test_stored_reasons_keep_their_key_and_older_texts_still_show(chinese):
    reason = decide("1002", 60_000 * Y).reasons[0]
    stored = json.loads(json.dumps([reason.to_json()]))
    assert reason_text(Reason.from_json(stored[0])) == reason_text(reason) != str(reason)
    assert reason_text(Reason.from_json("an older English reason")) == "an older English reason"


def _error_classes():
    import importlib
    import pkgutil

    import devices
    import printing
    import teller
    from teller.domain.errors import TellerError

    for package in (teller, devices, printing):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not module.name.startswith("teller.core"):  # the emulator's own errors never reach a teller
                importlib.import_module(module.name)
    found, todo = set(), [TellerError]
    while todo:
        cls = todo.pop()
        found.add(cls)
        todo.extend(cls.__subclasses__())
    return {cls for cls in found - {TellerError} if not cls.__module__.startswith("teller.core")}


def test_every_error_a_teller_can_meet_has_a_headline():
    from widgets.messages import HEADLINES

    missing = sorted({cls.code for cls in _error_classes() if cls.code not in HEADLINES})
    assert missing == [], f"add a translated headline to widgets/messages.py HEADLINES for {missing}"


def test_every_catalogued_message_is_still_raised_word_for_word():
    from pathlib import Path

    from widgets.messages import DETAILS

    root = Path(__file__).resolve().parents[2]
    source = "".join(p.read_text(encoding="utf-8") for package in ("teller", "devices", "printing")
                     for p in (root / package).rglob("*.py"))
    stale = [message for message in DETAILS if f'"{message}"' not in source]
    assert stale == [], f"no longer raised as written (update widgets/messages.py DETAILS): {stale}"


def test_fixed_messages_reach_a_chinese_teller_in_chinese(chinese):
    from teller.domain.errors import InvalidAmount, TillNotOpen
    from teller.domain.money import parse_amount
    from widgets.messages import describe

    with pytest.raises(InvalidAmount) as refused:
        parse_amount("-5")
    assert describe(refused.value).endswith(": 金额不能为负数")
    assert describe(TillNotOpen("Open your till from the vault first.")).endswith("请先从金库领取尾箱。")
    with pytest.raises(InvalidAmount) as over:  # a message with a parameter, by its key
        parse_amount("1000000000000")
    assert describe(over.value) == "金额无效: 金额超过上限999,999,999,999.99"


LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def sample_params(template: str) -> dict:
    """Sample values for a template's parameters; codes the UI turns into words come as codes."""
    import string

    values = {"person": "王芳 Wang Fang", "roles": "cash teller", "role_codes": "cash_teller,branch_manager",
              "action": "reprint a receipt", "action_key": "reprint_receipt_of_others", "purpose": "review postings",
              "denomination": "¥100 notes", "denomination_id": "N10000", "name": "Cash deposit", "name_zh": "现金存款",
              "char": "'a'", "whole": "'1,23'", "date": "2026-11-22", "region": "999999", "maximum": "1,000.00"}
    fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    return {f: values.get(f, "12") for f in fields} | {k: v for k, v in values.items() if k.endswith(("_codes", "_key",
                                                                                                    "_id", "_zh"))}


def test_every_message_with_parameters_in_both_languages(qapp):
    """Every keyed message (teller.domain.texts) with sample parameters, raised as every kind of
    TellerError: English word for word as the code says it, Chinese without an English word."""
    from teller.domain.texts import MESSAGES, Text
    from widgets.i18n import install_language
    from widgets.messages import MESSAGE_TEMPLATES, describe, headline

    assert set(MESSAGE_TEMPLATES) == set(MESSAGES) and MESSAGE_TEMPLATES == MESSAGES
    errors = sorted(_error_classes(), key=lambda cls: cls.__name__)
    english, chinese = {}, {}
    for language, shown in (("en", english), ("zh_CN", chinese)):
        install_language(qapp, language)
        try:
            for i, key in enumerate(sorted(MESSAGES)):
                text = Text(key, **sample_params(MESSAGES[key]))
                cls = errors[i % len(errors)]
                error = cls.__new__(cls)
                TellerError.__init__(error, text)
                shown[key] = (describe(error), headline(cls.code), str(text))
        finally:
            install_language(qapp, "en")
    for key, (text, head, message) in english.items():
        assert text == f"{head}: {message}", key
    latin = {key: text for key, (text, _, _) in chinese.items()
             if set(LATIN_WORD.findall(text.replace("Wang Fang", ""))) - {"PIN"}}
    assert latin == {}, latin
