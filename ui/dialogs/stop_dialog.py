"""Stop a booth: the session's calls and extras, what is owed or given back, cash and change."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from callshop_pos.counter import BoothMode, SessionSummary, StopResult
from ui.dialogs.common import MoneyField, checked_amount, error_label
from ui.format import duration, money
from ui.money_input import MoneyInputError

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
PROVISIONAL = QColor("#fff4d6")  # the warning tint: a call still running


class StopDialog(QDialog):
    """Shows the summary; ``confirmed(cash)`` asks the owner to call backend.stop.

    The owner then calls ``set_busy``, and ``show_result`` or ``show_error``.
    """

    confirmed = Signal(object)  # Decimal | None: the cash received, None = exact / nothing due
    openInvoice = Signal(object)  # bytes

    def __init__(self, summary: SessionSummary, precision: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("stopDialog")
        self.summary = summary
        self.precision = precision
        self.result_value: StopResult | None = None
        self._busy = False
        self.setWindowTitle(self.tr("Stop %1").replace("%1", summary.booth_name))
        self.setMinimumSize(620, 480)

        mode = self.tr("prepaid") if summary.mode is BoothMode.PREPAID else self.tr("postpaid")
        heading = QLabel(
            self.tr("%1 · %2 · started %3")
            .replace("%1", summary.booth_name)
            .replace("%2", mode)
            .replace("%3", summary.started_at.strftime("%H:%M"))
        )
        heading.setObjectName("bigAmount")
        self.warning = QLabel(
            self.tr("⚠ A call is in progress: stopping will hang it up and add it to the bill.")
        )
        self.warning.setObjectName("warningLabel")
        self.warning.setStyleSheet(
            "background:#fff4d6; color:#7c2d12; padding:8px; border-radius:6px; font-weight:bold;"
        )
        self.warning.setVisible(summary.call_in_progress)

        self.table = self._build_table()
        self._fill_table()
        self.totals = QGridLayout()
        self.totals.setColumnStretch(0, 1)
        self._build_totals()
        self._fill_totals()

        self.cash = MoneyField("cashField", precision, allow_empty=True)
        self.cash.setPlaceholderText(self.m(summary.due))
        self.cash.textEdited.connect(self._update_change)
        self.change = QLabel()
        self.change.setObjectName("changeLabel")
        self.change.setAlignment(RIGHT)
        self.change.setStyleSheet("font-size:20px; font-weight:bold;")
        cash_row = QHBoxLayout()
        self.cash_label = QLabel(self.tr("&Cash received"))
        self.cash_label.setBuddy(self.cash)
        cash_row.addWidget(self.cash_label)
        cash_row.addWidget(self.cash)
        # Keep the change apart from the field: longer words (Russian) ran into the amount.
        self.cash.setMaximumWidth(200)
        cash_row.addSpacing(16)
        cash_row.addWidget(self.change, 1)  # the label takes the room: "Change 16.50 EUR"
        self.cash_box = QWidget()
        self.cash_box.setLayout(cash_row)
        self.cash_box.setVisible(summary.due > 0)

        self.error = error_label()
        self.result_label = QLabel()
        self.result_label.setObjectName("resultLabel")
        self.result_label.setStyleSheet("font-size:18px; font-weight:bold; color:#1b7f3b;")
        self.result_label.hide()

        self.confirm_button = QPushButton(self.tr("Stop booth"))
        self.confirm_button.setObjectName("confirmStopButton")
        self.confirm_button.setProperty("kind", "stop")
        self.confirm_button.setDefault(True)
        self.confirm_button.clicked.connect(self._confirm)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.reject)
        self.invoice_button = QPushButton(self.tr("Open invoice"))
        self.invoice_button.setObjectName("openInvoiceButton")
        self.invoice_button.hide()
        self.invoice_button.clicked.connect(self._open_invoice)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("closeButton")
        self.close_button.hide()
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.invoice_button)
        buttons.addStretch(1)
        for button in (self.cancel_button, self.confirm_button, self.close_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.warning)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.totals)
        layout.addWidget(self.cash_box)
        layout.addWidget(self.error)
        layout.addWidget(self.result_label)
        layout.addLayout(buttons)
        self._update_change()
        # Enter confirms: without this the first focusable button (Cancel) would take the
        # focus, and an auto-default button with the focus is what Enter clicks.
        for button in (self.cancel_button, self.invoice_button):
            button.setAutoDefault(False)
        (self.cash if summary.due > 0 else self.confirm_button).setFocus()

    def m(self, amount: Decimal) -> str:
        return money(amount, self.summary.currency, self.precision)

    # -- building -------------------------------------------------------------------------

    def _build_table(self) -> QTableWidget:
        headers = [
            self.tr("Time"),
            self.tr("Number / item"),
            self.tr("Destination"),
            self.tr("Duration"),
            self.tr("Amount"),
        ]
        table = QTableWidget(0, len(headers))
        table.setObjectName("summaryTable")
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        return table

    def _fill_table(self) -> None:
        s = self.summary
        running = self.tr("%1 · in progress")
        rows: list[tuple[tuple[str, str, str, str, str], bool]] = [
            (
                (
                    c.started_at.strftime("%H:%M:%S"),
                    c.number,
                    c.area_name,
                    running.replace("%1", duration(c.seconds))
                    if c.provisional
                    else duration(c.seconds),
                    self.m(c.amount),
                ),
                c.provisional,
            )
            for c in s.calls
        ]
        rows += [
            (
                ("", e.description, f"{e.quantity} × {self.m(e.unit_price)}", "", self.m(e.amount)),
                False,
            )
            for e in s.extras
        ]
        self.table.setRowCount(len(rows))
        for r, (values, provisional) in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c in (3, 4):
                    item.setTextAlignment(RIGHT)
                if provisional:
                    # the live meter's figure: Asterisk's own record settles it at Stop
                    item.setBackground(PROVISIONAL)
                    item.setToolTip(self.tr("Still running: priced by the live meter"))
                self.table.setItem(r, c, item)

    def _build_totals(self) -> None:
        """One caption and one value label per total, made once: ``_fill_totals`` updates
        them in place (rebuilding left the old labels, same names, awaiting deletion)."""
        self._total_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for row, (name, big) in enumerate(
            (("totalValue", False), ("paidValue", False), ("dueValue", True), ("refundValue", True))
        ):
            caption = QLabel()
            caption.setAlignment(RIGHT)
            value = QLabel()
            value.setObjectName(name)
            value.setAlignment(RIGHT)
            value.setMinimumWidth(160)
            style = f"font-size:{24 if big else 16}px; font-weight:bold;"
            caption.setStyleSheet(style)
            value.setStyleSheet(style)
            self.totals.addWidget(caption, row, 1)
            self.totals.addWidget(value, row, 2)
            self._total_labels[name] = (caption, value)

    def _fill_totals(self) -> None:
        """Show the summary's totals: after Stop they include the call that was hung up."""
        s = self.summary
        # A call still running is priced by the live meter: the figures are "so far".
        so_far = any(c.provisional for c in s.calls)
        rows = {
            "totalValue": (self.tr("Total so far") if so_far else self.tr("Total"), s.total, True),
            "paidValue": (self.tr("Paid"), s.prepaid, bool(s.prepaid)),
            "dueValue": (self.tr("Due so far") if so_far else self.tr("Due"), s.due, s.due > 0),
            "refundValue": (self.tr("Refund"), s.refund, s.refund > 0),
        }
        for name, (label, amount, shown) in rows.items():
            caption, value = self._total_labels[name]
            caption.setText(label)
            value.setText(self.m(amount))
            caption.setVisible(shown)
            value.setVisible(shown)

    # -- behaviour ------------------------------------------------------------------------

    def _update_change(self) -> None:
        due = self.summary.due
        if due <= 0:
            self.change.clear()
            return
        try:
            cash = self.cash.amount()
        except MoneyInputError:
            self.change.setText("")
            return
        if cash is None:
            self.change.setText("")
        elif cash < due:
            self.change.setText(self.tr("Short by %1").replace("%1", self.m(due - cash)))
        else:
            self.change.setText(self.tr("Change %1").replace("%1", self.m(cash - due)))

    def change_due(self) -> Decimal | None:
        """The change for what was typed (None when nothing valid is typed)."""
        try:
            cash = self.cash.amount()
        except MoneyInputError:
            return None
        if cash is None or cash < self.summary.due:
            return None
        return cash - self.summary.due

    def _confirm(self) -> None:
        cash: Decimal | None = None
        if self.summary.due > 0:
            value = checked_amount(self.cash, self.error)
            if isinstance(value, MoneyInputError):
                return
            if value is not None and value < self.summary.due:
                self.cash.set_invalid(True)
                self.error.setText(
                    self.tr("Not enough cash: %1 is due.").replace("%1", self.m(self.summary.due))
                )
                self.error.show()
                return
            cash = value
        self.error.hide()
        self.confirmed.emit(cash)

    @property
    def busy(self) -> bool:
        return self._busy

    def set_busy(self, busy: bool) -> None:
        # While the sale commits the dialog stays: closing it would hide the change to give.
        self._busy = busy
        self.confirm_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.cash.setReadOnly(busy)
        self.confirm_button.setText(self.tr("Stopping…") if busy else self.tr("Stop booth"))

    def reject(self) -> None:
        if not self._busy:  # Esc and Cancel while "Stopping…" do nothing
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error.setText(text)
        self.error.show()

    def show_result(self, result: StopResult) -> None:
        self.result_value = result
        self.set_busy(False)
        # The final bill: a call hung up by the Stop is on it now, so the lines, totals and
        # change shown before the confirmation are replaced, never left to contradict it.
        self.summary = result.summary
        self._fill_table()
        self._fill_totals()
        self.warning.hide()
        if result.summary.due > 0:
            self.cash_box.show()
            self.cash.set_amount(result.cash_received)
            self.change.setText(self.tr("Change %1").replace("%1", self.m(result.change)))
        lines = [self.tr("Booth stopped.")]
        if result.receipt_number is not None:
            lines.append(self.tr("Receipt #%1").replace("%1", str(result.receipt_number)))
        if result.change > 0:
            lines.append(self.tr("Give change: %1").replace("%1", self.m(result.change)))
        if result.summary.refund > 0:
            lines.append(self.tr("Refund: %1").replace("%1", self.m(result.summary.refund)))
        self.result_label.setText("   ".join(lines))
        self.result_label.show()
        self.error.hide()
        self.cash.setReadOnly(True)
        self.confirm_button.hide()
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.invoice_button.setVisible(result.invoice_pdf is not None)

    def _open_invoice(self) -> None:
        if self.result_value is not None and self.result_value.invoice_pdf is not None:
            self.openInvoice.emit(self.result_value.invoice_pdf)
