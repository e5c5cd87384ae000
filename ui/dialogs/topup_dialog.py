"""Add money to a running prepaid booth."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from ui.dialogs.common import MoneyField, checked_amount, error_label, ok_cancel_buttons
from ui.format import money
from ui.money_input import MoneyInputError


class TopupDialog(QDialog):
    def __init__(
        self,
        booth_name: str,
        balance: Decimal,
        currency: str,
        precision: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("topupDialog")
        self.setWindowTitle(self.tr("Top up %1").replace("%1", booth_name))
        self.amount = Decimal(0)
        self.field = MoneyField("topupAmountField", precision, allow_zero=False)
        balance_label = QLabel(money(balance, currency, precision))
        balance_label.setObjectName("topupBalance")
        form = QFormLayout()
        form.addRow(self.tr("Balance now"), balance_label)
        caption = QLabel(self.tr("&Add (%1)").replace("%1", currency))
        caption.setBuddy(self.field)
        form.addRow(caption, self.field)
        self.error = error_label()
        buttons = ok_cancel_buttons(self, self.tr("Top up"), self.tr("Cancel"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.field.setFocus()

    def accept(self) -> None:
        value = checked_amount(self.field, self.error)
        if isinstance(value, MoneyInputError) or value is None:
            return
        self.amount = value
        super().accept()
