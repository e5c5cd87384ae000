"""The print queue: receipts not printed yet (waiting or given up), and what to do with them.

Every read and action goes to the database through the Runner: a locked SQLite file or a
printer worker holding the queue must never freeze the board behind this dialog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from callshop_pos.errors import describe
from printing.jobs import Job, JobStatus
from ui.dialogs.void_dialog import VoidReceiptDialog, void_with_owner
from ui.format import number
from ui.printer_words import job_error_words
from ui.worker import Runner

if TYPE_CHECKING:
    from callshop_pos.services.voids import Voided
    from ui.session_guard import SessionGuard

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class PrintQueueDialog(QDialog):
    """``service`` is a ``PrintService`` (queue, retry_now, cancel, reprint); with the
    session ``guard``, receipts can be voided too (the owner's PIN asked through it)."""

    COLUMNS = 6

    def __init__(
        self,
        service: Any,
        runner: Runner,
        cashier: str,
        parent: QWidget | None = None,
        *,
        guard: SessionGuard | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("printQueueDialog")
        self.setWindowTitle(self.tr("Print queue"))
        self.resize(820, 420)
        self._service = service
        self._runner = runner
        self._cashier = cashier
        self._asked = 0
        self.jobs: list[Job] = []
        self.reprint_box: QInputDialog | None = None
        self._guard = guard
        self.void_box: VoidReceiptDialog | None = None

        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("printQueueTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Kind"),
                self.tr("Receipt"),
                self.tr("Attempts"),
                self.tr("State"),
                self.tr("Last error"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(self.tr("Nothing waiting: every receipt is printed."))
        self.empty.setObjectName("printQueueEmpty")
        self.status = QLabel()
        self.status.setObjectName("printQueueStatus")
        self.status.setWordWrap(True)

        self.retry_button = QPushButton(self.tr("Retry now"))
        self.retry_button.setObjectName("retryButton")
        self.cancel_button = QPushButton(self.tr("Cancel job"))
        self.cancel_button.setObjectName("cancelJobButton")
        self.reprint_button = QPushButton(self.tr("Reprint receipt…"))
        self.reprint_button.setObjectName("reprintButton")
        self.void_button = QPushButton(self.tr("Void receipt…"))
        self.void_button.setObjectName("voidButton")
        self.void_button.setVisible(guard is not None)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("closeButton")
        buttons = QHBoxLayout()
        for button in (
            self.retry_button,
            self.cancel_button,
            self.reprint_button,
            self.void_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.retry_button.clicked.connect(self.retry_now)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.reprint_button.clicked.connect(self.ask_reprint)
        self.void_button.clicked.connect(self.ask_void)
        self.close_button.clicked.connect(self.close)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self._selection_changed()

    # -- the list -----------------------------------------------------------------------------

    def load(self) -> None:
        self._asked += 1
        ticket = self._asked
        service = self._service
        self._runner.submit(service.queue, lambda jobs: self._loaded(ticket, jobs), self._failed)

    def _loaded(self, ticket: int, jobs: list[Job]) -> None:
        if ticket != self._asked:
            return  # an older answer after a newer question
        selected = self.selected_job()
        self.jobs = list(jobs)
        self.table.setRowCount(len(self.jobs))
        for row, job in enumerate(self.jobs):
            error = job_error_words(job.last_error)
            cells = (
                job.created_at.astimezone().strftime("%H:%M:%S"),
                self.kind_text(job),
                job.reference,
                str(job.attempts),
                self.tr("given up") if job.status is JobStatus.FAILED else self.tr("waiting"),
                error,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (2, 3):
                    item.setTextAlignment(RIGHT)
                if column == 5 and job.last_error:
                    item.setToolTip(job.last_error)  # the device's own words, for the owner
                item.setData(Qt.ItemDataRole.UserRole, job.id)
                self.table.setItem(row, column, item)
            if selected is not None and job.id == selected.id:
                self.table.selectRow(row)
        self.empty.setVisible(not self.jobs)
        self._selection_changed()

    def kind_text(self, job: Job) -> str:
        words = {
            "session_receipt": self.tr("Session receipt"),
            "call_receipt": self.tr("Call receipt"),
            "void_slip": self.tr("VOID slip"),
            "refund_slip": self.tr("Refund slip"),
        }
        text = words.get(job.kind, job.kind.replace("_", " "))
        return self.tr("%1 (copy)").replace("%1", text) if job.copy_of is not None else text

    def selected_job(self) -> Job | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.jobs):
            return None
        return self.jobs[rows[0].row()]

    def _selection_changed(self) -> None:
        self.cancel_button.setEnabled(self.selected_job() is not None)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(describe(exc))

    # -- the actions --------------------------------------------------------------------------

    def retry_now(self) -> None:
        self.status.setText(self.tr("Trying again…"))
        self._runner.submit(self._service.retry_now, lambda _: self._done(""), self._failed)

    def cancel_selected(self) -> None:
        job = self.selected_job()
        if job is None:
            return
        job_id = job.id
        self._runner.submit(lambda: self._service.cancel(job_id), self._cancelled, self._failed)

    def _cancelled(self, ok: bool) -> None:
        # False: the worker printed it (or another counter cancelled it) in the meantime.
        if ok:
            self._done(self.tr("Job cancelled."))
        else:
            self._done(self.tr("The job was printed or cancelled already."))

    def ask_reprint(self) -> QInputDialog:
        """Ask for the receipt number; opened, not exec()'d, so the board keeps ticking."""
        box = QInputDialog(self)
        box.setObjectName("reprintBox")
        box.setWindowTitle(self.tr("Reprint receipt"))
        box.setLabelText(self.tr("Receipt number (the copy is marked COPY):"))
        box.setInputMode(QInputDialog.InputMode.IntInput)
        box.setIntRange(1, 2_000_000_000)
        last = max((int(j.reference) for j in self.jobs if j.reference.isdigit()), default=1)
        box.setIntValue(last)
        box.intValueSelected.connect(self.reprint)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result: setattr(self, "reprint_box", None))
        self.reprint_box = box
        box.open()
        return box

    def reprint(self, number: int) -> None:
        service, cashier = self._service, self._cashier
        self.status.setText(self.tr("Queueing a copy of receipt %1…").replace("%1", str(number)))
        self._runner.submit(
            lambda: service.reprint(number, cashier=cashier),
            lambda _job: self._done(
                self.tr("A copy of receipt %1 is queued.").replace("%1", str(number))
            ),
            lambda exc: self.status.setText(
                self.tr("No copy of receipt %1: %2")
                .replace("%1", str(number))
                .replace("%2", describe(exc))
            ),
        )

    def ask_void(self) -> VoidReceiptDialog:
        """Which receipt and why; then the owner's PIN (an owner is not asked) and the void."""
        last = max((int(j.reference) for j in self.jobs if j.reference.isdigit()), default=1)
        box = VoidReceiptDialog(last, self)
        box.accepted.connect(lambda: self.void(box.number(), box.reason()))
        box.finished.connect(lambda _result: setattr(self, "void_box", None))
        self.void_box = box
        box.open()
        return box

    def void(self, number: int, reason: str) -> object:
        """The prompt for the owner's PIN, if one opened."""
        assert self._guard is not None
        return void_with_owner(
            self._guard, self._runner, number, reason, self._voided, self.status.setText
        )

    def _voided(self, done: Voided) -> None:
        self._done(
            self.tr("Receipt %1 voided: %2 given back in cash.")
            .replace("%1", str(done.number))
            .replace("%2", number(done.amount, 2))
        )

    def _done(self, message: str) -> None:
        self.status.setText(message)
        self.load()
