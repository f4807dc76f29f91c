"""The lobby manager's workspace (大堂经理): issue queue tickets (with a pre-filled form when the
customer's transaction is known), the live queue board, VIP alerts, complaints with follow-up and
reply, and the day's service report. Keyboard: F2 issue ticket, F4 acknowledge the VIP alert,
F6 record the complaint, F7 add the complaint step, F5 refresh; Ctrl+Tab between tabs."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTabWidget,
                               QVBoxLayout, QWidget)

from teller.domain.errors import TellerError
from teller.domain.money import format_amount
from widgets.messages import describe
from widgets.tables import fill_table, read_only_table

BOARD_REFRESH_MS = 3000
STEP_KINDS = ("follow_up", "reply", "close")


def _duration(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds // 60}:{seconds % 60:02d}"


class LobbyWorkspace(QWidget):
    """Shows and collects; each action is one call into LobbyService (window.services.lobby)."""

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lobby_workspace")
        self.w = window
        self.language = window.language
        self.lobby = window.services.lobby
        self._alerts, self._complaints = [], []
        self._refreshing = False
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(objectName="lobby_tabs")
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._build_queue_tab(), "")
        self.tabs.addTab(self._build_vip_tab(), "")
        self.tabs.addTab(self._build_complaints_tab(), "")
        self.tabs.addTab(self._build_report_tab(), "")
        self.message = QLabel(objectName="lobby_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        QShortcut(QKeySequence("F2"), self, activated=self._on_issue_clicked)
        QShortcut(QKeySequence("F4"), self, activated=self._on_acknowledge_clicked)
        QShortcut(QKeySequence("F5"), self, activated=self.refresh)
        QShortcut(QKeySequence("F6"), self, activated=self._on_complaint_clicked)
        QShortcut(QKeySequence("F7"), self, activated=self._on_step_clicked)
        QShortcut(QKeySequence("Ctrl+Tab"), self,
                  activated=lambda: self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % self.tabs.count()))
        self.board_timer = QTimer(self, interval=BOARD_REFRESH_MS)
        self.board_timer.timeout.connect(self.refresh)
        self.retranslate()

    # -- building -----------------------------------------------------------------------------
    def _build_queue_tab(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        form = QFormLayout()
        self.service = QComboBox(objectName="ticket_service")
        self.customer = QLineEdit(objectName="ticket_customer")
        self.account = QLineEdit(objectName="ticket_account")
        self.form_code = QComboBox(objectName="ticket_form_code")
        self.form_amount = QLineEdit(objectName="ticket_form_amount")
        self.issue_button = QPushButton(objectName="issue_button")
        self.issue_button.clicked.connect(self._on_issue_clicked)
        self.service.currentIndexChanged.connect(self._on_service_changed)
        self.form_amount.returnPressed.connect(self._on_issue_clicked)
        self._labels = {}
        for name, field in (("service", self.service), ("customer", self.customer), ("account", self.account),
                            ("code", self.form_code), ("amount", self.form_amount)):
            self._labels[name] = QLabel()
            form.addRow(self._labels[name], field)
        form.addRow(self.issue_button)
        self.last_ticket = QLabel(objectName="last_ticket")
        self.last_ticket.setStyleSheet("font-size: 28px; font-weight: bold; padding: 8px;")
        form.addRow(self.last_ticket)
        row.addLayout(form, 1)
        boards = QVBoxLayout()
        self.board_table = read_only_table("queue_board", 3)
        self.serving_table = read_only_table("serving_board", 2)
        boards.addWidget(self.board_table, 2)
        boards.addWidget(self.serving_table, 1)
        row.addLayout(boards, 2)
        return page

    def _build_vip_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.vip_table = read_only_table("vip_alerts", 5)
        self.acknowledge_button = QPushButton(objectName="acknowledge_button")
        self.acknowledge_button.clicked.connect(self._on_acknowledge_clicked)
        layout.addWidget(self.vip_table)
        layout.addWidget(self.acknowledge_button)
        return page

    def _build_complaints_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        self.complainant = QLineEdit(objectName="complaint_customer")
        self.contact = QLineEdit(objectName="complaint_contact")
        self.complaint_ticket = QLineEdit(objectName="complaint_ticket")
        self.subject = QLineEdit(objectName="complaint_subject")
        self.subject.returnPressed.connect(self._on_complaint_clicked)
        self.complaint_button = QPushButton(objectName="complaint_button")
        self.complaint_button.clicked.connect(self._on_complaint_clicked)
        self._complaint_labels = {}
        for name, field in (("customer", self.complainant), ("contact", self.contact),
                            ("ticket", self.complaint_ticket), ("subject", self.subject)):
            self._complaint_labels[name] = QLabel()
            form.addRow(self._complaint_labels[name], field)
        form.addRow(self.complaint_button)
        layout.addLayout(form)
        self.complaint_table = read_only_table("complaint_table", 5)
        layout.addWidget(self.complaint_table)
        step = QHBoxLayout()
        self.step_kind = QComboBox(objectName="complaint_step_kind")
        self.step_text = QLineEdit(objectName="complaint_step_text")
        self.step_text.returnPressed.connect(self._on_step_clicked)
        self.step_button = QPushButton(objectName="complaint_step_button")
        self.step_button.clicked.connect(self._on_step_clicked)
        for widget in (self.step_kind, self.step_text, self.step_button):
            step.addWidget(widget)
        layout.addLayout(step)
        return page

    def _build_report_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.report_summary = QLabel(objectName="report_summary")
        self.report_table = read_only_table("service_report", 8)
        layout.addWidget(self.report_summary)
        layout.addWidget(self.report_table)
        return page

    # -- what the main window asks of any workspace ------------------------------------------
    def show_message(self, text: str, ok: bool) -> None:
        self.message.setStyleSheet("color: #1b5e20;" if ok else "color: #b00020;")
        self.message.setText(text)

    def set_language(self, language: str) -> None:
        self.language = language
        self.retranslate()
        self.refresh()

    def focus_start(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.service.setFocus()

    def on_shown(self) -> None:
        self.board_timer.start()
        self.refresh()

    def stop(self) -> None:
        self.board_timer.stop()

    def retranslate(self) -> None:
        for index, title in enumerate((self.tr("Queue 排队"), self.tr("VIP alerts 贵宾提醒"),
                                       self.tr("Complaints 投诉"), self.tr("Service report 服务日报"))):
            self.tabs.setTabText(index, title)
        current = self.service.currentIndex()
        self.service.blockSignals(True)
        self.service.clear()
        for kind in self.lobby.services.types:
            self.service.addItem(kind.name_zh if self.language == "zh_CN" else kind.name_en, kind.code)
        self.service.setCurrentIndex(max(current, 0))
        self.service.blockSignals(False)
        self._on_service_changed()
        for name, text in (("service", self.tr("Service")), ("customer", self.tr("Customer")),
                           ("account", self.tr("Account (VIP check)")), ("code", self.tr("Pre-filled transaction")),
                           ("amount", self.tr("Amount"))):
            self._labels[name].setText(text)
        self.issue_button.setText(self.tr("Issue ticket 取号 (F2)"))
        self.board_table.setHorizontalHeaderLabels([self.tr("Service"), self.tr("Waiting"), self.tr("Next")])
        self.serving_table.setHorizontalHeaderLabels([self.tr("Counter"), self.tr("Serving")])
        self.vip_table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Customer"), self.tr("Level"),
                                                  self.tr("Ticket"), self.tr("Counter")])
        self.acknowledge_button.setText(self.tr("Acknowledge 已接待 (F4)"))
        for name, text in (("customer", self.tr("Customer")), ("contact", self.tr("Contact")),
                           ("ticket", self.tr("Ticket")), ("subject", self.tr("Complaint"))):
            self._complaint_labels[name].setText(text)
        self.complaint_button.setText(self.tr("Record complaint 登记投诉 (F6)"))
        self.complaint_table.setHorizontalHeaderLabels([self.tr("No."), self.tr("Time"), self.tr("Customer"),
                                                        self.tr("Complaint"), self.tr("State")])
        kind_names = {"follow_up": self.tr("Follow-up 跟进"), "reply": self.tr("Reply 回复"),
                      "close": self.tr("Close 办结")}
        self.step_kind.clear()
        for kind in STEP_KINDS:
            self.step_kind.addItem(kind_names[kind], kind)
        self.step_button.setText(self.tr("Add step (F7)"))
        self.report_table.setHorizontalHeaderLabels([
            self.tr("Service"), self.tr("Tickets"), self.tr("Served"), self.tr("No show"), self.tr("Waiting now"),
            self.tr("Mean wait"), self.tr("Longest wait"), self.tr("Mean service")])

    def _service_name(self, code: str) -> str:
        kind = self.lobby.services.get(code)
        return kind.name_zh if self.language == "zh_CN" else kind.name_en

    def _on_service_changed(self, _index: int = 0) -> None:
        code = self.service.currentData()
        self.form_code.clear()
        self.form_code.addItem(self.tr("(none)"), "")
        if code:
            names = {c.code: c.name(self.language) for c in self.w.services.ctx.settings.catalogue.all()}
            for tx_code in self.lobby.services.get(code).tx_codes:
                self.form_code.addItem(f"{tx_code} {names.get(tx_code, '')}", tx_code)

    # -- reading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self._refreshing:  # one look at a time: a slow branch never piles up refreshes
            return
        self._refreshing = True
        lobby, session = self.lobby, self.w.session
        self.w.run(lambda: (lobby.board(), lobby.vip_alerts(session), lobby.complaints(), lobby.service_report()),
                   self._show, self._on_refresh_failed)

    def _on_refresh_failed(self, error: Exception) -> None:
        self._refreshing = False
        self.show_message(describe(error), ok=False)

    def _show(self, result) -> None:
        self._refreshing = False
        board, self._alerts, self._complaints, report = result
        fill_table(self.board_table, [[self._service_name(code), str(len(numbers)), numbers[0] if numbers else "—"]
                                      for code, numbers in board.waiting.items()], right_aligned={1})
        fill_table(self.serving_table, [[ws, number] for ws, number in sorted(board.serving.items())])
        fill_table(self.vip_table, [[a.at[11:16], a.name, a.level, a.ticket_number or "—",
                                     a.serving_workstation or "—"] for a in self._alerts],
                   attention=set(range(len(self._alerts))))
        states = {"open": self.tr("open"), "replied": self.tr("replied"), "closed": self.tr("closed")}
        fill_table(self.complaint_table, [[str(c.complaint_id), c.at[11:16], c.customer_name, c.subject,
                                           states.get(c.state, c.state)] for c in self._complaints])
        fill_table(self.report_table, [[self._service_name(line.service), str(line.tickets), str(line.served),
                                        str(line.no_show), str(line.waiting_now), _duration(line.mean_wait_s),
                                        _duration(line.longest_wait_s), _duration(line.mean_service_s)]
                                       for line in report.lines], right_aligned=set(range(1, 8)))
        self.report_summary.setText(self.tr("Complaints today: %1 (open: %2) · VIP customers seen: %3")
                                    .replace("%1", str(report.complaints_received))
                                    .replace("%2", str(report.complaints_open))
                                    .replace("%3", str(report.vip_sightings)))

    # -- acting -------------------------------------------------------------------------------
    def _act(self, fn, done) -> None:
        def succeeded(result):
            done(result)
            self.refresh()

        self.w.run(fn, succeeded, lambda error: self.show_message(describe(error), ok=False))

    def _on_issue_clicked(self) -> None:
        self.tabs.setCurrentIndex(0)
        lobby, session = self.lobby, self.w.session
        service, customer, account = self.service.currentData(), self.customer.text(), self.account.text().strip()
        code = self.form_code.currentData()
        form = (code, account, self.form_amount.text()) if code else None

        def issued(ticket):
            self.last_ticket.setText(ticket.number)
            self.show_message(self.tr("Ticket %1 issued.").replace("%1", ticket.number)
                              + (" " + self.tr("VIP customer: tell the counter.") if ticket.vip else ""), ok=True)
            for field in (self.customer, self.account, self.form_amount):
                field.clear()
            self.form_code.setCurrentIndex(0)
            self.service.setFocus()

        self._act(lambda: lobby.issue_ticket(session, service, customer_name=customer, account=account or None,
                                             form=form), issued)

    def _on_acknowledge_clicked(self) -> None:
        row = self.vip_table.currentRow()
        if not 0 <= row < len(self._alerts):
            self.show_message(describe(TellerError(self.tr("Select a VIP alert first."))), ok=False)
            return
        alert, lobby, session = self._alerts[row], self.lobby, self.w.session
        self._act(lambda: lobby.acknowledge_alert(session, alert.alert_id),
                  lambda _r: self.show_message(self.tr("VIP alert acknowledged."), ok=True))

    def _on_complaint_clicked(self) -> None:
        self.tabs.setCurrentIndex(2)
        lobby, session = self.lobby, self.w.session
        customer, subject = self.complainant.text(), self.subject.text()
        contact, ticket = self.contact.text(), self.complaint_ticket.text().strip() or None

        def recorded(number):
            for field in (self.complainant, self.contact, self.complaint_ticket, self.subject):
                field.clear()
            self.show_message(self.tr("Complaint %1 recorded.").replace("%1", str(number)), ok=True)

        self._act(lambda: lobby.record_complaint(session, customer, subject, contact=contact,
                                                 ticket_number=ticket), recorded)

    def _on_step_clicked(self) -> None:
        self.tabs.setCurrentIndex(2)
        row = self.complaint_table.currentRow()
        if not 0 <= row < len(self._complaints):
            self.show_message(describe(TellerError(self.tr("Select a complaint first."))), ok=False)
            return
        complaint, kind, text = self._complaints[row], self.step_kind.currentData(), self.step_text.text()
        lobby, session = self.lobby, self.w.session

        def added(_result):
            self.step_text.clear()
            self.show_message(self.tr("Complaint %1 updated.").replace("%1", str(complaint.complaint_id)), ok=True)

        self._act(lambda: lobby.add_complaint_step(session, complaint.complaint_id, kind, text), added)
