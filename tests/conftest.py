"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
import sqlite3
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from callshop_pos.db.engine import Database, open_database
from tests.db.pg_cluster import Cluster, ClusterUnavailable, start_cluster
from tests.month.launch import LAUNCHER, MONTH_TESTS
from tests.printing.fake_printer import FakePrinter

# No timed assertions, hypothesis's included: its default 200 ms deadline per example and its
# "too slow" health check fail a correct test on a loaded machine (seen under load 8).
settings.register_profile("callshop", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("callshop")


@pytest.fixture
def pty_printer() -> Iterator[tuple[FakePrinter, str]]:
    """A receipt printer on a real pseudo-terminal: (the printer's end, the port's path)."""
    master, slave = os.openpty()
    # a pty has no flow control and would otherwise translate bytes (\n -> \r\n, ^S, ...)
    tty.setraw(master)
    tty.setraw(slave)
    printer = FakePrinter(master)
    try:
        # our slave fd stays open so the pty survives the transport closing and reopening
        yield printer, os.ttyname(slave)
    finally:
        printer.close()
        os.close(master)
        os.close(slave)


@pytest.fixture(autouse=True, scope="session")
def _documents_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The app's documents folder (its PDFs and CSVs) in the run's temporary folder, never
    the user's own."""
    from callshop_pos.services import reports_files

    documents = str(tmp_path_factory.mktemp("Documents"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reports_files, "user_documents_dir", lambda: documents)
        yield


# --- the database under test: a real SQLite file, and a real PostgreSQL server ------------

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "postgres: runs on the session's throw-away PostgreSQL cluster"
    )
    config.addinivalue_line(
        "markers",
        "real_migrations: a new SQLite file is made by running the migrations, not copied"
        " from the run's template",
    )
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        LAUNCHER.prepare()  # xdist's controller: the month's folder, before its workers start


# --- the month of traffic (tests/month): one child process makes it for the whole run ------


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: object, ids: list[str]) -> None:
    """xdist's controller, as each worker has collected: the month's child, once, when the
    month tests are in the run (a plain run starts it in tests/month/conftest.py)."""
    if any(i.startswith(MONTH_TESTS) for i in ids):
        LAUNCHER.start()


def pytest_sessionfinish(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):
        LAUNCHER.finish()  # the child killed if still running, its folder removed


# --- new SQLite files: a copy of one migrated by the real migrations ----------------------
# Running the 13 migrations on a new SQLite file takes ~0.4 s (SQLite's ALTERs are table
# copies, each reflecting the table first), and most tests start from a new file. So the
# migrations run once per run, through the product's own upgrade, into a template; a new,
# completely empty SQLite file that the product upgrades in this process becomes a copy of
# that template instead (SQLite's backup API: the same schema, rows and revision the
# migrations leave). The PostgreSQL fixture below does the same with a template database.
# What the migrations themselves do is tested where it matters: the tests marked
# ``real_migrations`` (tests/db) run them, and so does every test that starts the app or
# the CLI in a child process.

_REAL_UPGRADE = Database.upgrade


class _Template:
    path: Path | None = None


_TEMPLATE = _Template()


def _empty_sqlite_file(db: Database) -> Path | None:
    path = db.path
    if path is None or not path.exists():
        return None
    with sqlite3.connect(path) as conn:
        count = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return path if count == 0 else None


def _upgrade_from_template(db: Database, *, backup: bool = True) -> Path | None:
    if db.current_revision() is None and (path := _empty_sqlite_file(db)) is not None:
        assert _TEMPLATE.path is not None
        db.engine.dispose()
        source, target = sqlite3.connect(_TEMPLATE.path), sqlite3.connect(path)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return None
    return _REAL_UPGRADE(db, backup=backup)


@pytest.fixture(autouse=True, scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    _TEMPLATE.path = tmp_path_factory.mktemp("template") / "head.db"
    open_database(_TEMPLATE.path).dispose()  # the real migrations, once
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Database, "upgrade", _upgrade_from_template)
        yield


@pytest.fixture(autouse=True)
def _real_migrations(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("real_migrations") is None:
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Database, "upgrade", _REAL_UPGRADE)
        yield


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One throw-away PostgreSQL cluster for the whole run (started on first use).
    Locally, without the server binaries, its tests skip saying why; in CI they fail."""
    try:
        cluster = start_cluster()
    except ClusterUnavailable as exc:
        if CI:
            pytest.fail(f"PostgreSQL is required in CI (CI=true): {exc}", pytrace=False)
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty database, on each backend in turn: a new SQLite file, or a new database
    (a copy of an empty template) on the session's PostgreSQL cluster."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shop.db'}"
        return
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    url = cluster.new_database(migrated=_wants_schema(request))
    try:
        yield url
    finally:
        cluster.drop_database(url)


@pytest.fixture
def migrated_db_url(db_url: str, request: pytest.FixtureRequest) -> str:
    """Like db_url, with the schema already at head (faster than migrating every time on
    PostgreSQL: the database is a copy of a migrated template)."""
    if db_url.startswith("sqlite"):
        open_database(db_url).dispose()
    return db_url


def _wants_schema(request: pytest.FixtureRequest) -> bool:
    return "migrated_db_url" in request.fixturenames
