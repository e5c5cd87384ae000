"""Start a booth: prepaid with an amount, or postpaid with a credit limit. Keyboard first."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from callshop_pos.counter import BoothMode, StartDefaults
from ui.dialogs.common import MoneyField, checked_amount, error_label, ok_cancel_buttons
from ui.money_input import MoneyInputError


class StartDialog(QDialog):
    """Prefilled from the preferences; type the amount and press Enter."""

    def __init__(self, booth_name: str, defaults: StartDefaults, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startDialog")
        self.setWindowTitle(self.tr("Start booth %1").replace("%1", booth_name))
        self.defaults = defaults
        self.mode: BoothMode = defaults.mode
        self.prepaid = Decimal(0)
        self.credit_limit = Decimal(0)

        heading = QLabel(self.tr("Start %1").replace("%1", booth_name))
        heading.setObjectName("bigAmount")
        self.prepaid_radio = QRadioButton(self.tr("&Prepaid"))
        self.prepaid_radio.setObjectName("modePrepaid")
        self.postpaid_radio = QRadioButton(self.tr("P&ostpaid"))
        self.postpaid_radio.setObjectName("modePostpaid")
        group = QButtonGroup(self)
        group.addButton(self.prepaid_radio)
        group.addButton(self.postpaid_radio)
        modes = QHBoxLayout()
        modes.addWidget(self.prepaid_radio)
        modes.addWidget(self.postpaid_radio)
        modes.addStretch(1)

        self.amount = MoneyField("amountField", defaults.precision, allow_zero=False)
        self.amount.set_amount(defaults.prepaid_amount)
        self.credit = MoneyField("creditField", defaults.precision)
        self.amount_label = QLabel(self.tr("&Amount (%1)").replace("%1", defaults.currency))
        self.amount_label.setBuddy(self.amount)
        credit_label = QLabel(self.tr("&Credit limit (%1)").replace("%1", defaults.currency))
        credit_label.setBuddy(self.credit)
        form = QFormLayout()
        form.addRow(self.amount_label, self.amount)
        form.addRow(credit_label, self.credit)
        self.error = error_label()

        buttons = ok_cancel_buttons(self, self.tr("Start"), self.tr("Cancel"))
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setProperty("kind", "start")

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(modes)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

        self.prepaid_radio.toggled.connect(self._mode_changed)
        first = self.prepaid_radio if defaults.mode is BoothMode.PREPAID else self.postpaid_radio
        first.setChecked(True)
        self._mode_changed()

    def _mode_changed(self) -> None:
        prepaid = self.prepaid_radio.isChecked()
        self.mode = BoothMode.PREPAID if prepaid else BoothMode.POSTPAID
        self.amount.setEnabled(prepaid)
        self.amount_label.setEnabled(prepaid)
        # Each mode has its own default limit in the preferences.
        limit = self.defaults.credit_limit if prepaid else self.defaults.postpaid_credit_limit
        self.credit.set_amount(limit)
        self.error.hide()
        target = self.amount if prepaid else self.credit
        target.setFocus()
        target.selectAll()

    def accept(self) -> None:
        prepaid = Decimal(0)
        if self.mode is BoothMode.PREPAID:
            value = checked_amount(self.amount, self.error)
            if isinstance(value, MoneyInputError) or value is None:
                return
            prepaid = value
        credit = checked_amount(self.credit, self.error)
        if isinstance(credit, MoneyInputError) or credit is None:
            return
        self.prepaid, self.credit_limit = prepaid, credit
        super().accept()
