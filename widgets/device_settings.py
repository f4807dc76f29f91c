"""Devices…: per kind (card, badge, printer) the plugin, its options, its live state, a test,
and Save to [devices.<kind>] in $TELLER_HOME/config.toml. Plugin checks, tests and saving
run off the UI thread; a device that fails only changes what this dialog says."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from devices import registry
from teller.ports import FormJob
from widgets.device_bridge import stop_in_background
from widgets.device_panel import DevicePanel
from widgets.messages import describe
from widgets.tasks import BackgroundRunner

KINDS = ("card", "badge", "printer")
TRIAL_SECONDS = {"badge": 10, "card": 30}


def _test_page_pdf() -> bytes:
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    page = canvas.Canvas(buf, pagesize=(210 * mm, 99 * mm))
    page.drawString(20 * mm, 70 * mm, "Teller workstation - printer test page")
    page.drawString(20 * mm, 60 * mm, dt.datetime.now().isoformat(timespec="seconds"))
    page.showPage()
    page.save()
    return buf.getvalue()


class DeviceSettingsDialog(QDialog):
    plugins_loaded = Signal()
    test_finished = Signal(str, str)  # kind, what the test showed
    saved = Signal()
    _trial_badge = Signal(int, str)  # from a reader started only for a test, on its thread
    _trial_card = Signal(int, object)

    def __init__(self, bridge, config_file: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.setObjectName("device_settings")
        self.setWindowTitle(self.tr("Devices"))
        self.setMinimumWidth(640)
        self.bridge, self.config_file = bridge, Path(config_file)
        self.runner = BackgroundRunner(self)  # device work, never in the window's database queue
        titles = {"card": self.tr("Card reader"), "badge": self.tr("Badge reader"), "printer": self.tr("Printer")}
        self.panels = {kind: DevicePanel(kind, titles[kind]) for kind in KINDS}
        layout = QVBoxLayout(self)
        for panel in self.panels.values():
            panel.test_requested.connect(self._on_panel_test_requested)
            panel.setEnabled(False)
            layout.addWidget(panel)
        self.message = QLabel(self.tr("Looking for device plugins…"), objectName="devices_message", wordWrap=True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Close)
        self.save_button = buttons.button(QDialogButtonBox.Save)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._trial: tuple[str, object, int] | None = None  # kind, reader started for the test (or None), token
        self._token = 0
        self.trial_timer = QTimer(self, singleShot=True)
        self.trial_timer.timeout.connect(self._on_trial_timer_timeout)
        self._trial_badge.connect(self._on_self_trial_badge)
        self._trial_card.connect(self._on_self_trial_card)
        for signal in (bridge.badge_state, bridge.card_state):
            signal.connect(self._on_bridge_state)
        bridge.devices_changed.connect(self._on_bridge_state)
        bridge.badge_presented.connect(self._on_bridge_badge_presented)
        bridge.card_event.connect(self._on_bridge_card_event)
        self.finished.connect(self._on_self_finished)
        self._show_states()
        options = {(kind, name): opts for kind, (name, opts) in bridge.choices.items()}
        self.runner.run(lambda: registry.discover(options), self._on_plugins_found, self._on_work_failed)

    def _on_plugins_found(self, infos: list[registry.PluginInfo]) -> None:
        for kind, panel in self.panels.items():
            panel.set_plugins([i for i in infos if i.kind == kind], self.bridge.choices.get(kind, ("", {})))
            panel.setEnabled(True)
        self.save_button.setEnabled(True)
        self.message.setText("")
        self.plugins_loaded.emit()

    def _on_work_failed(self, error: Exception) -> None:
        self.message.setText(describe(error))

    # -- live state ------------------------------------------------------------------------
    def _on_bridge_state(self, *_args) -> None:
        self._show_states()

    def _show_states(self) -> None:
        words = {"connected": self.tr("connected"), "disconnected": self.tr("disconnected"),
                 "stopped": self.tr("stopped"), "error": self.tr("error")}
        for kind, panel in self.panels.items():
            name, _options = self.bridge.choices.get(kind, (self.tr("none"), {}))
            text = self.tr("In use: %1").replace("%1", name)
            ok = kind in self.bridge.devices
            if kind in self.bridge.states:
                state, detail = self.bridge.states[kind]
                text += f" — {words.get(state, state)}" + (f" ({detail})" if detail else "")
                ok = ok and state == "connected"
            if kind in self.bridge.warnings:
                text += "\n" + self.bridge.warnings[kind]
            panel.show_state(text, ok)

    # -- tests -----------------------------------------------------------------------------
    def _on_panel_test_requested(self, kind: str) -> None:
        self._end_trial()
        panel, (name, options) = self.panels[kind], self.panels[kind].choice()
        in_use = (name, options) == self.bridge.choices.get(kind)
        if kind == "printer":
            panel.show_test(self.tr("Printing a test page…"))
            self.runner.run(lambda: self._print_test_page(name, options, in_use),
                            lambda where: self._finish(kind, self.tr("Printed: %1").replace("%1", str(where))),
                            lambda error: self._finish(kind, describe(error)))
            return
        self._token += 1
        token, seconds = self._token, TRIAL_SECONDS[kind]
        prompt = self.tr("Present a badge within %1 s…") if kind == "badge" else self.tr("Insert a card within %1 s…")
        panel.show_test(prompt.replace("%1", str(seconds)))
        self._trial = (kind, None, token)
        self.trial_timer.start(seconds * 1000)
        if not in_use:  # try the choice on screen without touching the device in use
            self.runner.run(lambda: registry.create(kind, name, options),
                            lambda device: self._start_trial(kind, device, token),
                            lambda error: self._finish(kind, describe(error)))

    def _start_trial(self, kind: str, device, token: int) -> None:
        if self._trial is None or self._trial[2] != token:
            return
        self._trial = (kind, device, token)
        try:
            if kind == "badge":
                device.start(lambda uid: self._relay(self._trial_badge, token, uid))
            else:
                device.start(lambda event: self._relay(self._trial_card, token, event))
        except Exception as error:  # noqa: BLE001 - the test fails, the dialog stays
            self._finish(kind, describe(error))

    def _relay(self, signal, *args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the dialog is gone; the test reader is being stopped
            pass

    def _print_test_page(self, name: str, options: dict, in_use: bool) -> str:
        defaults = registry.default_options(self.config_file.parent).get(("printer", name), {})
        printer = self.bridge.printer if in_use else registry.create("printer", name, {**defaults, **options})
        if name == "simulated":
            return printer.print_document("test-page", _test_page_pdf())
        stamp = dt.datetime.now().isoformat(timespec="seconds")
        return printer.print_form(FormJob("test_page", {"title": "Test page 打印测试页", "time": stamp,
                                                        "sample": "中文 GB18030 · ABC abc 0123456789 ¥1,409.50"},
                                          "test-page"))

    def _on_bridge_badge_presented(self, uid: str) -> None:
        if self._trial and self._trial[0] == "badge" and self._trial[1] is None:
            self._finish("badge", self.tr("Badge read: %1").replace("%1", uid))

    def _on_self_trial_badge(self, token: int, uid: str) -> None:
        if self._trial and self._trial[2] == token:
            self._finish("badge", self.tr("Badge read: %1").replace("%1", uid))

    def _on_bridge_card_event(self, event) -> None:
        if self._trial and self._trial[0] == "card" and self._trial[1] is None:
            self._card_seen(event)

    def _on_self_trial_card(self, token: int, event) -> None:
        if self._trial and self._trial[2] == token:
            self._card_seen(event)

    def _card_seen(self, event) -> None:
        if event.kind == "read":  # the masked PAN only: the full PAN is for the core
            self._finish("card", self.tr("Card read: %1 %2").replace("%1", event.card.masked_pan).replace(
                "%2", event.card.holder_name or ""))
        elif event.kind == "error":
            self._finish("card", self.tr("Card error: %1").replace("%1", event.message))
        elif event.kind == "removed":
            self._finish("card", self.tr("Card removed before it was read."))
        elif event.kind == "inserted":
            self.panels["card"].show_test(self.tr("Card inserted, reading…"))

    def _on_trial_timer_timeout(self) -> None:
        if self._trial:
            kind = self._trial[0]
            self._finish(kind, self.tr("Nothing within %1 s.").replace("%1", str(TRIAL_SECONDS[kind])))

    def _finish(self, kind: str, text: str) -> None:
        if self._trial and self._trial[0] == kind:
            self._end_trial()
        self.panels[kind].show_test(text)
        self.test_finished.emit(kind, text)

    def _end_trial(self) -> None:
        self.trial_timer.stop()
        if self._trial and self._trial[1] is not None:
            stop_in_background(self._trial[1])
        self._trial = None

    # -- save ------------------------------------------------------------------------------
    def _on_save_button_clicked(self) -> None:
        choices = {kind: panel.choice() for kind, panel in self.panels.items() if panel.choice()[0]}
        changed = {kind: c for kind, c in choices.items() if c != self.bridge.choices.get(kind)}
        defaults = registry.default_options(self.config_file.parent)

        def work():  # build first: an unusable choice is refused before anything is written
            built = {kind: registry.create(kind, name, {**defaults.get((kind, name), {}), **opts})
                     for kind, (name, opts) in changed.items()}
            registry.save_device_config(self.config_file, choices)
            return built

        self.save_button.setEnabled(False)
        self.message.setText(self.tr("Saving…"))
        self.runner.run(work, lambda built: self._on_saved(built, changed), self._on_save_failed)

    def _on_saved(self, built: dict, changed: dict) -> None:
        for kind, device in built.items():
            self.bridge.install(kind, device, *changed[kind])
        self.save_button.setEnabled(True)
        self.message.setText(self.tr("Saved to %1.").replace("%1", str(self.config_file)))
        self.saved.emit()

    def _on_save_failed(self, error: Exception) -> None:
        self.save_button.setEnabled(True)
        self.message.setText(describe(error))

    def _on_self_finished(self, _result: int) -> None:
        self._end_trial()
        bridge = self.bridge
        for signal, slot in ((bridge.badge_presented, self._on_bridge_badge_presented),
                             (bridge.card_event, self._on_bridge_card_event), (bridge.badge_state, self._on_bridge_state),
                             (bridge.card_state, self._on_bridge_state), (bridge.devices_changed, self._on_bridge_state)):
            signal.disconnect(slot)
