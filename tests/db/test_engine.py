"""open_database on real SQLite files: schema at head, pragmas, backups before upgrades,
owner-only files."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect

from callshop_pos.db.engine import Database, alembic_config, open_database
from callshop_pos.db.models import Base, User

# these tests are about opening and upgrading: a new file is migrated, not copied
pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.real_migrations,
]


def _backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.bak"))


@pytest.fixture
def db_file(tmp_path: Path):
    path = tmp_path / "shop.db"
    db = open_database(path)
    yield db, path
    db.dispose()


def test_new_file_gets_the_whole_schema_at_head(db_file) -> None:
    db, path = db_file
    assert path.exists()
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables
    assert db.current_revision() == db.head_revision()
    assert not db.needs_upgrade()
    assert _backups(path.parent) == []  # a brand-new database needs no backup


def test_connections_use_wal_and_enforce_foreign_keys(db_file) -> None:
    db, _path = db_file
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_reopening_an_up_to_date_file_makes_no_backup(db_file) -> None:
    db, path = db_file
    db.dispose()
    again = open_database(path)
    try:
        assert again.current_revision() == again.head_revision()
    finally:
        again.dispose()
    assert _backups(path.parent) == []


def _downgrade_to_base_with_data(db: Database, path: Path) -> None:
    """Take the file back to "base" (no schema) and leave some data of our own in it, so a
    backup can be shown to hold the file as it was before the upgrade."""
    command.downgrade(alembic_config(db.engine), "base")
    db.dispose()
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE canary (note TEXT)")
    raw.execute("INSERT INTO canary VALUES ('before the upgrade')")
    raw.commit()
    raw.close()
    assert Database(db.engine).current_revision() is None
    assert "tariffs" not in inspect(db.engine).get_table_names()


def _assert_is_the_old_file(backup: Path) -> None:
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT note FROM canary").fetchall() == [("before the upgrade",)]
        names = {r[0] for r in copy.execute("SELECT name FROM sqlite_master")}
        assert "tariffs" not in names  # the copy is the old file, not the upgraded one
    finally:
        copy.close()


def test_opening_a_file_at_base_upgrades_it_and_keeps_its_data(db_file) -> None:
    db, path = db_file
    _downgrade_to_base_with_data(db, path)
    upgraded = open_database(path)
    try:
        assert upgraded.current_revision() == upgraded.head_revision()
        assert "tariffs" in inspect(upgraded.engine).get_table_names()
        with upgraded.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM canary").scalar() == 1
    finally:
        upgraded.dispose()


def test_backup_is_a_valid_copy_of_the_file(db_file) -> None:
    db, path = db_file
    _downgrade_to_base_with_data(db, path)
    backup = Database(db.engine).backup()
    assert backup is not None and backup.parent == path.parent
    _assert_is_the_old_file(backup)


def test_a_file_at_base_with_data_is_backed_up_before_the_upgrade(db_file) -> None:
    db, path = db_file
    _downgrade_to_base_with_data(db, path)
    open_database(path).dispose()
    (backup,) = _backups(path.parent)
    _assert_is_the_old_file(backup)


def test_check_is_clean_on_a_new_file_and_finds_a_broken_foreign_key(db_file) -> None:
    db, path = db_file
    assert db.check() == []
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA foreign_keys=OFF")  # the only way such a row gets in
    raw.execute(
        "INSERT INTO connections (vendor_id, name, host, username, password, dial_target,"
        " active) VALUES (999, 'ghost', 'h', '', '', '', 1)"
    )
    raw.commit()
    raw.close()
    problems = db.check()
    assert problems == ["foreign key: connections row 1 points to a missing vendors"]


def test_check_reports_an_outdated_schema(db_file) -> None:
    db, _path = db_file
    command.downgrade(alembic_config(db.engine), "base")
    assert any("newest is" in p for p in db.check())


@pytest.fixture
def open_umask():
    """The most permissive umask: whatever is created comes out as the code asks."""
    old = os.umask(0)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_file_its_wal_and_shm_and_backups_are_owner_only(tmp_path, open_umask) -> None:
    path = tmp_path / "shop.db"
    db = open_database(path)
    try:
        with db.session() as s:
            s.add(User(name="Owner", role="owner"))
        # while a connection is open, SQLite keeps its write-ahead log and shared memory
        with db.engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM users").scalar()
            files = [path, tmp_path / "shop.db-wal", tmp_path / "shop.db-shm"]
            assert {f.name: _mode(f) for f in files} == {f.name: 0o600 for f in files}
        first, second = db.backup(), db.backup()  # the same second: two names, both private
        assert first != second
        assert (_mode(first), _mode(second)) == (0o600, 0o600)
    finally:
        db.dispose()


def test_an_older_world_readable_file_is_made_owner_only(tmp_path, open_umask) -> None:
    path = tmp_path / "shop.db"
    sqlite3.connect(path).close()
    path.chmod(0o644)
    open_database(path).dispose()
    assert _mode(path) == 0o600


def test_check_does_not_create_a_missing_file(tmp_path) -> None:
    db = open_database(tmp_path / "none.db", upgrade=False)
    assert not (tmp_path / "none.db").exists()
    db.dispose()
