"""Today's calls (or any day's): a filterable table and the day's totals."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from callshop_pos.counter import BoothMode, BoothView, CallRow, CounterBackend, DayTotals
from callshop_pos.errors import describe
from ui.calls_model import CallsTableModel
from ui.dialogs.common import day_of, error_text, open_pdf
from ui.format import count, duration, money
from ui.shop_services import ShopServices
from ui.worker import Runner


class CallsDialog(QDialog):
    def __init__(
        self,
        backend: CounterBackend,
        runner: Runner,
        booths: Sequence[BoothView],
        today: date,
        currency: str,
        precision: int,
        parent: QWidget | None = None,
        shop: ShopServices | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("callsDialog")
        self._shop = shop
        self.setWindowTitle(self.tr("Calls"))
        self.resize(900, 560)
        self._backend = backend
        self._runner = runner
        self._asked = 0
        self.precision = precision
        self.currency = currency

        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setObjectName("callsDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.booth = QComboBox()
        self.booth.setObjectName("callsBooth")
        self.booth.addItem(self.tr("All booths"), None)
        for view in sorted(booths, key=lambda v: v.position):
            self.booth.addItem(view.name, view.account_id)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("refreshButton")
        self.status = QLabel()
        self.status.setObjectName("callsStatus")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Day")))
        top.addWidget(self.date)
        top.addWidget(QLabel(self.tr("Booth")))
        top.addWidget(self.booth)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        top.addWidget(self.status)

        self.model = CallsTableModel(currency, precision)
        self.table = QTableView()
        self.table.setObjectName("callsTable")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.totals = QLabel()
        self.totals.setObjectName("callsTotals")
        self.totals.setStyleSheet("font-size:16px; font-weight:bold;")

        # The selected call's session on paper again: the report for any session, the invoice
        # for postpaid ones (prepaid customers paid up front and have no invoice).
        self.report_button = QPushButton(self.tr("Session report (PDF)"))
        self.report_button.setObjectName("sessionReportButton")
        self.invoice_button = QPushButton(self.tr("Invoice (PDF)"))
        self.invoice_button.setObjectName("invoiceButton")
        self.pdf_status = QLabel()
        self.pdf_status.setObjectName("pdfStatus")
        bottom = QHBoxLayout()
        bottom.addWidget(self.totals, 1)
        bottom.addWidget(self.pdf_status)
        bottom.addWidget(self.report_button)
        bottom.addWidget(self.invoice_button)
        for button in (self.report_button, self.invoice_button):
            button.setVisible(shop is not None)  # no database behind a fake backend
            button.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.date.dateChanged.connect(self.load)
        self.booth.currentIndexChanged.connect(self.load)
        self.refresh_button.clicked.connect(self.load)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)
        self.report_button.clicked.connect(self.session_report)
        self.invoice_button.clicked.connect(self.invoice)
        self.last_pdf: Path | None = None

    def day(self) -> date:
        return day_of(self.date.date())

    def load(self) -> None:
        day = self.day()
        account = self.booth.currentData()
        self._asked += 1
        ticket = self._asked
        self.status.setText(self.tr("Loading…"))
        backend = self._backend

        def job() -> tuple[list[CallRow], DayTotals]:
            return backend.calls_on(day, account), backend.day_totals(day)

        self._runner.submit(
            job, lambda result: self._loaded(ticket, result), lambda exc: self._failed(ticket, exc)
        )

    def _failed(self, ticket: int, exc: BaseException) -> None:
        if ticket == self._asked:
            self.status.setText(error_text(exc))

    def _loaded(self, ticket: int, result: tuple[list[CallRow], DayTotals]) -> None:
        if ticket != self._asked:
            return
        rows, totals = result
        self.model.set_rows(rows)
        self.status.setText(count("CallsDialog", "%n call(s)", len(rows)))
        self.totals.setText(
            self.tr("Day: %1 calls, %2 answered, %3 talk, revenue %4")
            .replace("%1", str(totals.calls))
            .replace("%2", str(totals.answered))
            .replace("%3", duration(totals.seconds))
            .replace("%4", money(totals.revenue, totals.currency, self.precision))
        )

    # -- PDFs of the selected call's session ------------------------------------------------

    def selected_call(self) -> CallRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selection_changed(self, *_args: object) -> None:
        row = self.selected_call()
        has_session = row is not None and row.session_id is not None
        self.report_button.setEnabled(has_session)
        self.invoice_button.setEnabled(
            has_session and row is not None and row.session_mode is BoothMode.POSTPAID
        )

    def session_report(self) -> None:
        if self._shop is not None:
            self._make_pdf(self._shop.session_report)

    def invoice(self) -> None:
        if self._shop is not None:
            self._make_pdf(self._shop.invoice)

    def _make_pdf(self, make: Callable[[int], Path]) -> None:
        row = self.selected_call()
        if row is None or row.session_id is None:
            return
        session_id = row.session_id
        self.pdf_status.setText(self.tr("Making the PDF…"))
        self._runner.submit(lambda: make(session_id), self._pdf_done, self._pdf_failed)

    def _pdf_done(self, path: Path) -> None:
        self.last_pdf = path
        self.pdf_status.setText("")
        open_pdf(self, path)

    def _pdf_failed(self, exc: BaseException) -> None:
        self.pdf_status.setText(self.tr("No PDF: %1").replace("%1", describe(exc)))
