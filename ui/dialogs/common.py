"""Pieces every counter dialog uses: money fields with inline errors, error boxes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QMessageBox, QWidget

from callshop_pos.db.outage import DatabaseUnreachable
from callshop_pos.errors import CallshopError, describe
from ui.money_input import MoneyInputError, parse_amount, reason_text


def tr(text: str) -> str:
    return QCoreApplication.translate("Dialogs", text)


class MoneyField(QLineEdit):
    """A right-aligned amount field that parses with the shop's precision."""

    def __init__(
        self,
        name: str,
        precision: int,
        *,
        allow_zero: bool = True,
        allow_empty: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMinimumWidth(140)
        font = self.font()
        font.setPixelSize(20)
        self.setFont(font)
        self.precision = precision
        self.allow_zero = allow_zero
        self.allow_empty = allow_empty
        self.textEdited.connect(lambda _text: self.set_invalid(False))

    def set_amount(self, amount: Decimal) -> None:
        self.setText(f"{amount:.{self.precision}f}")

    def amount(self) -> Decimal | None:
        """The parsed amount; raises MoneyInputError (mark_invalid shows it)."""
        return parse_amount(
            self.text(), self.precision, allow_zero=self.allow_zero, allow_empty=self.allow_empty
        )

    def set_invalid(self, invalid: bool) -> None:
        if self.property("invalid") == invalid:
            return
        self.setProperty("invalid", invalid)
        self.style().unpolish(self)
        self.style().polish(self)


def checked_amount(field: MoneyField, error_label: QLabel) -> Decimal | MoneyInputError | None:
    """Parse ``field``; on error show it in ``error_label``, focus the field, return the error."""
    try:
        value = field.amount()
    except MoneyInputError as exc:
        field.set_invalid(True)
        error_label.setText(reason_text(exc, field.precision))
        error_label.show()
        field.setFocus()
        field.selectAll()
        return exc
    field.set_invalid(False)
    return value


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.hide()
    return label


def error_text(exc: BaseException) -> str:
    """An expected error (any CallshopError: a refused action, bad input, a PBX or printer
    problem) in its own words; anything else is a bug and says so."""
    if isinstance(exc, DatabaseUnreachable):
        return tr("Database unreachable — try again in a moment")
    if isinstance(exc, CallshopError):
        return str(exc)
    return tr("Unexpected error: %1").replace("%1", describe(exc))


def show_error(parent: QWidget, title: str, exc: BaseException) -> QMessageBox:
    """Non-blocking warning box (never exec(): the board keeps ticking behind it)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, error_text(exc), parent=parent)
    box.setObjectName("errorBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_info(parent: QWidget, title: str, text: str) -> QMessageBox:
    """Non-blocking information box (never exec(), as show_error)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    box.setObjectName("infoBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def open_pdf(parent: QWidget, path: Path) -> bool:
    """Hand a finished PDF to the desktop's viewer; without one, say where the file is so it
    can still be printed from a file manager."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    show_info(
        parent,
        tr("PDF"),
        tr("No PDF viewer could be opened. The file is %1").replace("%1", str(path)),
    )
    return False


def ok_cancel_buttons(dialog: QDialog, ok_text: str, cancel_text: str) -> QDialogButtonBox:
    """OK (the default, objectName ``okButton``) and Cancel wired to the dialog's accept and
    reject. The texts come from the caller so they translate in the caller's context."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setObjectName("okButton")
    ok.setText(ok_text)
    ok.setDefault(True)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setObjectName("cancelButton")
    cancel.setText(cancel_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def day_of(value: QDate) -> date:
    """A date edit's day as a ``datetime.date``."""
    return date(value.year(), value.month(), value.day())
