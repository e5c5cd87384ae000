"""A prepaid Start's credit limit above the preference's is the owner's to give: in the core
(a cashier is refused, the owner or an owner's PIN passes) and at the counter (the cashier is
asked for an owner's PIN; Cancel starts nothing)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from callshop_pos.counter import BoothMode
from callshop_pos.services import sessions, shifts, users
from callshop_pos.services.permissions import NotAllowed
from tests.ui_users.conftest import OWNER_PIN
from tests.ui_users.test_login_and_guard import _log_in
from ui.dialogs.start_dialog import StartDialog


def _start(db, name: str | None, credit: str, **kw) -> None:
    user_id = None
    if name is not None:
        user_id = next(u.id for u in users.login_users(db) if u.name == name)
        if shifts.current(db, user_id) is None:  # every money action is in a shift
            shifts.open_new(db, user_id, Decimal(0), by=user_id)
    with db.session() as s:
        account = sessions.account_by_name(s, "booth1")
        sessions.start(
            s, account, BoothMode.PREPAID, Decimal(5), Decimal(credit), user_id=user_id, **kw
        )


def test_the_core_gives_a_credit_above_the_preference_to_the_owner_only(shop_db):
    with pytest.raises(NotAllowed, match="only the owner may give a credit limit above"):
        _start(shop_db, "Anna", "2.00")  # the preference is 0.00
    with pytest.raises(NotAllowed):
        _start(shop_db, None, "2.00")  # nobody logged in, in a shop with users
    _start(shop_db, "Anna", "2.00", owner_approved=True)  # an owner's PIN typed for it
    with shop_db.read() as s:
        assert sessions.open_session(s, sessions.account_by_name(s, "booth1").id) is not None


def test_the_owner_gives_it_herself_and_a_cashier_within_the_preference(shop_db):
    _start(shop_db, "Olga", "2.00")
    with shop_db.session() as s:
        booth = sessions.open_session(s, sessions.account_by_name(s, "booth1").id)
        assert booth is not None and booth.credit_limit == Decimal("2.00")


def _open_start(qtbot, window, account_id: int, credit: str) -> StartDialog:
    window.actions_.start(account_id)
    qtbot.waitUntil(lambda: isinstance(window.actions_.dialog, StartDialog))
    dialog = window.actions_.dialog
    field = dialog.findChild(object, "creditField")
    field.setText(credit)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    return dialog


def test_a_cashier_at_the_counter_is_asked_an_owner_s_pin(qtbot, make_window):
    window = make_window("Anna")
    backend = window.backend
    _open_start(qtbot, window, 101, "5.00")  # the fake's preference: 0.00
    prompt = window.guard.dialog
    assert prompt is not None and prompt.isVisible()
    prompt.findChild(QPushButton, "loginCancel").click()
    assert backend.log == []  # Cancel: nothing started
    _open_start(qtbot, window, 101, "5.00")
    _log_in(qtbot, window.guard.dialog, "Olga", OWNER_PIN)
    qtbot.waitUntil(lambda: bool(backend.log))
    assert backend.log[0][4] == Decimal("5.00") and backend.owner_approved == [101]
    _open_start(qtbot, window, 102, "0.00")  # within the preference: no prompt
    qtbot.waitUntil(lambda: len(backend.log) == 2)
    assert backend.owner_approved == [101]
