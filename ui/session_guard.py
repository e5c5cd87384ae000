"""Who is logged in at this counter, the lock screen and the owner's PIN for owner-only paths.

The guard holds the current user (name, role, id) and tells the window when it changes. It
locks the counter on request (Shop ▸ Lock screen) and after ``idle_minutes`` without a key or
a mouse event anywhere in the app (an event filter on the QApplication restarts one timer;
tests call ``idle_timeout()`` or use a tiny interval). Owner-only actions go through
``with_owner(permission, then)``: an owner runs ``then`` at once, a cashier is asked for an
owner's PIN first (the core's permissions table decides which actions these are).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from callshop_pos.db.engine import Database
from callshop_pos.services import users
from callshop_pos.services.permissions import Permission, allowed
from ui.dialogs.login_dialog import FirstOwnerDialog, LoginDialog
from ui.worker import Runner

ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("SessionGuard", text)


@dataclass(frozen=True)
class Cashier:
    """The logged-in user as the UI keeps it (never the PIN)."""

    id: int | None
    name: str
    role: str

    @classmethod
    def of(cls, user: Any) -> Cashier:
        return cls(getattr(user, "id", None), str(user.name), str(user.role))


def demo_hint(logins: list[tuple[str, str]]) -> str:
    """The demo shop's login hint: who logs in with which PIN."""
    if not logins:
        return ""
    pairs = ", ".join(f"{name} — {pin}" for name, pin in logins)
    return _tr("Demo shop: %1").replace("%1", pairs)


class SessionGuard(QObject):
    userChanged = Signal(object)  # Cashier
    locked = Signal(bool)

    def __init__(
        self,
        db: Database,
        user: Cashier,
        runner: Runner | None = None,
        *,
        idle_minutes: float = 10,
        hint: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.user = user
        self.runner = runner if runner is not None else Runner(self)
        self.hint = hint
        self.window: QWidget | None = None
        self.dialog: LoginDialog | None = None
        self.idle = QTimer(self)
        self.idle.setObjectName("idleTimer")
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self.idle_timeout)
        self.set_idle_minutes(idle_minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # -- the idle lock ------------------------------------------------------------------------

    def set_idle_minutes(self, minutes: float) -> None:
        self.idle.stop()
        if minutes > 0:
            self.idle.setInterval(max(1, int(minutes * 60_000)))
            self.idle.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self.idle.interval() and self.dialog is None:
            self.idle.start()  # restart: the counter is in use
        return False

    def idle_timeout(self) -> None:
        if self.dialog is None:
            self.lock()

    # -- logging in ---------------------------------------------------------------------------

    def _choices(self, owners_only: bool = False) -> list[tuple[str, str]]:
        found = [(u.name, u.role) for u in users.login_users(self.db)]
        return [c for c in found if c[1] == users.Role.OWNER] if owners_only else found

    def login_dialog(
        self, *, reason: str = "", leave: str = "cancel", owners_only: bool = False
    ) -> LoginDialog:
        db = self.db  # not a bound method: the worker thread must not hold the guard

        def authenticate(name: str, pin: str) -> Any:
            return users.authenticate(db, name, pin)

        dialog = LoginDialog(
            self._choices(owners_only),
            authenticate,
            self.runner,
            self.window,
            selected=self.user.name,
            reason=reason,
            hint=self.hint,
            leave=leave,
        )
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._closed(dialog))
        return dialog

    def _closed(self, dialog: LoginDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        if self.idle.interval():
            self.idle.start()

    def _log_in(self, dialog: LoginDialog) -> None:
        if dialog.result() == QDialog.DialogCode.Accepted and dialog.user is not None:
            self.user = Cashier.of(dialog.user)
            self.userChanged.emit(self.user)

    def lock(self) -> LoginDialog:
        """The lock screen: the board is hidden until someone logs in (any user)."""
        self.locked.emit(True)
        dialog = self.login_dialog(reason=_tr("The counter is locked"), leave="none")

        def done(_result: int) -> None:
            self._log_in(dialog)
            self.locked.emit(False)

        dialog.finished.connect(done)
        dialog.open()
        return dialog

    def switch_user(self) -> LoginDialog:
        dialog = self.login_dialog()
        dialog.finished.connect(lambda _result: self._log_in(dialog))
        dialog.open()
        return dialog

    # -- the owner's PIN ----------------------------------------------------------------------

    def may(self, permission: Permission) -> bool:
        return allowed(self.user.role, permission)

    def with_owner(self, permission: Permission, then: Callable[[], object]) -> LoginDialog | None:
        """Run ``then`` if the logged-in user may; else ask an owner's PIN first (the owner
        approves this once; the logged-in user stays). Returns the prompt, if any."""
        if self.may(permission):
            then()
            return None
        dialog = self.login_dialog(reason=_tr("This needs the owner's PIN"), owners_only=True)

        def done(_result: int) -> None:
            if dialog.user is not None and allowed(dialog.user.role, permission):
                then()

        dialog.finished.connect(done)
        dialog.open()
        return dialog


def log_in_at_start(
    db: Database, runner: Runner, *, selected: str = "", hint: str = ""
) -> Cashier | None:
    """Before the window opens: the first owner of a shop nobody can log in to, else the
    login dialog (``selected``: the ``--user`` given). None: the person chose Quit."""
    if users.needs_first_owner(db):
        first = FirstOwnerDialog(lambda name, pin: users.set_up_first_owner(db, name, pin), runner)
        accepted = first.exec() == QDialog.DialogCode.Accepted
        return Cashier.of(first.user) if accepted and first.user is not None else None
    choices = [(u.name, u.role) for u in users.login_users(db)]
    dialog = LoginDialog(
        choices,
        lambda name, pin: users.authenticate(db, name, pin),
        runner,
        selected=selected,
        hint=hint,
        leave="quit",
    )
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    return Cashier.of(dialog.user) if accepted and dialog.user is not None else None
