"""Users on a real SQLite file: salted slow hashes, log-in, the wrong-PIN slow-down driven by a
clock the test moves, the last owner kept, audit rows, and the permissions table."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import AuditLog, User
from callshop_pos.services import users
from callshop_pos.services.permissions import (
    DOING,
    ROLES,
    NotAllowed,
    Permission,
    Role,
    allowed,
    require,
)
from callshop_pos.services.setup_file import apply_setup, demo_setup_path, dump_setup_text
from callshop_pos.services.validation import ValidationError


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@pytest.fixture
def db(tmp_path) -> Iterator[Database]:
    database = open_database(tmp_path / "shop.db")
    yield database
    database.dispose()


def _actions(db: Database) -> list[tuple[str, int | None, int | None]]:
    with db.read() as s:
        rows = s.scalars(select(AuditLog).order_by(AuditLog.id))
        return [(r.action, r.object_id, r.user_id) for r in rows]


def test_a_pin_is_salted_slow_and_verifies():
    first, second = users.hash_pin("4321"), users.hash_pin("4321")
    assert first != second  # a new salt each time
    kind, n, r, p, salt, key = first.split("$")
    assert (kind, int(n), int(r), int(p)) == ("scrypt", 2**14, 8, 1)
    assert salt and key and "4321" not in first
    assert users.verify_pin("4321", first) and users.verify_pin("4321", second)
    assert not users.verify_pin("4322", first)
    assert not users.verify_pin("4321", "")
    assert not users.verify_pin("4321", "scrypt$99999999999$8$1$AA$AA")  # bounded cost
    assert not users.verify_pin("4321", "md5$abc")


def test_a_pin_too_short_or_with_spaces_is_refused(db):
    for bad in ("123", " 1234", "12\x0034", "x" * 65):
        with pytest.raises(ValidationError):
            users.create_user(db, "anna", "cashier", bad)
    with pytest.raises(ValidationError, match="role must be owner or cashier"):
        users.create_user(db, "anna", "boss", "1234")
    assert users.list_users(db) == []


def test_log_in_with_the_right_pin_only(db):
    owner = users.create_user(db, "Olga", "owner", "2468")
    users.create_user(db, "Anna", "cashier", "1357", by=owner.id)
    with db.read() as s:
        stored = s.scalar(select(User.pin_hash).where(User.name == "Anna"))
    assert stored.startswith("scrypt$") and "1357" not in stored
    assert users.authenticate(db, "Anna", "1357").role == Role.CASHIER
    with pytest.raises(users.WrongPin, match="wrong PIN for Anna"):
        users.authenticate(db, "Anna", "2468")
    with pytest.raises(users.UserError, match="no active user named 'Nobody'"):
        users.authenticate(db, "Nobody", "1357")
    actions = _actions(db)
    assert actions[:2] == [("user.create", 1, None), ("user.create", 2, 1)]
    assert actions[2:] == [("user.login", 2, 2), ("user.login_failed", 2, None)]


def test_wrong_pins_slow_down_then_a_right_one_clears_the_count(db):
    clock = Clock()
    users.create_user(db, "Anna", "cashier", "1357")
    tries_left = []
    for _ in range(users.FREE_TRIES):
        with pytest.raises(users.WrongPin) as wrong:
            users.authenticate(db, "Anna", "0000", now=clock)
        tries_left.append(wrong.value.tries_left)
    assert tries_left == [2, 1, 0]
    # locked for 30 s: even the right PIN is not checked
    with pytest.raises(users.LockedOut) as locked:
        users.authenticate(db, "Anna", "1357", now=clock)
    assert locked.value.seconds == 30
    clock.advance(29)
    with pytest.raises(users.LockedOut, match="try again in 1 s"):
        users.authenticate(db, "Anna", "1357", now=clock)
    clock.advance(1)
    # another wrong one doubles the wait
    with pytest.raises(users.WrongPin):
        users.authenticate(db, "Anna", "0000", now=clock)
    with pytest.raises(users.LockedOut) as locked:
        users.authenticate(db, "Anna", "1357", now=clock)
    assert locked.value.seconds == 60
    clock.advance(60)
    assert users.authenticate(db, "Anna", "1357", now=clock).name == "Anna"
    with db.read() as s:
        anna = s.scalar(select(User).where(User.name == "Anna"))
        assert (anna.failed_pins, anna.locked_until) == (0, None)
    # the count starts again from nothing
    with pytest.raises(users.WrongPin) as wrong:
        users.authenticate(db, "Anna", "0000", now=clock)
    assert wrong.value.tries_left == 2


def test_the_wait_is_in_the_database_and_has_a_ceiling(db, tmp_path):
    clock = Clock()
    users.create_user(db, "Anna", "cashier", "1357")
    for _ in range(20):
        clock.advance(3600)  # past every wait
        with pytest.raises(users.WrongPin):
            users.authenticate(db, "Anna", "0000", now=clock)
    # another process on the same file (another counter, or the app restarted) sees the lock
    other = open_database(tmp_path / "shop.db")
    try:
        with pytest.raises(users.LockedOut) as locked:
            users.authenticate(other, "Anna", "1357", now=clock)
    finally:
        other.dispose()
    assert locked.value.seconds == 15 * 60


def test_change_pin_and_disable(db):
    owner = users.create_user(db, "Olga", "owner", "2468")
    users.create_user(db, "Anna", "cashier", "1357")
    users.change_pin(db, "Anna", "9753", by=owner.id)
    with pytest.raises(users.WrongPin):
        users.authenticate(db, "Anna", "1357")
    assert users.authenticate(db, "Anna", "9753").name == "Anna"
    users.deactivate(db, "Anna", by=owner.id)
    with pytest.raises(users.UserError, match="no active user"):
        users.authenticate(db, "Anna", "9753")
    assert [u.name for u in users.login_users(db)] == ["Olga"]
    with pytest.raises(users.UserError, match="Olga is the last owner"):
        users.deactivate(db, "Olga")
    assert ("user.pin_change", 2, 1) in _actions(db)
    assert ("user.disable", 2, 1) in _actions(db)


def test_first_owner_only_while_nobody_can_log_in(db):
    assert users.needs_first_owner(db) and not users.owner_exists(db)
    owner = users.set_up_first_owner(db, "Olga", "2468")
    assert owner.role == Role.OWNER and users.owner_exists(db)
    assert not users.needs_first_owner(db)
    with pytest.raises(users.UserError, match="already has users"):
        users.set_up_first_owner(db, "Mallory", "1111")
    assert [u.name for u in users.list_users(db)] == ["Olga"]


def test_demo_users_once_and_never_in_the_dump(db):
    assert users.ensure_demo_users(db) == [("owner", "0000"), ("cashier", "1111")]
    assert users.ensure_demo_users(db) == [("owner", "0000"), ("cashier", "1111")]
    assert len(users.list_users(db)) == 2
    assert users.authenticate(db, "owner", "0000").role == Role.OWNER
    assert users.authenticate(db, "cashier", "1111").role == Role.CASHIER
    text = dump_setup_text(db)
    assert 'name = "owner"' in text and "scrypt" not in text and "pin" not in text.lower()


def test_the_permissions_table():
    assert set(ROLES) == set(Permission) == set(DOING)
    for permission in Permission:
        assert allowed("owner", permission)
        assert not allowed("cashier", permission)
        assert not allowed("", permission)
    with pytest.raises(NotAllowed, match="only the owner may open the settings"):
        require("cashier", Permission.OPEN_SETTINGS)
    require("owner", Permission.CHANGE_PRICES)
    details = json.dumps({"p": Permission.VOID_RECEIPT})
    assert details == '{"p": "void_receipt"}'


def test_the_demo_set_up_files_users_get_the_demo_pins(db):
    apply_setup(db, demo_setup_path())
    assert users.needs_first_owner(db)  # the file's users have no PINs
    assert users.ensure_demo_users(db) == [("Owner", "0000"), ("Cashier", "1111")]
    assert users.authenticate(db, "Owner", "0000").role == Role.OWNER
    users.change_pin(db, "Cashier", "8642")
    assert users.ensure_demo_users(db) == [("Owner", "0000")]  # the hint shows what works
