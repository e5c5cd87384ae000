"""A real SQLite shop with an owner (Olga, PIN 2468) and a cashier (Anna, PIN 1357), and the
real main window over it with the session guard; Qt offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from callshop_pos.db.engine import Database
from callshop_pos.services import users
from tests.core.shop import build_shop
from tests.ui.fakes import FakeClock, TestBackend
from ui.app import build_main_window
from ui.bridge import ListenerBridge
from ui.i18n import remove_language
from ui.main_window import MainWindow
from ui.session_guard import Cashier, SessionGuard
from ui.shop_services import ShopServices
from ui.worker import Runner

OWNER_PIN, CASHIER_PIN = "2468", "1357"


@pytest.fixture
def runner(qapp) -> Iterator[Runner]:
    """One Runner that outlives the test's dialogs (as the app's does): a Runner dying with
    its dialog through the garbage collector could delete a relay twice."""
    jobs = Runner()
    yield jobs
    jobs.wait_idle()


@pytest.fixture
def shop_db(tmp_path: Path) -> Iterator[Database]:
    db = build_shop(tmp_path / "shop.db")
    users.create_user(db, "Olga", "owner", OWNER_PIN)
    users.create_user(db, "Anna", "cashier", CASHIER_PIN)
    yield db
    db.dispose()


@pytest.fixture
def make_window(qtbot, qapp, shop_db) -> Iterator[Callable[..., MainWindow]]:
    built: list[MainWindow] = []

    def make(name: str = "Anna", *, language: str = "en", backend=None) -> MainWindow:
        user = next(u for u in users.login_users(shop_db) if u.name == name)
        guard = SessionGuard(shop_db, Cashier.of(user), idle_minutes=10)
        window = build_main_window(
            backend or TestBackend(4),
            ListenerBridge(),
            user=user.name,
            language=language,
            clock=FakeClock(),
            shop=ShopServices(shop_db),
            guard=guard,
        )
        window.board.timer.stop()
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        built.append(window)
        return window

    yield make
    for window in built:
        window.quit_approved = True
        window.close()
        remove_language(getattr(window, "translator", None))
