"""Opening the database: default location, SQLite pragmas, migrations with a backup first."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from callshop_pos.errors import CallshopError

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
APP_NAME = "callshop-pos"


class DatabaseError(CallshopError):
    pass


def default_database_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False, ensure_exists=True) / "callshop.db"


def database_url(target: str | Path | None) -> str:
    """A path or an SQLAlchemy URL (``postgresql+psycopg://...``) -> a URL."""
    if target is None:
        return f"sqlite:///{default_database_path()}"
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: the GUI, the PBX engine and other processes read while one writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints; safe with WAL
    cursor.execute("PRAGMA busy_timeout=5000")  # another counter holding the write lock
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # configparser interpolates "%": a socket folder or password in the URL may hold one
    url = engine.url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


class Database:
    """An engine plus a session factory; ``with db.session() as s:`` is one unit of work."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._factory = sessionmaker(engine, expire_on_commit=False)

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
            return MigrationContext.configure(conn).get_current_revision()

    def head_revision(self) -> str | None:
        return ScriptDirectory.from_config(alembic_config(self.engine)).get_current_head()

    def needs_upgrade(self) -> bool:
        return self.current_revision() != self.head_revision()

    def upgrade(self, *, backup: bool = True) -> Path | None:
        """Bring the schema to the newest revision. An existing SQLite file is backed up
        first (the returned path); a new, empty database needs no backup."""
        current = self.current_revision()
        if current == self.head_revision():
            return None
        backup_path = self.backup() if backup and self._has_tables() else None
        config = alembic_config(self.engine)
        sqlite = self.engine.url.get_backend_name() == "sqlite"
        with self.engine.connect() as conn:
            if sqlite:
                # SQLite changes a table by copying it; with foreign keys enforced the old
                # table could not be dropped. Checked again below, before the commit.
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                conn.commit()
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise DatabaseError(f"the upgrade would break {len(broken)} links "
                                            f"between rows (first: {broken[0]}); not applied")
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
        log.info("database upgraded from %s to %s", current, self.head_revision())
        return backup_path

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
        """A consistent copy of the SQLite file next to it (WAL included)."""
        path = self.path
        if path is None or not path.exists():
            return None
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        target = path.with_name(f"{path.stem}.{stamp}.bak")
        n = 1
        while target.exists():
            n += 1
            target = path.with_name(f"{path.stem}.{stamp}-{n}.bak")
        source = sqlite3.connect(path)
        try:
            dest = sqlite3.connect(target)
            with dest:
                source.backup(dest)
            dest.close()
        finally:
            source.close()
        return target

    def check(self) -> list[str]:
        """Integrity and foreign-key problems (empty list: all good)."""
        problems: list[str] = []
        if self.engine.url.get_backend_name() != "sqlite":
            return problems
        with self.engine.connect() as conn:
            for (row,) in conn.exec_driver_sql("PRAGMA integrity_check"):
                if row != "ok":
                    problems.append(f"integrity: {row}")
            for table, rowid, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check"):
                problems.append(f"foreign key: {table} row {rowid} points to a missing {parent}")
        if self.needs_upgrade():
            problems.append(
                f"schema at {self.current_revision()}, newest is {self.head_revision()}"
            )
        return problems

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
