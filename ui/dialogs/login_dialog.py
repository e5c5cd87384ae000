"""Who is at the counter: the login dialog (a list of users and a PIN field, big and
keyboard-first: type the PIN, Enter), the same dialog asking for an owner's PIN, and the first
start's "who is the owner" dialog. The PIN check (a slow hash) runs on the Runner, never on
the GUI thread; the dialogs only ask and show."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callshop_pos.services.users import PIN_MAX, PIN_MIN, LockedOut, UserError, WrongPin
from ui.dialogs.common import error_label, error_text
from ui.worker import Runner

Authenticate = Callable[[str, str], Any]  # (name, PIN) -> the user; raises UserError
CreateOwner = Callable[[str, str], Any]  # (name, PIN) -> the new owner

BIG = 22  # pixels: read from 2 m


def _big(widget: QWidget, pixels: int = BIG) -> None:
    font = QFont(widget.font())
    font.setPixelSize(pixels)
    widget.setFont(font)


def _big_button(button: QPushButton) -> None:
    # a style sheet, so the app's theme cannot shrink it back
    button.setStyleSheet(f"font-size: {BIG}px; padding: 8px 24px;")
    button.setMinimumHeight(52)


def _pin_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(PIN_MAX)
    field.setMinimumWidth(260)
    _big(field, 28)
    return field


class _AsksTheCore(QDialog):
    """A dialog whose OK runs a core call (a slow PIN hash) on the Runner: OK is disabled
    meanwhile; the call's user ends in ``self.user`` and closes the dialog, or ``_failed``
    shows why."""

    ok: QPushButton
    error: QLabel
    _runner: Runner
    user: Any

    def _submit(self, job: Callable[[], Any]) -> None:
        # ``job`` runs and is dropped on a worker thread: were it the last holder of this
        # dialog, the dialog and its children would be deleted there, off the GUI thread.
        self.ok.setEnabled(False)
        self.error.hide()
        self._runner.submit(job, self._done, self._failed)

    def _done(self, user: Any) -> None:
        self.user = user
        self.ok.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        raise NotImplementedError


class LoginDialog(_AsksTheCore):
    """Pick a user (arrows), type the PIN, Enter. ``users`` are (name, role) pairs; the
    chosen user ends in ``self.user``. ``reason`` (the owner's prompt, the lock screen) says
    why it asks. ``leave``: "cancel" (switch user, the owner's prompt), "quit" (at start: the
    app ends) or "none" (the lock screen: only a PIN closes it, Escape does nothing)."""

    def __init__(
        self,
        users: list[tuple[str, str]],
        authenticate: Authenticate,
        runner: Runner,
        parent: QWidget | None = None,
        *,
        selected: str = "",
        reason: str = "",
        hint: str = "",
        leave: str = "cancel",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(reason or self.tr("Callshop POS — log in"))
        self.setModal(True)
        self._authenticate = authenticate
        self._runner = runner
        self.user: Any = None
        column = QVBoxLayout(self)
        title = QLabel(reason or self.tr("Who is at the counter?"))
        title.setObjectName("loginTitle")
        title.setWordWrap(True)
        _big(title, 26)
        column.addWidget(title)
        self.users = QListWidget()
        self.users.setObjectName("loginUsers")
        _big(self.users)
        for name, role in users:
            text = self.tr("%1 (owner)").replace("%1", name) if role == "owner" else name
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.users.addItem(item)
        names = [name for name, _role in users]
        self.users.setCurrentRow(names.index(selected) if selected in names else 0)
        column.addWidget(self.users, 1)
        pin_label = QLabel(self.tr("PIN"))
        _big(pin_label)
        column.addWidget(pin_label)
        self.pin = _pin_field("loginPin")
        pin_label.setBuddy(self.pin)
        column.addWidget(self.pin)
        self.error = error_label()
        self.error.setObjectName("loginError")
        _big(self.error, 18)
        column.addWidget(self.error)
        self.hint = QLabel(hint)
        self.hint.setObjectName("loginHint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(hint))
        self.hint.setStyleSheet("font-size: 20px; font-weight: bold; color: #1d4ed8;")
        column.addWidget(self.hint)
        buttons = QDialogButtonBox()
        self.ok = QPushButton(self.tr("Log in"))
        self.ok.setObjectName("loginButton")
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.try_login)
        buttons.addButton(self.ok, QDialogButtonBox.ButtonRole.AcceptRole)
        self.leave = leave
        self.cancel = QPushButton(self.tr("Quit") if leave == "quit" else self.tr("Cancel"))
        self.cancel.setObjectName("loginCancel")
        self.cancel.clicked.connect(self.reject)
        buttons.addButton(self.cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel.setVisible(leave != "none")  # after addButton, which shows it
        for button in (self.ok, self.cancel):
            _big_button(button)
        column.addWidget(buttons)
        self.pin.returnPressed.connect(self.try_login)
        self.users.itemActivated.connect(lambda _item: self.pin.setFocus())
        self.ok.setEnabled(bool(users))
        self.resize(520, 480)
        self.pin.setFocus()

    def reject(self) -> None:
        if self.leave != "none":  # the lock screen stays until a PIN opens it
            super().reject()

    def chosen(self) -> str:
        item = self.users.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def try_login(self) -> None:
        name, pin = self.chosen(), self.pin.text()
        if not name or not self.ok.isEnabled():
            return
        authenticate = self._authenticate  # the job must not hold the dialog (see _submit)
        self._submit(lambda: authenticate(name, pin))

    def _failed(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.pin.clear()
        self.pin.setFocus()
        self.error.setText(self.refusal_text(exc))
        self.error.show()

    def refusal_text(self, exc: BaseException) -> str:
        if isinstance(exc, WrongPin):
            if exc.tries_left > 0:
                return self.tr("Wrong PIN. %1 more tries before a wait.").replace(
                    "%1", str(exc.tries_left)
                )
            return self.tr("Wrong PIN.")
        if isinstance(exc, LockedOut):
            return self.tr("Too many wrong PINs: try again in %1 s.").replace(
                "%1", str(exc.seconds)
            )
        if isinstance(exc, UserError):
            return self.tr("This user cannot log in.")
        return error_text(exc)


class FirstOwnerDialog(_AsksTheCore):
    """The first start of a shop nobody can log in to: the owner's name and PIN (twice)."""

    def __init__(self, create: CreateOwner, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstOwnerDialog")
        self.setWindowTitle(self.tr("Callshop POS — the owner"))
        self.setModal(True)
        self._create = create
        self._runner = runner
        self.user: Any = None
        column = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Welcome. Who owns this shop? The owner's PIN opens the settings and the "
                "prices; cashiers are added later."
            )
        )
        intro.setWordWrap(True)
        _big(intro, 18)
        column.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("ownerName")
        self.name.setMaxLength(60)
        _big(self.name, 26)
        self.pin = _pin_field("ownerPin")
        self.again = _pin_field("ownerPinAgain")
        for label, field in (
            (self.tr("Owner's name"), self.name),
            (self.tr("PIN"), self.pin),
            (self.tr("PIN again"), self.again),
        ):
            text = QLabel(label)
            _big(text)
            form.addRow(text, field)
        column.addLayout(form)
        self.error = error_label()
        self.error.setObjectName("ownerError")
        _big(self.error, 18)
        column.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok = QPushButton(self.tr("Create the owner"))
        self.ok.setObjectName("ownerCreate")
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.try_create)
        buttons.addButton(self.ok, QDialogButtonBox.ButtonRole.AcceptRole)
        quit_button = QPushButton(self.tr("Quit"))
        quit_button.setObjectName("ownerQuit")
        quit_button.clicked.connect(self.reject)
        buttons.addButton(quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.ok, quit_button):
            _big_button(button)
        column.addWidget(buttons)
        self.again.returnPressed.connect(self.try_create)
        self.resize(560, 360)
        self.name.setFocus()

    def _refuse(self, text: str, field: QLineEdit) -> None:
        self.error.setText(text)
        self.error.show()
        field.setFocus()
        field.selectAll()

    def try_create(self) -> None:
        name, pin = self.name.text().strip(), self.pin.text()
        if not name:
            return self._refuse(self.tr("Type the owner's name."), self.name)
        if not PIN_MIN <= len(pin) <= PIN_MAX:
            text = self.tr("A PIN has %1 to %2 characters.")
            return self._refuse(
                text.replace("%1", str(PIN_MIN)).replace("%2", str(PIN_MAX)), self.pin
            )
        if self.again.text() != pin:
            return self._refuse(self.tr("The two PINs differ."), self.again)
        create = self._create  # the job must not hold the dialog (see _submit)
        self._submit(lambda: create(name, pin))

    def _failed(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self._refuse(error_text(exc), self.name)
