"""The cashier's actions on a booth: dialogs in front, the backend behind, off the GUI thread."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QWidget

from callshop_pos.board import balance_left
from callshop_pos.counter import (
    BoothMode,
    BoothView,
    CounterBackend,
    SessionSummary,
    StartDefaults,
    StopResult,
)
from callshop_pos.services.permissions import Permission
from ui.board_widget import BoardWidget
from ui.dialogs.common import error_text, show_error
from ui.dialogs.extra_dialog import ExtraDialog
from ui.dialogs.start_dialog import StartDialog
from ui.dialogs.stop_dialog import StopDialog
from ui.dialogs.topup_dialog import TopupDialog
from ui.worker import Runner, alive


def _tr(text: str) -> str:
    return QCoreApplication.translate("BoothActions", text)


class BoothActions(QObject):
    """Start, quick postpaid, stop, top-up and extras for one account id at a time.

    Dialogs are opened with ``open()`` (not ``exec()``) so the board keeps ticking and tests
    can drive them; ``dialog`` is the one currently shown.
    """

    def __init__(
        self,
        backend: CounterBackend,
        runner: Runner,
        board: BoardWidget,
        window: QWidget,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(window)
        self._backend = backend
        self._runner = runner
        self._board = board
        self._window = window
        self._clock = clock
        self.dialog: QDialog | None = None
        self._defaults: StartDefaults | None = None
        self.invoice_opener: Callable[[QUrl], bool] = QDesktopServices.openUrl
        # the session guard's "ask an owner's PIN, then": set by the window when users log in
        self.owner_gate: Callable[[Permission, Callable[[], object]], object] | None = None

    def defaults(self) -> StartDefaults:
        # Preferences change rarely; one read per window is enough (settings may reset it).
        if self._defaults is None:
            self._defaults = self._backend.start_defaults()
        return self._defaults

    def forget_defaults(self) -> None:
        self._defaults = None

    def _view(self, account_id: int) -> BoothView:
        return self._board.tile(account_id).view

    def _fail(self, title: str) -> Callable[[BaseException], object]:
        return lambda exc: show_error(self._window, title, exc)

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _apply(self, view: BoothView) -> None:
        self._board.update_view(view)

    # -- start ----------------------------------------------------------------------------

    def start(self, account_id: int) -> None:
        view = self._view(account_id)
        if view.mode is not None:
            return
        defaults = self.defaults()
        dialog = StartDialog(view.name, defaults, self._window)

        def accepted() -> None:
            mode, prepaid, limit = dialog.mode, dialog.prepaid, dialog.credit_limit
            above = mode is BoothMode.PREPAID and limit > defaults.credit_limit
            if above and self.owner_gate is not None:  # the owner's to give: the PIN first
                gate = self.owner_gate
                gate(
                    Permission.CREDIT_ABOVE_PREFERENCE,
                    lambda: self._start(account_id, mode, prepaid, limit, approved=True),
                )
            else:
                self._start(account_id, mode, prepaid, limit)

        dialog.accepted.connect(accepted)
        self._show(dialog)

    def quick_postpaid(self, account_id: int) -> None:
        """One click: postpaid with the preferences' postpaid credit limit."""
        if self._view(account_id).mode is not None:
            return
        limit = self.defaults().postpaid_credit_limit
        self._start(account_id, BoothMode.POSTPAID, Decimal(0), limit)

    def _start(
        self,
        account_id: int,
        mode: BoothMode,
        prepaid: Decimal,
        limit: Decimal,
        *,
        approved: bool = False,
    ) -> None:
        backend = self._backend
        self._runner.submit(
            lambda: backend.start(account_id, mode, prepaid, limit, owner_approved=approved),
            self._apply,
            self._fail(_tr("Could not start the booth")),
        )

    # -- stop -----------------------------------------------------------------------------

    def stop(self, account_id: int) -> None:
        if self._view(account_id).mode is None:
            return
        backend = self._backend
        self._runner.submit(
            lambda: backend.summary(account_id),
            lambda summary: self._show_summary(account_id, summary),
            self._fail(_tr("Could not read the session")),
        )

    def _show_summary(self, account_id: int, summary: SessionSummary) -> None:
        dialog = StopDialog(summary, self._view(account_id).precision, self._window)
        dialog.confirmed.connect(lambda cash: self._stop(account_id, dialog, cash))
        dialog.openInvoice.connect(self.open_invoice)
        self._show(dialog)

    def _stop(self, account_id: int, dialog: StopDialog, cash: Decimal | None) -> None:
        dialog.set_busy(True)  # the dialog cannot be closed until the sale is answered
        backend = self._backend

        def done(result: StopResult) -> None:
            # The sale is committed: the tile follows even if the dialog were gone.
            self._refresh(account_id)
            if alive(dialog):
                dialog.show_result(result)

        def failed(exc: BaseException) -> None:
            if alive(dialog):
                dialog.show_error(error_text(exc))
            else:
                show_error(self._window, _tr("Could not stop the booth"), exc)

        self._runner.submit(lambda: backend.stop(account_id, cash), done, failed)

    def _refresh(self, account_id: int) -> None:
        # The listener will push the freed booth too; this makes the tile right at once.
        backend = self._backend
        self._runner.submit(lambda: backend.booth(account_id), self._apply, lambda _e: None)

    def open_invoice(self, pdf: bytes) -> Path:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - must outlive this call
            prefix="callshop-invoice-", suffix=".pdf", delete=False
        )
        with handle:
            handle.write(pdf)
        path = Path(handle.name)
        self.invoice_opener(QUrl.fromLocalFile(str(path)))
        return path

    # -- top-up and extras ----------------------------------------------------------------

    def topup(self, account_id: int) -> None:
        view = self._view(account_id)
        if view.mode is not BoothMode.PREPAID:
            return
        balance = balance_left(view, self._clock())
        dialog = TopupDialog(view.name, balance, view.currency, view.precision, self._window)
        backend = self._backend

        def submit() -> None:
            amount = dialog.amount  # read when the cashier confirms
            self._runner.submit(
                lambda: backend.topup(account_id, amount),
                self._apply,
                self._fail(_tr("Could not top up")),
            )

        dialog.accepted.connect(submit)
        self._show(dialog)

    def extra(self, account_id: int) -> None:
        view = self._view(account_id)
        if view.mode is None:
            return
        dialog = ExtraDialog(view.name, view.currency, view.precision, self._window)
        backend = self._backend

        def submit() -> None:
            description, price, quantity = dialog.description, dialog.unit_price, dialog.quantity
            self._runner.submit(
                lambda: backend.add_extra(account_id, description, price, quantity),
                self._apply,
                self._fail(_tr("Could not add the item")),
            )

        dialog.accepted.connect(submit)
        self._show(dialog)
