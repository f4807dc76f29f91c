"""The read-only, row-selecting tables of the workspaces (journal, review, supervisor tabs)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

ATTENTION = "#b00020"  # rows that need someone's attention (an item out of the vault box)


def read_only_table(name: str, columns: int) -> QTableWidget:
    table = QTableWidget(0, columns, objectName=name)
    table.setEditTriggers(QTableWidget.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectRows)
    table.setSelectionMode(QTableWidget.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_table(table: QTableWidget, rows, right_aligned=(), attention=()) -> None:
    """Rows of texts; columns in `right_aligned` (amounts, numbers) align right, rows whose index
    is in `attention` show in red."""
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = QTableWidgetItem(value)
            if c in right_aligned:
                cell.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            if r in attention:
                cell.setForeground(QBrush(QColor(ATTENTION)))
            table.setItem(r, c, cell)
    table.resizeColumnsToContents()
    header = table.horizontalHeader()  # the last column takes the rest: the table fills its space
    if header.stretchLastSection():
        header.setStretchLastSection(False)
        header.setStretchLastSection(True)
