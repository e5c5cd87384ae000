"""Add a non-call item (a drink, a phone card, a fax page) to a running session."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.dialogs.common import MoneyField, checked_amount, error_label, ok_cancel_buttons
from ui.money_input import MoneyInputError


class ExtraDialog(QDialog):
    def __init__(
        self, booth_name: str, currency: str, precision: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("extraDialog")
        self.setWindowTitle(self.tr("Add item to %1").replace("%1", booth_name))
        self.description = ""
        self.unit_price = Decimal(0)
        self.quantity = 1
        self.description_field = QLineEdit()
        self.description_field.setObjectName("extraDescription")
        self.description_field.setMaxLength(80)
        self.price_field = MoneyField("extraPrice", precision, allow_zero=False)
        self.quantity_field = QSpinBox()
        self.quantity_field.setObjectName("extraQuantity")
        self.quantity_field.setRange(1, 999)
        form = QFormLayout()
        for text, field in (
            (self.tr("&Item"), self.description_field),
            (self.tr("Unit &price (%1)").replace("%1", currency), self.price_field),
            (self.tr("&Quantity"), self.quantity_field),
        ):
            caption = QLabel(text)
            caption.setBuddy(field)
            form.addRow(caption, field)
        self.error = error_label()
        buttons = ok_cancel_buttons(self, self.tr("Add"), self.tr("Cancel"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)
        self.description_field.setFocus()

    def accept(self) -> None:
        description = self.description_field.text().strip()
        if not description:
            self.error.setText(self.tr("Describe the item."))
            self.error.show()
            self.description_field.setFocus()
            return
        price = checked_amount(self.price_field, self.error)
        if isinstance(price, MoneyInputError) or price is None:
            return
        self.description = description
        self.unit_price = price
        self.quantity = self.quantity_field.value()
        super().accept()
