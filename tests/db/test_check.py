"""``db check`` on both backends: an empty database is not "ok", and a schema that lost a
table, an index or a constraint is reported, one line each."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from callshop_pos.cli import main as cli_main
from callshop_pos.db.engine import Database, make_engine, open_database
from tests.cli.test_cmd_db import HEAD

# these tests are about the migrations: a new file is migrated, not copied
pytestmark = pytest.mark.real_migrations


@pytest.fixture(autouse=True)
def only_these_commands(monkeypatch) -> None:
    monkeypatch.setattr(cli_main, "COMMAND_MODULES", ("setup", "db"))


def _execute(db: Database, *statements: str) -> None:
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


def test_an_empty_database_is_not_ok(db_url) -> None:
    db = Database(make_engine(db_url))
    try:
        _execute(db, "CREATE TABLE notes (body TEXT)")  # not ours, but makes it non-empty
        assert db.check() == [f"schema at None, newest is {HEAD}"]
        _execute(db, "DROP TABLE notes")
        assert db.check() == [
            f"empty database: no schema (newest is {HEAD}); `db upgrade` creates it"
        ]
    finally:
        db.dispose()


def test_a_missing_table_and_index_are_reported(db_url) -> None:
    db = open_database(db_url)
    try:
        assert db.check() == []
        _execute(db, "DROP TABLE audit_log", "DROP INDEX uq_booth_sessions_open")
        assert db.check() == [
            "missing table audit_log",
            "missing index uq_booth_sessions_open on booth_sessions",
        ]
    finally:
        db.dispose()


@pytest.mark.postgres
def test_postgresql_missing_and_unvalidated_constraints(pg_cluster) -> None:
    db = open_database(pg_cluster.new_database())
    try:
        _execute(
            db,
            "ALTER TABLE rates DROP CONSTRAINT ck_rates_intervals",
            "ALTER TABLE calls DROP CONSTRAINT uq_calls_booth_uniqueid",
        )
        assert db.check() == [
            "missing unique constraint uq_calls_booth_uniqueid on calls",
            "missing check constraint ck_rates_intervals on rates",
        ]
        _execute(
            db,
            "ALTER TABLE calls ADD CONSTRAINT uq_calls_booth_uniqueid UNIQUE (booth_uniqueid)",
            "ALTER TABLE rates ADD CONSTRAINT ck_rates_intervals"
            " CHECK (interval_1 > 0 AND interval_n > 0) NOT VALID",
        )
        assert db.check() == ["constraint ck_rates_intervals on rates is not validated (NOT VALID)"]
        _execute(db, "ALTER TABLE rates VALIDATE CONSTRAINT ck_rates_intervals")
        assert db.check() == []
    finally:
        db.dispose()


def test_cli_upgrade_and_check(db_url, capsys) -> None:
    """The commands that failed on a fresh PostgreSQL database, through main()."""
    if db_url.startswith("postgresql"):  # a SQLite file that does not exist is another case
        assert cli_main.main(["--db", db_url, "db", "check"]) == 1
        assert "empty database: no schema" in capsys.readouterr().out
    assert cli_main.main(["--db", db_url, "db", "upgrade"]) == 0
    assert f"from base (no schema) to {HEAD}" in capsys.readouterr().out
    assert cli_main.main(["--db", db_url, "db", "check"]) == 0
    assert capsys.readouterr().out.endswith(": ok\n")


def test_setup_apply_of_the_demo_shop_then_check(db_url, capsys) -> None:
    demo = Path(__file__).resolve().parents[2] / "resources" / "sample" / "demo.toml"
    assert cli_main.main(["--db", db_url, "setup", "apply", str(demo)]) == 0
    assert "accounts: 8 created" in capsys.readouterr().out
    assert cli_main.main(["--db", db_url, "db", "check"]) == 0
    assert capsys.readouterr().out.endswith(": ok\n")
