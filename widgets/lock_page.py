"""Temporary lock (暂离): the screen hides the work until the same teller's PIN is entered."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget


class LockPage(QWidget):
    unlock_requested = Signal(str)  # PIN

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lock_page")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel(alignment=Qt.AlignCenter, objectName="lock_title")
        self.title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        layout.addWidget(self.title)
        self.pin = QLineEdit(echoMode=QLineEdit.Password, objectName="unlock_pin")
        self.pin.setMaxLength(6)
        self.pin.setMaximumWidth(240)
        layout.addWidget(self.pin, alignment=Qt.AlignHCenter)
        self.message = QLabel(alignment=Qt.AlignCenter, objectName="lock_message")
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)
        layout.addStretch(2)
        self.pin.returnPressed.connect(self._on_pin_return_pressed)
        self._teller = ""
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Locked (away from the counter): %1").replace("%1", self._teller))
        self.pin.setPlaceholderText(self.tr("Your PIN to continue"))

    def show_for(self, teller_name: str, why: str) -> None:
        self._teller = teller_name
        self.retranslate()
        self.message.setText(why)
        self.pin.clear()
        self.pin.setFocus()

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.pin.clear()

    def _on_pin_return_pressed(self) -> None:
        self.unlock_requested.emit(self.pin.text())
