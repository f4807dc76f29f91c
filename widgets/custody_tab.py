"""The custody tab of the supervisor's workspace (印章与重要物品保管): seals, pledge codes and blank
voucher stock with keeper and state, the items not locked in the vault box, and the keepers'
actions under dual control. Keyboard: F3 hand over, F4 take out, F12 lock in the vault box."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from teller.domain.errors import TellerError
from teller.services.custody import CUSTODY_ADMIN_ROLES
from widgets.credentials_dialog import CredentialsDialog
from widgets.messages import describe
from widgets.tables import fill_table, read_only_table

KINDS = {"seal": QT_TRANSLATE_NOOP("CustodyTab", "Seal"),
         "pledge_code": QT_TRANSLATE_NOOP("CustodyTab", "Pledge code"),
         "blank_voucher": QT_TRANSLATE_NOOP("CustodyTab", "Blank vouchers")}
STATES = {"vault": QT_TRANSLATE_NOOP("CustodyTab", "Locked in the vault box"),
          "with_keeper": QT_TRANSLATE_NOOP("CustodyTab", "With its keeper")}


def _tr(text: str) -> str:
    return QCoreApplication.translate("CustodyTab", text)


class CustodyTab(QWidget):
    """Shows the register's items; each action is one call into CustodyService."""

    @classmethod
    def add_to(cls, desk) -> "CustodyTab | None":
        """The tab, added to the supervisor's workspace for those who keep the registers."""
        if not desk.w.session.staff.has_any(CUSTODY_ADMIN_ROLES):
            return None
        tab = cls(desk)
        desk.add_tab(tab)
        return tab

    def __init__(self, desk, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("custody_tab")
        self.desk, self.w = desk, desk.w
        self._items = []
        layout = QVBoxLayout(self)
        self.table = read_only_table("custody_table", 4)
        layout.addWidget(self.table)
        self.missing = QLabel(objectName="custody_missing")
        self.missing.setWordWrap(True)
        layout.addWidget(self.missing)
        row = QHBoxLayout()
        self.note = QLineEdit(objectName="custody_note")
        self.hand_over = QPushButton(objectName="hand_over_button")
        self.take_out = QPushButton(objectName="take_out_button")
        self.lock_in = QPushButton(objectName="lock_in_button")
        self.print_register = QPushButton(objectName="print_register_button")
        self.print_register.clicked.connect(self._on_print_register_clicked)
        for widget in (self.note, self.hand_over, self.take_out, self.lock_in, self.print_register):
            row.addWidget(widget)
        layout.addLayout(row)
        for key, button, slot in (("F3", self.hand_over, self._on_hand_over_clicked),
                                  ("F4", self.take_out, self._on_take_out_clicked),
                                  ("F12", self.lock_in, self._on_lock_in_clicked)):
            button.clicked.connect(slot)
            QShortcut(QKeySequence(key), self, activated=slot, context=Qt.WidgetWithChildrenShortcut)
        self.retranslate()

    def retranslate(self) -> None:
        self.desk.tabs.setTabText(self.desk.tabs.indexOf(self), self.tr("Seals and important items"))
        self.table.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Kind"), self.tr("Keeper"),
                                              self.tr("Where")])
        self.note.setPlaceholderText(self.tr("Note for the register (e.g. leave, post change)"))
        self.hand_over.setText(self.tr("Hand over (F3)"))
        self.take_out.setText(self.tr("Take out of vault box (F4)"))
        self.lock_in.setText(self.tr("Lock in vault box (F12)"))
        self.print_register.setText(self.tr("Print register"))
        if self._items:
            self._show(self._items)

    # -- reading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        custody = self.w.services.custody
        self.w.run(custody.items, self._show, self._on_failure, owner=self.desk)

    def _show(self, items) -> None:
        self._items = items
        row = max(self.table.currentRow(), 0)
        fill_table(self.table, [[item.name, _tr(KINDS.get(item.kind, item.kind)), f"{item.keeper_id} {item.keeper_name}",
                                 _tr(STATES.get(item.state, item.state))] for item in items],
                   attention={r for r, item in enumerate(items) if not item.in_vault})
        if items:
            self.table.selectRow(min(row, len(items) - 1))
        missing = [i.name for i in items if not i.in_vault]
        if missing:
            self.missing.setText(self.tr("Not locked in the vault box: %1. The end of day waits for them.")
                                 .replace("%1", "、".join(missing)))
            self.missing.setStyleSheet("color: #b00020; font-weight: bold;")
        else:
            self.missing.setText(self.tr("All items are locked in the vault box."))
            self.missing.setStyleSheet("color: #1b5e20;")

    def _on_print_register_clicked(self) -> None:
        """重要业务印章使用保管登记簿 of today, to the workstation's document printer."""
        from printing.custody_register import render_custody_register

        services, printer = self.w.services, self.w.printer

        def produce():
            day, branch = services.ctx.business_date(), services.ctx.settings.branch
            pdf = render_custody_register(branch["bank_name"], branch["branch_name"], day,
                                          services.custody.register_lines(day), services.custody.items())
            return printer.print_document(f"custody-register-{day}", pdf)

        self.w.run(produce, lambda where: self.desk.show_message(
            self.tr("Custody register printed: %1").replace("%1", where), ok=True), self._on_failure)

    def _on_failure(self, error: Exception) -> None:
        self.desk.show_message(describe(error), ok=False)

    def _done(self, text: str):
        def show(_result=None):
            self.desk.show_message(text, ok=True)
            self.refresh()
        return show

    # -- acting ------------------------------------------------------------------------------
    def _selected(self):
        row = self.table.currentRow()
        if 0 <= row < len(self._items):
            return self._items[row]
        self._on_failure(TellerError(self.tr("Select an item first.")))
        return None

    def _ask_badge(self, title: str, who: str, what: str, then) -> None:
        """Badge + PIN of one person (the keeper or the receiver), through the credentials dialog."""
        dialog = CredentialsDialog(title, what, parent=self.w)
        dialog.findChild(QGroupBox).setTitle(who)
        dialog.accepted.connect(lambda: then(dialog.supervisor_credentials()))
        self.w.show_dialog(dialog)

    def _as_keeper(self, item, purpose: str, then) -> None:
        """The signed-in keeper acts alone; another keeper presents a badge (this desk witnesses)."""
        if item.keeper_id == self.w.session.teller_id:
            then(None)
            return
        self._ask_badge(purpose, self.tr("Keeper %1").replace("%1", f"{item.keeper_id} {item.keeper_name}"),
                        purpose if item.name in purpose else f"{purpose}: {item.name}", then)

    def _on_hand_over_clicked(self) -> None:
        item = self._selected()
        if item is None:
            return
        session, custody, note = self.w.session, self.w.services.custody, self.note.text()
        title = self.tr("Hand over %1").replace("%1", item.name)

        def to_receiver(giver):
            def handed(moved):
                self._done(self.tr("%1 handed over to %2.").replace("%1", item.name)
                           .replace("%2", f"{moved.keeper_id} {moved.keeper_name}"))(moved)

            def hand(receiver):
                self.w.run(lambda: custody.hand_over(session, item.item_id, receiver, giver, note), handed,
                           self._on_failure)
                self.note.clear()

            self._ask_badge(title, self.tr("Receiver"),
                            self.tr("The receiver presents a badge and PIN to take custody of %1.")
                            .replace("%1", item.name), hand)

        self._as_keeper(item, title, to_receiver)

    def _on_take_out_clicked(self) -> None:
        self._move(self.w.services.custody.take_out, self.tr("Take out of the vault box"),
                   self.tr("%1 taken out of the vault box."))

    def _on_lock_in_clicked(self) -> None:
        self._move(self.w.services.custody.lock_in, self.tr("Lock in the vault box"),
                   self.tr("%1 locked in the vault box."))

    def _move(self, action, purpose: str, done: str) -> None:
        item = self._selected()
        if item is None:
            return
        session = self.w.session
        self._as_keeper(item, purpose, lambda keeper: self.w.run(
            lambda: action(session, item.item_id, keeper), self._done(done.replace("%1", item.name)),
            self._on_failure))
