"""Every migration, up and down, on SQLite and on PostgreSQL: one step at a time from base to
head, the schema compared with the models' metadata, back down to base, and up again."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from callshop_pos.db.engine import Database, alembic_config, make_engine
from callshop_pos.db.migrations import HEAD
from callshop_pos.db.models import Base
from callshop_pos.db.schema_check import our_tables, schema_problems

# these tests are about the migrations: a new file is migrated, not copied
pytestmark = pytest.mark.real_migrations


def _step(db: Database, direction: str, target: str) -> None:
    config = alembic_config(db.engine)
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        getattr(command, direction)(config, target)


def _revisions(db: Database) -> list[str]:
    script = ScriptDirectory.from_config(alembic_config(db.engine))
    return [r.revision for r in reversed(list(script.walk_revisions("base", "heads")))]


def _schema(db: Database) -> tuple[list[str], list[str]]:
    with db.engine.connect() as conn:
        return our_tables(conn, Base.metadata), schema_problems(conn, Base.metadata)


def test_every_migration_goes_up_and_down_and_head_matches_the_models(db_url) -> None:
    db = Database(make_engine(db_url))
    try:
        revisions = _revisions(db)
        assert revisions[0] == "0001" and revisions[-1] == db.head_revision()
        for revision in revisions:
            _step(db, "upgrade", revision)
            assert db.current_revision() == revision
        tables, problems = _schema(db)
        assert problems == []
        assert sorted(tables) == sorted(Base.metadata.tables)

        for below in [*reversed(revisions[:-1]), "base"]:
            _step(db, "downgrade", below)
            assert db.current_revision() == (None if below == "base" else below)
        tables, _problems = _schema(db)
        assert tables == []  # nothing of ours is left behind at base
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}

        db.upgrade()  # and the way the app does it, in one transaction, once more
        assert db.current_revision() == db.head_revision()
        assert _schema(db)[1] == []
        assert db.check() == []
    finally:
        db.dispose()


def test_an_upgrade_that_fails_half_way_leaves_nothing_behind(db_url, monkeypatch) -> None:
    """All or nothing: 0001's tables are created, then the upgrade dies; the database is
    as it was (on SQLite too, whose driver would commit each CREATE TABLE by itself)."""
    real_upgrade = command.upgrade

    def upgrade_then_fail(config, _target) -> None:
        real_upgrade(config, "0001")
        raise RuntimeError("killed half-way")

    monkeypatch.setattr(command, "upgrade", upgrade_then_fail)  # the one engine imports
    db = Database(make_engine(db_url))
    try:
        with pytest.raises(RuntimeError, match="half-way"):
            db.upgrade()
        assert db.current_revision() is None
        assert _schema(db)[0] == []
        monkeypatch.undo()
        db.upgrade()
        assert db.check() == []
    finally:
        db.dispose()


def test_the_head_the_app_knows_is_the_newest_migration_file(tmp_path) -> None:
    """Opening a database does not import Alembic: it compares with ``migrations.HEAD``,
    which must name the newest migration file."""
    db = Database(make_engine(f"sqlite:///{tmp_path / 'x.db'}"))
    try:
        assert _revisions(db)[-1] == HEAD == db.head_revision()
    finally:
        db.dispose()
