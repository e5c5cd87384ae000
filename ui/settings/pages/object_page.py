"""A settings page for one kind of object: a searchable table (filter as you type) with Add,
Edit and Delete and the object's form; or, for the single objects (the callshop customer,
the shop, the preferences), just the form. Every read and write runs on the Runner, never on
the GUI thread; the page shows the core's reason when a save or a delete is refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from callshop_pos.db.engine import Database
from callshop_pos.errors import CallshopError, describe
from callshop_pos.services import catalog
from ui.settings.pages.form import ERROR_STYLE, ObjectForm
from ui.settings.pages.words import choice, label, page_title
from ui.worker import Runner

Index = QModelIndex | QPersistentModelIndex
MAX_COLUMNS = 6


def columns_of(kind_key: str) -> list[str]:
    """The table's columns: the name, the references, then the first plain fields."""
    k = catalog.kind(kind_key)
    keys = ["name", *(r.key for r in k.refs)]
    keys += [f.key for f in k.specs if not f.secret]
    if kind_key == "routing_groups":
        keys.append("entries")
    return keys[:MAX_COLUMNS]


class RowsModel(QAbstractTableModel):
    """The objects' values as rows (a model, not widgets: it stays quick with many rows)."""

    def __init__(self, keys: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys = keys
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.keys)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        value = self.rows[index.row()].get(self.keys[index.column()])
        if isinstance(value, bool):
            return "✓" if value else "—"
        if isinstance(value, list):
            return str(len(value))
        return choice(value) if isinstance(value, str) else str(value)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return label(self.keys[section])
        return None


class FormPage(QWidget):
    """What both page shapes share: the form, Save, the status line, the background jobs."""

    changed = Signal()  # something was saved or deleted: other pages' choices may move

    def __init__(self, db: Database, runner: Runner, kind_key: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.kind_key = kind_key
        self.setObjectName(f"page_{kind_key}")
        leave_out = ("pbx_url",)  # the PBX page has its own fields for it
        self.form = ObjectForm(kind_key, self, leave_out=leave_out)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setObjectName(f"save_{kind_key}")
        self.save_button.clicked.connect(self.save)
        self.form.validityChanged.connect(self.save_button.setEnabled)
        self.status = QLabel(self)
        self.status.setObjectName(f"status_{kind_key}")
        self.status.setWordWrap(True)
        self.original: str | None = None
        self.loaded = False

    def _targets(self) -> list[str]:
        targets = [ref.target for ref in self.form.kind.refs]
        if self.kind_key == "routing_groups":
            targets += ["destination_sets", "connections"]
        return targets

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self._say(describe(exc), error=True)

    def save(self) -> None:
        try:
            values = self.form.values()
        except CallshopError as exc:
            self._say(str(exc), error=True)
            return
        if not self.form.validate():
            return
        db, kind_key, original = self.db, self.kind_key, self.original
        self.save_button.setEnabled(False)
        self.runner.submit(
            lambda: catalog.save(db, kind_key, values, original=original),
            self._saved,
            self._save_failed,
        )

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self._failed(exc)

    def _saved(self, name: str) -> None:
        self.original = name or None
        self._say(self.tr("Saved."))
        self.changed.emit()
        self.load()

    def load(self) -> None:
        raise NotImplementedError


class SinglePage(FormPage):
    """The one object of its kind: the callshop customer, the shop, the preferences."""

    def __init__(self, db: Database, runner: Runner, kind_key: str, parent: QWidget) -> None:
        super().__init__(db, runner, kind_key, parent)
        title = QLabel(page_title(kind_key), self)
        title.setObjectName("pageTitle")
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        column = QVBoxLayout(self)
        column.addWidget(title)
        column.addWidget(scroll, 1)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
        column.addLayout(row)

    def load(self) -> None:
        db, kind_key, targets = self.db, self.kind_key, self._targets()

        def read() -> tuple[dict[str, Any] | None, dict[str, list[str]]]:
            return catalog.load(db, kind_key), {t: catalog.names(db, t) for t in targets}

        self.runner.submit(read, self._loaded, self._failed)

    def _loaded(self, result: tuple[dict[str, Any] | None, dict[str, list[str]]]) -> None:
        values, names = result
        self.form.set_choices(names)
        self.original = None if values is None else values.get("name")
        self.form.set_values(values or catalog.defaults(self.kind_key))
        self.loaded = True


class ObjectPage(FormPage):
    """The objects of one kind: table + search + Add/Edit/Delete, and the form beside it."""

    def __init__(self, db: Database, runner: Runner, kind_key: str, parent: QWidget) -> None:
        super().__init__(db, runner, kind_key, parent)
        self.confirm: Callable[[str], bool] = self._ask
        self.search = QLineEdit(self)
        self.search.setObjectName(f"search_{kind_key}")
        self.search.setPlaceholderText(self.tr("Search…"))
        self.search.setClearButtonEnabled(True)
        self.model = RowsModel(columns_of(kind_key), self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)  # any column
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView(self)
        self.table.setObjectName(f"table_{kind_key}")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.edit())
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for name, text, slot in (
            ("add", self.tr("Add"), self.add),
            ("edit", self.tr("Edit"), self.edit),
            ("delete", self.tr("Delete"), self.delete),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"{name}_{kind_key}")
            button.clicked.connect(slot)
            bar.addWidget(button)
            self.buttons[name] = button
        bar.addStretch(1)
        self.heading = QLabel(self)
        self.heading.setObjectName("formHeading")
        left = QVBoxLayout()
        title = QLabel(page_title(kind_key), self)
        title.setObjectName("pageTitle")
        left.addWidget(title)
        left.addWidget(self.search)
        left.addWidget(self.table, 1)
        left.addLayout(bar)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        right = QVBoxLayout()
        right.addWidget(self.heading)
        right.addWidget(scroll, 1)
        self.extra = QVBoxLayout()  # a page's own part under the form (the price table slot)
        right.addLayout(self.extra)
        save_row = QHBoxLayout()
        save_row.addWidget(self.status, 1)
        save_row.addWidget(self.save_button)
        right.addLayout(save_row)
        row = QHBoxLayout(self)
        row.addLayout(left, 1)
        row.addLayout(right, 1)
        self._names: dict[str, list[str]] = {}
        self.add()

    def _ask(self, text: str) -> bool:
        answer = QMessageBox.question(self, page_title(self.kind_key), text)
        return answer == QMessageBox.StandardButton.Yes

    def load(self) -> None:
        db, kind_key, targets = self.db, self.kind_key, self._targets()

        def read() -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
            return catalog.rows(db, kind_key), {t: catalog.names(db, t) for t in targets}

        self.runner.submit(read, self._loaded, self._failed)

    def _loaded(self, result: tuple[list[dict[str, Any]], dict[str, list[str]]]) -> None:
        rows, self._names = result
        self.model.set_rows(rows)
        self.form.set_choices(self._names)
        self.loaded = True
        if self.original is not None:
            self.show_object(self.original)
        else:
            self.add()

    def selected(self) -> dict[str, Any] | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.rows[self.proxy.mapToSource(index).row()]

    def show_object(self, name: str) -> None:
        for row in self.model.rows:
            if row.get("name") == name:
                self.original = name
                self.heading.setText(self.tr("Edit: %1").replace("%1", name))
                self.form.set_values(row)
                self.on_shown(row)
                return
        self.add()

    def on_shown(self, row: dict[str, Any] | None) -> None:
        """A page's own reaction to the object in the form (None: a new one)."""

    def add(self) -> None:
        self.original = None
        self.heading.setText(self.tr("New"))
        self.form.set_choices(self._names)
        self.form.set_values(catalog.defaults(self.kind_key))
        self.on_shown(None)
        self._say("")

    def edit(self) -> None:
        row = self.selected()
        if row is not None:
            self.show_object(row["name"])
            self._say("")

    def delete(self) -> None:
        row = self.selected()
        if row is None:
            return
        name = row["name"]
        if not self.confirm(self.tr("Delete %1?").replace("%1", name)):
            return
        db, kind_key = self.db, self.kind_key
        self.runner.submit(lambda: catalog.delete(db, kind_key, name), self._deleted, self._failed)

    def _deleted(self, _result: object) -> None:
        self.original = None
        self._say(self.tr("Deleted."))
        self.changed.emit()
        self.load()
