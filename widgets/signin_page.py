"""Sign-in (签到): badge from the badge reader (simulated: typed or picked; a keyboard-wedge
reader types it fast and presses Enter), then PIN."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
                               QWidget)

from teller.services.credentials import Credentials
from widgets.device_bridge import WedgeFilter


class SignInPage(QWidget):
    sign_in_requested = Signal(object)  # Credentials
    badge_presented = Signal(str)  # a reader (serial, simulated or wedge) put this UID in the field

    def __init__(self, demo_badges: list[tuple[str, str]] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sign_in_page")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        self.title = QLabel(alignment=Qt.AlignCenter, objectName="sign_in_title")
        self.title.setStyleSheet("font-size: 22pt; font-weight: bold;")
        outer.addWidget(self.title)
        form_host = QWidget()
        form = QFormLayout(form_host)
        # The simulated badge reader: the UID is typed (or chosen from the demo badges).
        self.badge = QComboBox(objectName="badge_input")
        self.badge.setEditable(True)
        self.badge.setInsertPolicy(QComboBox.NoInsert)
        for name, uid in demo_badges or []:
            self.badge.addItem(f"{uid}  {name}", uid)
        self.badge.setCurrentIndex(-1)
        self.pin = QLineEdit(echoMode=QLineEdit.Password, objectName="pin_input")
        self.pin.setMaxLength(6)
        self.badge_label, self.pin_label = QLabel(), QLabel()
        form.addRow(self.badge_label, self.badge)
        form.addRow(self.pin_label, self.pin)
        form_host.setMaximumWidth(520)
        outer.addWidget(form_host, alignment=Qt.AlignHCenter)
        self.button = QPushButton(objectName="sign_in_button")
        self.button.clicked.connect(self._on_button_clicked)
        outer.addWidget(self.button, alignment=Qt.AlignHCenter)
        self.message = QLabel(alignment=Qt.AlignCenter, objectName="sign_in_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020; font-size: 12pt;")
        outer.addWidget(self.message)
        outer.addStretch(2)
        self.badge.lineEdit().returnPressed.connect(self.pin.setFocus)
        self.wedge = WedgeFilter(self.badge, self.badge.lineEdit())
        self.wedge.badge_read.connect(self._on_wedge_badge_read)
        self.pin.returnPressed.connect(self._on_button_clicked)
        self.set_ready(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Teller workstation — sign in"))
        self.badge_label.setText(self.tr("Badge"))
        self.pin_label.setText(self.tr("PIN"))
        self.button.setText(self.tr("Sign in"))
        self.badge.lineEdit().setPlaceholderText(self.tr("Present your badge or type its number"))

    def set_ready(self, ready: bool, note: str = "") -> None:
        self.button.setEnabled(ready)
        if note:
            self.message.setText(note)

    def present_badge(self, uid: str) -> None:
        self.badge.setEditText(uid)
        self.pin.setFocus()
        self.badge_presented.emit(uid)

    def _on_wedge_badge_read(self, uid: str) -> None:
        self.present_badge(uid)

    def badge_uid(self) -> str:
        data = self.badge.currentData()
        text = self.badge.currentText().strip()
        if data and text.startswith(data):
            return data
        return text.split()[0] if text else ""

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.pin.clear()
        self.pin.setFocus()

    def reset(self) -> None:
        self.badge.setCurrentIndex(-1)
        self.badge.setEditText("")
        self.pin.clear()
        self.message.clear()
        self.badge.setFocus()

    def _on_button_clicked(self) -> None:
        if not self.button.isEnabled():
            return
        self.message.clear()
        self.sign_in_requested.emit(Credentials(self.badge_uid(), self.pin.text()))
