"""A teller's action that the policy may stop for an authorisation or for the large-cash ID:
the action runs; when it needs more, the right dialog opens and the action runs again with
what was collected (a local approval, a remote approval, the customer's identity)."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject

from teller.services.authorisation import LocalApproval, NeedsAuthorisation, RemoteApproval
from teller.services.large_cash import IdentityRequired
from widgets.authorisation_dialog import AuthorisationDialog
from widgets.large_cash_dialog import LargeCashDialog
from widgets.remote_wait import RemoteWaitDialog


class AuthorisedAction(QObject):
    def __init__(self, window, call: Callable[[Any, Any], Any], action_name: str,
                 on_done: Callable[[Any], None], on_failed: Callable[[Exception], None]):
        super().__init__(window)
        self.w, self._call, self._name = window, call, action_name
        self._on_done, self._on_failed = on_done, on_failed
        self._approval = self._customer = None

    def start(self) -> None:
        self.w.run(lambda: self._call(self._approval, self._customer), self._on_done, self._on_failure)

    def _on_failure(self, error: Exception) -> None:
        if isinstance(error, IdentityRequired) and self._customer is None:
            dialog = LargeCashDialog(self.w)
            dialog.accepted.connect(lambda: self._retry(customer=dialog.identity))
            self.w.show_dialog(dialog)
        elif isinstance(error, NeedsAuthorisation) and self._approval is None:
            dialog = AuthorisationDialog(error.need, self._name, self.w)
            dialog.accepted.connect(lambda: self._retry(approval=LocalApproval(dialog.supervisor_credentials())))
            dialog.remote_requested.connect(lambda: self._request_remote(error.need))
            self.w.show_dialog(dialog)
        else:
            self._approval = None  # a wrong PIN or a refusal: the next try asks again
            self._on_failed(error)

    def _retry(self, *, approval=None, customer=None) -> None:
        self._approval = approval or self._approval
        self._customer = customer or self._customer
        self.start()

    def _request_remote(self, need) -> None:
        session, services = self.w.session, self.w.services
        self.w.run(lambda: services.authorisation.request_remote(session, need), self._wait, self._on_failed)

    def _wait(self, request_id: int) -> None:
        dialog = RemoteWaitDialog(self.w, request_id)
        dialog.decided.connect(self._on_decided)
        self.w.show_dialog(dialog)

    def _on_decided(self, row) -> None:
        if row.state == "approved":
            self._retry(approval=RemoteApproval(row.id))
            return
        text = {"rejected": self.tr("Rejected by %1: %2"), "expired": self.tr("The request expired unanswered."),
                "cancelled": self.tr("The request was cancelled.")}.get(row.state, row.state)
        self._on_failed(_Decision(text.replace("%1", row.decided_by or "").replace("%2", row.decision_reason or "")))


class _Decision(Exception):
    """A remote decision that stops the action, shown to the teller as it is."""

    code = "authorisation_refused"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
