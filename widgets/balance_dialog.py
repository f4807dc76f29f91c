"""轧账: the till per denomination against the journal, line by line: count and amount of each
denomination by the journal and in the till, the difference, and the totals; sized to show it all."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractScrollArea, QDialog, QDialogButtonBox, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from teller.domain.money import format_amount

COLUMNS = 6  # denomination, journal count, journal amount, till count, till amount, difference


class BalanceDialog(QDialog):
    def __init__(self, report, denominations, parent=None):
        """`denominations`: the workstation's (teller.domain.denominations.Denomination), for the
        face value of each line of `report` (teller.services.till.BalanceReport)."""
        super().__init__(parent)
        self.setObjectName("balance_dialog")
        self.setWindowTitle(self.tr("Intra-day balance"))
        by_id = {d.id: d for d in denominations}
        layout = QVBoxLayout(self)
        self.table = table = QTableWidget(len(report.lines) + 1, COLUMNS, objectName="balance_table")
        table.setHorizontalHeaderLabels([self.tr("Denomination"), self.tr("Journal: count"),
                                         self.tr("Journal: amount"), self.tr("Till: count"), self.tr("Till: amount"),
                                         self.tr("Difference")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.NoEditTriggers)
        yuan, note, coin = self.tr("yuan"), self.tr("note"), self.tr("coin")
        for row, line in enumerate(report.lines):
            d = by_id[line.denomination]
            value = d.value_fen
            self._put(row, [f"{d.label} {yuan} {note if d.kind == 'note' else coin}", str(line.by_journal),
                            format_amount(line.by_journal * value), str(line.in_till),
                            format_amount(line.in_till * value), format_amount(line.difference * value)],
                      attention=line.difference != 0)
        difference = report.till_total_fen - report.journal_total_fen
        self._put(len(report.lines), [self.tr("Total"), "", format_amount(report.journal_total_fen), "",
                                      format_amount(report.till_total_fen), format_amount(difference)],
                  attention=difference != 0, bold=True)
        table.setSizeAdjustPolicy(QAbstractScrollArea.AdjustToContents)
        table.resizeColumnsToContents()
        table.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        frame = 2 * table.frameWidth()
        table.setMinimumSize(table.horizontalHeader().length() + frame + 2,
                             table.horizontalHeader().height() + table.verticalHeader().length() + frame + 2)
        layout.addWidget(table)
        verdict = (self.tr("Balanced: till and journal agree (%1).") if report.balanced
                   else self.tr("NOT balanced: journal %1, till %2."))
        self.verdict = QLabel(verdict.replace("%1", format_amount(report.journal_total_fen))
                              .replace("%2", format_amount(report.till_total_fen)), objectName="balance_verdict")
        self.verdict.setProperty("state", "ok" if report.balanced else "error")
        layout.addWidget(self.verdict)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.adjustSize()  # the whole table, no row or column cut

    def _put(self, row: int, texts: list[str], attention: bool = False, bold: bool = False) -> None:
        for col, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setTextAlignment((Qt.AlignLeft if col == 0 else Qt.AlignRight) | Qt.AlignVCenter)
            if attention and col == COLUMNS - 1:
                item.setForeground(Qt.red)
            if bold:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.table.setItem(row, col, item)
