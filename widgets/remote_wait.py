"""The maker waits for a remote approval: woken by the branch store's notifications (or a
poll), shows the decision, and can cancel the request."""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from teller.services.authorisation import DECISIONS_CHANNEL
from teller.store.notifications import Listener

SAFETY_POLL_MS = 2000


class RemoteWaitDialog(QDialog):
    decided = Signal(object)  # the AuthorisationRequest row once it is no longer pending
    _woken = Signal(str)

    def __init__(self, window, request_id: int):
        super().__init__(window)
        self.setObjectName("remote_wait_dialog")
        self.window_, self.request_id = window, request_id
        self.setWindowTitle(self.tr("Waiting for authorisation"))
        layout = QVBoxLayout(self)
        self.label = QLabel(self.tr("Request %1 sent to the supervisors. Waiting for a decision…")
                            .replace("%1", str(request_id)), objectName="remote_wait_label")
        layout.addWidget(self.label)
        buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        buttons.rejected.connect(self._on_cancel_clicked)
        layout.addWidget(buttons)
        self._checking = False
        self._finished = False
        self._woken.connect(self._on_woken)
        self._listener = Listener(window.services.branch_engine, DECISIONS_CHANNEL, self._wake).start()
        self._poll = QTimer(self, interval=SAFETY_POLL_MS)
        self._poll.timeout.connect(lambda: self._on_woken(""))
        self._poll.start()
        self.finished.connect(self._on_finished)

    def _wake(self, payload: str) -> None:
        try:
            self._woken.emit(payload)
        except RuntimeError:  # the dialog was deleted while the listener was stopping
            pass

    def _on_woken(self, payload: str) -> None:
        if self._checking or self._finished or (payload and payload not in (str(self.request_id), "expired")):
            return
        self._checking = True
        services, session = self.window_.services, self.window_.session
        self.window_.run(lambda: services.authorisation.outcome_for_maker(session, self.request_id), self._on_state,
                         lambda error: setattr(self, "_checking", False))

    def _on_state(self, row) -> None:
        self._checking = False
        if row.state == "pending" or self._finished:
            return
        self._finished = True
        self.decided.emit(row)
        self.accept()

    def _on_cancel_clicked(self) -> None:
        session, services = self.window_.session, self.window_.services
        self._finished = True
        self.window_.run(lambda: services.authorisation.cancel(session, self.request_id), lambda _: self.reject(),
                         lambda error: (self.window_.show_error(error), self.reject()))

    def _on_finished(self, _result) -> None:
        self._poll.stop()
        self._listener.stop()
