"""Pay in…, Pay out… and Reprint Z…: cash into or out of the open drawer with a reason, and a
closed shift's Z report again, marked COPY, in big fields.

Every question to the core runs on the Runner (never on the GUI thread): the movement is
``shifts.move_cash`` (which refuses without an open shift, in its own words), the reprint
``shifts.reprint_z`` (queued for the thermal printer) with the copy's PDF saved beside the
other reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callshop_pos.db.engine import Database
from callshop_pos.services import shifts
from ui.dialogs.common import MoneyField, checked_amount, error_text, open_pdf
from ui.dialogs.shift_dialogs import BIG, big, fit_height, red_error_label
from ui.format import money
from ui.shop_services import write_pdf
from ui.worker import Runner


def big_list(name: str) -> QListWidget:
    """A list to pick from at the counter: big rows, the first one selected by the caller."""
    found = QListWidget()
    found.setObjectName(name)
    big(found)
    found.setStyleSheet(f"QListWidget::item {{ padding: 6px; min-height: {BIG + 12}px; }}")
    found.setMinimumSize(800, 260)
    # a long row is cut with "…" rather than hidden behind a scroll bar
    found.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return found


def fill_list(found: QListWidget, empty: QLabel, rows: Sequence[tuple[str, object]]) -> bool:
    """Show ``rows`` (text, data) in the list with the first one selected, or the ``empty``
    line instead when there are none; whether there are any."""
    found.clear()
    for text, data in rows:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, data)
        found.addItem(item)
    empty.setVisible(not rows)
    found.setVisible(bool(rows))
    if rows:
        found.setCurrentRow(0)
    return bool(rows)


def big_line(name: str, max_length: int, placeholder: str) -> QLineEdit:
    """A big one-line text field (a reason)."""
    line = QLineEdit()
    line.setObjectName(name)
    line.setMaxLength(max_length)
    line.setMinimumHeight(BIG * 2)
    line.setPlaceholderText(placeholder)
    big(line)
    return line


def big_form(rows: Sequence[tuple[str, QWidget]]) -> QFormLayout:
    """Big labels (``&`` marks their key, which focuses their field) before their fields."""
    form = QFormLayout()
    for text, field in rows:
        label = QLabel(text)
        big(label)
        label.setBuddy(field)
        form.addRow(label, field)
    return form


class CashMovementDialog(QDialog):
    """A pay-in (``pay_in``) or a pay-out of the cashier's open drawer: the amount (typed with
    a comma or a point) and the reason; accepted once the core has recorded it."""

    def __init__(
        self,
        db: Database,
        runner: Runner,
        user_id: int,
        *,
        pay_in: bool,
        currency: str = "",
        precision: int = 2,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("payInDialog" if pay_in else "payOutDialog")
        self.setMinimumWidth(560)
        self._db, self._runner, self._user_id = db, runner, user_id
        self._sign = Decimal(1) if pay_in else Decimal(-1)
        self._currency = currency
        self.movement_id: int | None = None
        self.amount: Decimal | None = None
        title = self.tr("Pay in") if pay_in else self.tr("Pay out")
        self.setWindowTitle(title)
        prompt = QLabel(
            self.tr("Cash put into the drawer, and why.")
            if pay_in
            else self.tr("Cash taken out of the drawer, and why.")
        )
        prompt.setWordWrap(True)
        big(prompt)
        self.amount_field = MoneyField("cashAmount", precision, allow_zero=False)
        self.amount_field.setMinimumHeight(BIG * 2)
        self.reason_field = big_line(
            "cashReason",
            shifts.REASON_MAX,
            self.tr("e.g. change from the bank") if pay_in else self.tr("e.g. bread for the shop"),
        )
        form = big_form(
            ((self.tr("&Amount"), self.amount_field), (self.tr("&Reason"), self.reason_field))
        )
        self.error = red_error_label("cashError")
        big(self.error)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(title, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("cashOkButton")
        self.ok.setDefault(True)
        big(self.ok)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel"))
        big(cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.amount_field.setFocus()

    def submit(self) -> None:
        amount = checked_amount(self.amount_field, self.error)
        if not isinstance(amount, Decimal):
            return
        self.ok.setEnabled(False)
        self.error.hide()
        db, user, signed, reason = self._db, self._user_id, self._sign * amount, self.reason()
        self._runner.submit(
            lambda: shifts.move_cash(db, user, signed, reason),
            lambda movement_id: self._moved(movement_id, amount),
            self._failed,
            owner=self,  # closed meanwhile (and deleted): the answer is dropped
        )

    def reason(self) -> str:
        return self.reason_field.text()

    def _moved(self, movement_id: int, amount: Decimal) -> None:
        self.movement_id, self.amount = movement_id, amount
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.error.setText(error_text(exc))
        self.error.show()
        fit_height(self)

    def done_text(self) -> str:
        """What the status bar says once the movement is recorded."""
        amount = money(self.amount or Decimal(0), self._currency)
        if self._sign > 0:
            return self.tr("Paid in %1.").replace("%1", amount)
        return self.tr("Paid out %1.").replace("%1", amount)


class ReprintZDialog(QDialog):
    """The closed shifts' Z reports, newest first; Reprint queues the chosen one for the
    thermal printer marked COPY and saves the copy's PDF."""

    def __init__(
        self,
        db: Database,
        runner: Runner,
        by: int | None,
        currency: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reprintZDialog")
        self.setWindowTitle(self.tr("Reprint Z report"))
        self._db, self._runner, self._by, self._currency = db, runner, by, currency
        self.shifts: list[shifts.ShiftInfo] = []
        self.loaded = False
        self.printed: shifts.Printed | None = None
        self.pdf: Path | None = None
        prompt = QLabel(self.tr("&Closed shifts"))
        big(prompt)
        self.list = big_list("zList")
        prompt.setBuddy(self.list)
        self.list.itemActivated.connect(lambda _item: self.reprint())
        self.empty = QLabel(self.tr("No shift has been closed yet."))
        self.empty.setObjectName("zEmpty")
        big(self.empty)
        self.empty.hide()
        self.status = QLabel()
        self.status.setObjectName("zStatus")
        self.status.setWordWrap(True)
        big(self.status)
        self.error = red_error_label("zError")
        big(self.error)
        buttons = QDialogButtonBox()
        self.reprint_button = buttons.addButton(
            self.tr("Reprint"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.reprint_button.setObjectName("zReprintButton")
        self.reprint_button.setEnabled(False)
        self.reprint_button.clicked.connect(self.reprint)
        self.open_button = QPushButton(self.tr("Open PDF"))
        self.open_button.setObjectName("zOpenPdfButton")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self.pdf is not None and open_pdf(self, self.pdf))
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        for button in (self.reprint_button, self.open_button, close):
            big(button)
        layout = QVBoxLayout(self)
        for w in (prompt, self.list, self.empty, self.status, self.error, buttons):
            layout.addWidget(w)
        self.load()

    def load(self) -> None:
        db = self._db
        self._runner.submit(
            lambda: [info for info in shifts.list_shifts(db) if info.z_number is not None],
            self._loaded,
            self._failed,
        )

    def _loaded(self, closed: list[shifts.ShiftInfo]) -> None:
        self.shifts, self.loaded = closed, True
        rows = [(self._row_text(info), info.z_number) for info in closed]
        if fill_list(self.list, self.empty, rows):
            self.list.setFocus()
        self.reprint_button.setEnabled(bool(rows))
        fit_height(self)  # the wrapped lines shown now need their height

    def _row_text(self, info: shifts.ShiftInfo) -> str:
        closed_at = info.closed_at.strftime("%Y-%m-%d %H:%M") if info.closed_at else ""
        return (
            self.tr("Z %1 — %2, closed %3, difference %4")
            .replace("%1", str(info.z_number))
            .replace("%2", info.cashier)
            .replace("%3", closed_at)
            .replace("%4", money(info.difference or Decimal(0), self._currency))
        )

    def chosen(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def reprint(self) -> None:
        z_number = self.chosen()
        if z_number is None:
            return
        self.reprint_button.setEnabled(False)
        self.error.hide()
        db, by = self._db, self._by

        def reprint() -> tuple[shifts.Printed, Path]:
            printed = shifts.reprint_z(db, z_number, by=by)
            data = shifts.report_pdf(db, printed.report, copy=True)
            return printed, write_pdf(data, f"z-{z_number}-copy-")

        self._runner.submit(reprint, self._reprinted, self._failed)

    def _reprinted(self, result: tuple[shifts.Printed, Path]) -> None:
        self.printed, self.pdf = result
        number = str(self.printed.report.z_number)
        text = (
            self.tr("A copy of Z report %1 is queued for the printer. PDF: %2")
            if self.printed.job_id is not None
            else self.tr("No receipt printer is set up: Z report %1 is saved as a PDF: %2")
        )
        self.status.setText(text.replace("%1", number).replace("%2", str(self.pdf)))
        fit_height(self)  # the wrapped status line needs its height
        self.reprint_button.setEnabled(True)
        self.open_button.setEnabled(True)

    def _failed(self, exc: BaseException) -> None:
        self.reprint_button.setEnabled(bool(self.shifts))
        self.error.setText(error_text(exc))
        self.error.show()
        fit_height(self)
