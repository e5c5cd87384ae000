"""The rates of a tariff / the routes of a destination set in the owner's settings dialog.

A QTableView over a model that holds only the pages scrolled to (500 rows each, fetched by
keyset as the view asks with canFetchMore/fetchMore), so 250,000 rates cost a few hundred
rows of memory. Every database call runs on one background thread of its own (queries in
order, never two writers), so typing in the filter or saving a cell never blocks the GUI;
the core (services.price_table) validates, audits and bumps the revision the counter sees.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from callshop_pos.db.engine import Database
from callshop_pos.errors import CallshopError
from callshop_pos.money import parse_money
from callshop_pos.rating.deck import COLUMNS
from callshop_pos.services.price_table import (
    PAGE,
    BulkResult,
    ImportReport,
    OwnerInfo,
    PriceRow,
    PriceTableStore,
    deck_cells,
)
from ui.dialogs.common import error_label, error_text
from ui.format import count, rate_price
from ui.theme import FONT_FAMILY
from ui.worker import Runner

ModelIndex = QModelIndex | QPersistentModelIndex
FONT_PX = 18  # readable from two metres: bigger than the app's 14 px
DEBOUNCE_MS = 100
_CHECKS = ("forbidden", "grace_period_enable")
_NUMBERS = ("price_1", "price_n", "interval_1", "interval_n")
_NO_PARENT = QModelIndex()
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.TextAlignmentRole,
    }
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("PriceTable", text)


def _headers() -> dict[str, str]:
    return {
        "prefix": _tr("Prefix"),
        "area_name": _tr("Area"),
        "price_1": _tr("First minute"),
        "price_n": _tr("Next minutes"),
        "interval_1": _tr("First interval, s"),
        "interval_n": _tr("Next interval, s"),
        "forbidden": _tr("Forbidden"),
        "grace_period_enable": _tr("Grace"),
        "activation_date": _tr("Active from"),
        "expiration_date": _tr("Expires"),
    }


def _when(value: datetime | None) -> str:
    if value is None:
        return ""
    value = value.astimezone(UTC)
    if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
        return value.strftime("%Y-%m-%d")
    return value.strftime("%Y-%m-%d %H:%M")


@dataclass
class _Query:
    text: str
    generation: int


class PriceTableModel(QAbstractTableModel):
    """The rows loaded so far of one filter; more come a page at a time."""

    loaded = Signal()  # a filter's first page shown, or a further page appended
    counted = Signal(int)  # the filter's number of rows
    refused = Signal(str)  # an edit the core refused, in one line
    saved = Signal()

    def __init__(
        self,
        store: PriceTableStore,
        runner: Runner,
        info: OwnerInfo,
        parent: QObject,
        *,
        count_runner: Runner | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.info = info
        self._runner = runner
        # counts scan more rows than a page: on a thread of their own they never hold up
        # the next keystroke's page
        self._count_runner = count_runner or runner
        self._rows: list[PriceRow] = []
        self._texts: dict[tuple[int, str], str] = {}  # display texts already made
        self._more = False
        self._fetching = False
        self._query = _Query("", 0)
        self._headers = _headers()
        self.total: int | None = None  # the current filter's row count, once counted
        self.shown: str | None = None  # the filter whose rows are shown, once they are

    # --- loading ---------------------------------------------------------------------------

    @property
    def filter_text(self) -> str:
        return self._query.text

    def set_filter(self, text: str) -> None:
        """Show the rows ``text`` selects (from the first page); earlier answers are dropped."""
        query = self._query = _Query(text, self._query.generation + 1)
        self.total = self.shown = None
        self._fetching = True
        store = self.store

        def page() -> list[PriceRow] | None:
            # a query overtaken before it started is not run at all
            return store.page(query.text) if query is self._query else None

        def counted() -> int | None:
            return store.count(query.text) if query is self._query else None

        self._runner.submit(
            page, lambda rows: self._first_page(query, rows), self._failed, owner=self
        )
        self._count_runner.submit(
            counted, lambda n: self._counted(query, n), self._failed, owner=self
        )

    def reload(self) -> None:
        self.set_filter(self._query.text)

    def _first_page(self, query: _Query, rows: list[PriceRow] | None) -> None:
        if query is not self._query or rows is None:
            return  # the filter moved on meanwhile
        self.beginResetModel()
        self.shown = query.text
        self._rows = rows
        self._texts.clear()
        self._more = len(rows) == PAGE
        self._fetching = False
        self.endResetModel()
        self.loaded.emit()

    def _counted(self, query: _Query, n: int | None) -> None:
        if query is self._query and n is not None:
            self.total = n
            self.counted.emit(n)

    def _failed(self, exc: BaseException) -> None:
        self._fetching = False
        self.refused.emit(error_text(exc))

    def canFetchMore(self, parent: ModelIndex = _NO_PARENT) -> bool:
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent: ModelIndex = _NO_PARENT) -> None:
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        query, after, store = self._query, self._rows[-1].key, self.store
        self._runner.submit(
            lambda: store.page(query.text, after),
            lambda rows: self._next_page(query, rows),
            self._failed,
            owner=self,
        )

    def _next_page(self, query: _Query, rows: list[PriceRow]) -> None:
        if query is not self._query:
            return
        self._fetching = False
        self._more = len(rows) == PAGE
        if rows:
            first = len(self._rows)
            self.beginInsertRows(_NO_PARENT, first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self.loaded.emit()

    def row_at(self, index: int) -> PriceRow:
        return self._rows[index]

    # --- the table -------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[COLUMNS[section]]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if COLUMNS[index.column()] in _CHECKS:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None  # the view asks for many roles per cell: the common answer first
        number, column = index.row(), COLUMNS[index.column()]
        row = self._rows[number].row
        if role == Qt.ItemDataRole.DisplayRole:
            key = (number, column)
            text = self._texts.get(key)
            if text is None:
                text = self._texts[key] = self._display(row, column)
            return text
        if role == Qt.ItemDataRole.EditRole:
            # what a deck file would hold (the area name as it reads)
            return row.area_name if column == "area_name" else deck_cells(row)[column]
        if role == Qt.ItemDataRole.CheckStateRole and column in _CHECKS:
            on = row.forbidden if column == "forbidden" else row.grace_enabled
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMBERS:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def _display(self, row: Any, column: str) -> str:
        if column == "prefix":
            return str(row.prefix)
        if column == "area_name":
            return str(row.area_name)
        if column in ("price_1", "price_n"):
            amount: Decimal = getattr(row, column)
            return rate_price(amount, self.info.currency, 2, 6)
        if column in ("interval_1", "interval_n"):
            return str(getattr(row, column))
        if column == "activation_date":
            return _when(row.activation)
        if column == "expiration_date":
            return _when(row.expiration)
        return ""

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Send the typed cell to the core; the row changes when it was saved, and a refused
        value is reported through ``refused`` (nothing saved)."""
        if not index.isValid():
            return False
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and column in _CHECKS:
            text = "1" if Qt.CheckState(value) == Qt.CheckState.Checked else "0"
        elif role == Qt.ItemDataRole.EditRole and column not in _CHECKS:
            text = str(value)
        else:
            return False
        self.save(self._rows[index.row()].id, {column: text})
        return False  # shown once the core saved it

    def save(self, row_id: int, changes: dict[str, str]) -> None:
        store = self.store
        self._runner.submit(
            lambda: store.edit(row_id, changes), self._edited, self._refused, owner=self
        )

    def _edited(self, saved: PriceRow) -> None:
        for number, item in enumerate(self._rows):
            if item.id == saved.id:
                self._rows[number] = saved
                for column in COLUMNS:
                    self._texts.pop((number, column), None)
                self.dataChanged.emit(self.index(number, 0), self.index(number, len(COLUMNS) - 1))
        self.saved.emit()

    def _refused(self, exc: BaseException) -> None:
        self.refused.emit(error_text(exc))


class _FormDialog(QDialog):
    """A small form that asks the table to do its work and stays open on a refusal."""

    def __init__(self, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFont(parent.font())  # a window does not inherit its parent's big font
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    def show_error(self, text: str) -> None:
        self.ok_button().setEnabled(True)
        self.error.setText(text)
        self.error.show()


class AddRowDialog(_FormDialog):
    chosen = Signal(dict)  # deck column -> text

    def __init__(self, parent: QWidget) -> None:
        super().__init__(_tr("Add a price"), parent)
        self.setObjectName("addPriceDialog")
        self.fields: dict[str, QLineEdit] = {}
        headers = _headers()
        for column in COLUMNS:
            if column in _CHECKS:
                continue
            edit = QLineEdit()
            edit.setObjectName(f"add_{column}")
            self.fields[column] = edit
            self.form.addRow(headers[column] + ":", edit)
        self.fields["interval_1"].setPlaceholderText("60")
        self.fields["interval_n"].setPlaceholderText("60")
        self.fields["price_n"].setPlaceholderText(_tr("as the first minute"))
        self.fields["activation_date"].setPlaceholderText(_tr("now (YYYY-MM-DD)"))
        self.checks: dict[str, QCheckBox] = {}
        for column in _CHECKS:
            box = QCheckBox(headers[column])
            box.setObjectName(f"add_{column}")
            self.checks[column] = box
            self.form.addRow("", box)
        self.buttons.accepted.connect(self._ok)

    def _ok(self) -> None:
        cells = {column: edit.text().strip() for column, edit in self.fields.items()}
        cells["area_name"] = self.fields["area_name"].text()
        for column, box in self.checks.items():
            cells[column] = "1" if box.isChecked() else "0"
        self.ok_button().setEnabled(False)
        self.chosen.emit(cells)


class ChangePricesDialog(_FormDialog):
    chosen = Signal(object, object)  # percent or None, amount or None

    def __init__(self, rows: int | None, filter_text: str, parent: QWidget) -> None:
        super().__init__(_tr("Change prices"), parent)
        self.setObjectName("changePricesDialog")
        self.percent = QRadioButton(_tr("By a percentage (10 = +10 %, -5 = -5 %)"))
        self.amount = QRadioButton(_tr("By an amount per minute (0.01, -0.005)"))
        self.percent.setChecked(True)
        self.value = QLineEdit()
        self.value.setObjectName("changeValue")
        shown = (
            count("PriceTable", "Applies to the %n row(s) shown", rows)
            if rows is not None
            else _tr("Applies to the rows shown")
        )
        if filter_text.strip():
            shown += " — " + _tr("filter: %1").replace("%1", filter_text.strip())
        self.applies = QLabel(shown)
        self.applies.setObjectName("changeApplies")
        self.applies.setWordWrap(True)
        self.form.addRow(self.applies)
        self.form.addRow(self.percent)
        self.form.addRow(self.amount)
        self.form.addRow(_tr("Change:"), self.value)
        self.form.addRow(
            QLabel(_tr("Both prices of each row; rounded to the price list's decimals."))
        )
        self.buttons.accepted.connect(self._ok)

    def _ok(self) -> None:
        try:
            step = parse_money(self.value.text())
        except CallshopError as exc:
            self.show_error(str(exc))
            return
        self.ok_button().setEnabled(False)
        if self.percent.isChecked():
            self.chosen.emit(step, None)
        else:
            self.chosen.emit(None, step)


class BadLinesDialog(QDialog):
    def __init__(self, file_name: str, lines: list[str], parent: QWidget) -> None:
        super().__init__(parent)
        self.setFont(parent.font())
        self.setObjectName("badLinesDialog")
        self.setWindowTitle(_tr("Import refused"))
        title = QLabel(
            _tr(
                "%1 was not imported: fix these lines and import it again. Nothing changed."
            ).replace("%1", file_name)
        )
        title.setWordWrap(True)
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(720, 400)


class _ProgressRelay(QObject):
    """Emitted from the import's thread, delivered on the GUI thread (queued)."""

    progress = Signal(str, int, int)


class PriceTable(QWidget):
    """The rates of tariff ``owner_id`` (``kind="rates"``) or the routes of destination set
    ``owner_id`` (``kind="routes"``), with filter, inline edit, add, delete, bulk price change,
    import and export."""

    imported = Signal(object)  # ImportReport
    changed = Signal()  # any saved change

    def __init__(
        self,
        db: Database,
        kind: Literal["rates", "routes"],
        owner_id: int,
        parent: QWidget | None = None,
        *,
        user_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("priceTable")
        self.store = PriceTableStore(db, kind, owner_id, user_id=user_id)
        self.info = self.store.owner()
        pool = QThreadPool(self)
        pool.setMaxThreadCount(1)  # queries in order; one writer
        self.runner = Runner(self, pool)
        count_pool = QThreadPool(self)
        count_pool.setMaxThreadCount(1)
        self.count_runner = Runner(self, count_pool)  # reads only
        self.model = PriceTableModel(
            self.store, self.runner, self.info, self, count_runner=self.count_runner
        )
        self._cancel: threading.Event | None = None
        self._relay = _ProgressRelay(self)
        self._relay.progress.connect(self._show_progress)
        self._build()
        self.model.counted.connect(self._show_count)
        self.model.refused.connect(self._show_refusal)
        self.model.saved.connect(self._saved)
        self.model.set_filter("")

    def wait_idle(self, msecs: int = 30_000) -> bool:
        """Tests and closing: wait for the background queries (their answers need the loop)."""
        return self.runner.wait_idle(msecs) and self.count_runner.wait_idle(msecs)

    # --- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        font = self.font()
        font.setFamily(FONT_FAMILY)
        font.setPixelSize(FONT_PX)
        self.setFont(font)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("priceFilter")
        self.filter_edit.setPlaceholderText(_tr("Filter: prefix digits or area name"))
        self.filter_edit.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("priceCount")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.count_label.setMinimumWidth(
            self.count_label.fontMetrics().horizontalAdvance(
                count("PriceTable", "%n row(s)", 8_888_888)
            )
            + 16
        )
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)

        self.view = QTableView()
        self.view.setObjectName("priceView")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        vertical = self.view.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        vertical.setDefaultSectionSize(FONT_PX * 2)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # wide enough for the header's words in the UI language (measured, not a guess)
        metrics = header.fontMetrics()
        for number, column in enumerate(COLUMNS):
            least = {"prefix": 150, "area_name": 280}.get(column, 110)
            wanted = (
                metrics.horizontalAdvance(self.model.headerData(number, Qt.Orientation.Horizontal))
                + 24
            )
            header.resizeSection(number, max(least, wanted))
        header.setStretchLastSection(True)

        self.add_button = QPushButton(_tr("Add…"))
        self.delete_button = QPushButton(_tr("Delete"))
        self.change_button = QPushButton(_tr("Change prices…"))
        self.import_button = QPushButton(_tr("Import…"))
        self.export_button = QPushButton(_tr("Export…"))
        buttons = QHBoxLayout()
        for name, button, slot in (
            ("addPrice", self.add_button, self.open_add),
            ("deletePrices", self.delete_button, self.delete_selected),
            ("changePrices", self.change_button, self.open_change_prices),
            ("importPrices", self.import_button, self.choose_import),
            ("exportPrices", self.export_button, self.choose_export),
        ):
            button.setObjectName(name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.cancel_button = QPushButton(_tr("Cancel import"))
        self.cancel_button.setObjectName("cancelImport")
        self.cancel_button.clicked.connect(self.cancel_import)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()

        self.status = QLabel()
        self.status.setObjectName("priceStatus")
        self.status.setWordWrap(True)
        self.error = error_label()
        self.error.setObjectName("errorLabel")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(progress_row)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        # Filtering: the first keystroke after a pause queries at once; keystrokes that
        # follow within DEBOUNCE_MS are folded into one query at the end of that pause.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._debounced)
        self._pending = False
        self.filter_edit.textChanged.connect(self._filter_typed)

    # --- filter ----------------------------------------------------------------------------

    def _filter_typed(self, _text: str) -> None:
        if self._debounce.isActive():
            self._pending = True
            return
        self._apply_filter()
        self._debounce.start()

    def _debounced(self) -> None:
        if self._pending:
            self._pending = False
            self._apply_filter()
            self._debounce.start()

    def _apply_filter(self) -> None:
        self.count_label.setText("…")
        self.model.set_filter(self.filter_edit.text())

    def _show_count(self, n: int) -> None:
        self.count_label.setText(count("PriceTable", "%n row(s)", n))

    # --- messages --------------------------------------------------------------------------

    def _show_refusal(self, text: str) -> None:
        self.error.setText(_tr("Not saved: %1").replace("%1", text))
        self.error.show()

    def _say(self, text: str) -> None:
        self.error.hide()
        self.status.setText(text)

    def _saved(self) -> None:
        self._say(_tr("Saved."))
        self.changed.emit()

    # --- add / delete / change prices ------------------------------------------------------

    def open_add(self) -> AddRowDialog:
        dialog = AddRowDialog(self)
        dialog.chosen.connect(lambda cells: self._add(dialog, cells))
        dialog.open()
        return dialog

    def _add(self, dialog: AddRowDialog, cells: dict[str, str]) -> None:
        store = self.store

        def added(row: PriceRow) -> None:
            dialog.accept()
            self._say(_tr("Added prefix %1.").replace("%1", row.row.prefix))
            self.changed.emit()
            self.model.reload()

        self.runner.submit(
            lambda: store.add(cells), added, lambda e: dialog.show_error(error_text(e)), self
        )

    def selected_ids(self) -> list[int]:
        selection = self.view.selectionModel()
        return [self.model.row_at(index.row()).id for index in selection.selectedRows()]

    def delete_selected(self) -> QMessageBox | None:
        ids = self.selected_ids()
        if not ids:
            self._say(_tr("Select the rows to delete first."))
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _tr("Delete"),
            count("PriceTable", "Delete %n row(s)?", len(ids)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("deleteConfirm")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        yes = box.button(QMessageBox.StandardButton.Yes)

        def answered(button: object) -> None:
            if button is yes:
                self._delete(ids)

        box.buttonClicked.connect(answered)
        box.open()
        return box

    def _delete(self, ids: list[int]) -> None:
        store = self.store

        def deleted(n: int) -> None:
            self._say(count("PriceTable", "Deleted %n row(s).", n))
            self.changed.emit()
            self.model.reload()

        self.runner.submit(lambda: store.delete(ids), deleted, self._failed, self)

    def open_change_prices(self) -> ChangePricesDialog:
        dialog = ChangePricesDialog(self.model.total, self.model.filter_text, self)
        dialog.chosen.connect(lambda pct, amount: self._change_prices(dialog, pct, amount))
        dialog.open()
        return dialog

    def _change_prices(
        self, dialog: ChangePricesDialog, percent: Decimal | None, amount: Decimal | None
    ) -> None:
        store, text = self.store, self.model.filter_text

        def changed(result: BulkResult) -> None:
            dialog.accept()
            self._say(count("PriceTable", "Prices changed on %n row(s).", result.changed))
            self.changed.emit()
            self.model.reload()

        self.runner.submit(
            lambda: store.bulk_change(text, percent=percent, amount=amount),
            changed,
            lambda e: dialog.show_error(error_text(e)),
            self,
        )

    def _failed(self, exc: BaseException) -> None:
        self._show_refusal(error_text(exc))

    # --- import / export -------------------------------------------------------------------

    def choose_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _tr("Import a rate deck"), "", _tr("Rate decks (*.csv *.txt);;All files (*)")
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Read and store ``path`` in the background, with the progress bar and Cancel."""
        cancel = self._cancel = threading.Event()
        store, relay = self.store, self._relay
        self._importing(True)

        def work() -> ImportReport:
            data = path.read_bytes()
            return store.import_deck(
                data, source=path.name, progress=relay.progress.emit, cancelled=cancel.is_set
            )

        self.runner.submit(work, lambda report: self._imported(path, report), self._import_failed)

    def cancel_import(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.cancel_button.setEnabled(False)
            self._say(_tr("Cancelling…"))

    def _importing(self, busy: bool) -> None:
        for button in (
            self.add_button,
            self.delete_button,
            self.change_button,
            self.import_button,
            self.export_button,
        ):
            button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.progress.setRange(0, 0)
            self._say(_tr("Reading the file…"))

    def _show_progress(self, phase: str, done: int, total: int) -> None:
        if self._cancel is None or self._cancel.is_set():
            return
        if phase == "reading" and total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        elif phase == "storing":
            self.progress.setRange(0, 0)  # one transaction: busy, no steps
            self._say(_tr("Saving…"))

    def _imported(self, path: Path, report: ImportReport) -> None:
        self._importing(False)
        self._cancel = None
        if report.cancelled:
            self._say(_tr("Import cancelled: nothing changed."))
        elif report.bad_lines:
            self._say(_tr("Import refused: nothing changed."))
            BadLinesDialog(path.name, report.bad_lines, self).open()
        elif report.stored is not None:
            r = report.stored
            self._say(
                _tr("Imported %1: %2 added, %3 updated, %4 removed, %5 in total.")
                .replace("%1", path.name)
                .replace("%2", str(r.added))
                .replace("%3", str(r.updated))
                .replace("%4", str(r.removed))
                .replace("%5", str(r.total))
            )
            self.changed.emit()
            self.model.reload()
        self.imported.emit(report)

    def _import_failed(self, exc: BaseException) -> None:
        self._importing(False)
        self._cancel = None
        self._show_refusal(error_text(exc))
        self.imported.emit(None)

    def choose_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _tr("Export the prices"), f"{self.info.name}.csv", _tr("Rate decks (*.csv)")
        )
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> None:
        store = self.store

        def work() -> int:
            text = store.export()
            path.write_text(text, encoding="utf-8")
            return text.count("\n") - 1

        def done(n: int) -> None:
            self._say(count("PriceTable", "Exported %n row(s) to %1.", n).replace("%1", str(path)))

        self.runner.submit(work, done, self._failed, self)
