"""The owner's guard on the settings and the set-up assistant (a cashier by the menu or the
shortcut gets the owner's PIN prompt; a refusal leaves them closed), and the Users page: add,
change a PIN, deactivate, the last owner refused with the reason; never a hash shown. Real
widgets (pytest-qt, offscreen), a real SQLite shop with an owner and a cashier."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTableWidget
from sqlalchemy import select

from callshop_pos.db.models import AuditLog, User
from callshop_pos.services import users
from tests.ui_settings.test_settings_dialog import SHOTS
from tests.ui_users.conftest import OWNER_PIN, make_window, runner, shop_db
from tests.ui_users.test_login_and_guard import _log_in
from ui.main_window import MainWindow
from ui.settings.pages.users_page import UsersPage
from ui.settings.settings_dialog import SettingsDialog

__all__ = ["make_window", "runner", "shop_db"]  # the fixtures: Olga (owner), Anna (cashier)


def _settings_by_shortcut(qtbot: Any, window: MainWindow) -> None:
    action = window.findChild(QAction, "settingsAction")
    assert action is not None and action.shortcut().toString() == "Ctrl+,"
    # a window shortcut fires only in the active window (the prompt was, a moment ago)
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.board, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)


def _settings_open(window: MainWindow) -> bool:
    dialog = window.settings_dialog
    return dialog is not None and dialog.isVisible()


def test_a_cashier_cannot_open_the_settings_by_the_menu_or_the_shortcut(qtbot, make_window):
    window = make_window("Anna")
    for opening in ("menu", "shortcut"):
        if opening == "menu":
            window.findChild(QAction, "settingsAction").trigger()
        else:
            _settings_by_shortcut(qtbot, window)
        prompt = window.guard.dialog
        assert prompt is not None and prompt.isVisible(), opening
        assert prompt.findChild(QLabel, "loginTitle").text() == "This needs the owner's PIN"
        assert not _settings_open(window)
        _log_in(qtbot, prompt, "Olga", "0000")  # a wrong PIN: refused, still closed
        qtbot.waitUntil(lambda p=prompt: p.findChild(QLabel, "loginError").isVisible())
        assert not _settings_open(window)
        prompt.findChild(QPushButton, "loginCancel").click()
        assert not prompt.isVisible() and not _settings_open(window)
    # nor the set-up assistant (it saves prices and booths)
    window.findChild(QAction, "setupAssistantAction").trigger()
    prompt = window.guard.dialog
    assert prompt is not None and prompt.isVisible() and window.wizard is None
    prompt.findChild(QPushButton, "loginCancel").click()
    assert window.wizard is None


def test_with_the_owners_pin_a_cashier_s_settings_open(qtbot, make_window):
    window = make_window("Anna")
    _settings_by_shortcut(qtbot, window)
    _log_in(qtbot, window.guard.dialog, "Olga", OWNER_PIN)
    qtbot.waitUntil(lambda: _settings_open(window))
    assert window.guard.user.name == "Anna"
    window.settings_dialog.accept()
    # the approval was for once: the next opening asks again
    window.findChild(QAction, "settingsAction").trigger()
    assert window.guard.dialog is not None and not _settings_open(window)
    window.guard.dialog.findChild(QPushButton, "loginCancel").click()


def test_the_owner_opens_the_settings_directly(qtbot, make_window):
    window = make_window("Olga")
    _settings_by_shortcut(qtbot, window)
    assert _settings_open(window) and window.guard.dialog is None


def _users_page(qtbot: Any, window: MainWindow) -> tuple[SettingsDialog, UsersPage]:
    dialog = window.open_settings()
    assert isinstance(dialog, SettingsDialog)
    page = dialog.open_page("users")
    assert isinstance(page, UsersPage)
    qtbot.waitUntil(lambda: page.loaded)
    return dialog, page


def _cells(page: UsersPage) -> list[list[str]]:
    table = page.findChild(QTableWidget, "usersTable")
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def _done(qtbot: Any, page: UsersPage, start: str) -> None:
    qtbot.waitUntil(
        lambda: page.status.text().startswith(start) or "b91c1c" in page.status.styleSheet()
    )


def test_add_change_pin_and_deactivate_on_the_users_page(qtbot, make_window, shop_db):
    window = make_window("Olga")
    olga = window.guard.user.id
    _dialog, page = _users_page(qtbot, window)
    assert _cells(page) == [["Anna", "Cashier", "yes"], ["Olga", "Owner", "yes"]]
    # add: checked as typed with the core's rules
    qtbot.keyClicks(page.fields.name, "Boris")
    qtbot.keyClicks(page.fields.pin, "12")
    assert page.fields.error.text() == "A PIN has 4 to 64 characters."
    assert not page.add_button.isEnabled()
    qtbot.keyClicks(page.fields.pin, "34")
    qtbot.keyClicks(page.fields.again, "1243")
    assert page.fields.error.text() == "The two PINs differ."
    page.fields.again.clear()
    qtbot.keyClicks(page.fields.again, "1234")
    assert page.fields.error.text() == "" and page.add_button.isEnabled()
    page.add_button.click()
    _done(qtbot, page, "Boris added.")
    qtbot.waitUntil(lambda: len(_cells(page)) == 3)
    assert ["Boris", "Cashier", "yes"] in _cells(page)
    assert users.authenticate(shop_db, "Boris", "1234").role == "cashier"
    # change a PIN
    page.select("Anna")
    qtbot.keyClicks(page.fields.pin, "9753")
    qtbot.keyClicks(page.fields.again, "9753")
    assert page.pin_button.isEnabled()
    page.pin_button.click()
    _done(qtbot, page, "The PIN of Anna is changed.")
    assert users.authenticate(shop_db, "Anna", "9753").name == "Anna"
    # deactivate
    qtbot.waitUntil(lambda: page.loaded)
    page.select("Boris")
    page.deactivate_button.click()
    _done(qtbot, page, "Boris can no longer log in.")
    qtbot.waitUntil(lambda: ["Boris", "Cashier", "no"] in _cells(page))
    assert "Boris" not in [u.name for u in users.login_users(shop_db)]
    # audited in the core, by the owner logged in; no PIN or hash anywhere on the page
    with shop_db.read() as s:
        rows = list(s.scalars(select(AuditLog).where(AuditLog.action.like("user.%"))))
        hashes = [u.pin_hash for u in s.scalars(select(User))]
    mine = [(r.action, r.user_id) for r in rows if r.action != "user.login"]
    assert ("user.create", olga) in mine and ("user.disable", olga) in mine
    assert ("user.pin_change", olga) in mine
    shown = " ".join(" ".join(row) for row in _cells(page))
    assert not any(h and (h in shown or "scrypt" in shown) for h in hashes)
    assert all("pin" not in json.loads(r.details or "{}") for r in rows)


def test_the_last_owner_cannot_be_deactivated_and_says_why(qtbot, make_window, shop_db):
    window = make_window("Olga")
    _dialog, page = _users_page(qtbot, window)
    page.select("Olga")
    assert page.deactivate_button.isEnabled()
    page.deactivate_button.click()
    qtbot.waitUntil(lambda: "last owner" in page.status.text())
    assert page.status.text() == "Olga is the last owner: add another owner first"
    assert "b91c1c" in page.status.styleSheet()
    assert [u.name for u in users.login_users(shop_db)] == ["Olga", "Anna"]


def test_screenshots_of_the_users_page(qtbot, make_window) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for language in ("en", "ru"):
        window = make_window("Olga", language=language)
        dialog, page = _users_page(qtbot, window)
        page.select("Anna")
        assert dialog.grab().save(str(SHOTS / f"wizard_users_page_{language}.png"))
        if language == "ru":
            assert dialog.list.item(dialog.list.currentRow()).text() == "Пользователи"
            assert _cells(page)[0] == ["Anna", "Кассир", "да"]
        dialog.reject()
