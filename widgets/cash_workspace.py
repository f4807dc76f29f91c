"""The cash teller's workspace: transaction entry, till by denomination, journal; F-keys for till work."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QTabWidget, QVBoxLayout, QWidget

from teller.domain.errors import TellerError
from teller.domain.money import format_amount
from widgets.authorised_action import AuthorisedAction
from widgets.codes import account_status, outcome_text
from widgets.journal_view import JournalView
from widgets.passbook_panel import PassbookPanel
from widgets.messages import describe, rejection_reason
from widgets.queue_caller import QueueCaller
from widgets.till_panel import TillPanel
from widgets.transaction_form import TransactionForm


class CashWorkspace(QWidget):
    """Shows and collects; every action is one call into the services through the window's runner."""

    status_message = Signal(str)

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cash_workspace")
        self.window_ = window
        settings = window.services.ctx.settings
        layout = QHBoxLayout(self)
        self.tabs = QTabWidget()
        self.form = TransactionForm(settings.catalogue, settings.denominations, window.language)
        self.journal = JournalView()
        self.tabs.addTab(self.form, "")
        self.tabs.addTab(self.journal, "")
        self.passbook = PassbookPanel(window)
        self.tabs.addTab(self.passbook, "")
        layout.addWidget(self.tabs, 3)
        side = QVBoxLayout()
        self.queue = QueueCaller(window)
        self.queue.form_offered.connect(self._on_queue_form_offered)
        self.queue.message.connect(self.form.show_message)
        side.addWidget(self.queue)
        self.till = TillPanel(settings.denominations)
        side.addWidget(self.till)
        layout.addLayout(side, 1)
        self.form.submit_requested.connect(self._on_form_submit_requested)
        self.form.account_entered.connect(self._on_form_account_entered)
        self.journal.search_requested.connect(self._on_journal_search_requested)
        self.journal.reprint_requested.connect(self._on_journal_reprint_requested)
        self.journal.reverse_requested.connect(self._on_journal_reverse_requested)
        self.journal.message.connect(lambda text: self.journal.show_message(text, ok=False))
        window.devices.card_event.connect(self._on_devices_card_event)
        QShortcut(QKeySequence("F5"), self, activated=self._on_form_submit_requested)
        QShortcut(QKeySequence("F11"), self, activated=self._on_passbook_shortcut)
        QShortcut(QKeySequence("Escape"), self, activated=self.form.clear_for_next)
        self.retranslate()

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Transaction"))
        self.tabs.setTabText(1, self.tr("Journal"))
        self.tabs.setTabText(2, self.tr("Passbook"))
        self.passbook.retranslate()
        self.queue.retranslate()
        self.form.retranslate()
        self.journal.retranslate()
        self.till.retranslate()

    # -- what the main window asks of any workspace ------------------------------------------
    def show_message(self, text: str, ok: bool) -> None:
        self.form.show_message(text, ok)

    def set_language(self, language: str) -> None:
        self.form.set_language(language)

    def focus_start(self) -> None:
        self.form.code.setFocus()

    def on_shown(self) -> None:
        self.refresh_till()

    def _on_queue_form_offered(self, form) -> None:
        self.tabs.setCurrentWidget(self.form)
        self.form.prefill(form.tx_code, form.account, format_amount(form.amount_fen))

    @property
    def services(self):
        return self.window_.services

    def run(self, fn, on_success, on_failure=None):
        self.window_.run(fn, on_success, on_failure or self._on_failure, owner=self)

    def _on_failure(self, error: Exception) -> None:
        self.form.show_message(describe(error), ok=False)

    def refresh_till(self) -> None:
        session = self.window_.session
        self.run(lambda: self.services.till.position(session), self.till.show_cash)

    def _on_passbook_shortcut(self) -> None:
        self.tabs.setCurrentWidget(self.passbook)
        if self.passbook.passbook.text().strip():
            self.passbook.update_passbook()
        else:
            self.passbook.passbook.setFocus()

    # -- bank card ---------------------------------------------------------------------
    def _on_devices_card_event(self, event) -> None:
        if event.kind == "inserted":
            self.form.show_message(self.tr("Reading the card…"), ok=True)
        elif event.kind == "error":
            self.form.show_message(event.message, ok=False)
        elif event.kind == "read" and event.card is not None:
            card, services = event.card, self.services

            def shown(info):
                self.form.use_card(card.masked_pan, info.account, f"{info.name}  ({account_status(info.status)})")
                self.form.show_message(self.tr("Card %1 read.").replace("%1", card.masked_pan), ok=True)

            self.run(lambda: services.cash.account_for_card(card), shown)

    # -- posting ---------------------------------------------------------------------
    def _on_form_account_entered(self, account: str) -> None:
        if not account:
            return

        def shown(info):
            self.form.account_name.setText(f"{info.name}  ({account_status(info.status)})")

        def failed(error):
            self.form.account_name.setText(describe(error))

        self.run(lambda: self.services.cash.look_up_account(account), shown, failed)

    def _on_form_submit_requested(self) -> None:
        try:
            code, account, amount, cash = self.form.values()
        except TellerError as exc:
            self.form.show_message(describe(exc), ok=False)
            return
        session, services = self.window_.session, self.services
        name = self.form.account_name.text().split("  (")[0]
        self.form.show_message(self.tr("Sending to the core banking system…"), ok=True)

        def post(approval, customer):
            return services.cash.post(session, code, account, amount, cash, name, approval=approval,
                                      customer=customer)

        action = f"{code} {self.form.code_name.text()}"
        AuthorisedAction(self.window_, post, action, self._on_posted, self._on_failure).start()

    def _on_posted(self, result) -> None:
        outcome = result.outcome
        amount = format_amount(result.amount_fen)
        if outcome.status == "approved":
            text, ok = self.tr("Approved: %1, journal %2").replace("%1", amount).replace("%2", str(outcome.seq)), True
        elif outcome.status == "offline_accepted":
            text, ok = self.tr("Accepted offline (core not answering): %1, journal %2").replace(
                "%1", amount).replace("%2", str(outcome.seq)), True
        elif outcome.status == "offline_refused":
            text, ok = self.tr("Refused: the core banking system is not answering and a withdrawal needs it. "
                               "Pay nothing."), False
        else:
            text, ok = self.tr("Rejected by the core: %1. Nothing was posted; pay or take no cash.").replace(
                "%1", rejection_reason(outcome.reason)), False
        if result.warnings:
            text += "\n" + "\n".join(result.warnings)
        self.form.show_message(text, ok)
        self.refresh_till()
        if result.cash_moved:
            self.form.clear_for_next()
            self.window_.print_receipt(outcome.seq, reprint=False)

    # -- journal ---------------------------------------------------------------------
    def _on_journal_search_requested(self, query) -> None:
        staff, services, language = self.window_.session.staff, self.services, self.window_.language
        self.run(lambda: (services.search_journal(staff, query), services.exceptions.staff_names()),
                 lambda result: self.journal.show_entries(*result, language=language),
                 lambda error: self.journal.show_message(describe(error), ok=False))

    def _on_journal_reprint_requested(self, seq: int) -> None:
        self.window_.print_receipt(seq, reprint=True)

    def _on_journal_reverse_requested(self, seq: int, reason: str) -> None:
        session, services = self.window_.session, self.services

        def reverse(approval, _customer):
            return services.reversal.reverse(session, seq, reason, approval)

        def done(result):
            self.journal.show_message(self.tr("Posting %1 reversed: %2").replace("%1", str(seq)).replace(
                "%2", outcome_text(result.outcome.status)), ok=result.outcome.status == "approved")
            self.refresh_till()
            self._on_journal_search_requested(self.journal.query())

        AuthorisedAction(self.window_, reverse, self.tr("Reversal of posting %1").replace("%1", str(seq)),
                         done, lambda error: self.journal.show_message(describe(error), ok=False)).start()
