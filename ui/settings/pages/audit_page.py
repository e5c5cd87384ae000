"""The settings' "Audit log" page: who changed what and when, read-only.

Filters (a period preset or two dates, the user, the action, text as you type) are asked of
the core's query (:mod:`callshop_pos.services.audit_log`) on the Runner, never on the GUI
thread; the table reads older pages as the owner scrolls; the pane under it shows the
selected row's changes as "field: old → new" lines. There is no edit, no delete: the log
cannot be changed from the app."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from callshop_pos.db.engine import Database
from callshop_pos.errors import describe
from callshop_pos.services import audit_log
from callshop_pos.services.audit_log import AuditEntry, AuditFilter, Cursor
from ui.settings.pages.audit_model import AuditTableModel
from ui.settings.pages.audit_words import action_name, change_line
from ui.settings.pages.form import ERROR_STYLE
from ui.settings.pages.words import page_title
from ui.worker import Runner

TYPING_PAUSE_MS = 250  # one query when the typing pauses, not one per key
CUSTOM = "custom"

Choices = tuple[list[tuple[int, str]], list[str]]


class AuditPage(QWidget):
    def __init__(self, db: Database, runner: Runner, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("page_audit")
        self.db = db
        self.runner = runner
        self.loaded = False
        self.generation = 0  # a newer filter makes older answers stale
        title = QLabel(page_title("audit"), self)
        title.setObjectName("pageTitle")
        self.period = QComboBox(self)
        self.period.setObjectName("auditPeriod")
        for key, text in (
            ("all", self.tr("All time")),
            ("today", self.tr("Today")),
            ("yesterday", self.tr("Yesterday")),
            ("week", self.tr("This week")),
            ("month", self.tr("This month")),
            (CUSTOM, self.tr("From … to …")),
        ):
            self.period.addItem(text, key)
        self.first = self._date_edit("auditFrom")
        self.last = self._date_edit("auditTo")
        self.user = QComboBox(self)
        self.user.setObjectName("auditUser")
        self.action = QComboBox(self)
        self.action.setObjectName("auditAction")
        self.search = QLineEdit(self)
        self.search.setObjectName("auditSearch")
        self.search.setPlaceholderText(self.tr("Search…"))
        self.search.setClearButtonEnabled(True)
        self.typing = QTimer(self)
        self.typing.setSingleShot(True)
        self.typing.setInterval(TYPING_PAUSE_MS)
        self.typing.timeout.connect(self.refresh)
        self.model = AuditTableModel(self)
        self.model.fetcher = self._fetch
        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("auditDetails")
        self.details.setReadOnly(True)
        self.status = QLabel(self)
        self.status.setObjectName("status_audit")
        self.status.setWordWrap(True)
        filters = QHBoxLayout()
        for text, widget in (
            (self.tr("Period"), self.period),
            ("", self.first),
            ("", self.last),
            (self.tr("User"), self.user),
            (self.tr("Action"), self.action),
        ):
            if text:
                filters.addWidget(QLabel(text, self))
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        column = QVBoxLayout(self)
        column.addWidget(title)
        column.addLayout(filters)
        column.addWidget(split, 1)
        column.addWidget(self.status)
        self._show_dates()
        self.period.currentIndexChanged.connect(self._period_changed)
        for combo in (self.user, self.action):
            combo.currentIndexChanged.connect(self.refresh)
        self.first.dateChanged.connect(self.refresh)
        self.last.dateChanged.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self.typing.start())

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(QDate.currentDate(), self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    # --- the filter ----------------------------------------------------------------------

    def _show_dates(self) -> None:
        custom = self.period.currentData() == CUSTOM
        self.first.setVisible(custom)
        self.last.setVisible(custom)

    def _period_changed(self) -> None:
        self._show_dates()
        self.refresh()

    def where(self) -> AuditFilter:
        """The filter as set (AuditQueryError: a period that ends before it starts)."""
        preset = self.period.currentData()
        since: datetime | None
        until: datetime | None
        if preset == CUSTOM:
            zone = datetime.now().astimezone().tzinfo
            assert zone is not None
            since, until = audit_log.day_bounds(
                self.first.date().toPython(),  # type: ignore[arg-type]
                self.last.date().toPython(),  # type: ignore[arg-type]
                zone,
            )
        else:
            since, until = audit_log.period(preset, datetime.now().astimezone())
        return AuditFilter(
            since=since,
            until=until,
            user_id=self.user.currentData(),
            action=self.action.currentData(),
            text=self.search.text(),
        )

    # --- reading -------------------------------------------------------------------------

    def load(self) -> None:
        """A visit: the choices (users, actions in the log) afresh, then the first page."""
        db = self.db

        def read() -> Choices:
            return audit_log.users(db), audit_log.actions(db)

        self.runner.submit(read, self._choices, self._failed)

    def _choices(self, choices: Choices) -> None:
        users, actions = choices
        for combo, items in (
            (self.user, [(name, uid) for uid, name in users]),
            (self.action, sorted(((action_name(a), a) for a in actions), key=lambda i: i[0])),
        ):
            kept = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("All"), None)
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(kept)))
            combo.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """Read the first page of the filter as set now."""
        self.typing.stop()
        self.generation += 1
        self.details.clear()
        self.model.reset()
        self._fetch(None)

    def _fetch(self, after: Cursor | None) -> None:
        try:
            where = self.where()
        except audit_log.AuditQueryError as exc:
            self.model.failed()
            self._failed(exc)
            return
        db, generation = self.db, self.generation
        self.runner.submit(
            lambda: audit_log.entries(db, where, after=after),
            lambda found: self._arrived(generation, found),
            self._fetch_failed,
        )

    def _arrived(self, generation: int, found: list[AuditEntry]) -> None:
        if generation != self.generation:
            return  # the filter changed meanwhile: a newer answer is on its way
        first_page = self.model.rowCount() == 0
        self.model.append(found, complete=len(found) < audit_log.PAGE_ROWS)
        if first_page:
            for column in range(self.model.columnCount() - 1):  # the details take the rest
                self.table.resizeColumnToContents(column)
        self.status.setStyleSheet("")
        shown = (
            self.tr("Rows shown: %1")
            if self.model.complete
            else self.tr("Rows shown: %1 (scroll down for older ones)")
        )
        self.status.setText(shown.replace("%1", str(self.model.rowCount())))
        self.loaded = True

    def _fetch_failed(self, exc: BaseException) -> None:
        self.model.failed()
        self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(describe(exc))
        self.loaded = True

    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.details.clear()
            return
        entry = self.model.entry(current.row())
        head = f"{action_name(entry.action)} {entry.name}".strip()
        lines = [head, *(change_line(c) for c in entry.changes)]
        self.details.setPlainText("\n".join(lines))
