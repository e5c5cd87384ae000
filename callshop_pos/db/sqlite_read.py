"""The one-shot reads (``quote NUMBER``, ``calls list``) on a SQLite file without SQLAlchemy.

Importing SQLAlchemy and opening its engine is most of such a command's time; ``sqlite3``
alone is a few milliseconds. :func:`open_read` takes this path only when it is safe: a
``--db`` target that is a plain SQLite file (resolved by db/location.py, as
``open_database`` resolves it), which exists, is in WAL mode (as the app leaves its files)
and holds exactly the schema head in ``alembic_version``, opened read-only. Anything else (no
file yet, an older or newer revision, PostgreSQL, another URL, a file it cannot read: locked,
corrupt) returns None, and the caller opens the database as always (``open_database``), which
creates or upgrades it after a backup, or says in one line what is wrong.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from callshop_pos.db.codecs import DECODE, ENCODE
from callshop_pos.db.location import database_url, plain_sqlite_file
from callshop_pos.db.migrations import HEAD
from callshop_pos.db.private_files import tighten
from callshop_pos.db.query import Query
from callshop_pos.errors import CallshopError

BUSY_MS = 5000  # as db/engine.py's connections wait for another counter's write lock
FETCH = 256  # rows fetched at a time when the caller names no batch


class ReadError(CallshopError):
    """The file failed while being read (after it was opened): one line, as for the engine."""


def open_read(target: str | Path | None) -> SqliteReader | None:
    """A read-only reader of ``target`` when it is a SQLite file at the schema head, else
    None (see the module's docstring)."""
    path = plain_sqlite_file(database_url(target))
    if path is None or not path.is_file():
        return None
    try:  # no wait: a file another process holds locked is left to the engine's path
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=0)
    except sqlite3.Error:
        return None
    try:
        ready = at_head(conn)
    except sqlite3.Error:  # not a database, locked...: the engine's path says what it is
        ready = False
    if not ready:
        conn.close()
        return None
    conn.execute(f"PRAGMA busy_timeout={BUSY_MS}")
    tighten(path)  # as the engine does on every connect: an old file made owner-only
    return SqliteReader(conn)


def at_head(conn: sqlite3.Connection) -> bool:
    """In WAL mode with exactly the schema head recorded (nothing to create or upgrade)."""
    (mode,) = conn.execute("PRAGMA journal_mode").fetchone()
    if mode != "wal":
        return False
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if found is None:
        return False
    return conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]


class SqliteReader:
    """Runs :class:`~callshop_pos.db.query.Query` objects on a ``sqlite3`` connection,
    binding and decoding the values by their codecs (db/codecs.py); a context manager that
    closes the connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> SqliteReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.conn.close()

    def rows(
        self, query: Query, params: Mapping[str, Any], batch: int | None = None
    ) -> Iterator[Any]:
        codecs = dict(query.params)
        bound = {}
        for name, value in params.items():
            encode = ENCODE[codecs[name]]
            bound[name] = value if value is None or encode is None else encode(value)
        decoders = [
            (i, decode)
            for i, column in enumerate(query.columns)
            if (decode := DECODE[column.codec]) is not None
        ]
        make = query.row._make  # type: ignore[attr-defined]
        try:
            cursor = self.conn.execute(query.sql, bound)
            try:
                cursor.arraysize = batch or FETCH
                while chunk := cursor.fetchmany():
                    for raw in chunk:
                        values = list(raw)
                        for i, decode in decoders:
                            if values[i] is not None:
                                values[i] = decode(values[i])
                        yield make(values)
            finally:
                cursor.close()
        except sqlite3.Error as exc:
            raise ReadError(f"database: {exc}") from None
