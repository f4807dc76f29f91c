"""The main window: sign-in, the role's workspace, the lock screen, status bar, language and idle lock."""
from __future__ import annotations

from dataclasses import asdict

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtGui import QDesktopServices
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel, QMainWindow, QSizePolicy, QStackedWidget,
                               QVBoxLayout, QWidget)

from teller.domain.roles import Role
from teller.domain.roles import SUPERVISOR_ROLES
from teller.sync.link_state import core_link_state
from widgets.cash_workspace import CashWorkspace
from widgets.lobby_workspace import LobbyWorkspace
from widgets.review_workspace import ReviewWorkspace
from widgets.supervisor_workspace import SupervisorWorkspace
from widgets.device_actions import DeviceActions
from widgets.device_bridge import DeviceBridge
from widgets.i18n import install_language
from widgets.lock_page import LockPage
from widgets.messages import describe
from widgets.receipt_preview import ReceiptPreview
from widgets.signin_page import SignInPage
from widgets.tasks import BackgroundRunner
from widgets.till_actions import TillActions

OUTBOX_RETRY_MS = 30_000


class MainWindow(QMainWindow):
    ready = Signal()
    signed_in = Signal()
    receipt_shown = Signal(object)  # ReceiptPreview
    print_queue_pumped = Signal(object)  # PumpResult

    def __init__(self, bootstrap, *, language: str = "zh_CN", demo_badges=None, show_previews: bool = True):
        super().__init__()
        self.setObjectName("main_window")
        self.services = None
        self.printer = None
        self.session = None
        self.workspace: CashWorkspace | None = None
        self.dialog = None
        self.language = language
        self.show_previews = show_previews
        self.runner = BackgroundRunner(self)
        self.stack = QStackedWidget()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._build_header())
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.sign_in_page = SignInPage(demo_badges)
        self.lock_page = LockPage()
        self.stack.addWidget(self.sign_in_page)
        self.stack.addWidget(self.lock_page)
        self.sign_in_page.sign_in_requested.connect(self._on_sign_in_page_sign_in_requested)
        self.lock_page.unlock_requested.connect(self._on_lock_page_unlock_requested)
        self.till_actions = TillActions(self)
        self.devices = DeviceBridge(self)  # owns the readers and the printer once bootstrap built them
        self._build_status_bar()
        self._build_menus()
        self.device_actions = DeviceActions(self)
        self.idle_timer = QTimer(self, singleShot=True)
        self.idle_timer.timeout.connect(self._on_idle_timer_timeout)
        self.outbox_timer = QTimer(self, interval=OUTBOX_RETRY_MS)
        self.outbox_timer.timeout.connect(self._on_outbox_timer_timeout)
        # while a round sends a backlog to the core, its count goes down in the status bar
        self.backlog_timer = QTimer(self, interval=500)
        self.backlog_timer.timeout.connect(self._on_backlog_timer_timeout)
        QApplication.instance().installEventFilter(self)
        self.retranslate()
        self.resize(1200, 760)
        self.sign_in_page.set_ready(False, self.tr("Starting…"))
        self.run(bootstrap, self._on_bootstrap_done, self._on_bootstrap_failed)

    # -- plumbing ------------------------------------------------------------------------
    def run(self, fn, on_success, on_failure=None, owner=None) -> None:
        """Background work; with `owner` (a workspace or tab) the result is dropped once it is gone."""
        self.runner.run(fn, on_success, on_failure or self._show_error, owner)

    def show_dialog(self, dialog) -> None:
        self.dialog = dialog
        self.device_actions.dialog_shown(dialog)
        dialog.open()

    def show_error(self, error: Exception) -> None:
        self._show_error(error)

    def _show_error(self, error: Exception) -> None:
        self.show_message(describe(error))

    def show_message(self, text: str, msecs: int = 15000) -> None:
        """A warning for whoever is at the counter: in the workspace if one is shown, and the status bar."""
        if self.workspace is not None and self.stack.currentWidget() is self.workspace:
            self.workspace.show_message(text, ok=False)
        self.statusBar().showMessage(text, msecs)

    def _build_header(self) -> QFrame:
        """The band at the top: branch, business date, who is signed in and in which role, the clock."""
        band = QFrame(objectName="header_band")
        row = QHBoxLayout(band)
        row.setContentsMargins(0, 0, 0, 0)
        self.header_branch, self.header_date = QLabel(objectName="header_branch"), QLabel(objectName="header_date")
        self.header_person, self.header_clock = QLabel(objectName="header_person"), QLabel(objectName="header_clock")
        row.addWidget(self.header_branch)
        row.addWidget(self.header_date)
        row.addStretch(1)
        row.addWidget(self.header_person)
        row.addWidget(self.header_clock)
        self.clock_timer = QTimer(self, interval=1000)
        self.clock_timer.timeout.connect(self._update_clock)
        self.clock_timer.start()
        return band

    def _update_header(self) -> None:
        from widgets.codes import person_name
        from widgets.messages import role_names

        ctx = self.services.ctx if self.services else None
        # "城东支行营业室 East City Branch": the branch's name in the UI's language
        self.header_branch.setText(person_name(ctx.settings.branch.get("branch_name", ""), self.language) if ctx else "")
        self.header_date.setText(self.tr("Business date %1").replace("%1", ctx.business_date()) if ctx else "")
        self.header_person.setText(f"{person_name(self.session.staff.name, self.language)} · "
                                   f"{role_names(self.session.staff.roles)}" if self.session else "")
        self._update_clock()

    def _update_clock(self) -> None:
        if self.services is not None:  # the workstation's clock (injected), not the machine's
            self.header_clock.setText(self.services.ctx.clock.now().strftime("%H:%M:%S"))

    def _build_status_bar(self) -> None:
        self.station_label, self.teller_label, self.link_label = QLabel(), QLabel(), QLabel(objectName="link_state")
        self.branch_label = QLabel(objectName="branch_state")
        self._core_state: tuple[str, int] | None = None  # as last shown, for a change of language
        self._branch_state: tuple[str, str, int | None] | None = None
        # "receipt printed" with a link to the document, instead of its whole path
        self.receipt_link = QLabel(objectName="receipt_link", openExternalLinks=False)
        self.receipt_link.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
        self.statusBar().addWidget(self.receipt_link)
        for label in (self.station_label, self.teller_label, self.link_label, self.branch_label):
            # the link states stay readable; a long passing message is cut instead
            label.setSizePolicy(QSizePolicy.Minimum, QSizePolicy.Preferred)
            self.statusBar().addPermanentWidget(label)

    def _build_menus(self) -> None:
        self.actions: dict[str, QAction] = {}
        self.session_menu = self.menuBar().addMenu("")  # lock and sign off: every role
        self.till_menu = self.menuBar().addMenu("")
        for key, shortcut, slot in (("open_till", "F2", self.till_actions.open_till),
                                    ("balance", "F6", self.till_actions.balance),
                                    ("sell_back", "F7", self.till_actions.sell_back),
                                    ("close_till", "F8", self.till_actions.close_till),
                                    ("lock", "F9", self._on_lock_action_triggered),
                                    ("sign_off", "F10", self._on_sign_off_action_triggered)):
            # the key is shown once, in the menu's shortcut column
            action = QAction(self, shortcut=QKeySequence(shortcut), enabled=False)
            action.triggered.connect(slot)
            (self.session_menu if key in ("lock", "sign_off") else self.till_menu).addAction(action)
            self.actions[key] = action
        self.settings_menu = self.menuBar().addMenu("")
        for code, label in (("zh_CN", "中文"), ("en", "English")):
            action = QAction(label, self)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            self.settings_menu.addAction(action)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Teller workstation"))
        self.till_menu.setTitle(self.tr("&Till"))
        self.session_menu.setTitle(self.tr("&Session"))
        self.settings_menu.setTitle(self.tr("&Language"))
        texts = {"open_till": self.tr("Open till"), "balance": self.tr("Intra-day balance"),
                 "sell_back": self.tr("Sell back to vault"), "close_till": self.tr("Close till"),
                 "lock": self.tr("Lock screen (away)"), "sign_off": self.tr("Sign off")}
        for key, text in texts.items():
            self.actions[key].setText(text)
        for page in (self.sign_in_page, self.lock_page, self.workspace, self.device_actions):
            if page is not None:
                page.retranslate()
        self._update_status()
        if self._core_state is not None:
            self.set_link_state(*self._core_state)
        if self._branch_state is not None:
            self._show_branch_state(*self._branch_state)

    def set_language(self, language: str) -> None:
        self.language = language
        install_language(QApplication.instance(), language)
        if self.workspace is not None:
            self.workspace.set_language(language)
        self.retranslate()

    def _update_status(self) -> None:
        ws = self.services.ctx.workstation_id if self.services else "…"
        self.station_label.setText(self.tr("Workstation %1").replace("%1", ws))
        from widgets.codes import person_name

        self.teller_label.setText(person_name(self.session.staff.name, self.language) if self.session
                                  else self.tr("Not signed in"))
        self._update_header()

    def _on_branch_link_checked(self, report) -> None:
        """The branch link (teller.sync.branch_link.LinkReport): online, offline with the journal kept
        here, or the journal refused; a return is announced, a sign-in conflict shown to all."""
        journal, problem, seq = report.journal, report.problem, None
        if not report.online:
            state = "offline"
        elif journal is not None and journal.status == "refused":
            state, problem, seq = "refused", journal.problem, journal.problem_seq
            self.statusBar().showMessage(problem, 30000)
        else:
            state = "online"
        before = self._branch_state
        self._show_branch_state(state, problem, seq)
        if report.came_back:
            self.statusBar().showMessage(self.tr("The branch server is back: sign-ins, the journal and reference data "
                                                 "are caught up."), 15000)
        elif before is not None and before[:1] + before[2:] != (state, seq):
            self.statusBar().showMessage(self.branch_label.text(), 15000)
        for conflict in report.register.conflicts if report.register else ():
            self.show_message(self.tr("Sign-in conflict, tell a supervisor: %1").replace("%1", conflict.message), 60000)

    def _show_branch_state(self, state: str, problem: str = "", seq: int | None = None) -> None:
        """online | offline (journal kept here) | refused (the branch found a problem at `seq`);
        kept, so that a change of language shows it again in the new one."""
        self._branch_state = (state, problem, seq)
        texts = {"online": self.tr("Branch: online"), "offline": self.tr("Branch: OFFLINE (journal kept here)"),
                 "refused": self.tr("Branch: journal REFUSED at %1").replace("%1", str(seq))}
        self.branch_label.setText(texts[state])
        self.branch_label.setProperty("state", state)
        self.branch_label.setToolTip(problem)
        self.branch_label.setStyleSheet("" if state == "online" else "color: #b00020; font-weight: bold;")

    def set_link_state(self, state: str, waiting: int = 0) -> None:
        """online | degraded (postings wait for a retry) | offline | catching_up (a backlog being
        sent); teller.sync.outbox.core_link_state decides all but the last."""
        self._core_state = (state, waiting)  # shown again in the new language after a switch
        texts = {"online": self.tr("Core: online"), "offline": self.tr("Core: OFFLINE"),
                 "degraded": self.tr("Core: degraded (%1 waiting for a retry)"),
                 "catching_up": self.tr("Core: catching up (%1 to send)")}
        text = texts[state].replace("%1", str(waiting))
        if state == "offline" and waiting:
            text += " " + self.tr("(%1 waiting)").replace("%1", str(waiting))
        self.link_label.setText(text)
        self.link_label.setProperty("state", state)
        self.link_label.setStyleSheet({"offline": "color: #b00020; font-weight: bold;",
                                       "degraded": "color: #b36b00; font-weight: bold;"}.get(state, ""))
        online = state != "offline"
        if state == "degraded" and getattr(self, "_core_degraded", False) is False and online:
            self.statusBar().showMessage(self.tr("The core banking system answers with errors: postings wait "
                                                 "for a retry."), 15000)
        self._core_degraded = state == "degraded"
        if getattr(self, "_core_online", True) != online:  # a change is announced, not only shown
            self._core_online = online
            self.statusBar().showMessage(self.tr("The core banking system is back online.") if online else
                                         self.tr("The core banking system does not answer: working offline "
                                                 "within the offline limits."), 15000)

    # -- start-up --------------------------------------------------------------------------
    def _on_bootstrap_done(self, result) -> None:
        self.services, self.printer, *devices = result  # (workstation, printer[, registry.DeviceSet])
        self.device_actions.started(devices[0] if devices else {"printer": self.printer})
        self._update_status()
        if not self.services.link.online:  # started without the branch store: shown from the first second
            self._show_branch_state("offline", self.services.link.problem)
            self.statusBar().showMessage(self.tr("The branch server cannot be reached: working from the copy kept "
                                                 "here until it is back."), 30000)
        self.sign_in_page.set_ready(True, "")
        self.sign_in_page.reset()
        self.outbox_timer.start()
        self._on_outbox_timer_timeout()
        self.ready.emit()

    def _on_bootstrap_failed(self, error: Exception) -> None:
        self.sign_in_page.set_ready(False, self.tr("The workstation could not start: %1").replace(
            "%1", describe(error)))

    # -- sign-in, lock, sign-off ------------------------------------------------------------
    def _on_sign_in_page_sign_in_requested(self, creds) -> None:
        self.run(lambda: self.services.sessions.sign_in(creds), self._on_signed_in,
                 lambda error: self.sign_in_page.show_error(describe(error)))

    def _on_signed_in(self, session) -> None:
        self.session = session
        if session.staff.roles & SUPERVISOR_ROLES:
            self._replace_workspace(SupervisorWorkspace(self))
        elif Role.REVIEWER in session.staff.roles:
            self._replace_workspace(ReviewWorkspace(self))
        elif Role.LOBBY_MANAGER in session.staff.roles:
            self._replace_workspace(LobbyWorkspace(self))
        else:
            self._replace_workspace(CashWorkspace(self))
        is_cash = Role.CASH_TELLER in session.staff.roles
        for action in self.actions.values():
            action.setEnabled(True)
        for key in ("open_till", "balance", "sell_back", "close_till"):
            self.actions[key].setEnabled(is_cash)
        self.till_menu.menuAction().setVisible(is_cash)  # never greyed on screens where it cannot apply
        self.device_actions.staff_changed(session.staff)
        self.stack.setCurrentWidget(self.workspace)
        self.workspace.focus_start()
        self.workspace.on_shown()
        self._update_status()
        self._restart_idle_timer()
        self.signed_in.emit()

    def _on_lock_action_triggered(self) -> None:
        self._lock("teller")

    def _lock(self, reason: str) -> None:
        if self.session is None or self.session.locked:
            return
        session = self.session
        self._set_locked_ui(True)
        self.lock_page.show_for(session.staff.name, self.tr("Locked after inactivity.") if reason == "idle" else "")
        self.stack.setCurrentWidget(self.lock_page)
        self.run(lambda: self.services.sessions.lock(session, reason=reason), lambda _: None)

    def _on_lock_page_unlock_requested(self, pin: str) -> None:
        session = self.session
        self.run(lambda: self.services.sessions.unlock(session, pin), self._on_unlocked,
                 lambda error: self.lock_page.show_error(describe(error)))

    def _on_unlocked(self, _result) -> None:
        self._set_locked_ui(False)
        self.stack.setCurrentWidget(self.workspace)
        self.workspace.focus_start()
        self._restart_idle_timer()

    def _on_sign_off_action_triggered(self) -> None:
        session = self.session
        self.run(lambda: self.services.sessions.sign_off(session), self._on_signed_off)

    def _replace_workspace(self, workspace) -> None:
        """A workspace per role (cash teller, supervisor), built fresh for each sign-in."""
        if self.workspace is not None:
            self.workspace.stopped = True  # late background results for it are dropped
            if hasattr(self.workspace, "stop"):
                self.workspace.stop()
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
        self.workspace = workspace
        self.stack.addWidget(workspace)

    def print_authorisation_log(self, supervisor_id: str | None) -> None:
        from printing.authorisation_log import render_authorisation_log

        services, printer = self.services, self.printer

        def produce():
            day = services.ctx.business_date()
            branch = services.ctx.settings.branch
            who = services.sessions.staff_member(supervisor_id).name if supervisor_id else "all"
            pdf = render_authorisation_log(branch["bank_name"], branch["branch_name"], day,
                                           f"{supervisor_id or ''} {who}",
                                           services.authorisation.log_lines(day, supervisor_id))
            return self._preview(pdf), printer.print_document(f"authorisation-log-{day}-{supervisor_id or 'all'}", pdf)

        self.run(produce, self._on_receipt_printed)

    def _on_signed_off(self, _result) -> None:
        self.session = None
        self._set_locked_ui(False)
        self.device_actions.staff_changed(None)
        if self.workspace is not None:  # its screen is gone: late background results for it are dropped
            self.workspace.stopped = True
            if hasattr(self.workspace, "stop"):
                self.workspace.stop()
        self.statusBar().clearMessage()  # the next person does not read the last one's messages
        self.receipt_link.clear()
        for action in self.actions.values():
            action.setEnabled(False)
        self.idle_timer.stop()
        self.sign_in_page.reset()
        self.stack.setCurrentWidget(self.sign_in_page)
        self._update_status()

    def _restart_idle_timer(self) -> None:
        if self.services is not None and self.session is not None:
            self.idle_timer.start(int(self.services.ctx.settings.idle_lock_seconds * 1000))

    def _on_idle_timer_timeout(self) -> None:
        self._lock("idle")

    def _set_locked_ui(self, locked: bool) -> None:
        """While locked only the PIN field works: no menu, and (eventFilter) no shortcut; a dialog
        left open is closed so the work behind the lock stays hidden."""
        self._locked_ui = locked
        self.menuBar().setEnabled(not locked)
        if locked and self.dialog is not None and self.dialog.isVisible():
            self.dialog.reject()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if getattr(self, "_locked_ui", False) and event.type() in (QEvent.Shortcut, QEvent.ShortcutOverride):
            return True  # the lock screen lets no shortcut through, whatever widget or menu owns it
        if event.type() in (QEvent.KeyPress, QEvent.MouseButtonPress) and self.session and not self.session.locked:
            self._restart_idle_timer()
        return False

    # -- outbox and receipts -------------------------------------------------------------------
    def _on_backlog_timer_timeout(self) -> None:
        outbox = self.services.outbox
        if outbox.core_online and outbox.backlog and self._core_state and self._core_state[0] != "online":
            self.set_link_state("catching_up", outbox.backlog)

    def _on_outbox_timer_timeout(self) -> None:
        if self.services is None or self.runner.busy:
            return

        outbox = self.services.outbox

        def reported(result):
            self.backlog_timer.stop()
            self.set_link_state(core_link_state(outbox.core_online, result["waiting"]), result["waiting"])

        def failed(error):
            self.backlog_timer.stop()
            self.set_link_state("offline")

        self.backlog_timer.start()
        self.run(outbox.resolve_pending, reported, failed)
        self.run(self.services.link.catch_up, self._on_branch_link_checked, lambda error: None)
        if self.session is not None and getattr(self.printer, "name", "simulated") != "simulated":
            session = self.session
            # waiting vouchers print by themselves once the printer is back
            self.run(lambda: self._print_queue().pump(session.teller_id), self._on_print_queue_pumped,
                     lambda error: None)

    def print_receipt(self, seq: int, *, reprint: bool) -> None:
        """A PDF receipt with a preview on the simulated printer; the bank's voucher form through
        the persistent print queue on a real one (it waits there while the printer is away)."""
        from printing.receipt import ReceiptData, render_receipt

        language, services, printer, session = self.language, self.services, self.printer, self.session
        if getattr(printer, "name", "simulated") != "simulated":
            def queue_voucher():
                queue = self._print_queue()
                queue.submit(services.receipts.voucher_job(seq, reprint=reprint, staff=session.staff))
                return queue.pump(session.teller_id)
            self.run(queue_voucher, self._on_print_queue_pumped)
            return

        def produce():
            facts = services.receipts.facts(seq, language=language, reprint=reprint, staff=session.staff)
            pdf = render_receipt(ReceiptData(**asdict(facts)))
            where = printer.print_document(f"receipt-{facts.workstation}-{seq}{'-reprint' if reprint else ''}", pdf)
            return self._preview(pdf), where

        self.run(produce, self._on_receipt_printed)

    def _print_queue(self):
        from teller.services.print_queue import PrintQueue

        return PrintQueue(self.services.ctx, self.printer)

    def _on_print_queue_pumped(self, result) -> None:
        if result.error or result.waiting:
            text = self.tr("Printer: %1 The voucher waits in the print queue (%2 waiting) and prints when the "
                           "printer is back.").replace("%1", result.error or "").replace("%2", str(result.waiting))
            if self.workspace is not None:
                self.workspace.show_message(text, ok=False)
            self.statusBar().showMessage(text, 15000)
        elif result.printed:
            self.statusBar().showMessage(self.tr("Voucher printed."), 10000)
        self.print_queue_pumped.emit(result)

    def _preview(self, pdf: bytes) -> bytes:
        """The first page as PNG for the preview window (runs in the background)."""
        from printing.preview import pdf_to_png

        return pdf_to_png(pdf) if self.show_previews else b""

    def _on_receipt_printed(self, result) -> None:
        png, where = result
        url = QUrl.fromLocalFile(str(where)).toString() if "://" not in str(where) else str(where)
        self.receipt_link.setText(self.tr("Receipt printed") + f' <a href="{url}">' + self.tr("open") + "</a>")
        self.receipt_link.setToolTip(str(where))
        QTimer.singleShot(30000, self.receipt_link.clear)
        if self.show_previews:
            preview = ReceiptPreview(png, where, self)
            preview.setAttribute(Qt.WA_DeleteOnClose)
            preview.show()
            self.receipt_shown.emit(preview)
        else:
            self.receipt_shown.emit(where)

    def closeEvent(self, event) -> None:
        self.devices.stop(wait=False)
        super().closeEvent(event)
