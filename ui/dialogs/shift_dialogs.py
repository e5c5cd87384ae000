"""Open shift…, X report and Close shift (Z)…: the cashier's drawer, in big fields.

Every question to the core runs on the Runner (never on the GUI thread); the counted total
shown while typing is the core's own sum (``shifts.counted_total``).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from callshop_pos.db.engine import Database
from callshop_pos.services import shifts
from printing.shift_report import ShiftReport
from ui.dialogs.common import MoneyField, error_text
from ui.format import money
from ui.money_input import MoneyInputError
from ui.shop_services import write_pdf
from ui.worker import Runner

CONTEXT = "ShiftDialog"
# the shop's notes and coins, largest first (EUR); a count of 0 is not written
DENOMINATIONS = tuple(
    Decimal(d)
    for d in ("500", "200", "100", "50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10")
) + tuple(Decimal(d) for d in ("0.05", "0.02", "0.01"))
BIG = 22  # px: readable from across the counter


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def big(widget: QWidget) -> None:
    """Readable from across the counter. A button's font is the app style sheet's (it
    overrides ``setFont``), so a button gets its size from its own style sheet."""
    if isinstance(widget, QAbstractButton):
        widget.setStyleSheet(f"font-size: {BIG}px; padding: 8px 20px;")
        return
    font = widget.font()
    font.setPixelSize(BIG)
    widget.setFont(font)


def fit_height(dialog: QDialog) -> None:
    """Tall enough for its word-wrapped lines at its width (a plain layout's minimum counts
    a wrapped label as one line, so rows would overlap)."""
    layout = dialog.layout()
    if layout is not None and layout.hasHeightForWidth():
        need = layout.totalHeightForWidth(dialog.width())
        if need > dialog.height():
            dialog.resize(dialog.width(), need)


def red_error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet("color: #b00020")
    label.setWordWrap(True)
    label.hide()
    return label


class OpenShiftDialog(QDialog):
    """The starting float, counted, then the shift is open."""

    def __init__(
        self, db: Database, runner: Runner, user_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("openShiftDialog")
        self.setWindowTitle(tr("Open shift"))
        self._db, self._runner, self._user_id = db, runner, user_id
        self.shift_id: int | None = None
        layout = QVBoxLayout(self)
        prompt = QLabel(tr("Starting float (counted cash in the drawer)"))
        big(prompt)
        self.float_field = MoneyField("shiftFloat", 2)
        self.float_field.set_amount(Decimal(0))
        self.error = red_error_label("shiftOpenError")
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(tr("Open shift"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("shiftOpenButton")
        big(self.ok)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        for w in (prompt, self.float_field, self.error, buttons):
            layout.addWidget(w)

    def submit(self) -> None:
        try:
            amount = self.float_field.amount() or Decimal(0)
        except MoneyInputError as exc:
            self._show_error(str(exc))
            return
        self.ok.setEnabled(False)
        db, user = self._db, self._user_id
        self._runner.submit(
            lambda: shifts.open_new(db, user, amount, by=user),
            self._opened,
            lambda exc: self._show_error(error_text(exc)),
        )

    def _opened(self, shift_id: int) -> None:
        self.shift_id = shift_id
        self.accept()

    def _show_error(self, text: str) -> None:
        self.ok.setEnabled(True)
        self.error.setText(text)
        self.error.show()


class CloseShiftDialog(QDialog):
    """Count the drawer by denomination; Close prints the Z report and saves its PDF."""

    def __init__(
        self,
        db: Database,
        runner: Runner,
        user_id: int,
        by: int,
        currency: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("closeShiftDialog")
        self.setWindowTitle(tr("Close shift (Z)"))
        self._db, self._runner, self._user_id, self._by = db, runner, user_id, by
        self._currency = currency
        self.report: ShiftReport | None = None
        self.pdf: Path | None = None
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.counts: dict[Decimal, QSpinBox] = {}
        for i, denomination in enumerate(DENOMINATIONS):
            label = QLabel(money(denomination, currency))
            big(label)
            spin = QSpinBox()
            spin.setObjectName(f"count_{denomination}")
            spin.setRange(0, 100000)
            spin.setMinimumWidth(110)
            big(spin)
            spin.valueChanged.connect(lambda _v: self._recount())
            self.counts[denomination] = spin
            row, col = i % 8, (i // 8) * 2
            grid.addWidget(label, row, col, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(spin, row, col + 1)
        layout.addLayout(grid)
        self.total = QLabel()
        self.total.setObjectName("countedTotal")
        big(self.total)
        self.result_label = QLabel()
        self.result_label.setObjectName("zResult")
        big(self.result_label)
        self.result_label.hide()
        self.error = red_error_label("shiftCloseError")
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(tr("Close shift (Z)"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("shiftCloseButton")
        big(self.ok)
        self.cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel.setText(tr("Cancel"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        for w in (self.total, self.result_label, self.error, buttons):
            layout.addWidget(w)
        self._recount()

    def counted(self) -> shifts.Counted:
        return shifts.counted_of({d: spin.value() for d, spin in self.counts.items()})

    def _recount(self) -> None:
        total = shifts.counted_total(self.counted())
        self.total.setText(tr("Counted: %1").replace("%1", money(total, self._currency)))

    def submit(self) -> None:
        self.ok.setEnabled(False)
        db, user, by, counted = self._db, self._user_id, self._by, self.counted()

        def close() -> tuple[ShiftReport, Path]:
            printed = shifts.close(db, user, counted, by=by)
            data = shifts.report_pdf(db, printed.report)
            return printed.report, write_pdf(data, f"z-{printed.report.z_number}-")

        self._runner.submit(close, self._closed, self._failed)

    def _closed(self, result: tuple[ShiftReport, Path]) -> None:
        self.report, self.pdf = result
        report = self.report
        assert report.difference is not None
        text = tr("Z report %1: expected %2, counted %3, difference %4")
        for marker, value in (
            ("%1", str(report.z_number)),
            ("%2", money(report.expected, self._currency)),
            ("%3", money(report.counted_total or Decimal(0), self._currency)),
            ("%4", money(report.difference, self._currency)),
        ):
            text = text.replace(marker, value)
        self.result_label.setText(text)
        self.result_label.show()
        for spin in self.counts.values():
            spin.setEnabled(False)
        self.cancel.setText(tr("Done"))

    def _failed(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.error.setText(error_text(exc))
        self.error.show()


def x_report_text(report: ShiftReport, currency: str = "") -> str:
    return (
        tr("X report, shift %1: expected cash %2")
        .replace("%1", str(report.shift_id))
        .replace("%2", money(report.expected, currency))
    )
