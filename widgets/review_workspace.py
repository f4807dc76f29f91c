"""The reviewer's workspace (复核): the branch's postings of the day still waiting for review, each
passed or returned to its teller with a reason. Keyboard: F5 pass, F6 return (with the reason
typed below; Enter in the reason returns), F7 refresh."""
from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from teller.domain.errors import TellerError
from teller.domain.money import format_amount
from widgets.messages import describe
from widgets.tables import fill_table, read_only_table

AMOUNT_COLUMN = 5


class ReviewWorkspace(QWidget):
    """Shows and collects; each decision is one call into ReviewService."""

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("review_workspace")
        self.w = window
        self.language = window.language
        self._pending, self._summary = [], None
        layout = QVBoxLayout(self)
        self.summary = QLabel(objectName="review_summary")
        self.summary.setStyleSheet("font-weight: bold; padding: 4px;")
        layout.addWidget(self.summary)
        self.table = read_only_table("review_table", 7)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.reason = QLineEdit(objectName="return_reason")
        self.reason.returnPressed.connect(self._on_return_clicked)
        self.pass_button = QPushButton(objectName="pass_button")
        self.return_button = QPushButton(objectName="return_button")
        self.refresh_button = QPushButton(objectName="refresh_button")
        self.pass_button.clicked.connect(self._on_pass_clicked)
        self.return_button.clicked.connect(self._on_return_clicked)
        self.refresh_button.clicked.connect(self.refresh)
        for widget in (self.reason, self.pass_button, self.return_button, self.refresh_button):
            row.addWidget(widget)
        layout.addLayout(row)
        self.message = QLabel(objectName="review_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        QShortcut(QKeySequence("F5"), self, activated=self._on_pass_clicked)
        QShortcut(QKeySequence("F6"), self, activated=self._on_return_clicked)
        QShortcut(QKeySequence("F7"), self, activated=self.refresh)
        self.retranslate()

    # -- what the main window asks of any workspace ------------------------------------------
    def show_message(self, text: str, ok: bool) -> None:
        self.message.setStyleSheet("color: #1b5e20;" if ok else "color: #b00020;")
        self.message.setText(text)

    def set_language(self, language: str) -> None:
        self.language = language
        if self._summary is not None:
            self._show((self._pending, self._summary))

    def focus_start(self) -> None:
        self.table.setFocus()

    def on_shown(self) -> None:
        self.refresh()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Entry"), self.tr("Teller"),
                                              self.tr("Code"), self.tr("Account"), self.tr("Amount"),
                                              self.tr("Direction")])
        self.reason.setPlaceholderText(self.tr("Reason for returning (required for F6)"))
        self.pass_button.setText(self.tr("Pass 复核通过 (F5)"))
        self.return_button.setText(self.tr("Return 退回 (F6)"))
        self.refresh_button.setText(self.tr("Refresh (F7)"))

    # -- reading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        review = self.w.services.review
        self.w.run(lambda: (review.pending(), review.summary()), self._show, self._on_failure, owner=self)

    def _show(self, result) -> None:
        self._pending, self._summary = result
        names = {c.code: c.name(self.language) for c in self.w.services.ctx.settings.catalogue.all()}
        row = max(self.table.currentRow(), 0)
        directions = {"credit": self.tr("in"), "debit": self.tr("out")}
        fill_table(self.table, [[p.recorded_at[11:19], f"{p.workstation_id}-{p.seq}", p.teller_id,
                                 f"{p.tx_code} {names.get(p.tx_code, '')}",
                                 p.account_masked, format_amount(p.amount_fen),
                                 directions.get(p.direction, p.direction)
                                 + (" " + self.tr("(reversal of %1)").replace("%1", str(p.reverses))
                                    if p.reverses else "")] for p in self._pending],
                   right_aligned={AMOUNT_COLUMN})
        if self._pending:
            self.table.selectRow(min(row, len(self._pending) - 1))
        s = self._summary
        self.summary.setText(self.tr("Waiting for review today: %1 · passed: %2 · returned: %3")
                             .replace("%1", str(s.unreviewed)).replace("%2", str(s.passed))
                             .replace("%3", str(s.returned)))

    def _on_failure(self, error: Exception) -> None:
        self.show_message(describe(error), ok=False)

    # -- deciding -----------------------------------------------------------------------------
    def _selected(self):
        row = self.table.currentRow()
        if 0 <= row < len(self._pending):
            return self._pending[row]
        self._on_failure(TellerError(self.tr("Select a posting first.")))
        return None

    def _on_pass_clicked(self) -> None:
        posting = self._selected()
        if posting is None:
            return
        session, review = self.w.session, self.w.services.review
        self._run(lambda: review.pass_posting(session, posting.workstation_id, posting.seq),
                  self.tr("Posting %1 passed.").replace("%1", f"{posting.workstation_id}-{posting.seq}"))

    def _on_return_clicked(self) -> None:
        posting = self._selected()
        if posting is None:
            return
        reason = self.reason.text()
        if not reason.strip():
            self.show_message(self.tr("Type the reason for returning the posting, then press Enter."), ok=False)
            self.reason.setFocus()
            return
        session, review = self.w.session, self.w.services.review
        self._run(lambda: review.return_posting(session, posting.workstation_id, posting.seq, reason),
                  self.tr("Posting %1 returned to %2.").replace("%1", f"{posting.workstation_id}-{posting.seq}")
                  .replace("%2", posting.teller_id))

    def _run(self, decide, text: str) -> None:
        def done(_result):
            self.reason.clear()
            self.show_message(text, ok=True)
            self.table.setFocus()
            self.refresh()

        def failed(error):
            self._on_failure(error)
            self.table.setFocus()
            self.refresh()  # e.g. someone else reviewed it meanwhile: it leaves the list

        self.w.run(decide, done, failed)
