"""The till (尾箱) per denomination, as the teller counts it."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from teller.domain.denominations import Breakdown, Denomination
from teller.domain.money import format_amount


class TillPanel(QWidget):
    def __init__(self, denominations: tuple[Denomination, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self._denominations = denominations
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.title)
        self.table = QTableWidget(len(denominations), 2, objectName="till_table")
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setFocusPolicy(Qt.NoFocus)
        layout.addWidget(self.table)
        self.total = QLabel(objectName="till_total")
        layout.addWidget(self.total)
        self._cash: Breakdown | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Till"))
        self.table.setHorizontalHeaderLabels([self.tr("Count"), self.tr("Amount")])
        yuan, note, coin = self.tr("yuan"), self.tr("note"), self.tr("coin")
        self.table.setVerticalHeaderLabels(
            [f"{d.label} {yuan} {note if d.kind == 'note' else coin}" for d in self._denominations])
        self.show_cash(self._cash)

    def show_cash(self, cash: Breakdown | None) -> None:
        self._cash = cash
        for row, denom in enumerate(self._denominations):
            count = cash.count(denom.id) if cash else 0
            for col, text in enumerate((str(count), format_amount(count * denom.value_fen))):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(row, col, item)
        if cash is None:
            self.total.setText(self.tr("Till not open (F2 opens it from the vault)"))
        else:
            self.total.setText(self.tr("Total: %1").replace("%1", format_amount(cash.total_fen())))

    def count(self, denom_id: str) -> int:
        return self._cash.count(denom_id) if self._cash else 0
