"""One object's form, built from the set-up file's field specs and checked as you type by the
core's own validators (services.catalog): a wrong field turns red with the one-line reason and
the page's Save is disabled until every field is right."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callshop_pos.services import catalog
from callshop_pos.services.catalog import CatalogError
from callshop_pos.services.setup_values import Field
from ui.settings.pages.words import choice, label, none_choice

ERROR_STYLE = "color: #b91c1c; font-weight: bold;"
INVALID_STYLE = "border: 2px solid #b91c1c; background: #fde8e8;"


class EntryList(QListWidget):
    """The routing group's ordered entries: drag to reorder, or Alt+Up / Alt+Down."""

    moved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.model().rowsMoved.connect(lambda *_: self.moved.emit())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(Qt.Key(event.key()))
        if step is not None and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.move_current(step)
            return
        super().keyPressEvent(event)

    def move_current(self, step: int) -> None:
        row = self.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.count():
            return
        item = self.takeItem(row)
        self.insertItem(target, item)
        self.setCurrentRow(target)
        self.moved.emit()

    def entries(self) -> list[dict[str, str]]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())]

    def set_entries(self, entries: list[dict[str, str]]) -> None:
        self.clear()
        for entry in entries:
            self.add_entry(entry)

    def add_entry(self, entry: dict[str, str]) -> None:
        item = QListWidgetItem(f"{entry['destination_set']}  →  {entry['connection']}")
        item.setData(Qt.ItemDataRole.UserRole, dict(entry))
        self.addItem(item)


class EntriesEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = EntryList(self)
        self.list.setObjectName("routingEntries")
        self.list.moved.connect(self.changed)
        self.dset = QComboBox(self)
        self.dset.setObjectName("entryDestinationSet")
        self.connection = QComboBox(self)
        self.connection.setObjectName("entryConnection")
        add = QPushButton(self.tr("Add entry"), self)
        add.setObjectName("addEntry")
        add.clicked.connect(self.add)
        remove = QPushButton(self.tr("Remove entry"), self)
        remove.setObjectName("removeEntry")
        remove.clicked.connect(self.remove)
        hint = QLabel(self.tr("First tried first: drag, or Alt+Up / Alt+Down to reorder."), self)
        row = QHBoxLayout()
        for widget in (self.dset, self.connection, add, remove):
            row.addWidget(widget)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list)
        column.addLayout(row)
        column.addWidget(hint)

    def set_choices(self, dsets: list[str], connections: list[str]) -> None:
        for combo, names in ((self.dset, dsets), (self.connection, connections)):
            combo.clear()
            combo.addItems(names)

    def add(self) -> None:
        if self.dset.currentText() and self.connection.currentText():
            self.list.add_entry(
                {
                    "destination_set": self.dset.currentText(),
                    "connection": self.connection.currentText(),
                }
            )
            self.changed.emit()

    def remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()


class ObjectForm(QWidget):
    """The fields of one kind of object; ``validityChanged(ok)`` after every edit."""

    validityChanged = Signal(bool)
    edited = Signal()

    def __init__(
        self, kind_key: str, parent: QWidget | None = None, *, leave_out: tuple[str, ...] = ()
    ) -> None:
        super().__init__(parent)
        self.kind = catalog.kind(kind_key)
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.specs: dict[str, Field] = {f.key: f for f in self.kind.specs if f.key not in leave_out}
        self.refs = {ref.key: ref for ref in self.kind.refs}
        self.entries: EntriesEditor | None = None
        self.layout_ = QFormLayout(self)
        self._loading = False
        if self.kind.model is not catalog.Preferences:
            self._add_row("name", self._line("name"))
        for key, ref in self.refs.items():
            combo = QComboBox(self)
            combo.setObjectName(f"field_{key}")
            combo.currentIndexChanged.connect(self._changed)
            self._add_row(key, combo)
            del ref
        for key, field in self.specs.items():
            self._add_row(key, self._editor(field))
        if self.kind.key == "routing_groups":
            self.entries = EntriesEditor(self)
            self.entries.changed.connect(self._changed)
            self._add_row("entries", self.entries)

    # --- building ------------------------------------------------------------------------

    def _line(self, key: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(f"field_{key}")
        edit.textChanged.connect(self._changed)
        return edit

    def _editor(self, field: Field) -> QWidget:
        if field.kind == "bool":
            box = QCheckBox(self)
            box.setObjectName(f"field_{field.key}")
            box.toggled.connect(self._changed)
            return box
        if field.choices:
            combo = QComboBox(self)
            combo.setObjectName(f"field_{field.key}")
            for value in field.choices:
                combo.addItem(choice(value), value)
            combo.currentIndexChanged.connect(self._changed)
            return combo
        edit = self._line(field.key)
        if field.secret:
            edit.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        return edit

    def _add_row(self, key: str, editor: QWidget) -> None:
        error = QLabel(self)
        error.setObjectName(f"error_{key}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        cell = QWidget(self)
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(editor)
        column.addWidget(error)
        self.editors[key] = editor
        self.errors[key] = error
        self.layout_.addRow(label(key), cell)

    def add_beside(self, key: str, widget: QWidget) -> None:
        """A button beside a field (the booth's Generate password)."""
        editor = self.editors[key]
        cell = editor.parentWidget()
        row = QHBoxLayout()
        layout = cell.layout() if cell is not None else None
        assert isinstance(layout, QVBoxLayout)
        layout.removeWidget(editor)
        row.addWidget(editor, 1)
        row.addWidget(widget)
        layout.insertLayout(0, row)

    # --- values --------------------------------------------------------------------------

    def set_choices(self, names: dict[str, list[str]]) -> None:
        """The names each reference may take (kind -> names), before ``set_values``."""
        self._loading = True
        for key, ref in self.refs.items():
            combo = self.editors[key]
            assert isinstance(combo, QComboBox)
            combo.clear()
            if not ref.required:
                combo.addItem(none_choice(), "")
            for name in names.get(ref.target, []):
                combo.addItem(name, name)
        if self.entries is not None:
            self.entries.set_choices(
                names.get("destination_sets", []), names.get("connections", [])
            )
        self._loading = False

    def set_values(self, values: dict[str, Any]) -> None:
        self._loading = True
        for key, editor in self.editors.items():
            value = values.get(key)
            if isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QComboBox):
                index = editor.findData(value if value is not None else "")
                editor.setCurrentIndex(max(index, 0))
            elif isinstance(editor, QLineEdit):
                field = self.specs.get(key)
                text = "" if value is None else str(value)
                editor.setText(
                    catalog.to_text(field, value) if field and value is not None else text
                )
        if self.entries is not None:
            self.entries.list.set_entries(values.get("entries", []))
        self._loading = False
        self.validate()

    def values(self) -> dict[str, Any]:
        """The set-up file's values of what is typed (raises CatalogError when one is wrong)."""
        values: dict[str, Any] = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QCheckBox):
                values[key] = editor.isChecked()
            elif isinstance(editor, QComboBox):
                values[key] = editor.currentData()
            elif isinstance(editor, QLineEdit):
                field = self.specs.get(key)
                text = editor.text()
                values[key] = catalog.from_text(field, text) if field else text
        if self.entries is not None:
            values["entries"] = self.entries.list.entries()
        return values

    # --- checking ------------------------------------------------------------------------

    def _problem(self, key: str) -> str | None:
        editor = self.editors[key]
        try:
            if key == "name" and isinstance(editor, QLineEdit):
                catalog.check_name(self.kind.key, editor.text())
            elif key in self.refs and isinstance(editor, QComboBox):
                if self.refs[key].required and not editor.currentData():
                    return self.tr("Choose one.")
            elif key in self.specs and isinstance(editor, QLineEdit):
                field = self.specs[key]
                catalog.check_value(self.kind.key, key, catalog.from_text(field, editor.text()))
        except CatalogError as exc:
            return str(exc)
        return None

    def problems(self) -> dict[str, str]:
        found = {}
        for key in self.editors:
            problem = self._problem(key)
            if problem is not None:
                found[key] = problem
        return found

    def validate(self) -> bool:
        problems = self.problems()
        for key, editor in self.editors.items():
            reason = problems.get(key)
            editor.setStyleSheet(INVALID_STYLE if reason and isinstance(editor, QLineEdit) else "")
            editor.setToolTip(reason or "")
            self.errors[key].setText(reason or "")
            self.errors[key].setVisible(reason is not None)
        self.validityChanged.emit(not problems)
        return not problems

    def _changed(self, *_args: object) -> None:
        if self._loading:
            return
        self.validate()
        self.edited.emit()
