"""Where the shop's database is: the default file, and a ``--db`` target (a path or an
SQLAlchemy URL) as a URL. Light (no SQLAlchemy): the read-only SQLite path of the one-shot
commands resolves the target exactly as db/engine.py's :func:`open_database` does."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "callshop-pos"
SQLITE_PREFIX = "sqlite:///"


def default_database_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False, ensure_exists=True) / "callshop.db"


def database_url(target: str | Path | None) -> str:
    """A path or an SQLAlchemy URL (``postgresql+psycopg://...``) -> a URL."""
    if target is None:
        return f"{SQLITE_PREFIX}{default_database_path()}"
    text = str(target)
    if "://" in text:
        return text
    return f"{SQLITE_PREFIX}{Path(text).expanduser().resolve()}"


def plain_sqlite_file(url: str) -> Path | None:
    """The file of a URL of the form :func:`database_url` makes, ``sqlite:///PATH`` (the
    file SQLAlchemy opens for it), or None for anything else or in doubt: another backend
    or driver, memory, a query string, an escaped character."""
    if not url.startswith(SQLITE_PREFIX):
        return None
    name = url.removeprefix(SQLITE_PREFIX)
    if not name or name == ":memory:" or any(c in name for c in "?#%"):
        return None
    return Path(name)
