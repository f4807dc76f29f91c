"""轧账: the till per denomination against the journal, line by line."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout

from teller.domain.money import format_amount


class BalanceDialog(QDialog):
    def __init__(self, report, labels: dict[str, str], parent=None):
        super().__init__(parent)
        self.setObjectName("balance_dialog")
        self.setWindowTitle(self.tr("Intra-day balance"))
        layout = QVBoxLayout(self)
        table = QTableWidget(len(report.lines), 3, objectName="balance_table")
        table.setHorizontalHeaderLabels([self.tr("By journal"), self.tr("In till"), self.tr("Difference")])
        table.setVerticalHeaderLabels([labels[line.denomination] for line in report.lines])
        for row, line in enumerate(report.lines):
            for col, value in enumerate((line.by_journal, line.in_till, line.difference)):
                item = QTableWidgetItem(str(value))
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                table.setItem(row, col, item)
        layout.addWidget(table)
        verdict = (self.tr("Balanced: till and journal agree (%1).") if report.balanced
                   else self.tr("NOT balanced: journal %1, till %2."))
        self.verdict = QLabel(verdict.replace("%1", format_amount(report.journal_total_fen))
                              .replace("%2", format_amount(report.till_total_fen)), objectName="balance_verdict")
        layout.addWidget(self.verdict)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
