"""The counter's end of the lobby queue: call the next ticket (F3), finish it (F4) or mark the
customer absent; a ticket pre-filled at the lobby fills the transaction form, which the teller
only checks; a VIP customer served here is announced."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from widgets.messages import describe


class QueueCaller(QGroupBox):
    form_offered = Signal(object)  # teller.services.lobby.PrefilledForm
    message = Signal(str, bool)

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("queue_caller")
        self.w = window
        self.ticket = None
        layout = QVBoxLayout(self)
        self.current = QLabel("—", objectName="current_ticket")
        self.current.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.vip = QLabel(objectName="vip_notice")
        self.vip.setStyleSheet("color: #8a6d00; font-weight: bold;")
        self.vip.setWordWrap(True)
        buttons = QHBoxLayout()
        self.call_button = QPushButton(objectName="call_next_button")
        self.done_button = QPushButton(objectName="ticket_done_button")
        self.absent_button = QPushButton(objectName="ticket_absent_button")
        self.call_button.clicked.connect(self.call_next)
        self.done_button.clicked.connect(lambda: self.finish(no_show=False))
        self.absent_button.clicked.connect(lambda: self.finish(no_show=True))
        for button in (self.call_button, self.done_button, self.absent_button):
            buttons.addWidget(button)
        layout.addWidget(self.current)
        layout.addWidget(self.vip)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("F3"), self, activated=self.call_next)
        QShortcut(QKeySequence("F4"), self, activated=lambda: self.finish(no_show=False))
        self.retranslate()
        self._show()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Queue 叫号"))
        self.call_button.setText(self.tr("Call next (F3)"))
        self.done_button.setText(self.tr("Done (F4)"))
        self.absent_button.setText(self.tr("No show"))

    def _show(self) -> None:
        self.current.setText(self.ticket.number if self.ticket else "—")
        self.call_button.setEnabled(self.ticket is None)
        self.done_button.setEnabled(self.ticket is not None)
        self.absent_button.setEnabled(self.ticket is not None)
        if self.ticket is None:
            self.vip.clear()

    def call_next(self) -> None:
        if self.ticket is not None or not self.isVisible():
            return
        lobby, session = self.w.services.lobby, self.w.session

        def call():
            ticket = lobby.call_next(session)
            return ticket, (lobby.vip_alerts(session) if ticket else [])

        self.w.run(call, self._on_called, self._on_failed)

    def _on_called(self, result) -> None:
        self.ticket, alerts = result
        self._show()
        if self.ticket is None:
            self.message.emit(self.tr("Nobody is waiting for this counter."), True)
            return
        self.message.emit(self.tr("Ticket %1 called.").replace("%1", self.ticket.number), True)
        if alerts:
            self.vip.setText(self.tr("VIP customer: %1 (%2)").replace("%1", alerts[0].name)
                             .replace("%2", alerts[0].level))
        if self.ticket.form is not None:
            self.form_offered.emit(self.ticket.form)

    def finish(self, no_show: bool) -> None:
        if self.ticket is None or not self.isVisible():
            return
        lobby, session, ticket_id = self.w.services.lobby, self.w.session, self.ticket.ticket_id

        def finished(_ticket) -> None:
            self.ticket = None
            self._show()

        self.w.run(lambda: lobby.finish(session, ticket_id, no_show=no_show), finished, self._on_failed)

    def _on_failed(self, error: Exception) -> None:
        self.message.emit(describe(error), False)
