"""Devices in the real window, offscreen: a badge on a serial RDM6300 reader (socat pty pair)
signs in; a keyboard-wedge reader's burst is a badge while a person's typing is not; the
supervisor's badge reaches the open prompt; the Devices… dialog lists, tests and saves
plugins; and a reader unplugged only changes a state label."""
import tomllib
from functools import reduce
from importlib.metadata import EntryPoint

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from devices import registry
from tests.socat import socat_pair  # noqa: F401 (fixture)
from tests.ui.test_cash_teller_window import fill_count, sign_in, wait_idle
from widgets.credentials_dialog import CredentialsDialog
from widgets.device_settings import DeviceSettingsDialog

DEMO_TELLER = "0A1B2C3D01"


def rdm6300_frame(uid: str) -> bytes:
    """02 | 10 ASCII hex | 2 ASCII hex XOR of the 5 data bytes | 03 (protocols.md §4)."""
    checksum = reduce(lambda a, b: a ^ b, bytes.fromhex(uid))
    return b"\x02" + uid.encode() + f"{checksum:02X}".encode() + b"\x03"


def connect_rdm6300(qtbot, window, port) -> None:
    with qtbot.waitSignal(window.devices.badge_state, timeout=5000,
                          check_params_cb=lambda state, detail: state == "connected"):
        window.devices.configure("badge", "rdm6300", {"port": str(port)})
    assert window.device_actions.badge_label.text() == "Badge reader: connected"


def test_presents_a_badge_on_the_socat_serial_reader_and_signs_in(qtbot, window, socat_pair):
    assert rdm6300_frame(DEMO_TELLER) == b"\x020A1B2C3D0101\x03"  # 0A^1B^2C^3D^01 = 01
    connect_rdm6300(qtbot, window, socat_pair.a)
    page = window.sign_in_page
    with qtbot.waitSignal(page.badge_presented, timeout=5000) as presented:
        socat_pair.write(rdm6300_frame(DEMO_TELLER))
    assert presented.args == [DEMO_TELLER] and page.badge_uid() == DEMO_TELLER
    assert page.pin.hasFocus()
    qtbot.keyClicks(page.pin, "111111")
    qtbot.keyClick(page.pin, Qt.Key_Return)
    wait_idle(qtbot, window)
    assert window.stack.currentWidget() is window.workspace


def test_wedge_burst_is_a_badge_and_slow_typing_is_not(qtbot, window):
    page = window.sign_in_page
    page.badge.setFocus()
    with qtbot.assertNotEmitted(page.badge_presented, wait=100):
        QTest.keyClicks(page.badge, DEMO_TELLER, delay=120)  # a person
        QTest.keyClick(page.badge, Qt.Key_Return, delay=120)
    assert page.badge_uid() == DEMO_TELLER and page.pin.hasFocus()  # typed, Enter moved on as before

    page.reset()
    with qtbot.waitSignal(page.badge_presented, timeout=2000) as presented:
        QTest.keyClicks(page.badge, "3808980205", delay=2)  # a wedge reader typing the decimal tag
        QTest.keyClick(page.badge, Qt.Key_Return, delay=2)
    assert presented.args == ["00E3086CED"] and page.badge.currentText() == "00E3086CED"
    assert page.pin.hasFocus()

    page.reset()
    with qtbot.waitSignal(page.badge_presented, timeout=2000):
        QTest.keyClicks(page.badge, DEMO_TELLER, delay=2)
        QTest.keyClick(page.badge, Qt.Key_Return, delay=2)
    qtbot.keyClicks(page.pin, "111111")
    qtbot.keyClick(page.pin, Qt.Key_Return)
    wait_idle(qtbot, window)
    assert window.stack.currentWidget() is window.workspace


def test_the_supervisors_badge_reaches_the_open_prompt(qtbot, window):
    sign_in(qtbot, window)
    window.actions["open_till"].trigger()
    fill_count(qtbot, window.dialog, {"N10000": 10})
    prompt = window.dialog
    assert isinstance(prompt, CredentialsDialog)
    qtbot.keyClicks(prompt.teller_pin, "111111")  # (Return here would accept the prompt at once)
    window.devices.badge_reader.present("0A1B2C3E01")  # the simulated reader, from its own thread
    qtbot.waitUntil(lambda: prompt.supervisor_badge.text() == "0A1B2C3E01", timeout=3000)
    assert prompt.supervisor_pin.hasFocus()
    assert window.sign_in_page.badge_uid() != "0A1B2C3E01"
    qtbot.keyClicks(prompt.supervisor_pin, "900001")
    qtbot.keyClick(prompt.supervisor_pin, Qt.Key_Return)
    wait_idle(qtbot, window)
    wait_idle(qtbot, window)
    assert "Till opened" in window.workspace.form.message.text(), window.workspace.form.message.text()


def open_settings(qtbot, window) -> DeviceSettingsDialog:
    window.device_actions.devices_action.trigger()
    dialog = window.dialog
    assert isinstance(dialog, DeviceSettingsDialog)
    if not dialog.save_button.isEnabled():
        with qtbot.waitSignal(dialog.plugins_loaded, timeout=10000):
            pass
    return dialog


def items(panel):
    model = panel.plugin.model()
    return {info.name: model.item(row) for row, info in enumerate(panel.infos)}


def test_settings_dialog_lists_plugins_and_shows_an_unusable_one(qtbot, window, monkeypatch):
    real = registry._entry_points()
    broken = EntryPoint(name="badge-broken", value="devices.badge.no_such_reader:Reader", group=registry.GROUP)
    monkeypatch.setattr(registry, "_entry_points", lambda: real + [broken])
    dialog = open_settings(qtbot, window)
    assert set(items(dialog.panels["card"])) >= {"simulated", "pcsc"}
    assert set(items(dialog.panels["printer"])) >= {"simulated", "escp"}
    badge = items(dialog.panels["badge"])
    assert set(badge) == {"broken", "rdm6300", "simulated"}
    assert not badge["broken"].isEnabled() and badge["simulated"].isEnabled() and badge["rdm6300"].isEnabled()
    assert "unavailable" in badge["broken"].text() and "No module named" in badge["broken"].text()
    assert "No module named 'devices.badge.no_such_reader'" in badge["broken"].toolTip()
    assert dialog.panels["badge"].plugin.currentText() == "simulated"
    assert "In use: simulated — connected" in dialog.panels["badge"].state.text()
    dialog.reject()


def test_settings_dialog_tests_and_saves(qtbot, window, teller_home):
    dialog = open_settings(qtbot, window)
    with qtbot.waitSignal(dialog.test_finished, timeout=5000) as finished:
        dialog.panels["badge"].test_button.click()
        assert "Present a badge" in dialog.panels["badge"].test_result.text()
        window.devices.badge_reader.present("0A1B2C3E01")
    assert finished.args == ["badge", "Badge read: 0A1B2C3E01"]
    assert window.sign_in_page.badge_uid() == ""  # a test badge is not a sign-in

    with qtbot.waitSignal(dialog.test_finished, timeout=10000) as finished:
        dialog.panels["printer"].test_button.click()
    assert finished.args[0] == "printer" and finished.args[1].endswith("test-page.pdf"), finished.args

    panel = dialog.panels["badge"]
    panel.plugin.setCurrentIndex(panel.plugin.findText("rdm6300"))
    assert [panel.options.item(r, 0).text() for r in range(panel.options.rowCount())] == ["port", "baudrate"]
    panel.options.item(0, 1).setText("loop://")
    panel.options.item(1, 1).setText("9600")
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save_button.click()
    saved = tomllib.loads((teller_home / "config.toml").read_text())
    assert saved["devices"]["badge"] == {"plugin": "rdm6300", "options": {"port": "loop://", "baudrate": 9600}}
    assert window.devices.choices["badge"] == ("rdm6300", {"port": "loop://", "baudrate": 9600})
    qtbot.waitUntil(lambda: "In use: rdm6300 — connected" in panel.state.text(), timeout=5000)

    panel.options.item(0, 1).setText("/dev/does-not-exist")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "does not exist" in dialog.message.text(), timeout=5000)
    assert tomllib.loads((teller_home / "config.toml").read_text()) == saved  # nothing written
    dialog.reject()


def test_unplugging_the_serial_reader_only_changes_the_state(qtbot, window, socat_pair):
    connect_rdm6300(qtbot, window, socat_pair.a)
    dialog = open_settings(qtbot, window)
    state = dialog.panels["badge"].state
    assert "connected" in state.text()
    socat_pair.stop()  # the USB adapter is pulled
    qtbot.waitUntil(lambda: window.device_actions.badge_label.text() == "Badge reader: DISCONNECTED", timeout=5000)
    assert "disconnected" in state.text()
    dialog.reject()
    wait_idle(qtbot, window)
    sign_in(qtbot, window)  # the window still works, by keyboard
    assert window.stack.currentWidget() is window.workspace
    socat_pair.start()  # plugged back in: no restart needed
    qtbot.waitUntil(lambda: window.device_actions.badge_label.text() == "Badge reader: connected", timeout=5000)


def test_a_signed_in_teller_may_not_change_the_devices(qtbot, window):
    from tests.ui.test_cash_teller_window import sign_in

    sign_in(qtbot, window)  # a cash teller
    window.device_actions.devices_action.trigger()
    assert window.dialog is None or not window.dialog.isVisible()
    assert "Only a supervisor" in window.statusBar().currentMessage()
