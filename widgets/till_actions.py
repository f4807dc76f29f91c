"""Till work from the keyboard: F2 open, F6 balance (轧账), F7 sell back, F8 blind close.

Each step opens a non-blocking dialog and continues when it is accepted, so the
window stays live and the tests can drive every dialog like a teller would.
"""
from __future__ import annotations

from PySide6.QtCore import QObject

from teller.domain.money import format_amount
from widgets.balance_dialog import BalanceDialog
from widgets.count_dialog import CountDialog
from widgets.credentials_dialog import CredentialsDialog
from widgets.messages import describe


class TillActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window

    @property
    def _services(self):
        return self.w.services

    def _count(self, title: str, note: str, then) -> None:
        dialog = CountDialog(title, note, self._services.ctx.settings.denominations, self.w)
        dialog.accepted.connect(lambda: then(dialog.editor.breakdown()))
        self.w.show_dialog(dialog)

    def _dual_control(self, title: str, what: str, then) -> None:
        dialog = CredentialsDialog(title, what, teller_badge=self.w.session.badge_uid, parent=self.w)
        dialog.accepted.connect(lambda: then(dialog.teller_credentials(), dialog.supervisor_credentials()))
        self.w.show_dialog(dialog)

    def _done(self, text: str):
        def show(_result=None):
            self.w.workspace.show_message(text, ok=True)
            self.w.workspace.refresh_till()
        return show

    def _failed(self, error: Exception) -> None:
        self.w.workspace.show_message(describe(error), ok=False)
        self.w.workspace.refresh_till()

    # F2
    def open_till(self) -> None:
        def counted(cash):
            what = self.tr("Hand over %1 from the vault to %2. Teller: your PIN. Cash-area head: badge and PIN.")
            what = what.replace("%1", format_amount(cash.total_fen())).replace("%2", self.w.session.staff.name)
            self._dual_control(self.tr("Open till — dual control"), what,
                               lambda teller, head: self.w.run(
                                   lambda: self._services.till.open(self.w.session, cash, teller, head),
                                   self._done(self.tr("Till opened.")), self._failed))
        self._count(self.tr("Open till"), self.tr("Count the cash received from the vault."), counted)

    # F6
    def balance(self) -> None:
        def show(report):
            self.w.show_dialog(BalanceDialog(report, self._services.ctx.settings.denominations, self.w))
        self.w.run(lambda: self._services.till.balance(self.w.session), show, self._failed)

    # F7
    def sell_back(self) -> None:
        def counted(cash):
            what = self.tr("Sell %1 back to the vault. Teller: your PIN. Cash-area head: badge and PIN.")
            self._dual_control(self.tr("Sell cash back to the vault"),
                               what.replace("%1", format_amount(cash.total_fen())),
                               lambda teller, head: self.w.run(
                                   lambda: self._services.till.sell_back(self.w.session, cash, teller, head),
                                   self._done(self.tr("Cash sold back to the vault.")), self._failed))
        self._count(self.tr("Sell back"), self.tr("Count the cash going back to the vault."), counted)

    # F8
    def close_till(self) -> None:
        def assessed(assessment):
            diff = assessment.difference_fen
            what = self.tr("Counted %1, expected %2.").replace("%1", format_amount(assessment.counted.total_fen())) \
                .replace("%2", format_amount(assessment.expected.total_fen()))
            if diff > 0:
                what += " " + self.tr("OVER (长款) by %1: needs the cash-area head's authorisation.").replace(
                    "%1", format_amount(diff))
            elif diff < 0:
                what += " " + self.tr("SHORT (短款) by %1: needs the cash-area head's authorisation.").replace(
                    "%1", format_amount(-diff))
            else:
                what += " " + self.tr("Balanced. The cash goes back to the vault under dual control.")
            self._dual_control(self.tr("Close till — authorisation"), what,
                               lambda teller, head: self.w.run(
                                   lambda: self._services.till.close(self.w.session, assessment.counted, teller, head),
                                   self._done(self.tr("Till closed and handed to the vault.")), self._failed))

        def counted(cash):
            self.w.run(lambda: self._services.till.count_at_close(self.w.session, cash), assessed, self._failed)

        self._count(self.tr("Close till — blind count"),
                    self.tr("Count all cash in the till. The expected amount is shown only after your count."),
                    counted)
