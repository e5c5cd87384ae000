"""Today's calls (or any day's): a filterable table and the day's totals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

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

from callshop_pos.counter import BoothView, CallRow, CounterBackend, DayTotals
from ui.calls_model import CallsTableModel
from ui.dialogs.common import error_text
from ui.format import duration, money
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
    ) -> None:
        super().__init__(parent)
        self.setObjectName("callsDialog")
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

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)

        self.date.dateChanged.connect(self.load)
        self.booth.currentIndexChanged.connect(self.load)
        self.refresh_button.clicked.connect(self.load)

    def day(self) -> date:
        return self.date.date().toPython()  # type: ignore[no-any-return]

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
        self.status.setText(self.tr("%1 calls").replace("%1", str(len(rows))))
        self.totals.setText(
            self.tr("Day: %1 calls, %2 answered, %3 talk, revenue %4")
            .replace("%1", str(totals.calls))
            .replace("%2", str(totals.answered))
            .replace("%3", duration(totals.seconds))
            .replace("%4", money(totals.revenue, totals.currency, self.precision))
        )
