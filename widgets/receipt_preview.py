"""The simulated voucher printer's preview window: the printed page as the customer gets it."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget


class ReceiptPreview(QDialog):
    def __init__(self, png: bytes, where: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("receipt_preview")
        self.setWindowTitle(self.tr("Receipt preview (simulated printer)"))
        layout = QVBoxLayout(self)
        picture = QLabel(alignment=Qt.AlignCenter)
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        picture.setPixmap(pixmap)
        scroll = QScrollArea()
        scroll.setWidget(picture)
        scroll.setWidgetResizable(True)
        layout.addWidget(scroll)
        self.where = QLabel(self.tr("Saved as %1").replace("%1", where))
        layout.addWidget(self.where)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(min(pixmap.width() + 60, 1100), min(pixmap.height() + 120, 800))
