"""Passbook update (补登存折) at the counter: register a passbook on an account, then print every
unprinted line from the passbook's next free line; turn the page when asked; after an
interruption say whether the lines reached the paper. F11 updates."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton,
                               QVBoxLayout, QWidget)

from widgets.messages import describe


class PassbookPanel(QWidget):
    updated = Signal(object)  # PassbookPrintResult

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.w = window
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.passbook = QLineEdit(objectName="passbook_id")
        self.account = QLineEdit(objectName="passbook_account")
        self.passbook_label, self.account_label = QLabel(), QLabel()
        form.addRow(self.passbook_label, self.passbook)
        form.addRow(self.account_label, self.account)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.register = QPushButton(objectName="passbook_register")
        self.update_button = QPushButton(objectName="passbook_update")
        self.register.clicked.connect(self._on_register_clicked)
        self.update_button.clicked.connect(self.update_passbook)
        row.addWidget(self.register)
        row.addWidget(self.update_button)
        layout.addLayout(row)
        self.message = QLabel(objectName="passbook_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.passbook.returnPressed.connect(self.update_passbook)
        self.retranslate()

    def retranslate(self) -> None:
        self.passbook_label.setText(self.tr("Passbook number"))
        self.account_label.setText(self.tr("Account (to register a new passbook)"))
        self.register.setText(self.tr("Register passbook"))
        self.update_button.setText(self.tr("Update passbook 补登 (F11)"))

    def _show(self, text: str, ok: bool) -> None:
        self.message.setStyleSheet("color: #1b5e20;" if ok else "color: #b00020;")
        self.message.setText(text)

    def _service(self):
        from teller.services.passbook import PassbookService
        from teller.services.print_queue import PrintQueue

        return PassbookService(self.w.services.ctx, PrintQueue(self.w.services.ctx, self.w.printer),
                               staff=self.w.session.staff if self.w.session else None)

    def _on_register_clicked(self) -> None:
        book, account = self.passbook.text().strip(), self.account.text().strip()
        self.w.run(lambda: self._service().open_passbook(book, account),
                   lambda _: self._show(self.tr("Passbook %1 registered.").replace("%1", book), True),
                   lambda error: self._show(describe(error), False))

    def update_passbook(self) -> None:
        book, teller = self.passbook.text().strip(), self.w.session.teller_id
        self.w.run(lambda: self._service().print_unprinted(book, teller), self._on_printed,
                   lambda error: self._show(describe(error), False))

    def _on_printed(self, result) -> None:
        book, teller = self.passbook.text().strip(), self.w.session.teller_id
        text = self.tr("%1 line(s) printed; page %2, next line %3; %4 still unprinted.").replace(
            "%1", str(result.lines_printed)).replace("%2", str(result.page)).replace(
            "%3", str(result.next_line)).replace("%4", str(result.unprinted))
        if result.status == "turn_page":
            self._ask(self.tr("The page is full. Turn the passbook to the next page and insert it again."),
                      QMessageBox.Ok | QMessageBox.Cancel,
                      lambda answer: answer == QMessageBox.Ok and self.w.run(
                          lambda: (self._service().page_turned(book), self._service().print_unprinted(book, teller))[1],
                          self._on_printed, lambda error: self._show(describe(error), False)))
        elif result.status == "interrupted":
            self._ask(self.tr("Printing was interrupted. Are the last lines on the page?"),
                      QMessageBox.Yes | QMessageBox.No,
                      lambda answer: self.w.run(
                          lambda: self._service().confirm_interrupted(book, answer == QMessageBox.Yes, teller),
                          lambda _: self.update_passbook(), lambda error: self._show(describe(error), False)))
        elif result.status in ("waiting", "failed"):
            text = self.tr("Printer: %1 The lines wait and print on the next update.").replace(
                "%1", result.message) + " " + text
        self._show(text, result.status in ("printed", "nothing_to_print", "turn_page"))
        self.updated.emit(result)

    def _ask(self, question: str, buttons, then) -> None:
        box = QMessageBox(QMessageBox.Question, self.tr("Passbook"), question, buttons, self.w)
        box.setObjectName("passbook_question")
        box.finished.connect(lambda answer: then(QMessageBox.StandardButton(answer)))
        self.w.show_dialog(box)
