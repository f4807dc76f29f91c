"""The badge + PIN prompt: a supervisor's authorisation, or both parties of a dual-control handover."""
from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from teller.services.credentials import Credentials


class CredentialsDialog(QDialog):
    """Shows what is being authorised and collects the supervisor's badge and PIN
    (and, for dual control, the teller's own PIN)."""

    def __init__(self, title: str, what: str, *, teller_badge: str | None = None,
                 supervisor_required: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("credentials_dialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self._teller_badge = teller_badge
        layout = QVBoxLayout(self)
        self.what_label = QLabel(what)
        self.what_label.setObjectName("authorisation_what")
        self.what_label.setWordWrap(True)
        layout.addWidget(self.what_label)
        self.teller_pin = QLineEdit(echoMode=QLineEdit.Password, objectName="teller_pin")
        if teller_badge:
            box = QGroupBox(self.tr("Teller"))
            form = QFormLayout(box)
            form.addRow(self.tr("PIN"), self.teller_pin)
            layout.addWidget(box)
        self.supervisor_badge = QLineEdit(objectName="supervisor_badge")
        self.supervisor_pin = QLineEdit(echoMode=QLineEdit.Password, objectName="supervisor_pin")
        if supervisor_required:
            box = QGroupBox(self.tr("Supervisor"))
            form = QFormLayout(box)
            form.addRow(self.tr("Badge"), self.supervisor_badge)
            form.addRow(self.tr("PIN"), self.supervisor_pin)
            layout.addWidget(box)
        self.supervisor_pin.returnPressed.connect(self.accept)
        self.teller_pin.returnPressed.connect(self._on_teller_pin_return)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        for button in buttons.buttons():  # Enter moves field to field; only the last PIN submits
            button.setAutoDefault(False)
            button.setDefault(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.teller_pin if teller_badge else self.supervisor_badge).setFocus()

    def _on_teller_pin_return(self) -> None:
        self.supervisor_badge.setFocus()

    def present_badge(self, uid: str) -> None:
        """A badge read by the badge reader while the dialog is open is the supervisor's."""
        self.supervisor_badge.setText(uid)
        self.supervisor_pin.setFocus()

    def teller_credentials(self) -> Credentials | None:
        return Credentials(self._teller_badge, self.teller_pin.text()) if self._teller_badge else None

    def supervisor_credentials(self) -> Credentials:
        return Credentials(self.supervisor_badge.text().strip(), self.supervisor_pin.text())
