"""Keyboard-first transaction entry: code, Enter, account, Enter, amount, Enter, cash count, F5."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from teller.domain.denominations import Denomination
from teller.domain.errors import TellerError
from teller.domain.money import amount_in_words, parse_amount
from teller.domain.transaction_codes import TransactionCatalogue
from widgets.denominations import DenominationEditor
from widgets.messages import describe
from widgets.style import amount_field


class TransactionForm(QWidget):
    account_entered = Signal(str)
    submit_requested = Signal()

    def __init__(self, catalogue: TransactionCatalogue, denominations: tuple[Denomination, ...],
                 language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._catalogue, self._language = catalogue, language
        self._card: tuple[str, str] | None = None  # (masked PAN shown, account number behind it)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.code = QLineEdit(objectName="tx_code")
        self.code.setMaxLength(4)
        self.code_name = QLabel(objectName="tx_name")
        self.account = QLineEdit(objectName="account")
        self.account_name = QLabel(objectName="account_name")
        self.amount = amount_field(QLineEdit(objectName="amount"))
        self.amount_words = QLabel(objectName="amount_words")
        self.labels = [QLabel() for _ in range(5)]
        form.addRow(self.labels[0], self.code)
        form.addRow(self.labels[1], self.code_name)
        form.addRow(self.labels[2], self.account)
        form.addRow(self.labels[3], self.account_name)
        form.addRow(self.labels[4], self.amount)
        form.addRow("", self.amount_words)
        layout.addLayout(form)
        self.cash_title = QLabel()
        layout.addWidget(self.cash_title)
        self.cash = DenominationEditor(denominations)
        layout.addWidget(self.cash)
        self.message = QLabel(objectName="form_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.code.returnPressed.connect(self._on_code_return_pressed)
        self.account.returnPressed.connect(self._on_account_return_pressed)
        self.amount.returnPressed.connect(self._on_amount_return_pressed)
        self.amount.textChanged.connect(self._on_amount_text_changed)
        self.cash.finished.connect(self.submit_requested)
        self.retranslate()

    def retranslate(self) -> None:
        for label, text in zip(self.labels, (self.tr("Transaction code"), self.tr("Transaction"),
                                             self.tr("Account"), self.tr("Account holder"), self.tr("Amount"))):
            label.setText(text)
        self.cash_title.setText(self.tr("Cash by denomination (F5 to submit)"))
        self.code.setPlaceholderText(self.tr("e.g. 1001 deposit, 1002 withdrawal"))
        self.cash.retranslate()

    def set_language(self, language: str) -> None:
        self._language = language
        self._on_code_return_pressed(move_focus=False)

    def show_message(self, text: str, ok: bool) -> None:
        self.message.setStyleSheet("color: #1b5e20; font-weight: bold;" if ok else "color: #b00020; font-weight: bold;")
        self.message.setText(text)

    def _on_code_return_pressed(self, move_focus: bool = True) -> None:
        if not self.code.text().strip():
            return
        try:
            code = self._catalogue.get(self.code.text().strip())
        except TellerError as exc:
            self.code_name.clear()
            self.show_message(describe(exc), ok=False)
            return
        self.code_name.setText(code.name(self._language))
        if move_focus:
            self.account.setFocus()

    def _on_account_return_pressed(self) -> None:
        self.account_entered.emit(self.account.text().strip())
        self.amount.setFocus()

    def _on_amount_text_changed(self, text: str) -> None:
        try:
            self.amount_words.setText("人民币" + amount_in_words(parse_amount(text)))
        except TellerError:
            self.amount_words.clear()

    def _on_amount_return_pressed(self) -> None:
        try:
            parse_amount(self.amount.text())
        except TellerError as exc:
            self.show_message(describe(exc), ok=False)
            return
        self.message.clear()
        self.cash.focus_first()

    def use_card(self, masked_pan: str, account: str, holder: str) -> None:
        """A card read by the card reader: the masked PAN is shown, its account is posted to."""
        self._card = (masked_pan, account)
        self.account.setText(masked_pan)
        self.account.setReadOnly(True)
        self.account_name.setText(holder)
        self.amount.setFocus()

    def prefill(self, tx_code: str, account: str, amount_text: str) -> None:
        """A form filled in at the lobby (queue ticket): the teller checks it and counts the cash."""
        self.clear_for_next()
        self.code.setText(tx_code)
        self._on_code_return_pressed(move_focus=False)
        self.account.setText(account)
        self.account_entered.emit(account)
        self.amount.setText(amount_text)
        self.cash.focus_first()

    def account_number(self) -> str:
        text = self.account.text().strip()
        return self._card[1] if self._card and text == self._card[0] else text

    def values(self):
        """(code, account, amount, cash); raises TellerError for what the teller must correct."""
        code = self._catalogue.get(self.code.text().strip())
        return code.code, self.account_number(), parse_amount(self.amount.text()), self.cash.breakdown()

    def clear_for_next(self) -> None:
        self._card = None
        self.account.setReadOnly(False)
        for field in (self.account, self.amount):
            field.clear()
        self.account_name.clear()
        self.cash.clear()
        self.code.setFocus()
        self.code.selectAll()
