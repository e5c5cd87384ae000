"""The owner's Reports window: a period (presets or custom days), then tabs — Calls (filters,
pages fetched as you scroll, totals), Revenue (a table and a chart), Balances (the callshop
customer's and each vendor's: opening, calls, movement, closing), Sessions, Problems —
and the revenue report saved as PDF or CSV under documents/Callshop POS (or Save as…) and
opened in the system viewer. Every query runs on the Runner, with a busy bar meanwhile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from callshop_pos.db.engine import Database
from callshop_pos.db.models import Account, User
from callshop_pos.errors import describe
from callshop_pos.services import reports_files as files
from callshop_pos.services.ledger import Ledger, ledger
from callshop_pos.services.reports import Figures, RevenueReport, revenue_report_of
from callshop_pos.services.reports_calls import CallFilter, CallPage, Key, calls_page, calls_totals
from callshop_pos.services.reports_period import Period, Preset, period_of
from callshop_pos.services.reports_sessions import (
    Problem,
    ProblemKind,
    SessionRow,
    problems_report,
    sessions_report,
)
from ui.dialogs.common import day_of, open_pdf
from ui.format import count, number, rate_price
from ui.reports.calls_model import CallsModel
from ui.reports.chart import BarChart
from ui.worker import Runner


@dataclass(frozen=True)
class Loaded:
    revenue: RevenueReport
    balances: Ledger
    sessions: list[SessionRow]
    problems: list[Problem]
    booths: list[tuple[int, str]]
    cashiers: list[tuple[int, str]]


def load(db: Database, period: Period) -> Loaded:
    with db.read() as s:
        booths = [
            (i, n)
            for i, n in s.execute(
                select(Account.id, Account.name).order_by(Account.position, Account.name)
            )
        ]
        cashiers = [(i, n) for i, n in s.execute(select(User.id, User.name).order_by(User.name))]
        return Loaded(
            revenue_report_of(db, period),
            ledger(s, period.start, period.end),
            sessions_report(s, period),
            problems_report(s, period),
            booths,
            cashiers,
        )


def load_calls(db: Database, f: CallFilter, after: Key | None = None) -> tuple[CallPage, Figures]:
    with db.read() as s:
        return calls_page(s, f, after), calls_totals(s, f)


def next_page(db: Database, f: CallFilter, after: Key | None) -> CallPage:
    with db.read() as s:
        return calls_page(s, f, after)


W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    widget.setObjectName(name)
    return widget


def _cell(text: str, number: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def fill(table: QTableWidget, headers: list[str], rows: list[list[str]], numbers: int = 1) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, _cell(text, number=c >= numbers))
    table.resizeColumnsToContents()


def _money(value: Any) -> str:
    return "" if value is None else number(value)


class ReportsWindow(QWidget):
    def __init__(
        self, db: Database, runner: Runner, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("reportsWindow")
        self.setWindowTitle(self.tr("Reports"))
        self.resize(1100, 720)
        self.db, self.runner, self.today = db, runner, today
        self.loaded: Loaded | None = None
        self.last_file: Path | None = None
        self.preset = named(QComboBox(), "periodPreset")
        for preset, text in (
            (Preset.TODAY, self.tr("Today")),
            (Preset.YESTERDAY, self.tr("Yesterday")),
            (Preset.WEEK, self.tr("This week")),
            (Preset.MONTH, self.tr("This month")),
            (Preset.CUSTOM, self.tr("Custom")),
        ):
            self.preset.addItem(text, str(preset))
        q = QDate(today.year, today.month, today.day)
        self.first, self.last = (
            named(QDateEdit(q), "periodFrom"),
            named(QDateEdit(q), "periodTo"),
        )
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.show_button = named(QPushButton(self.tr("Show")), "showButton")
        self.busy = named(QProgressBar(), "reportBusy")
        self.busy.setRange(0, 0)  # busy, not a percentage
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        self.status = named(QLabel(), "reportStatus")
        self.pdf_button = named(QPushButton(self.tr("Save PDF")), "savePdfButton")
        self.csv_button = named(QPushButton(self.tr("Save CSV")), "saveCsvButton")
        self.save_as_button = named(QPushButton(self.tr("Save as…")), "saveAsButton")
        self.open_button = named(QPushButton(self.tr("Open")), "openButton")
        self.open_button.setEnabled(False)
        top = QHBoxLayout()
        for w in (
            QLabel(self.tr("Period")),
            self.preset,
            self.first,
            self.last,
            self.show_button,
            self.busy,
        ):
            top.addWidget(w)
        top.addStretch(1)
        for w in (self.pdf_button, self.csv_button, self.save_as_button, self.open_button):
            top.addWidget(w)
        self.tabs = named(QTabWidget(), "reportTabs")
        self.tabs.addTab(self._calls_tab(), self.tr("Calls"))
        self.tabs.addTab(self._revenue_tab(), self.tr("Revenue"))
        self.balances_table = named(QTableWidget(), "balancesTable")
        self.tabs.addTab(self.balances_table, self.tr("Balances"))
        self.sessions_table = named(QTableWidget(), "sessionsTable")
        self.tabs.addTab(self.sessions_table, self.tr("Sessions"))
        self.problems_table = named(QTableWidget(), "problemsTable")
        self.tabs.addTab(self.problems_table, self.tr("Problems"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF(), 12))  # read from the counter, 2 m away
        self.setFont(font)
        self.preset.currentIndexChanged.connect(self._preset_changed)
        self.show_button.clicked.connect(self.refresh)
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.csv_button.clicked.connect(lambda: self.save("csv"))
        self.save_as_button.clicked.connect(self.save_as)
        self.open_button.clicked.connect(lambda: self.last_file and open_pdf(self, self.last_file))
        self.runner.busyChanged.connect(self.busy.setVisible)
        self._preset_changed()

    # --- the period ---------------------------------------------------------------------

    def set_preset(self, preset: Preset) -> None:
        self.preset.setCurrentIndex(self.preset.findData(str(preset)))

    def period(self) -> Period:
        preset = Preset(self.preset.currentData())
        return period_of(preset, self.today, day_of(self.first.date()), day_of(self.last.date()))

    def _preset_changed(self) -> None:
        custom = self.preset.currentData() == Preset.CUSTOM
        self.first.setEnabled(custom)
        self.last.setEnabled(custom)

    def refresh(self) -> None:
        try:
            period = self.period()
        except ValueError as exc:
            self.status.setText(describe(exc))
            return
        db = self.db
        self.status.setText(self.tr("Loading…"))
        self.runner.submit(lambda: load(db, period), self._loaded, self._failed)
        self.reload_calls()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(
            self.tr("The report could not be made: %1").replace("%1", describe(exc))
        )

    # --- calls --------------------------------------------------------------------------

    def _calls_tab(self) -> QWidget:
        page = QWidget()
        self.booth_filter = named(QComboBox(), "boothFilter")
        self.booth_filter.addItem(self.tr("All booths"), None)
        self.destination_filter = named(QLineEdit(), "destinationFilter")
        self.destination_filter.setPlaceholderText(self.tr("Prefix or destination"))
        self.disposition_filter = named(QComboBox(), "dispositionFilter")
        for value, text in (
            ("", self.tr("Any result")),
            ("answered", self.tr("Answered")),
            ("no_answer", self.tr("No answer")),
            ("busy", self.tr("Busy")),
            ("failed", self.tr("Failed")),
        ):
            self.disposition_filter.addItem(text, value)
        self.cashier_filter = named(QComboBox(), "cashierFilter")
        self.cashier_filter.addItem(self.tr("All cashiers"), None)
        self.calls_model = CallsModel(self.runner.submit, self)
        self.calls_view = named(QTableView(), "callsView")
        self.calls_view.setModel(self.calls_model)
        self.calls_totals = named(QLabel(), "callsTotals")
        row = QHBoxLayout()
        for w in (
            self.booth_filter,
            self.destination_filter,
            self.disposition_filter,
            self.cashier_filter,
        ):
            row.addWidget(w)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.calls_view, 1)
        layout.addWidget(self.calls_totals)
        for combo in (self.booth_filter, self.disposition_filter, self.cashier_filter):
            combo.currentIndexChanged.connect(self.reload_calls)
        self.destination_filter.returnPressed.connect(self.reload_calls)
        return page

    def call_filter(self) -> CallFilter:
        return CallFilter(
            self.period(),
            account_id=self.booth_filter.currentData(),
            destination=self.destination_filter.text(),
            disposition=self.disposition_filter.currentData() or "",
            cashier_id=self.cashier_filter.currentData(),
        )

    def reload_calls(self) -> None:
        db, f = self.db, self.call_filter()
        self.runner.submit(
            lambda: load_calls(db, f), lambda got: self._calls(f, got), self._failed, owner=self
        )

    def _calls(self, f: CallFilter, got: tuple[CallPage, Figures]) -> None:
        if f != self.call_filter():  # the filter changed meanwhile: a newer answer follows
            return
        page, totals = got
        db = self.db
        self.calls_model.reset(page, lambda key: next_page(db, f, key))
        self.calls_view.resizeColumnsToContents()
        self.calls_totals.setText(
            count("ReportsWindow", "%n call(s)", totals.calls)
            + " · "
            + self.tr("%1 min · revenue %2 · cost %3 · margin %4")
            .replace("%1", number(totals.billed_minutes, 1))
            .replace("%2", number(totals.revenue))
            .replace("%3", number(totals.cost))
            .replace("%4", number(totals.margin))
        )

    # --- revenue ------------------------------------------------------------------------

    def _revenue_tab(self) -> QWidget:
        page = QWidget()
        self.revenue_part = named(QComboBox(), "revenuePart")
        for key, text in (
            ("days", self.tr("Per day")),
            ("booths", self.tr("Per booth")),
            ("destinations", self.tr("Per destination")),
            ("vendors", self.tr("Per vendor")),
        ):
            self.revenue_part.addItem(text, key)
        self.chart_kind = named(QComboBox(), "chartKind")
        for key, text in (
            ("days", self.tr("Revenue per day")),
            ("top", self.tr("Top destinations")),
            ("hours", self.tr("Occupancy by hour")),
        ):
            self.chart_kind.addItem(text, key)
        self.revenue_table = named(QTableWidget(), "revenueTable")
        self.chart = BarChart()
        self.chart.setObjectName("revenueChart")
        row = QHBoxLayout()
        row.addWidget(self.revenue_part)
        row.addStretch(1)
        row.addWidget(self.chart_kind)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.revenue_table, 3)
        layout.addWidget(self.chart, 2)
        self.revenue_part.currentIndexChanged.connect(self._show_revenue)
        self.chart_kind.currentIndexChanged.connect(self._show_chart)
        return page

    def _loaded(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.status.setText(
            self.tr("%1, %2")
            .replace("%1", loaded.revenue.period.label())
            .replace("%2", loaded.revenue.currency)
        )
        for combo, items in (
            (self.booth_filter, loaded.booths),
            (self.cashier_filter, loaded.cashiers),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value, name in items:
                combo.addItem(name, value)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            combo.blockSignals(False)
        self._show_revenue()
        self._show_chart()
        self._show_balances(loaded.balances)
        self._show_sessions(loaded.sessions)
        self._show_problems(loaded.problems)

    def _show_revenue(self) -> None:
        if self.loaded is None:
            return
        report = self.loaded.revenue
        rows: list[Figures] = getattr(report, self.revenue_part.currentData())
        headers = [
            self.revenue_part.currentText(),
            self.tr("Calls"),
            self.tr("Minutes"),
            self.tr("Revenue"),
            self.tr("Wholesale"),
            self.tr("Vendor cost"),
            self.tr("Margin"),
            self.tr("Margin %"),
            self.tr("Extras"),
            self.tr("Takings"),
        ]
        total = report.total
        lines = [
            *rows,
            Figures(
                self.tr("Total"),
                total.calls,
                total.billed_seconds,
                total.revenue,
                total.wholesale,
                total.vendor,
                total.cost,
                total.extras,
                total.takings,
            ),
        ]
        fill(
            self.revenue_table,
            headers,
            [
                [
                    f.key,
                    str(f.calls),
                    number(f.billed_minutes, 1),
                    _money(f.revenue),
                    _money(f.wholesale),
                    _money(f.vendor),
                    _money(f.margin),
                    "" if f.margin_percent is None else number(f.margin_percent, 1),
                    _money(f.extras),
                    _money(f.takings),
                ]
                for f in lines
            ],
        )

    def _show_chart(self) -> None:
        if self.loaded is None:
            return
        report, kind = self.loaded.revenue, self.chart_kind.currentData()
        if kind == "days":
            self.chart.set_data(
                self.chart_kind.currentText(),
                [f.key[5:] for f in report.days],
                [float(f.revenue) for f in report.days],
            )
        elif kind == "top":
            top = report.top_destinations(8)
            self.chart.set_data(
                self.chart_kind.currentText(),
                [f.key for f in top],
                [float(f.revenue) for f in top],
                horizontal=True,
            )
        else:
            self.chart.set_data(
                self.chart_kind.currentText() + " " + self.tr("(minutes)"),
                [f"{h:02d}" for h in range(24)],
                [s / 60 for s in report.talk_seconds_by_hour],
            )

    # --- balances -------------------------------------------------------------------------

    def _show_balances(self, book: Ledger) -> None:
        """The shop's balance with the owner (debited by the wholesale costs) and what it
        owes each vendor, at the period's start and end; amounts exact (4 decimals stay)."""
        kinds = {"customer": self.tr("Callshop customer"), "vendor": self.tr("Vendor")}

        def amount(value: Decimal, currency: str) -> str:
            return rate_price(value, currency, 2, 6)

        fill(
            self.balances_table,
            [
                self.tr("Party"),
                self.tr("Name"),
                self.tr("Opening"),
                self.tr("Calls"),
                self.tr("Movement"),
                self.tr("Closing"),
            ],
            [
                [
                    kinds.get(b.kind, b.kind),
                    b.name,
                    amount(b.opening, b.currency),
                    str(b.calls),
                    amount(b.movement, b.currency),
                    amount(b.closing, b.currency),
                ]
                for b in (*book.customers, *book.vendors)
            ],
            numbers=2,
        )

    # --- sessions and problems ------------------------------------------------------------

    def _show_sessions(self, rows: list[SessionRow]) -> None:
        modes = {"prepaid": self.tr("prepaid"), "postpaid": self.tr("postpaid")}
        fill(
            self.sessions_table,
            [
                self.tr("Booth"),
                self.tr("Start"),
                self.tr("Stop"),
                self.tr("Mode"),
                self.tr("Calls"),
                self.tr("Bill"),
                self.tr("Paid"),
                self.tr("Refunded"),
                self.tr("Cashier"),
            ],
            [
                [
                    r.booth,
                    f"{r.started_at.astimezone():%Y-%m-%d %H:%M}",
                    f"{r.stopped_at.astimezone():%H:%M}" if r.stopped_at else self.tr("open"),
                    modes.get(r.mode, r.mode),
                    str(r.calls),
                    _money(r.total),
                    _money(r.paid),
                    _money(r.refunded),
                    r.cashier,
                ]
                for r in rows
            ],
            numbers=4,
        )

    def problem_text(self, kind: ProblemKind) -> str:
        return {
            ProblemKind.OUTSIDE_SESSION: self.tr("Call billed outside a session"),
            ProblemKind.PAID_SHORT: self.tr("Session paid less than its bill"),
            ProblemKind.CALLS_MISMATCH: self.tr("Session total differs from its calls"),
            ProblemKind.OPEN_TOO_LONG: self.tr("Session open past closing time"),
            ProblemKind.ADJUSTMENT: self.tr("Adjusted after Stop"),
            ProblemKind.UNBILLABLE: self.tr("PBX record not billed"),
        }[kind]

    def _show_problems(self, rows: list[Problem]) -> None:
        fill(
            self.problems_table,
            [
                self.tr("Problem"),
                self.tr("When"),
                self.tr("Booth"),
                self.tr("Reference"),
                self.tr("Expected"),
                self.tr("Found"),
                self.tr("Note"),
            ],
            [
                [
                    self.problem_text(p.kind),
                    f"{p.at.astimezone():%Y-%m-%d %H:%M}",
                    p.booth,
                    p.reference,
                    _money(p.expected),
                    _money(p.actual),
                    p.note,
                ]
                for p in rows
            ],
            numbers=99,
        )
        self.tabs.setTabText(
            self.tabs.indexOf(self.problems_table),
            count("ReportsWindow", "Problems (%n)", len(rows)),
        )

    # --- files --------------------------------------------------------------------------

    def save(self, suffix: str, path: Path | None = None) -> None:
        db, period = self.db, self.period()
        target = path or files.reports_folder() / files.report_name(period, suffix)
        make = files.revenue_pdf_for if suffix == "pdf" else files.revenue_csv_for
        self.status.setText(self.tr("Saving…"))
        self.runner.submit(lambda: files.save(make(db, period), target), self._saved, self._failed)

    def save_as(self) -> None:
        period = self.period()
        start = str(files.reports_folder() / files.report_name(period, "pdf"))
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save report as"), start, self.tr("PDF (*.pdf);;CSV (*.csv)")
        )
        if name:
            self.save("csv" if name.lower().endswith(".csv") else "pdf", Path(name))

    def _saved(self, path: Path) -> None:
        self.last_file = path
        self.open_button.setEnabled(True)
        self.status.setText(self.tr("Saved: %1").replace("%1", str(path)))
