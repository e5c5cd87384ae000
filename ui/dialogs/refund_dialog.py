"""Refund… (Shop menu): the owner gives part of a stopped session's cash back. Pick the
session by its receipt from the latest ones that still hold cash, type the amount and the
reason; the owner's PIN through the session guard (an owner at the counter is not asked),
then ``voids.refund`` on the Runner: the cash leaves this counter's drawer and a REFUND slip
is queued for the printer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from callshop_pos.services import voids
from callshop_pos.services.permissions import Permission
from ui.dialogs.common import MoneyField, checked_amount, error_text
from ui.dialogs.drawer_dialogs import big_form, big_line, big_list, fill_list
from ui.dialogs.shift_dialogs import BIG, big, fit_height, red_error_label
from ui.dialogs.void_dialog import with_owner_do
from ui.format import money
from ui.session_guard import SessionGuard
from ui.worker import Runner


class RefundDialog(QDialog):
    """Stays open after a refund (the list is read again), so the owner sees what is left."""

    def __init__(
        self,
        guard: SessionGuard,
        runner: Runner,
        currency: str = "",
        precision: int = 2,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("refundDialog")
        self.setWindowTitle(self.tr("Refund"))
        self._guard, self._runner, self._currency = guard, runner, currency
        self.sessions: list[voids.Refundable] = []
        self.loaded = False
        self.refunded: voids.Refunded | None = None
        self.prompt: Any = None  # the owner's PIN prompt, while one is open
        note = QLabel(
            self.tr("Gives cash back from this drawer for a stopped session. Needs the owner.")
        )
        note.setWordWrap(True)
        big(note)
        pick = QLabel(self.tr("&Session (its receipt)"))
        big(pick)
        self.list = big_list("refundList")
        pick.setBuddy(self.list)
        self.empty = QLabel(self.tr("No stopped session holds cash to give back."))
        self.empty.setObjectName("refundEmpty")
        big(self.empty)
        self.empty.hide()
        self.amount_field = MoneyField("refundAmount", precision, allow_zero=False)
        self.amount_field.setMinimumHeight(BIG * 2)
        self.reason_field = big_line(
            "refundReason", voids.REASON_MAX, self.tr("e.g. the line was cut")
        )
        form = big_form(
            ((self.tr("&Amount"), self.amount_field), (self.tr("&Reason"), self.reason_field))
        )
        self.status = QLabel()
        self.status.setObjectName("refundStatus")
        self.status.setWordWrap(True)
        big(self.status)
        self.error = red_error_label("refundError")
        big(self.error)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(self.tr("Refund"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("refundButton")
        self.ok.setDefault(True)
        self.ok.setEnabled(False)
        self.cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel.setText(self.tr("Cancel"))
        for button in (self.ok, self.cancel):
            big(button)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (note, pick, self.list, self.empty):
            layout.addWidget(w)
        layout.addLayout(form)
        for end in (self.status, self.error, buttons):
            layout.addWidget(end)
        self.load()

    def load(self) -> None:
        db = self._guard.db
        self._runner.submit(lambda: voids.refundable(db), self._loaded, self._failed)

    def _loaded(self, found: list[voids.Refundable]) -> None:
        self.sessions, self.loaded = found, True
        if fill_list(self.list, self.empty, [(self._row_text(r), r.session_id) for r in found]):
            self.amount_field.setFocus()
        self.ok.setEnabled(bool(found))
        fit_height(self)  # the wrapped lines shown now need their height

    def _row_text(self, row: voids.Refundable) -> str:
        """Two lines: readable without a scroll bar."""
        which = (
            self.tr("Receipt %1 · %2 · %3")
            .replace("%1", str(row.receipt_no))
            .replace("%2", row.booth)
            .replace("%3", row.stopped_at.strftime("%Y-%m-%d %H:%M"))
        )
        cash = (
            self.tr("paid %1, can give back %2")
            .replace("%1", money(row.total, self._currency))
            .replace("%2", money(row.held, self._currency))
        )
        return f"{which}\n{cash}"

    def chosen(self) -> voids.Refundable | None:
        row = self.list.currentRow()
        return self.sessions[row] if 0 <= row < len(self.sessions) else None

    def submit(self) -> Any:
        """The owner's PIN prompt, if one opened (None: an owner is here, or bad input)."""
        chosen = self.chosen()
        if chosen is None:
            self._show_error(self.tr("Pick a session first."))
            return None
        amount = checked_amount(self.amount_field, self.error)
        if not isinstance(amount, Decimal):
            return None
        self.error.hide()
        self.ok.setEnabled(False)
        db, session_id, reason = self._guard.db, chosen.session_id, self.reason_field.text()
        self.prompt = with_owner_do(
            self._guard,
            self._runner,
            Permission.REFUND_BEYOND_BALANCE,
            lambda owner, drawer: voids.refund(
                db, session_id, amount, reason, by=owner, drawer=drawer
            ),
            self._refunded,
            self._show_error,
        )
        if self.prompt is not None:
            self.prompt.rejected.connect(self._not_approved)
        return self.prompt

    def _not_approved(self) -> None:
        """The PIN prompt was closed without an owner's PIN: nothing was done."""
        self.ok.setEnabled(bool(self.sessions))

    def _refunded(self, done: voids.Refunded) -> None:
        self.refunded = done
        self.status.setText(
            self.tr("Receipt %1: %2 given back in cash, %3 left to give back.")
            .replace("%1", str(done.receipt_no if done.receipt_no is not None else "-"))
            .replace("%2", money(done.amount, self._currency))
            .replace("%3", money(done.left, self._currency))
        )
        self.amount_field.clear()
        self.reason_field.clear()
        self.cancel.setText(self.tr("Done"))
        fit_height(self)  # the wrapped status line needs its height
        self.load()

    def _failed(self, exc: BaseException) -> None:
        self._show_error(error_text(exc))

    def _show_error(self, text: str) -> None:
        self.ok.setEnabled(bool(self.sessions))
        self.error.setText(text)
        self.error.show()
        fit_height(self)
