"""Opening the database: default location, SQLite pragmas, migrations with a backup first."""

from __future__ import annotations

import itertools
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

from callshop_pos.db.location import APP_NAME as APP_NAME  # re-exported: engine's names
from callshop_pos.db.location import database_url
from callshop_pos.db.location import default_database_path as default_database_path
from callshop_pos.db.migrations import HEAD
from callshop_pos.db.private_files import create_private_unique, ensure_private
from callshop_pos.db.schema_check import our_tables
from callshop_pos.errors import CallshopError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import MetaData
    from sqlalchemy.orm import Session, sessionmaker

# Alembic (and the schema comparison built on it) is imported only by what needs it: an
# upgrade, a check. Opening a database reads the revision with one query, so a command that
# just reads (``quote``, ``calls list``) does not pay half a second to import it. The models
# and the ORM are imported likewise on first use (a session, a schema check): a command that
# works with SQLAlchemy Core alone (``rates import``, ``calls list``) never imports them.

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
SCHEMA_LOCK_KEY = 0x63616C6C73686F70  # "callshop": PostgreSQL advisory lock for upgrades
LEFTOVERS_WITH_DATA = (
    "{n} tables hold data but have no schema revision (made by something else, or an old "
    "version): not changed; restore a backup (callshop.<time>.bak) or move the file away"
)


class DatabaseError(CallshopError):
    pass


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: the GUI, the PBX engine and other processes read while one writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints; safe with WAL
    cursor.execute("PRAGMA busy_timeout=5000")  # another counter holding the write lock
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # configparser interpolates "%": a socket folder or password in the URL may hold one
    url = engine.url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _metadata() -> MetaData:
    from callshop_pos.db.models import Base

    return Base.metadata


def revision_of(conn: Connection) -> str | None:
    """The schema revision Alembic recorded (None: none yet), read with one query."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


class Database:
    """An engine plus a session factory; ``with db.session() as s:`` is one unit of work."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions: sessionmaker[Session] | None = None

    def _factory(self) -> Session:
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        return self._sessions()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def path(self) -> Path | None:
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            return Path(url.database)
        return None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Commit on success, roll back on any error: all or nothing."""
        session = self._factory()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def read(self) -> Session:
        """A session for reading only (the caller closes it)."""
        return self._factory()

    # --- schema ---------------------------------------------------------------------------

    def current_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return revision_of(conn)

    def head_revision(self) -> str | None:
        """The newest migration's revision (``migrations.HEAD``; a test holds it to the
        migration files)."""
        return HEAD

    def needs_upgrade(self) -> bool:
        return self.current_revision() != self.head_revision()

    def upgrade(self, *, backup: bool = True) -> Path | None:
        """Bring the schema to the newest revision, all or nothing: the migrations run in one
        transaction (on SQLite too), so a process killed at any moment leaves the database
        as it was. An existing SQLite file is backed up first (the returned path); a new,
        empty database needs no backup. Empty tables left without a revision by an older
        version's interrupted first set-up are rebuilt."""
        current, head = self.current_revision(), self.head_revision()
        if current == head:
            return None
        backup_path = self.backup() if backup and self._has_tables() else None
        from alembic import command

        config = alembic_config(self.engine)
        with self.engine.connect() as conn, self._schema_transaction(conn):
            # again, holding the lock: another process may have upgraded meanwhile
            current = revision_of(conn)
            if current == head:
                return backup_path
            if current is None:
                self._drop_leftovers(conn)
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            if self.engine.url.get_backend_name() == "sqlite":
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DatabaseError(
                        f"the upgrade would break {len(broken)} links "
                        f"between rows (first: {broken[0]}); not applied"
                    )
        log.info("database upgraded from %s to %s", current, head)
        return backup_path

    @contextmanager
    def _schema_transaction(self, conn: Connection) -> Iterator[None]:
        """One transaction for all the DDL, holding the database's write lock.

        pysqlite by itself opens a transaction only before INSERT/UPDATE/DELETE, so each
        CREATE TABLE would commit on its own: here the driver is told to stay out of it
        (``isolation_level = None``) and ``BEGIN IMMEDIATE`` is emitted explicitly (SQLite's
        DDL is transactional). PostgreSQL's DDL is transactional as is; an advisory lock
        makes a second counter wait for the first one's upgrade instead of racing it."""
        if conn.dialect.name != "sqlite":
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY}
                    )
                yield
            return
        raw = conn.connection.driver_connection
        assert raw is not None  # a connection just checked out of the pool is live
        saved = raw.isolation_level
        raw.isolation_level = None
        try:
            # SQLite changes a table by copying it; with foreign keys enforced the old table
            # could not be dropped (checked before the commit instead). No-op in a transaction.
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
            with conn.begin():
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                yield
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()
        finally:
            raw.isolation_level = saved

    def _drop_leftovers(self, conn: Connection) -> None:
        """Tables of ours without a schema revision: an older version's interrupted first
        set-up. Empty, they are dropped (and created again by the migrations); holding data,
        nothing is touched and the error says what to do."""
        metadata = _metadata()
        names = our_tables(conn, metadata)
        if not names:
            return
        if self._rows_in(conn, names):
            raise DatabaseError(LEFTOVERS_WITH_DATA.format(n=len(names)))
        log.warning("dropping %d empty tables left by an interrupted set-up", len(names))
        metadata.drop_all(conn, tables=[metadata.tables[n] for n in names])

    @staticmethod
    def _rows_in(conn: Connection, names: list[str]) -> bool:
        return any(conn.execute(text(f'SELECT 1 FROM "{name}" LIMIT 1')).first() for name in names)

    def _has_tables(self) -> bool:
        """Anything worth keeping: a file at "base" (or from before migrations) may hold data."""
        if self.path is None or not self.path.exists():
            return False
        with self.engine.connect() as conn:
            count = conn.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
            ).scalar()
        return bool(count)

    def backup(self) -> Path | None:
        """A consistent copy of the SQLite file next to it (WAL included), owner-only."""
        path = self.path
        if path is None or not path.exists():
            return None
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        names = (
            path.with_name(f"{path.stem}.{stamp}{'' if n == 1 else f'-{n}'}.bak")
            for n in itertools.count(1)
        )
        target = create_private_unique(names)
        source = sqlite3.connect(path)
        try:
            dest = sqlite3.connect(target)
            with dest:
                source.backup(dest)
            dest.close()
        finally:
            source.close()
        return target

    # --- checking -------------------------------------------------------------------------

    def interrupted_setup(self) -> bool:
        """A SQLite file that a first set-up began and never finished: no schema revision and
        either no table at all or only empty tables of ours. Upgrading it loses nothing."""
        if self.path is None or not self.path.exists():
            return False
        with self.engine.connect() as conn:
            if revision_of(conn) is not None:
                return False
            tables = set(inspect(conn).get_table_names())
            if not tables:
                return True
            ours = our_tables(conn, _metadata())
            return bool(ours) and not self._rows_in(conn, ours)

    def check(self) -> list[str]:
        """Integrity, constraint and schema problems, one line each (empty list: all good)."""
        problems: list[str] = []
        head = self.head_revision()
        with self.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                problems += self._sqlite_integrity(conn)
            current = revision_of(conn)
            if current == head:
                from callshop_pos.db.schema_check import schema_problems

                problems += schema_problems(conn, _metadata())
            else:
                problems.append(self._revision_problem(conn, current, head))
        return problems

    @staticmethod
    def _sqlite_integrity(conn: Connection) -> list[str]:
        problems = [
            f"integrity: {row}"
            for (row,) in conn.exec_driver_sql("PRAGMA integrity_check")
            if row != "ok"
        ]
        for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
        return problems

    def _revision_problem(self, conn: Connection, current: str | None, head: str | None) -> str:
        if current is None:
            names = our_tables(conn, _metadata())
            if names:
                if self._rows_in(conn, names):
                    return LEFTOVERS_WITH_DATA.format(n=len(names))
                return (
                    f"{len(names)} empty tables but no schema revision (an interrupted "
                    "first set-up): `callshop-pos db upgrade` rebuilds them"
                )
            if not inspect(conn).get_table_names():
                return f"empty database: no schema (newest is {head}); `db upgrade` creates it"
        return f"schema at {current}, newest is {head}"

    def dispose(self) -> None:
        self.engine.dispose()


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            if not folder.exists():
                raise DatabaseError(f"folder does not exist: {folder}")
        # enough pooled connections for the PBX workers, the UI and the printer at once:
        # a connection opened beyond the pool is closed after use and reopened (pragmas again)
        engine = create_engine(url, connect_args={"timeout": 10}, pool_size=12, max_overflow=8)
        if parsed.database and parsed.database != ":memory:":
            path = Path(parsed.database)
            # before SQLite creates the file itself (0644 less the umask): created 0600, and
            # SQLite gives its -wal and -shm files the same mode
            event.listen(engine, "do_connect", lambda *_args: ensure_private(path))
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def open_database(target: str | Path | None = None, *, upgrade: bool = True) -> Database:
    """Open (creating or upgrading, after a backup) the shop's database."""
    db = Database(make_engine(database_url(target)))
    if upgrade:
        backup = db.upgrade()
        if backup is not None:
            log.info("backup of the previous database: %s", backup)
    return db
