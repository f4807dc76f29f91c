"""The journal (流水) of this workstation: search by date, code, account, amount, teller; reprint."""
from __future__ import annotations

import json

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from teller.domain.errors import TellerError
from teller.domain.masking import mask_number
from teller.domain.money import format_amount, parse_amount, to_fen
from teller.services.journal import JournalQuery
from widgets.codes import detail_name, direction_name, event_name, person_name
from widgets.style import amount_field
from widgets.tables import fill_table, read_only_table

COLUMNS = 8


class JournalView(QWidget):
    search_requested = Signal(object)  # JournalQuery
    reprint_requested = Signal(int)  # journal seq
    reverse_requested = Signal(int, str)  # journal seq, reason
    message = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.date = QLineEdit(objectName="journal_date")
        self.code = QLineEdit(objectName="journal_code")
        self.account = QLineEdit(objectName="journal_account")
        self.amount = amount_field(QLineEdit(objectName="journal_amount"))
        self.teller = QLineEdit(objectName="journal_teller")
        for field in (self.date, self.code, self.account, self.amount, self.teller):
            field.returnPressed.connect(self._on_search_clicked)
            filters.addWidget(field)
        self.search = QPushButton(objectName="journal_search")
        self.search.clicked.connect(self._on_search_clicked)
        filters.addWidget(self.search)
        self.reprint = QPushButton(objectName="journal_reprint")
        self.reprint.clicked.connect(self._on_reprint_clicked)
        filters.addWidget(self.reprint)
        layout.addLayout(filters)
        correction = QHBoxLayout()
        self.reason = QLineEdit(objectName="reversal_reason")
        self.reverse = QPushButton(objectName="journal_reverse")
        self.reverse.clicked.connect(self._on_reverse_clicked)
        correction.addWidget(self.reason)
        correction.addWidget(self.reverse)
        layout.addLayout(correction)
        self.message_label = QLabel(objectName="journal_message", wordWrap=True)
        layout.addWidget(self.message_label)
        self.table = read_only_table("journal_table", COLUMNS)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.date.setPlaceholderText(self.tr("Date (year-month-day)"))
        self.code.setPlaceholderText(self.tr("Code"))
        self.account.setPlaceholderText(self.tr("Account (part)"))
        self.amount.setPlaceholderText(self.tr("Amount"))
        self.teller.setPlaceholderText(self.tr("Teller"))
        self.search.setText(self.tr("Search"))
        self.reprint.setText(self.tr("Reprint receipt"))
        self.reason.setPlaceholderText(self.tr("Reason for the reversal (错账冲正)"))
        self.reverse.setText(self.tr("Reverse posting"))
        self.table.setHorizontalHeaderLabels([self.tr("Seq"), self.tr("Time"), self.tr("Teller"), self.tr("Event"),
                                              self.tr("Code"), self.tr("Account"), self.tr("Amount"),
                                              self.tr("Details")])

    def query(self) -> JournalQuery:
        amount = self.amount.text().strip()
        return JournalQuery(business_date=self.date.text().strip() or None, tx_code=self.code.text().strip() or None,
                            account=self.account.text().strip() or None,
                            amount_fen=to_fen(parse_amount(amount)) if amount else None,
                            teller_id=self.teller.text().strip().upper() or None)

    def show_entries(self, page, names: dict | None = None, language: str = "en") -> None:
        """Journal entries in words: event names, people's names, details as "what: value"."""
        names = names or {}

        def person(staff_id):
            return person_name(names.get(staff_id, ""), language, staff_id)

        table_rows = []
        for row in page.rows:
            payload = json.loads(row.payload)
            details = []
            for key in ("direction", "reason", "error", "supervisor", "authorised_by", "reverses"):
                value = payload.get(key)
                if value in (None, ""):
                    continue
                if key == "direction":
                    value = direction_name(value)
                elif key in ("supervisor", "authorised_by"):
                    value = person(value)
                details.append(f"{detail_name(key)}: {value}")
            if row.seq in page.reversed_seqs:
                details.insert(0, self.tr("REVERSED"))
            table_rows.append([str(row.seq), row.recorded_at[11:19], person(row.teller_id), event_name(row.kind),
                               row.tx_code or "", mask_number(row.account),
                               format_amount(row.amount_fen) if row.amount_fen is not None else "",
                               self.tr(", ").join(details)])
        fill_table(self.table, table_rows, right_aligned={0, 6})

    def show_message(self, text: str, ok: bool) -> None:
        """What the journal tab has to say (nothing selected, a bad filter, a refusal): shown here."""
        self.message_label.setProperty("state", "ok" if ok else "error")
        self.message_label.setStyleSheet("color: #1b5e20;" if ok else "color: #b00020;")
        self.message_label.setText(text)

    def selected_seq(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return int(self.table.item(rows[0].row(), 0).text()) if rows else None

    def _on_search_clicked(self) -> None:
        try:
            self.search_requested.emit(self.query())
        except TellerError as exc:
            self.message.emit(exc.message)

    def _on_reverse_clicked(self) -> None:
        seq = self.selected_seq()
        if seq is None:
            self.message.emit(self.tr("Select a posting in the journal first."))
            return
        if not self.reason.text().strip():
            self.message.emit(self.tr("Give the reason for the reversal."))
            self.reason.setFocus()
            return
        self.reverse_requested.emit(seq, self.reason.text().strip())

    def _on_reprint_clicked(self) -> None:
        seq = self.selected_seq()
        if seq is None:
            self.message.emit(self.tr("Select a posting in the journal first."))
            return
        self.reprint_requested.emit(seq)
