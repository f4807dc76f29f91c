"""The exception queue tab of the supervisor's workspace (异常队列): postings the core refused after
the cash moved offline, branch-wide, with their contacts and state, what is open per teller, and
the supervisor's steps — record a customer contact, reverse (the cash comes back), write off with
authorisation. Keyboard: Enter in the note records the contact; Ctrl+R reverse; Ctrl+W write off."""
from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QEvent, QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from teller.domain.errors import TellerError
from teller.domain.money import format_amount
from widgets.codes import person_name
from widgets.authorised_action import AuthorisedAction
from widgets.messages import describe, rejection_reason
from widgets.tables import fill_table, read_only_table

STATES = {"open": QT_TRANSLATE_NOOP("ExceptionsTab", "Open"),
          "contacted": QT_TRANSLATE_NOOP("ExceptionsTab", "Customer contacted"),
          "reversed": QT_TRANSLATE_NOOP("ExceptionsTab", "Reversed"),
          "written_off": QT_TRANSLATE_NOOP("ExceptionsTab", "Written off"),
          "no_cash": QT_TRANSLATE_NOOP("ExceptionsTab", "Key reused, no cash moved")}
# Not imported from teller.services.exceptions: that would bring the outbox and httpx into the
# window's start-up path (measured: +0.1 s of the cold start); the workstation loads them behind.
CHANNELS = {"phone": QT_TRANSLATE_NOOP("ExceptionsTab", "Phone"),
            "sms": QT_TRANSLATE_NOOP("ExceptionsTab", "SMS"),
            "in_person": QT_TRANSLATE_NOOP("ExceptionsTab", "In person"),
            "letter": QT_TRANSLATE_NOOP("ExceptionsTab", "Letter")}
CASH = {"debit": QT_TRANSLATE_NOOP("ExceptionsTab", "Paid out"),
        "credit": QT_TRANSLATE_NOOP("ExceptionsTab", "Taken in")}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExceptionsTab", text)


class ExceptionsTab(QWidget):
    """Shows the queue; each action is one call into ExceptionQueueService."""

    @classmethod
    def add_to(cls, desk) -> "ExceptionsTab":
        tab = cls(desk)
        desk.add_tab(tab)
        tab.retranslate()
        return tab

    def __init__(self, desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("exceptions_tab")
        self.desk, self.w = desk, desk.w
        self._items = []
        layout = QVBoxLayout(self)
        self.summary = QLabel(objectName="exceptions_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = read_only_table("exceptions_table", 10)
        layout.addWidget(self.table)
        contact_row = QHBoxLayout()
        self.channel = QComboBox(objectName="contact_channel")
        self.note = QLineEdit(objectName="contact_note")
        self.contact = QPushButton(objectName="contact_button")
        for widget in (self.channel, self.note, self.contact):
            contact_row.addWidget(widget)
        contact_row.setStretch(1, 1)
        layout.addLayout(contact_row)
        resolve_row = QHBoxLayout()
        self.reason = QLineEdit(objectName="resolution_reason")
        self.reverse = QPushButton(objectName="reverse_button")
        self.write_off = QPushButton(objectName="write_off_button")
        self.print_report = QPushButton(objectName="print_exceptions_button")
        self.print_report.clicked.connect(self._on_print_report_clicked)
        for widget in (self.reason, self.reverse, self.write_off, self.print_report):
            resolve_row.addWidget(widget)
        layout.addLayout(resolve_row)
        self.note.returnPressed.connect(self._on_contact_clicked)
        self.contact.clicked.connect(self._on_contact_clicked)
        for key, button, slot in (("Ctrl+R", self.reverse, self._on_reverse_clicked),
                                  ("Ctrl+W", self.write_off, self._on_write_off_clicked)):
            button.clicked.connect(slot)
            QShortcut(QKeySequence(key), self, activated=slot, context=Qt.WidgetWithChildrenShortcut)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.desk.tabs.setTabText(self.desk.tabs.indexOf(self), self.tr("Exception queue"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Item"), self.tr("Refused at"), self.tr("Workstation"), self.tr("Teller"), self.tr("Account"),
            self.tr("Amount"), self.tr("Cash"), self.tr("Core's reason"), self.tr("State"), self.tr("Contacts")])
        current = self.channel.currentIndex()
        self.channel.clear()
        for channel in CHANNELS:  # teller.services.exceptions.CONTACT_CHANNELS (a test keeps them equal)
            self.channel.addItem(_tr(CHANNELS[channel]), channel)
        self.channel.setCurrentIndex(max(current, 0))
        self.note.setPlaceholderText(self.tr("What the customer said (Enter records the contact)"))
        self.contact.setText(self.tr("Record contact"))
        self.reason.setPlaceholderText(self.tr("Reason for the reversal or write-off"))
        self.reverse.setText(self.tr("Reverse: cash back (Ctrl+R)"))
        self.write_off.setText(self.tr("Write off loss (Ctrl+W)"))
        self.print_report.setText(self.tr("Print day report"))
        self._show((self._items, getattr(self, "_names", {})))

    # -- reading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.w.session is None:
            return
        service = self.w.services.exceptions
        self.w.run(lambda: (service.exceptions(), service.staff_names()), self._show, self._on_failure,
                   owner=self.desk)

    def _show(self, result) -> None:
        items, names = result
        self._names = names
        selected = self._selected()
        self._items = items
        name = self._name
        rows = []
        for i in items:
            last = i.contacts[-1] if i.contacts else None
            contacts = (f"{len(i.contacts)}: {last.at[11:16]} {name(last.by)} {_tr(CHANNELS.get(last.channel, last.channel))}"
                        f" — {last.note}" if last else "")
            rows.append([i.key, i.refused_at[:16].replace("T", " "), i.workstation_id, name(i.teller_id), i.account_masked,
                         format_amount(i.amount_fen), _tr(CASH[i.direction]), rejection_reason(i.reason),
                         self._state_text(i), contacts])
        fill_table(self.table, rows, right_aligned={5})
        keys = [i.key for i in items]
        if keys:
            self.table.selectRow(keys.index(selected.key) if selected and selected.key in keys else 0)
        self.summary.setText(self._summary(items))

    def _state_text(self, item) -> str:
        text = _tr(STATES[item.state])
        if item.resolution is not None:
            text += f" {self._name(item.resolution.by)}/{self._name(item.resolution.authorised_by) or '-'}"
        return text

    def _summary(self, items) -> str:
        open_items = [i for i in items if i.is_open]
        per_teller = defaultdict(lambda: [0, 0])
        for i in open_items:
            per_teller[i.teller_id][0] += 1
            per_teller[i.teller_id][1] += i.amount_fen
        written_off = sum(i.amount_fen for i in items if i.state == "written_off")
        text = (self.tr("Branch: %1 open, %2 · written off today: %3")
                .replace("%1", str(len(open_items))).replace("%2", format_amount(sum(i.amount_fen for i in open_items)))
                .replace("%3", format_amount(written_off)))
        if per_teller:
            text += "\n" + "  ".join(f"{self._name(t)}: {n} / {format_amount(fen)}"
                                     for t, (n, fen) in sorted(per_teller.items()))
        return text

    def _name(self, staff_id: str | None) -> str:
        """The person's name where a name belongs (the id when the branch could not say)."""
        if not staff_id:
            return ""
        return person_name(getattr(self, "_names", {}).get(staff_id, ""), self.w.language, staff_id)

    def _selected(self):
        row = self.table.currentRow()
        return self._items[row] if 0 <= row < len(self._items) else None

    # -- the supervisor's steps -----------------------------------------------------------------
    def _on_failure(self, error: Exception) -> None:
        self.desk.show_message(describe(error), ok=False)

    def _done(self, text: str):
        def show(_result=None):
            self.desk.show_message(text, ok=True)
            self.refresh()
            self.desk.refresh()  # the board's exposure
        return show

    def _require_selected(self):
        item = self._selected()
        if item is None:
            self._on_failure(TellerError(self.tr("Select an exception first.")))
        return item

    def _on_contact_clicked(self) -> None:
        item = self._require_selected()
        if item is None:
            return
        session, service = self.w.session, self.w.services.exceptions
        channel, note = self.channel.currentData(), self.note.text()
        self.w.run(lambda: service.record_contact(session, item.key, channel, note),
                   self._done(self.tr("Contact with the customer recorded for %1.").replace("%1", item.key)),
                   self._on_failure)
        self.note.clear()

    def _resolve(self, step: str) -> None:
        item = self._require_selected()
        if item is None:
            return
        session, service, reason = self.w.session, self.w.services.exceptions, self.reason.text()
        act = service.reverse if step == "reverse" else service.write_off
        if step == "reverse":
            name, done = self.tr("Reverse exception %1"), self.tr("%1 reversed; the till is updated.")
        else:
            name, done = self.tr("Write off exception %1"), self.tr("%1 written off.")
        AuthorisedAction(self.w, lambda approval, _customer: act(session, item.key, reason, approval),
                         name.replace("%1", item.key), self._on_resolved(done.replace("%1", item.key)),
                         self._on_failure).start()

    def _on_resolved(self, text: str):
        show = self._done(text)

        def resolved(result=None):
            self.reason.clear()
            show(result)
        return resolved

    def _on_print_report_clicked(self) -> None:
        """异常队列日报: today's exceptions and resolutions, to the workstation's document printer."""
        from printing.exceptions_report import render_exceptions_report

        services, printer = self.w.services, self.w.printer

        def produce():
            day, branch = services.ctx.business_date(), services.ctx.settings.branch
            pdf = render_exceptions_report(branch["bank_name"], branch["branch_name"], day,
                                           services.exceptions.day_report(day))
            return printer.print_document(f"exception-queue-{day}", pdf)

        self.w.run(produce, lambda where: self.desk.show_message(
            self.tr("Exception report printed: %1").replace("%1", where), ok=True), self._on_failure)

    def _on_reverse_clicked(self) -> None:
        self._resolve("reverse")

    def _on_write_off_clicked(self) -> None:
        self._resolve("write_off")
