"""The supervisor's workspace (授权台): pending authorisation requests with a cue when one
arrives, today's decisions and their log, and the tellers' status board with badge and
sign-off actions. Keyboard: F5 approve, F6 reject (with a reason), F7 refresh."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTabWidget,
                               QVBoxLayout, QWidget)

from teller.domain.errors import TellerError
from teller.domain.money import format_amount
from teller.services.authorisation import REQUESTS_CHANNEL, LocalApproval, request_reasons
from teller.store.notifications import Listener
from widgets.authorised_action import AuthorisedAction
from widgets.credentials_dialog import CredentialsDialog
from widgets.custody_tab import CustodyTab
from widgets.day_close_tab import DayCloseTab
from widgets.exceptions_tab import ExceptionsTab
from widgets.codes import person_name, badge_state, decision_mode, request_state
from widgets.messages import action_name, describe, local_time, reasons_text
from widgets.tables import fill_table, read_only_table


class SupervisorWorkspace(QWidget):
    new_request = Signal(int)
    _woken = Signal(str)

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("supervisor_workspace")
        self.w = window
        self._known: set[int] = set()
        self._pending_ids: list[int] = []
        self._board = []
        layout = QVBoxLayout(self)
        self.cue = QLabel(objectName="new_request_cue")
        self.cue.setStyleSheet("background: #ffb300; font-weight: bold; padding: 4px;")
        self.cue.hide()
        layout.addWidget(self.cue)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.message = QLabel(objectName="supervisor_message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self._build_pending()
        self._build_decisions()
        self._build_board()
        self.custody = CustodyTab.add_to(self)  # only for those who keep the custody registers
        self.exceptions = ExceptionsTab.add_to(self)  # 异常队列: offline postings the core refused
        self.day_close = DayCloseTab.add_to(self)  # 日终: the checklist and the day's reports
        QShortcut(QKeySequence("F5"), self, activated=self._on_approve_clicked)
        QShortcut(QKeySequence("F6"), self, activated=self._on_reject_clicked)
        QShortcut(QKeySequence("F7"), self, activated=self.refresh)
        self._woken.connect(lambda _payload: self.refresh())
        self._listener = Listener(window.services.branch_engine, REQUESTS_CHANNEL, self._wake).start()
        self.destroyed.connect(lambda *_: self._listener.stop())
        self.retranslate()
        self.refresh()

    def _wake(self, payload: str) -> None:
        """From the listener's thread: hand over to the UI thread (unless the window is gone)."""
        try:
            self._woken.emit(payload)
        except RuntimeError:  # the workspace was deleted while the listener was stopping
            pass

    # -- what the main window asks of any workspace ------------------------------------------
    def stop(self) -> None:
        self._listener.stop()

    def add_tab(self, tab: QWidget) -> None:
        """A further tab (custody, exceptions), refreshed whenever it is brought to the front."""
        self.tabs.addTab(tab, "")
        self.tabs.currentChanged.connect(lambda index: index == self.tabs.indexOf(tab) and tab.refresh())

    def show_message(self, text: str, ok: bool) -> None:
        self.message.setStyleSheet("color: #1b5e20;" if ok else "color: #b00020;")
        self.message.setText(text)

    def set_language(self, language: str) -> None:
        """Nothing here depends on the language beyond retranslate()."""

    def focus_start(self) -> None:
        self.pending.setFocus()

    def on_shown(self) -> None:
        self.refresh()

    # -- layout ------------------------------------------------------------------------------
    def _build_pending(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        self.pending = read_only_table("pending_table", 8)
        box.addWidget(self.pending)
        row = QHBoxLayout()
        self.reason = QLineEdit(objectName="decision_reason")
        self.approve = QPushButton(objectName="approve_button")
        self.reject = QPushButton(objectName="reject_button")
        self.approve.clicked.connect(self._on_approve_clicked)
        self.reject.clicked.connect(self._on_reject_clicked)
        for widget in (self.reason, self.approve, self.reject):
            row.addWidget(widget)
        box.addLayout(row)
        self.tabs.addTab(page, "")

    def _build_decisions(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        self.decisions = read_only_table("decisions_table", 7)
        box.addWidget(self.decisions)
        self.print_log = QPushButton(objectName="print_log_button")
        self.print_log.clicked.connect(self._on_print_log_clicked)
        box.addWidget(self.print_log)
        self.tabs.addTab(page, "")

    def _build_board(self) -> None:
        page = QWidget()
        box = QVBoxLayout(page)
        self.board = read_only_table("teller_board", 7)
        box.addWidget(self.board)
        self.exposure = QLabel(objectName="branch_exposure")
        box.addWidget(self.exposure)
        row = QHBoxLayout()
        self.unlock = QPushButton(objectName="unlock_badge_button")
        self.blacklist = QPushButton(objectName="blacklist_badge_button")
        self.force = QPushButton(objectName="force_sign_off_button")
        self.unlock.clicked.connect(lambda: self._on_badge_action_clicked("unlock"))
        self.blacklist.clicked.connect(lambda: self._on_badge_action_clicked("blacklist"))
        self.force.clicked.connect(self._on_force_clicked)
        for widget in (self.unlock, self.blacklist, self.force):
            row.addWidget(widget)
        box.addLayout(row)
        self.tabs.addTab(page, "")

    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Pending requests"))
        self.tabs.setTabText(1, self.tr("Today's decisions"))
        self.tabs.setTabText(2, self.tr("Tellers"))
        self.pending.setHorizontalHeaderLabels([self.tr("No."), self.tr("Time"), self.tr("Workstation"),
                                                self.tr("Maker"), self.tr("Action"), self.tr("Account"),
                                                self.tr("Amount"), self.tr("Why")])
        self.decisions.setHorizontalHeaderLabels([self.tr("No."), self.tr("Time"), self.tr("Mode"), self.tr("Maker"),
                                                  self.tr("Action"), self.tr("Amount"), self.tr("Decision")])
        self.board.setHorizontalHeaderLabels([self.tr("Teller"), self.tr("State"), self.tr("Workstation"),
                                              self.tr("Till"), self.tr("Over/short"), self.tr("Offline exposure"),
                                              self.tr("Badges")])
        self.reason.setPlaceholderText(self.tr("Reason (required to reject)"))
        self.approve.setText(self.tr("Approve (F5)"))
        self.reject.setText(self.tr("Reject (F6)"))
        self.print_log.setText(self.tr("Print my authorisation log"))
        self.unlock.setText(self.tr("Unlock badge"))
        self.blacklist.setText(self.tr("Blacklist lost badge"))
        self.force.setText(self.tr("Force sign-off"))
        if self.custody is not None:
            self.custody.retranslate()
        self.exceptions.retranslate()
        self.day_close.retranslate()

    # -- reading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        session, services = self.w.session, self.w.services
        if session is None:
            return
        if self.custody is not None:
            self.custody.refresh()

        def read():
            day = services.ctx.business_date()
            return (services.authorisation.pending_for(session), services.authorisation.log_lines(day),
                    services.supervision.teller_board(), services.exceptions.staff_names())

        self.w.run(read, self._show, self._on_failure, owner=self)

    def _show(self, result) -> None:
        pending, decisions, board, names = result
        self._pending_ids = [r.id for r in pending]
        tz = self.w.services.ctx.clock.now().tzinfo
        catalogue = self.w.services.ctx.settings.catalogue
        fill_table(self.pending, [[str(r.id), local_time(r.created_at, tz), r.workstation_id,
                                   names.get(r.maker_id, r.maker_id), action_name(r.action, catalogue, self.w.language),
                                   r.account_masked or "", format_amount(r.amount_fen) if r.amount_fen else "",
                                   reasons_text(request_reasons(r))] for r in pending], right_aligned={0, 6})
        fill_table(self.decisions, [[str(l.request_id), l.time, decision_mode(l.mode), l.maker,
                                     action_name(l.action, catalogue, self.w.language),
                                     format_amount(l.amount_fen) if l.amount_fen else "",
                                     " ".join(filter(None, (request_state(l.state), l.reason)))]
                                    for l in decisions], right_aligned={0, 5})
        self._board = board
        states = {"signed_in": self.tr("signed in"), "locked": self.tr("locked (away)"),
                  "signed_off": self.tr("signed off")}
        fill_table(self.board, [[f"{t.staff_id} {person_name(t.name, self.w.language)}", states[t.state], t.workstation or "",
                            self.tr("open") if t.till_open else "",
                            format_amount(t.over_short_fen) if t.over_short_fen else "",
                            " · ".join(filter(None, (format_amount(t.offline_fen) if t.offline_fen else "",
                                                     self._exceptions_text(t.exceptions)))),
                            ", ".join(f"{uid} {badge_state(status)}" for uid, status in t.badges)] for t in board],
                   right_aligned={3, 4, 5})
        total = sum(t.offline_fen for t in board)
        queue = self.w.services.supervision.branch_exceptions(board)
        self.exposure.setText(self.tr("Branch offline exposure: %1").replace("%1", format_amount(total)) + "  "
                              + self._exceptions_text(queue, always=True))
        self.exposure.setStyleSheet("color: #b00020; font-weight: bold;" if total else "")
        fresh = set(self._pending_ids) - self._known
        self._known |= set(self._pending_ids)
        if fresh:
            QApplication.beep()
            QApplication.alert(self.w)
            self.cue.setText(self.tr("New authorisation request: %1").replace("%1", ", ".join(map(str, sorted(fresh)))))
            self.cue.show()
            self.tabs.setCurrentIndex(0)
            if self.pending.currentRow() < 0:
                self.pending.selectRow(0)
            self.new_request.emit(max(fresh))
        elif not self._pending_ids:
            self.cue.hide()

    def _on_failure(self, error: Exception) -> None:
        self.show_message(describe(error), ok=False)

    def _exceptions_text(self, queue, always: bool = False) -> str:
        """Open exceptions (count / amount) and today's write-offs, for the board."""
        if not (always or queue.open_count or queue.written_off_fen):
            return ""
        return (self.tr("exceptions open %1 / %2, written off today %3").replace("%1", str(queue.open_count))
                .replace("%2", format_amount(queue.open_fen)).replace("%3", format_amount(queue.written_off_fen)))

    def _done(self, text: str):
        def show(_result=None):
            self.show_message(text, ok=True)
            self.refresh()
        return show

    # -- deciding ------------------------------------------------------------------------------
    def _selected_request(self) -> int | None:
        row = self.pending.currentRow()
        return self._pending_ids[row] if 0 <= row < len(self._pending_ids) else None

    def _decide(self, approve: bool) -> None:
        request_id = self._selected_request()
        if request_id is None:
            self._on_failure(TellerError(self.tr("Select a request first.")))
            return
        session, services, reason = self.w.session, self.w.services, self.reason.text()
        self.w.run(lambda: services.authorisation.decide(session, request_id, approve, reason),
                   self._done((self.tr("Request %1 approved.") if approve else self.tr("Request %1 rejected."))
                              .replace("%1", str(request_id))), self._on_failure)
        self.reason.clear()

    def _on_approve_clicked(self) -> None:
        self._decide(True)

    def _on_reject_clicked(self) -> None:
        self._decide(False)

    def _on_print_log_clicked(self) -> None:
        self.w.print_authorisation_log(self.w.session.teller_id)

    # -- tellers --------------------------------------------------------------------------------
    def _selected_teller(self):
        row = self.board.currentRow()
        return self._board[row] if 0 <= row < len(self._board) else None

    def _on_badge_action_clicked(self, action: str) -> None:
        teller = self._selected_teller()
        wanted = "locked" if action == "unlock" else "active"
        uids = [uid for uid, status in (teller.badges if teller else ()) if status == wanted]
        if not uids:
            self._on_failure(TellerError(self.tr("Select a teller with a badge to change.")))
            return
        dialog = CredentialsDialog(self.tr("Confirm with your PIN"), self.tr("%1 badge %2 of %3").replace(
            "%1", action).replace("%2", uids[0]).replace("%3", teller.name), parent=self.w)
        dialog.supervisor_badge.setText(self.w.session.badge_uid)
        dialog.supervisor_pin.setFocus()
        services = self.w.services
        change = services.sessions.unlock_badge if action == "unlock" else services.sessions.blacklist_badge
        dialog.accepted.connect(lambda: self.w.run(lambda: change(dialog.supervisor_credentials(), uids[0]),
                                                   self._done(self.tr("Badge %1 changed.").replace("%1", uids[0])),
                                                   self._on_failure))
        self.w.show_dialog(dialog)

    def _on_force_clicked(self) -> None:
        teller = self._selected_teller()
        if teller is None or teller.workstation is None:
            self._on_failure(TellerError(self.tr("Select a signed-in teller.")))
            return
        session, services = self.w.session, self.w.services

        def force(approval: LocalApproval | None, _customer):
            return services.supervision.force_sign_off(session, teller.staff_id, approval)

        AuthorisedAction(self.w, force, self.tr("Force sign-off of %1").replace("%1", teller.name),
                         self._done(self.tr("%1 signed off.").replace("%1", teller.name)), self._on_failure).start()
