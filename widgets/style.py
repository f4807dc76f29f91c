"""The workstation's look: one style sheet (resources/teller.qss) for the whole application."""
from __future__ import annotations

from importlib import resources as importlib_resources

from PySide6.QtWidgets import QApplication, QLineEdit

from teller.domain.errors import TellerError
from teller.domain.money import format_amount, parse_amount, to_fen


def style_sheet() -> str:
    return importlib_resources.files("resources").joinpath("teller.qss").read_text(encoding="utf-8")


def apply_style(app: QApplication) -> None:
    app.setStyleSheet(style_sheet())


def amount_field(field: QLineEdit) -> QLineEdit:
    """An amount as tellers read them: right-aligned, large, and "3000" shown as 3,000.00 once the
    field is left (what cannot be read as an amount stays as typed, for the message to explain)."""
    from PySide6.QtCore import Qt

    field.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
    field.setProperty("amount", True)

    def reformat():
        text = field.text().strip()
        if not text:
            return
        try:
            field.setText(format_amount(to_fen(parse_amount(text))))
        except TellerError:
            pass

    field.editingFinished.connect(reformat)
    return field
