"""A cash count in a dialog: opening cash, sell-back, the blind count at close."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from teller.domain.denominations import Denomination
from widgets.denominations import DenominationEditor


class CountDialog(QDialog):
    def __init__(self, title: str, note: str, denominations: tuple[Denomination, ...],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("count_dialog")
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.editor = DenominationEditor(denominations)
        layout.addWidget(self.editor)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.editor.finished.connect(self.accept)
        self.editor.focus_first()
