"""The end-of-day tab of the supervisor's workspace (日终): the checklist, each line with what
blocks it, and the day's reports to print (cash day book with the tellers' balance sheets,
large-value cash report, register of handovers). Keyboard: F7 refresh (the workspace's)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from widgets.messages import describe
from widgets.tables import fill_table, read_only_table

LINES = {
    "signed_off": QT_TRANSLATE_NOOP("DayCloseTab", "Every teller signed off 柜员签退"),
    "tills_closed": QT_TRANSLATE_NOOP("DayCloseTab", "Every till closed 尾箱入库"),
    "cash_agrees": QT_TRANSLATE_NOOP("DayCloseTab", "Cash agrees with the books 账款相符"),
    "custody_back": QT_TRANSLATE_NOOP("DayCloseTab", "Seals and vouchers in the vault box 印章凭证入库"),
    "reviewed": QT_TRANSLATE_NOOP("DayCloseTab", "Every posting reviewed 复核完毕"),
    "core_answered": QT_TRANSLATE_NOOP("DayCloseTab", "Every posting answered by the core 主机应答"),
    "journals_synced": QT_TRANSLATE_NOOP("DayCloseTab", "Journals at the branch intact 流水上传"),
    "reconciled": QT_TRANSLATE_NOOP("DayCloseTab", "Reconciled with the core 对账平衡"),
}
BLOCKERS = {
    "signed_in": QT_TRANSLATE_NOOP("DayCloseTab", "{name} is signed in at {desk}"),
    "till_open": QT_TRANSLATE_NOOP("DayCloseTab", "{name}'s till ({desk}) is open"),
    "till_differs": QT_TRANSLATE_NOOP("DayCloseTab", "{name}: counted {counted}, the journal says {expected}"),
    "item_out": QT_TRANSLATE_NOOP("DayCloseTab", "{item} is with {name}"),
    "unreviewed": QT_TRANSLATE_NOOP("DayCloseTab", "{count} posting(s) wait for review"),
    "awaits_core": QT_TRANSLATE_NOOP("DayCloseTab", "{entry} ({name}) waits for the core's answer"),
    "exception_open": QT_TRANSLATE_NOOP("DayCloseTab", "exception {entry} ({name}) is open"),
    "journal_problem": QT_TRANSLATE_NOOP("DayCloseTab", "{desk} entry {seq}: {problem}"),
    "no_reconciliation": QT_TRANSLATE_NOOP("DayCloseTab", "no reconciliation with the core's statements is configured"),
    "reconciliation": QT_TRANSLATE_NOOP("DayCloseTab", "{problem}"),
}
REPORTS = (("day-book", QT_TRANSLATE_NOOP("DayCloseTab", "Print cash day book 现金收付日记簿")),
           ("large-cash", QT_TRANSLATE_NOOP("DayCloseTab", "Print large-value report 大额交易报告")),
           ("handovers", QT_TRANSLATE_NOOP("DayCloseTab", "Print handover register 重要物品交接登记簿")))


def _tr(text: str) -> str:
    return QCoreApplication.translate("DayCloseTab", text)


def blocker_text(blocker) -> str:
    """A blocker of teller.services.day_close in the window's language."""
    return _tr(BLOCKERS[blocker.code]).format(**dict(blocker.params))


class DayCloseTab(QWidget):
    @classmethod
    def add_to(cls, desk) -> "DayCloseTab":
        tab = cls(desk)
        desk.add_tab(tab)
        return tab

    def __init__(self, desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("day_close_tab")
        self.desk, self.w = desk, desk.w
        self._lines = []
        layout = QVBoxLayout(self)
        self.verdict = QLabel(objectName="day_close_verdict")
        self.verdict.setWordWrap(True)
        layout.addWidget(self.verdict)
        self.table = read_only_table("day_close_table", 3)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.refresh_button = QPushButton(objectName="day_close_refresh")
        self.refresh_button.clicked.connect(self.refresh)
        row.addWidget(self.refresh_button)
        self.report_buttons = {}
        for name, _text in REPORTS:
            button = QPushButton(objectName=f"print_{name.replace('-', '_')}")
            button.clicked.connect(lambda _=False, n=name: self._on_print_clicked(n))
            row.addWidget(button)
            self.report_buttons[name] = button
        layout.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        self.desk.tabs.setTabText(self.desk.tabs.indexOf(self), self.tr("End of day 日终"))
        self.table.setHorizontalHeaderLabels([self.tr("Check"), self.tr("State"), self.tr("What blocks it")])
        self.refresh_button.setText(self.tr("Check again"))
        for name, text in REPORTS:
            self.report_buttons[name].setText(_tr(text))
        if self._lines:
            self._show(self._lines)

    def refresh(self) -> None:
        self.w.run(self.w.services.day_close.lines, self._show, self._on_failure)

    def _show(self, lines) -> None:
        self._lines = lines
        fill_table(self.table, [[_tr(LINES[line.key]), self.tr("done ✓") if line.done else self.tr("open ✗"),
                                 "；".join(blocker_text(b) for b in line.blockers)] for line in lines],
                   attention={r for r, line in enumerate(lines) if not line.done})
        waiting = sum(not line.done for line in lines)
        if waiting:
            self.verdict.setText(self.tr("The day cannot close yet: %1 check(s) open.").replace("%1", str(waiting)))
            self.verdict.setStyleSheet("color: #b00020; font-weight: bold;")
        else:
            self.verdict.setText(self.tr("Everything is accounted for: the day may close."))
            self.verdict.setStyleSheet("color: #1b5e20; font-weight: bold;")

    def _on_failure(self, error: Exception) -> None:
        self.desk.show_message(describe(error), ok=False)

    def _on_print_clicked(self, name: str) -> None:
        from printing.day_reports import render_day_report

        services, printer, session = self.w.services, self.w.printer, self.w.session
        settings = services.ctx.settings

        def produce():
            day, pdf = render_day_report(services.day_reports, session, name, None,
                                         bank=settings.branch["bank_name"], branch=settings.branch["branch_name"],
                                         denomination_labels={d.id: d.label for d in settings.denominations})
            return printer.print_document(f"{name}-{day}", pdf)

        self.w.run(produce, lambda _where: self.desk.show_message(self.tr("Report printed."), ok=True),
                   self._on_failure)
