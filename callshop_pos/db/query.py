"""A read query written once and run two ways: by SQLAlchemy on any backend
(db/core_read.py) or by ``sqlite3`` alone (db/sqlite_read.py, the one-shot commands' fast
path on a SQLite file).

A :class:`Table` names the columns a reader needs with each one's codec (db/codecs.py: money,
UTC time, int, text, bool); a :class:`Query` is one SQL text with ``:name`` parameters (both
``sqlite3`` and SQLAlchemy's ``text()`` take them), the typed columns it returns and the
codecs of its parameters. Both readers bind and decode through the same codecs, so a row
reads the same (``Decimal``, aware UTC ``datetime``, ``bool``) whichever ran it. Light: no
SQLAlchemy here. tests/db/test_read_queries.py holds every table's codecs to the models' types.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from callshop_pos.db.codecs import CODECS


@dataclass(frozen=True)
class Column:
    """A table's column as a query returns it (under ``label``), with its codec."""

    table: str
    name: str
    codec: str
    label: str

    def as_(self, label: str) -> Column:
        return Column(self.table, self.name, self.codec, label)

    @property
    def sql(self) -> str:
        # quoted: a column may be named like a keyword ("precision" in PostgreSQL)
        return f'{self.table}."{self.name}" AS "{self.label}"'


@dataclass(frozen=True)
class Table:
    """The columns of ``name`` some reader needs, each with its codec."""

    name: str
    codecs: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, name: str, codecs: Mapping[str, str]) -> Table:
        unknown = set(codecs.values()) - set(CODECS)
        if unknown:
            raise ValueError(f"{name}: unknown codecs {sorted(unknown)}")
        return cls(name, tuple(codecs.items()))

    def __getitem__(self, column: str) -> Column:
        return Column(self.name, column, dict(self.codecs)[column], column)


@dataclass(frozen=True)
class Query:
    """One SQL text, its result columns (in order) and its parameters' codecs."""

    sql: str
    columns: tuple[Column, ...]
    params: tuple[tuple[str, str], ...] = ()

    @property
    def row(self) -> type[tuple[Any, ...]]:
        """The rows' type: a named tuple of the columns' labels."""
        return _row_type(tuple(c.label for c in self.columns))


def select(columns: Sequence[Column], rest: str, params: Mapping[str, str] | None = None) -> Query:
    """``SELECT <columns> <rest>``: the select list made from the typed columns, so the text
    and the columns' types cannot disagree."""
    head = ", ".join(c.sql for c in columns)
    return Query(f"SELECT {head} {rest}", tuple(columns), tuple((params or {}).items()))


@lru_cache(maxsize=64)
def _row_type(labels: tuple[str, ...]) -> type[tuple[Any, ...]]:
    return namedtuple("Row", labels)


class Reader(Protocol):
    """Runs a :class:`Query`: its rows (named tuples, decoded by the columns' codecs)."""

    def rows(
        self, query: Query, params: Mapping[str, Any], batch: int | None = None
    ) -> Iterator[Any]:
        """The rows, fetched ``batch`` at a time when given (streamed, memory of a batch)."""
        ...


def first(reader: Reader, query: Query, params: Mapping[str, Any]) -> Any | None:
    """``query``'s first row, or None (the rest is not fetched)."""
    found = reader.rows(query, params)
    try:
        return next(found, None)
    finally:
        close = getattr(found, "close", None)
        if close is not None:
            close()
