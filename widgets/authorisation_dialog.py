"""The supervisor's prompt (授权): what is being authorised, then badge + PIN here, or a
request to the supervisors' workstations when the policy asks for remote approval."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton

from teller.domain.money import amount_in_words, format_amount, from_fen
from widgets.credentials_dialog import CredentialsDialog
from widgets.messages import reasons_text, role_names


class AuthorisationDialog(CredentialsDialog):
    remote_requested = Signal()

    def __init__(self, need, action_name: str, parent=None):
        self.need = need
        local = need.decision.outcome == "local"
        super().__init__(self.tr("Authorisation required"), self._describe(need, action_name),
                         supervisor_required=local, parent=parent)
        self.setObjectName("authorisation_dialog")
        if not local:
            self.remote_button = QPushButton(self.tr("Request approval from a supervisor's workstation"),
                                             objectName="request_remote")
            self.remote_button.clicked.connect(self._on_remote_button_clicked)
            self.layout().insertWidget(1, self.remote_button)
            self.remote_button.setDefault(True)
            self.remote_button.setFocus()

    def _describe(self, need, action_name: str) -> str:
        roles = role_names(need.decision.allowed_roles)
        lines = [self.tr("Teller: %1").replace("%1", f"{need.maker_id} {need.maker_name}"),
                 self.tr("Transaction: %1").replace("%1", action_name)]
        if need.account_masked:
            lines.append(self.tr("Account: %1").replace("%1", need.account_masked))
        if need.amount_fen:
            lines.append(self.tr("Amount: %1").replace("%1", f"¥{format_amount(need.amount_fen)}  人民币"
                                                              f"{amount_in_words(from_fen(need.amount_fen))}"))
        lines.append(self.tr("Why: %1").replace("%1", reasons_text(need.decision.reasons)))
        lines.append(self.tr("Who may authorise: %1").replace("%1", roles))
        return "\n".join(lines)

    def _on_remote_button_clicked(self) -> None:
        self.remote_requested.emit()
        self.reject()
