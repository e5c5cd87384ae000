"""The set-up file carries the users (name, role, active; never a PIN or its hash) and the
lock preference: a dump applied to an empty database dumps back identically, and a user it
creates has no PIN until ``callshop-pos users passwd``."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from callshop_pos.db.engine import Database, open_database
from callshop_pos.services import catalog, users
from callshop_pos.services.setup_file import apply_setup, dump_setup_text


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "built.db")
    catalog.save(db, "shop", {"name": "Kiosk Nord", "currency": "EUR"})
    catalog.save(db, "preferences", {"lock_after_minutes": 3})
    users.create_user(db, "Olga", "owner", "2468")
    users.create_user(db, "Anna", "cashier", "1357")
    users.create_user(db, "Boris", "cashier", "9753")
    users.deactivate(db, "Boris")
    yield db
    db.dispose()


def test_users_and_the_lock_go_through_the_file_and_back_identically(shop, tmp_path):
    text = dump_setup_text(shop)
    doc = tomllib.loads(text)
    assert doc["preferences"]["lock_after_minutes"] == 3
    assert doc["users"] == [
        {"name": "Olga", "role": "owner", "active": True},
        {"name": "Anna", "role": "cashier", "active": True},
        {"name": "Boris", "role": "cashier", "active": False},
    ]
    assert "scrypt" not in text and "pin =" not in text.lower()
    assert "callshop-pos users passwd NAME" in text  # the comment says how to log in
    file = tmp_path / "shop.toml"
    file.write_text(text, encoding="utf-8")
    empty = open_database(tmp_path / "empty.db")
    try:
        apply_setup(empty, file)
        assert dump_setup_text(empty) == text
        assert users.lock_after_minutes(empty) == 3
        # created from the file: no PIN, so nobody can log in until one is set
        assert users.login_users(empty) == [] and users.needs_first_owner(empty)
        with pytest.raises(users.UserError, match="has no PIN yet: callshop-pos users passwd"):
            users.authenticate(empty, "Olga", "2468")
        users.change_pin(empty, "Olga", "2468")
        assert users.authenticate(empty, "Olga", "2468").role == "owner"
    finally:
        empty.dispose()


def test_a_lock_time_out_of_range_is_refused_in_one_line(shop, tmp_path):
    file = tmp_path / "bad.toml"
    file.write_text("[preferences]\nlock_after_minutes = 100000\n", encoding="utf-8")
    before = dump_setup_text(shop)
    with pytest.raises(Exception, match="lock_after_minutes") as refused:
        apply_setup(shop, file)
    assert "\n" not in str(refused.value)
    assert dump_setup_text(shop) == before
