"""Entry of a cash count per denomination (notes and coins), keyboard first."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QSpinBox, QWidget

from teller.domain.denominations import Breakdown, Denomination
from teller.domain.money import format_amount


class DenominationEditor(QWidget):
    changed = Signal()
    finished = Signal()  # Enter on the last field

    def __init__(self, denominations: tuple[Denomination, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self._denominations = denominations
        self.spins: dict[str, QSpinBox] = {}
        self._kind_labels: list[tuple[QLabel, Denomination]] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for row, denom in enumerate(denominations):
            label = QLabel()
            spin = QSpinBox()
            spin.setRange(0, 99999)
            spin.setObjectName(f"count_{denom.id}")
            spin.setAlignment(Qt.AlignRight)
            spin.setMinimumWidth(110)
            spin.setMaximumWidth(140)
            spin.valueChanged.connect(self._on_spin_value_changed)
            spin.lineEdit().returnPressed.connect(lambda r=row: self._on_spin_return(r))
            grid.addWidget(label, row, 0)
            grid.addWidget(spin, row, 1)
            self.spins[denom.id] = spin
            self._kind_labels.append((label, denom))
        grid.setColumnStretch(2, 1)
        self.total_label = QLabel()
        self.total_label.setObjectName("denomination_total")
        grid.addWidget(self.total_label, len(denominations), 0, 1, 2)
        self.retranslate()

    def retranslate(self) -> None:
        yuan, note, coin = self.tr("yuan"), self.tr("note"), self.tr("coin")
        for label, denom in self._kind_labels:
            label.setText(f"{denom.label} {yuan} {note if denom.kind == 'note' else coin}")
        self._on_spin_value_changed()

    def breakdown(self) -> Breakdown:
        return Breakdown({d: s.value() for d, s in self.spins.items()}, self._denominations)

    def set_breakdown(self, cash: Breakdown | None) -> None:
        for denom_id, spin in self.spins.items():
            spin.setValue(cash.count(denom_id) if cash else 0)

    def clear(self) -> None:
        self.set_breakdown(None)

    def focus_first(self) -> None:
        first = next(iter(self.spins.values()))
        first.setFocus()
        first.selectAll()

    def _on_spin_value_changed(self, *_):
        self.total_label.setText(self.tr("Total: %1").replace("%1", format_amount(self.breakdown().total_fen())))
        self.changed.emit()

    def _on_spin_return(self, row: int) -> None:
        spins = list(self.spins.values())
        if row + 1 < len(spins):
            spins[row + 1].setFocus()
            spins[row + 1].selectAll()
        else:
            self.finished.emit()
