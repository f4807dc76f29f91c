"""Large cash (大额现金): the customer's ID and the purpose, as the central bank's report needs."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout)

from teller.domain.errors import TellerError
from teller.services.identity import ID_TYPES
from teller.services.large_cash import CustomerIdentity
from widgets.messages import describe
from widgets.codes import id_type_name


class LargeCashDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("large_cash_dialog")
        self.setWindowTitle(self.tr("Large cash: customer identification"))
        self.identity: CustomerIdentity | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("50,000 or more in cash today: the central bank's rule asks for the "
                                        "customer's ID and the purpose.")))
        form = QFormLayout()
        self.id_type = QComboBox(objectName="id_type")
        for code in ID_TYPES:
            self.id_type.addItem(id_type_name(code), code)
        self.id_number = QLineEdit(objectName="id_number")
        self.purpose = QLineEdit(objectName="purpose")
        form.addRow(self.tr("ID type"), self.id_type)
        form.addRow(self.tr("ID number"), self.id_number)
        form.addRow(self.tr("Purpose"), self.purpose)
        layout.addLayout(form)
        self.message = QLabel(objectName="large_cash_message")
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.id_number.returnPressed.connect(self.purpose.setFocus)
        self.purpose.returnPressed.connect(self.accept)
        self.id_number.setFocus()

    def accept(self) -> None:
        try:
            self.identity = CustomerIdentity.checked(self.id_type.currentData(), self.id_number.text(),
                                                     self.purpose.text())
        except TellerError as exc:
            self.message.setText(describe(exc))
            return
        super().accept()
