"""The login dialog, the owner's PIN on the owner-only GUI paths, the lock screen and the first
owner, with real widgets (pytest-qt, offscreen) over a real SQLite shop."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QPushButton
from sqlalchemy import select

from callshop_pos.counter import BoothMode
from callshop_pos.db.engine import open_database
from callshop_pos.db.models import AuditLog, BoothSession, Payment, User
from callshop_pos.runtime import build_runtime
from callshop_pos.services import shifts, users
from callshop_pos.services.permissions import Permission
from tests.ui.fakes import TestBackend
from tests.ui_users.conftest import CASHIER_PIN, OWNER_PIN
from ui.app import use_cashier
from ui.dialogs.login_dialog import FirstOwnerDialog, LoginDialog
from ui.i18n import install_language, remove_language
from ui.session_guard import Cashier, SessionGuard, demo_hint
from ui.shop_services import ShopServices

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


def _visible(kind: type, name: str) -> list:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, kind) and w.objectName() == name and w.isVisible()
    ]


def _log_in(qtbot, dialog: LoginDialog, name: str, pin: str) -> None:
    row = next(
        i
        for i in range(dialog.users.count())
        if dialog.users.item(i).data(Qt.ItemDataRole.UserRole) == name
    )
    dialog.users.setCurrentRow(row)
    dialog.pin.setFocus()
    qtbot.keyClicks(dialog.pin, pin)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)


def _trigger(window, name: str) -> None:
    action = window.findChild(QAction, name)
    assert action is not None and action.isEnabled()
    action.trigger()


def test_a_cashier_cannot_open_the_printer_settings_without_the_owners_pin(
    qtbot, make_window, shop_db
):
    window = make_window("Anna")
    _trigger(window, "printerSettingsAction")
    prompt = window.guard.dialog
    assert isinstance(prompt, LoginDialog) and prompt.isVisible()
    assert prompt.findChild(QLabel, "loginTitle").text() == "This needs the owner's PIN"
    # only owners are offered
    assert [prompt.users.item(i).text() for i in range(prompt.users.count())] == ["Olga (owner)"]
    assert window.printer_dialog is None
    qtbot.keyClicks(prompt.pin, "0000")
    qtbot.keyClick(prompt.pin, Qt.Key.Key_Return)
    error = prompt.findChild(QLabel, "loginError")
    qtbot.waitUntil(lambda: error.isVisible())
    assert error.text() == "Wrong PIN. 2 more tries before a wait."
    assert window.printer_dialog is None and prompt.pin.text() == ""
    prompt.findChild(QPushButton, "loginCancel").click()
    assert not prompt.isVisible() and window.printer_dialog is None
    # the cashier's own PIN does not open it either: Anna is not offered, and the owner's
    # prompt accepts only an owner
    _trigger(window, "printerSettingsAction")
    _log_in(qtbot, window.guard.dialog, "Olga", OWNER_PIN)
    qtbot.waitUntil(lambda: window.printer_dialog is not None)
    assert window.printer_dialog.isVisible()
    assert window.guard.user.name == "Anna"  # the owner approved; Anna stays logged in
    with shop_db.read() as s:
        actions = [a for (a,) in s.execute(select(AuditLog.action).order_by(AuditLog.id))]
    assert actions[-2:] == ["user.login_failed", "user.login"]


def test_the_owner_opens_the_printer_settings_at_once(qtbot, make_window):
    window = make_window("Olga")
    assert window.findChild(QLabel, "userLabel").text() == "Owner: Olga"
    dialog = window.open_printer_settings()
    assert dialog is not None and dialog.isVisible()
    assert window.guard.dialog is None


def test_a_cashier_cannot_quit_while_booths_run(qtbot, make_window):
    backend = TestBackend(4)
    window = make_window("Anna", backend=backend)
    backend.start(101, BoothMode.PREPAID, Decimal(10), Decimal(0))
    window.board.update_view(backend.booth(101))
    _trigger(window, "quitAction")
    assert window.isVisible()
    prompt = window.guard.dialog
    assert prompt is not None and prompt.isVisible()
    _log_in(qtbot, prompt, "Olga", OWNER_PIN)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_a_cashier_quits_an_idle_counter(qtbot, make_window):
    window = make_window("Anna")
    _trigger(window, "quitAction")
    assert not window.isVisible() and window.guard.dialog is None


def test_lock_after_idle_and_only_a_pin_opens_it(qtbot, make_window):
    window = make_window("Anna")
    guard = window.guard
    assert guard.idle.isActive() and guard.idle.interval() == 10 * 60_000
    # activity anywhere restarts the idle timer
    guard.idle.stop()
    qtbot.keyClick(window.board, Qt.Key.Key_Right)
    assert guard.idle.isActive()
    guard.idle_timeout()  # what the timer does after 10 idle minutes
    lock = guard.dialog
    assert lock is not None and lock.isVisible()
    assert not window.centralWidget().isVisible()  # the board is hidden
    assert not lock.findChild(QPushButton, "loginCancel").isVisible()
    qtbot.keyClick(lock, Qt.Key.Key_Escape)
    assert lock.isVisible()  # Escape does not open a locked counter
    _log_in(qtbot, lock, "Anna", "9999")
    qtbot.waitUntil(lambda: lock.findChild(QLabel, "loginError").isVisible())
    assert lock.isVisible()
    _log_in(qtbot, lock, "Anna", CASHIER_PIN)
    qtbot.waitUntil(lambda: not lock.isVisible())
    assert window.centralWidget().isVisible() and guard.dialog is None


def test_a_tiny_idle_time_locks_by_the_timer_itself(qtbot, make_window):
    window = make_window("Anna")
    window.guard.set_idle_minutes(0.0005)  # 30 ms
    qtbot.waitUntil(lambda: window.guard.dialog is not None, timeout=5000)
    assert not window.centralWidget().isVisible()


def test_lock_and_switch_user_from_the_shop_menu(qtbot, make_window):
    window = make_window("Anna")
    lock = window.findChild(QAction, "lockScreenAction")
    assert lock.shortcut().toString() == "Ctrl+Shift+L"
    _trigger(window, "switchUserAction")
    dialog = window.guard.dialog
    names = [dialog.users.item(i).text() for i in range(dialog.users.count())]
    assert names == ["Olga (owner)", "Anna"]
    assert dialog.chosen() == "Anna"  # the one logged in is selected
    seen: list[Cashier] = []
    window.guard.userChanged.connect(seen.append)
    _log_in(qtbot, dialog, "Olga", OWNER_PIN)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0].name == "Olga" and seen[0].role == "owner"
    assert window.findChild(QLabel, "userLabel").text() == "Owner: Olga"
    assert window.windowTitle() == "Callshop POS — Olga"


def test_wrong_pins_in_the_dialog_lead_to_a_wait(qtbot, shop_db, runner):
    dialog = LoginDialog(
        [("Anna", "cashier")], lambda n, p: users.authenticate(shop_db, n, p), runner
    )
    qtbot.addWidget(dialog)
    dialog.show()
    error = dialog.findChild(QLabel, "loginError")
    texts = []
    for _ in range(4):
        error.hide()
        qtbot.keyClicks(dialog.pin, "0000")
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: error.isVisible())
        texts.append(error.text())
    assert texts[:3] == [
        "Wrong PIN. 2 more tries before a wait.",
        "Wrong PIN. 1 more tries before a wait.",
        "Wrong PIN.",
    ]
    assert texts[3] == "Too many wrong PINs: try again in 30 s."


def test_first_start_asks_for_the_owner(qtbot, tmp_path, runner):
    db = open_database(tmp_path / "empty.db")
    try:
        assert users.needs_first_owner(db)
        dialog = FirstOwnerDialog(lambda n, p: users.set_up_first_owner(db, n, p), runner)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.findChild(QLineEdit, "ownerName"), "Olga")
        qtbot.keyClicks(dialog.findChild(QLineEdit, "ownerPin"), "2468")
        qtbot.keyClicks(dialog.findChild(QLineEdit, "ownerPinAgain"), "2469")
        dialog.findChild(QPushButton, "ownerCreate").click()
        error = dialog.findChild(QLabel, "ownerError")
        assert error.isVisible() and error.text() == "The two PINs differ."
        assert users.list_users(db) == []
        again = dialog.findChild(QLineEdit, "ownerPinAgain")
        again.clear()
        qtbot.keyClicks(again, "2468")
        qtbot.keyClick(again, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
        assert dialog.user.name == "Olga"
        with db.read() as s:
            olga = s.scalar(select(User))
            assert (olga.name, olga.role, olga.active) == ("Olga", "owner", True)
            assert olga.pin_hash.startswith("scrypt$")
            assert s.scalar(select(AuditLog.action)) == "user.create"
        assert not users.needs_first_owner(db)
    finally:
        db.dispose()


def test_the_logged_in_user_is_the_cashier_of_the_sessions(qtbot, shop_db, tmp_path):
    runtime = build_runtime(shop_db.engine.url.database, printing=False, demo=False)
    try:
        anna = users.authenticate(runtime.db, "Anna", CASHIER_PIN)
        shop = ShopServices(runtime.db)
        use_cashier(runtime, shop, Cashier.of(anna))
        assert (runtime.counter.user, shop.cashier) == ("Anna", "Anna")
        shifts.open_new(runtime.db, anna.id, Decimal(0), by=anna.id)  # her drawer first
        booth = runtime.counter.board()[0]
        runtime.counter.start(booth.account_id, BoothMode.PREPAID, Decimal(5), Decimal(0))
        runtime.counter.topup(booth.account_id, Decimal(2))
        with runtime.db.read() as s:
            session = s.scalar(select(BoothSession))
            assert session.started_by == anna.id
            assert {p.user_id for p in s.scalars(select(Payment))} == {anna.id}
    finally:
        runtime.stop()


def test_login_dialog_screenshots_in_english_and_russian(qtbot, shop_db, runner):
    SCREENSHOTS.mkdir(exist_ok=True)
    hint = ""
    for language in ("en", "ru"):
        translator = install_language(language)
        try:
            hint = demo_hint([("Owner", "0000"), ("Cashier", "1111")])
            dialog = LoginDialog(
                [(u.name, u.role) for u in users.login_users(shop_db)],
                lambda n, p: users.authenticate(shop_db, n, p),
                runner,
                selected="Anna",
                hint=hint,
                leave="quit",
            )
            qtbot.addWidget(dialog)
            dialog.show()
            qtbot.waitExposed(dialog)
            assert dialog.findChild(QLabel, "loginHint").isVisible()
            assert dialog.grab().save(str(SCREENSHOTS / f"login_dialog_{language}.png"))
            if language == "ru":
                assert dialog.findChild(QLabel, "loginTitle").text() == "Кто за кассой?"
                assert dialog.users.item(0).text() == "Olga (владелец)"
                assert hint == "Демо: Owner — 0000, Cashier — 1111"
            dialog.close()
        finally:
            remove_language(translator)


def test_the_owner_passes_the_guard_and_a_cashier_is_asked(qtbot, shop_db):
    ran: list[str] = []
    owner = SessionGuard(shop_db, Cashier(1, "Olga", "owner"), idle_minutes=0)
    assert not owner.idle.isActive()  # 0: never locks by itself
    assert owner.with_owner(Permission.CHANGE_PRICES, lambda: ran.append("owner")) is None
    cashier = SessionGuard(shop_db, Cashier(2, "Anna", "cashier"), idle_minutes=0)
    prompt = cashier.with_owner(Permission.CHANGE_PRICES, lambda: ran.append("cashier"))
    assert prompt is not None
    qtbot.addWidget(prompt)
    assert ran == ["owner"]
    prompt.reject()
    assert ran == ["owner"]
