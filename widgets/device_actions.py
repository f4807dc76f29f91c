"""The window's side of the devices: the badge reader's state in the status bar, the Devices…
menu entry, and where a presented badge goes — the open badge + PIN prompt (supervisor
authorisation, dual control), else the sign-in screen, else nowhere."""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from teller.domain.permissions import may
from widgets.credentials_dialog import CredentialsDialog
from widgets.device_bridge import WedgeFilter


class DeviceActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        bridge = window.devices
        self.badge_label = QLabel(objectName="badge_state")
        window.statusBar().addPermanentWidget(self.badge_label)
        self.menu = window.menuBar().addMenu("")
        self.devices_action = QAction(window, enabled=False)  # enabled once bootstrap built the devices
        self.devices_action.triggered.connect(self._on_devices_action_triggered)
        self.menu.addAction(self.devices_action)
        bridge.badge_presented.connect(self._on_bridge_badge_presented)
        bridge.badge_state.connect(self._on_bridge_badge_state)
        bridge.devices_changed.connect(self._on_bridge_devices_changed)

    def retranslate(self) -> None:
        self.menu.setTitle(self.tr("&Setup"))
        self.devices_action.setText(self.tr("Devices…"))
        self._on_bridge_badge_state(*self.w.devices.states["badge"])

    def started(self, devices) -> None:
        """Bootstrap is done: `devices` is registry.configured()'s DeviceSet, or a plain dict."""
        self.w.devices.adopt(devices)
        self.devices_action.setEnabled(True)
        for warning in self.w.devices.warnings.values():
            self.w.statusBar().showMessage(warning, 15000)

    def staff_changed(self, staff) -> None:
        """Signed in (`staff`) or off (None): Setup → Devices is shown only to whom may use it."""
        allowed = staff is None or may(staff, "setup_devices")
        self.menu.menuAction().setVisible(allowed)
        self.devices_action.setVisible(allowed)

    def dialog_shown(self, dialog) -> None:
        if isinstance(dialog, CredentialsDialog):  # a keyboard-wedge reader types the supervisor's badge
            WedgeFilter(dialog.supervisor_badge).badge_read.connect(dialog.present_badge)

    def _on_bridge_badge_presented(self, uid: str) -> None:
        prompts = [d for d in self.w.findChildren(CredentialsDialog) if d.isVisible()]
        if prompts:
            prompts[-1].present_badge(uid)
        elif self.w.dialog is not None and self.w.dialog.isVisible():
            return  # another dialog is in front (a count, the device test): the badge is not for the window
        elif self.w.stack.currentWidget() is self.w.sign_in_page:
            self.w.sign_in_page.present_badge(uid)

    def _on_bridge_badge_state(self, state: str, detail: str) -> None:
        texts = {"connected": self.tr("Badge reader: connected"), "stopped": self.tr("Badge reader: stopped"),
                 "disconnected": self.tr("Badge reader: DISCONNECTED"), "error": self.tr("Badge reader: ERROR")}
        self.badge_label.setText(texts.get(state, state))
        self.badge_label.setToolTip(detail)
        self.badge_label.setStyleSheet("" if state == "connected" else "color: #b00020; font-weight: bold;")

    def _on_bridge_devices_changed(self, kind: str) -> None:
        if kind == "printer":
            self.w.printer = self.w.devices.printer

    def _on_devices_action_triggered(self) -> None:
        from widgets.device_settings import DeviceSettingsDialog

        session = self.w.session
        if session is not None and not may(session.staff, "setup_devices"):
            # device set-up is for IT before anyone signs in, or for a supervisor
            self.w.statusBar().showMessage(self.tr("Only a supervisor may change the devices while signed in."),
                                           10000)
            return
        home = self.w.services.ctx.settings.home
        self.w.show_dialog(DeviceSettingsDialog(self.w.devices, home / "config.toml", self.w))
