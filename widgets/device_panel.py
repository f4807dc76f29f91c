"""One kind of device in the Devices… dialog: the plugin (unusable ones disabled, with their
reason), its options as key/value rows, the state of the one in use, and its test result."""
from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem)

from devices import registry

# Rows offered for a plugin's usual options; any other option can be added as a row.
KNOWN_OPTIONS = {("badge", "rdm6300"): ("port", "baudrate"), ("card", "pcsc"): ("reader",),
                 ("printer", "escp"): ("transport", "port", "host", "path")}
_INT = re.compile(r"^-?(0|[1-9][0-9]*)$")


def option_value(text: str):
    """What a typed option means: whole numbers as numbers, true/false, else the text."""
    text = text.strip()
    if _INT.match(text):
        return int(text)
    return {"true": True, "false": False}.get(text, text)


def _option_text(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


# What the bundled plugins say about themselves (is_usable), in the UI's language; a reason not
# listed (a third-party plugin, a parameterised one) is shown as "see the tip" in Chinese, whole in
# the tooltip, so that the person setting up the workstation still reads the technical detail.
PLUGIN_REASONS = (
    QT_TRANSLATE_NOOP("DeviceReasons", "no hardware: badges are presented on screen"),
    QT_TRANSLATE_NOOP("DeviceReasons", "pyserial is not installed"),
    QT_TRANSLATE_NOOP("DeviceReasons", "pyserial available"),
    QT_TRANSLATE_NOOP("DeviceReasons", "pyscard is not installed (pip install pyscard)"),
)
_SEE_TIP = QT_TRANSLATE_NOOP("DeviceReasons", "technical detail in the tooltip")


def plugin_reason(reason: str) -> str:
    if not reason:
        return ""
    translated = QCoreApplication.translate("DeviceReasons", reason)
    if translated != reason or QCoreApplication.translate("DeviceReasons", _SEE_TIP) == _SEE_TIP:
        return translated
    return QCoreApplication.translate("DeviceReasons", _SEE_TIP)


class DevicePanel(QGroupBox):
    """One kind of device: plugin choice (unusable ones disabled, with their reason), options
    as key/value rows, the state of the one in use, and a test."""

    test_requested = Signal(str)  # kind

    def __init__(self, kind: str, title: str):
        super().__init__(title)
        self.kind = kind
        self._current: tuple[str, dict] = ("", {})
        self.infos: list[registry.PluginInfo] = []  # one per row of the plugin list
        self.plugin = QComboBox(objectName=f"{kind}_plugin")
        self.plugin.setModel(QStandardItemModel(self.plugin))
        self.plugin.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.plugin.setMinimumContentsLength(12)
        self.plugin.currentIndexChanged.connect(self._on_plugin_current_index_changed)
        self.reason = QLabel(objectName=f"{kind}_reason", wordWrap=True)
        self.options = QTableWidget(0, 2, objectName=f"{kind}_options")
        self.options.setHorizontalHeaderLabels([self.tr("Option"), self.tr("Value")])
        self.options.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.options.verticalHeader().hide()
        self.options.setMaximumHeight(92)
        self.add_button = QPushButton(self.tr("Add option"))
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.test_button = QPushButton(self.tr("Test"), objectName=f"{kind}_test")
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.state = QLabel(objectName=f"{kind}_state", wordWrap=True)
        self.test_result = QLabel(objectName=f"{kind}_test_result", wordWrap=True)
        grid = QGridLayout(self)
        grid.addWidget(QLabel(self.tr("Plugin")), 0, 0)
        grid.addWidget(self.plugin, 0, 1)
        grid.addWidget(self.reason, 0, 2)
        grid.addWidget(self.options, 1, 0, 1, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.test_result, 1)
        grid.addLayout(buttons, 2, 0, 1, 3)
        grid.addWidget(self.state, 3, 0, 1, 3)
        grid.setColumnStretch(2, 1)

    def set_plugins(self, infos: list[registry.PluginInfo], current: tuple[str, dict]) -> None:
        self._current, self.infos = current, list(infos)
        model = self.plugin.model()
        model.clear()
        for info in self.infos:
            text = info.name if info.usable else self.tr("%1 (unavailable: %2)").replace(
                "%1", info.name).replace("%2", plugin_reason(info.reason))
            item = QStandardItem(text)
            item.setToolTip(info.reason)
            item.setEnabled(info.usable)
            model.appendRow(item)
        view = self.plugin.view()  # the list shows whole reasons even where the closed box is narrow
        view.setMinimumWidth(view.sizeHintForColumn(0) + 24)
        names = [info.name for info in self.infos]
        self.plugin.setCurrentIndex(names.index(current[0]) if current[0] in names else -1)
        self._on_plugin_current_index_changed(self.plugin.currentIndex())

    def current_info(self) -> registry.PluginInfo | None:
        index = self.plugin.currentIndex()
        return self.infos[index] if 0 <= index < len(self.infos) else None

    def choice(self) -> tuple[str, dict]:
        info = self.current_info()
        options = {}
        for row in range(self.options.rowCount()):
            key, value = self.options.item(row, 0), self.options.item(row, 1)
            text = value.text().strip() if value is not None else ""
            if key is not None and key.text().strip() and text:  # an empty value means "not set"
                options[key.text().strip()] = option_value(text)
        return (info.name if info else self._current[0]), options

    def show_test(self, text: str) -> None:
        self.test_result.setText(text)

    def show_state(self, text: str, ok: bool) -> None:
        self.state.setText(text)
        self.state.setStyleSheet("" if ok else "color: #b00020; font-weight: bold;")

    def _on_plugin_current_index_changed(self, _index: int) -> None:
        info = self.current_info()
        self.reason.setText(plugin_reason(info.reason) if info else "")
        self.reason.setToolTip(info.reason if info else "")
        name = info.name if info else ""
        values = dict(self._current[1]) if name == self._current[0] else {}
        for key in KNOWN_OPTIONS.get((self.kind, name), ()):
            values.setdefault(key, "")
        self.options.setRowCount(0)
        for key, value in values.items():
            self._add_row(key, _option_text(value))

    def _add_row(self, key: str, value: str) -> None:
        row = self.options.rowCount()
        self.options.insertRow(row)
        self.options.setItem(row, 0, QTableWidgetItem(key))
        self.options.setItem(row, 1, QTableWidgetItem(value))

    def _on_add_button_clicked(self) -> None:
        self._add_row("", "")
        self.options.editItem(self.options.item(self.options.rowCount() - 1, 0))

    def _on_test_button_clicked(self) -> None:
        self.test_requested.emit(self.kind)
