"""zh_CN and English: every UI string translated, the compiled .qm current, Chinese fonts present,
and the language switch taking effect at once."""
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.conftest import require_component

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources/i18n/teller_zh_CN.ts"
QM = ROOT / "resources/i18n/teller_zh_CN.qm"
BIN = Path(sys.executable).parent


def test_every_ui_string_is_translated(tmp_path):
    fresh = tmp_path / "fresh.ts"
    shutil.copy(TS, fresh)
    subprocess.run([BIN / "pyside6-lupdate", *sorted(str(p) for p in (ROOT / "widgets").glob("*.py")),
                    "-ts", str(fresh), "-no-obsolete"], check=True, capture_output=True)
    unfinished = [m.find("source").text for m in ET.parse(fresh).iter("message")
                  if m.find("translation").get("type") == "unfinished" or not m.find("translation").text]
    assert unfinished == [], "run scripts/i18n.sh and translate: " + ", ".join(unfinished)


def test_compiled_translation_is_current(tmp_path):
    out = tmp_path / "check.qm"
    subprocess.run([BIN / "pyside6-lrelease", str(TS), "-qm", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == QM.read_bytes(), "resources/i18n/teller_zh_CN.qm is stale: run scripts/i18n.sh"


def test_chinese_font_is_available_to_qt(qapp):
    from PySide6.QtGui import QFontDatabase

    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    require_component(bool(families), "no Simplified Chinese font for Qt (fonts-noto-cjk; scripts/setup.sh)")


def test_language_switch(qtbot, window):
    window.set_language("zh_CN")
    assert window.sign_in_page.title.text() == "柜员工作站 — 签到"
    assert window.sign_in_page.button.text() == "签到"
    window.set_language("en")
    assert window.sign_in_page.title.text() == "Teller workstation — sign in"


def test_status_bar_and_supervisor_tabs_follow_a_language_switch(qtbot, window):
    from tests.ui.test_cash_teller_window import wait_idle

    window.set_link_state("offline", 3)
    window._show_branch_state("offline", "branch store unreachable: refused")
    window.set_language("zh_CN")
    assert window.link_label.text().startswith("主机") and "3" in window.link_label.text()
    assert window.branch_label.text().startswith("网点服务器")
    window.set_language("en")
    assert window.link_label.text() == "Core: OFFLINE (3 waiting)"
    assert window.branch_label.text() == "Branch: OFFLINE (journal kept here)"
    wait_idle(qtbot, window)
