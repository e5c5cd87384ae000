"""The settings' Users page (the owner's): the users (name, role, active; never a PIN or its
hash), add one (name, role, the PIN twice, checked as you type with the core's rules),
change a PIN, deactivate (the core refuses the last owner who can log in, and says why).
Every change goes through ``services.users`` (audited there) on the Runner: a PIN's slow
hash never runs on the GUI thread.

``UserFields`` (name, PIN, PIN again) is shared with the set-up assistant's owner step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from callshop_pos.db.engine import Database
from callshop_pos.errors import describe
from callshop_pos.services import users
from callshop_pos.services.permissions import Role
from callshop_pos.services.validation import ValidationError
from ui.settings.pages.form import ERROR_STYLE, INVALID_STYLE
from ui.settings.pages.words import page_title
from ui.worker import Runner

Acting = Callable[[], int | None]  # the logged-in user's id, for the audit rows


def _tr(text: str) -> str:
    return QCoreApplication.translate("UsersPage", text)


def role_word(role: str) -> str:
    return {Role.OWNER.value: _tr("Owner"), Role.CASHIER.value: _tr("Cashier")}.get(role, role)


def name_problem(name: str) -> str | None:
    """The core's rule for a user's name, in the UI's words."""
    try:
        users.check_user_name(name)
    except ValidationError:
        return _tr("Type a name (up to 60 characters, no control characters).")
    return None


def pin_problem(pin: str, again: str) -> str | None:
    """The core's rule for a PIN (``users.check_pin``), and the two typed alike."""
    try:
        users.check_pin(pin)
    except ValidationError:
        if not users.PIN_MIN <= len(pin) <= users.PIN_MAX:
            text = _tr("A PIN has %1 to %2 characters.")
            return text.replace("%1", str(users.PIN_MIN)).replace("%2", str(users.PIN_MAX))
        return _tr("A PIN has no spaces at its ends and no control characters.")
    if pin != again:
        return _tr("The two PINs differ.")
    return None


def _pin_edit(name: str, parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(users.PIN_MAX)
    return edit


class UserFields(QWidget):
    """Name (optional), role (optional), PIN and PIN again, each checked as typed: a wrong
    field is marked with the reason and ``validityChanged(False)`` is emitted."""

    validityChanged = Signal(bool)

    def __init__(
        self, parent: QWidget | None = None, *, with_name: bool = True, with_role: bool = True
    ) -> None:
        super().__init__(parent)
        self.name = QLineEdit(self)
        self.name.setObjectName("userName")
        self.name.setMaxLength(60)
        self.role = QComboBox(self)
        self.role.setObjectName("userRole")
        for role in (Role.CASHIER, Role.OWNER):
            self.role.addItem(role_word(role.value), role.value)
        self.pin = _pin_edit("userPin", self)
        self.again = _pin_edit("userPinAgain", self)
        self.error = QLabel(self)
        self.error.setObjectName("userError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        if with_name:
            form.addRow(_tr("Name"), self.name)
        else:
            self.name.hide()
        if with_role:
            form.addRow(_tr("Role"), self.role)
        else:
            self.role.hide()
        form.addRow(_tr("PIN"), self.pin)
        form.addRow(_tr("PIN again"), self.again)
        form.addRow(self.error)
        self.with_name = with_name
        for edit in (self.name, self.pin, self.again):
            edit.textChanged.connect(self.validate)

    def problems(self) -> dict[QLineEdit, str]:
        found: dict[QLineEdit, str] = {}
        if self.with_name and (problem := name_problem(self.name.text())) is not None:
            found[self.name] = problem
        if (problem := pin_problem(self.pin.text(), self.again.text())) is not None:
            differs = problem == _tr("The two PINs differ.")
            found[self.again if differs else self.pin] = problem
        return found

    def validate(self) -> bool:
        problems = self.problems()
        for edit in (self.name, self.pin, self.again):
            edit.setStyleSheet(INVALID_STYLE if edit in problems and edit.text() else "")
        typed = any(e.text() for e in (self.name, self.pin, self.again))
        self.error.setText(next(iter(problems.values()), "") if typed else "")
        self.validityChanged.emit(not problems)
        return not problems

    def clear(self) -> None:
        for edit in (self.name, self.pin, self.again):
            edit.clear()
        self.validate()


class UsersPage(QWidget):
    """The users' table and the add / change PIN / deactivate actions."""

    changed = Signal()

    def __init__(
        self, db: Database, runner: Runner, parent: QWidget, *, acting: Acting = lambda: None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page_users")
        self.db = db
        self.runner = runner
        self.acting = acting
        self.loaded = False
        self.rows: list[tuple[str, str, bool]] = []
        title = QLabel(page_title("users"), self)
        title.setObjectName("pageTitle")
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("usersTable")
        self.table.setHorizontalHeaderLabels([_tr("Name"), _tr("Role"), _tr("Active")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._selection)
        self.fields = UserFields(self)
        self.add_button = QPushButton(_tr("Add user"), self)
        self.add_button.setObjectName("addUser")
        self.pin_button = QPushButton(_tr("Set this PIN for the selected user"), self)
        self.pin_button.setObjectName("changePin")
        self.deactivate_button = QPushButton(_tr("Deactivate the selected user"), self)
        self.deactivate_button.setObjectName("deactivateUser")
        self.status = QLabel(self)
        self.status.setObjectName("status_users")
        self.status.setWordWrap(True)
        self.add_button.clicked.connect(self.add)
        self.pin_button.clicked.connect(self.change_pin)
        self.deactivate_button.clicked.connect(self.deactivate)
        self.fields.validityChanged.connect(lambda _ok: self._enable())
        hint = QLabel(
            _tr("To change a PIN: select the user, type the new PIN twice, then set it."), self
        )
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.pin_button, self.deactivate_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.addWidget(title)
        column.addWidget(self.table, 1)
        column.addWidget(self.fields)
        column.addWidget(hint)
        column.addLayout(buttons)
        column.addWidget(self.status)
        self.fields.validate()
        self._enable()

    # --- reading ---------------------------------------------------------------------------

    def load(self) -> None:
        db = self.db
        self.loaded = False

        def read() -> list[tuple[str, str, bool]]:  # names and roles only: never a hash
            return [(u.name, u.role, bool(u.active)) for u in users.list_users(db)]

        self.runner.submit(read, self._loaded, self._failed)

    def _loaded(self, rows: list[tuple[str, str, bool]]) -> None:
        chosen = self.selected()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for index, (name, role, active) in enumerate(rows):
            cells = (name, role_word(role), _tr("yes") if active else _tr("no"))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, name)
                self.table.setItem(index, column, item)
            if name == chosen:
                self.table.selectRow(index)
        self.loaded = True
        self._enable()

    def selected(self) -> str | None:
        items = self.table.selectedItems()
        return str(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def select(self, name: str) -> None:
        for index, row in enumerate(self.rows):
            if row[0] == name:
                self.table.selectRow(index)

    def _selection(self) -> None:
        self._enable()

    def _enable(self) -> None:
        chosen = self.selected()
        active = any(r[0] == chosen and r[2] for r in self.rows)
        pin_ok = pin_problem(self.fields.pin.text(), self.fields.again.text()) is None
        self.add_button.setEnabled(not self.fields.problems())
        self.pin_button.setEnabled(chosen is not None and pin_ok)
        self.deactivate_button.setEnabled(active)

    # --- changing --------------------------------------------------------------------------

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setText(text)

    def _failed(self, exc: BaseException) -> None:
        self._say(describe(exc), error=True)

    def _run(self, job: Callable[[], Any], done: str) -> None:
        def finished(_result: object) -> None:
            self._say(done)
            self.fields.clear()
            self.changed.emit()
            self.load()

        self.runner.submit(job, finished, self._failed)

    def add(self) -> None:
        if not self.fields.validate():
            return
        db, by = self.db, self.acting()
        name, role, pin = (
            self.fields.name.text().strip(),
            str(self.fields.role.currentData()),
            self.fields.pin.text(),
        )
        self._run(
            lambda: users.create_user(db, name, role, pin, by=by),
            _tr("%1 added.").replace("%1", name),
        )

    def change_pin(self) -> None:
        name = self.selected()
        pin = self.fields.pin.text()
        if name is None or pin_problem(pin, self.fields.again.text()) is not None:
            return
        db, by = self.db, self.acting()
        self._run(
            lambda: users.change_pin(db, name, pin, by=by),
            _tr("The PIN of %1 is changed.").replace("%1", name),
        )

    def deactivate(self) -> None:
        name = self.selected()
        if name is None:
            return
        db, by = self.db, self.acting()
        self._run(
            lambda: users.deactivate(db, name, by=by),
            _tr("%1 can no longer log in.").replace("%1", name),
        )
