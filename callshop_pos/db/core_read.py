"""Runs the read queries of db/query.py through SQLAlchemy: on PostgreSQL, and on a SQLite
file the fast path declined (db/sqlite_read.py). Each codec is its SQLAlchemy type here
(money: ``Money``, UTC time: ``UTCDateTime``... the types the models use), so the parameters
are bound and the rows decoded exactly as the models' own columns are."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Connection, Integer, String, TextClause, bindparam, column, text
from sqlalchemy.sql.selectable import TextualSelect
from sqlalchemy.types import TypeEngine

from callshop_pos.db import codecs
from callshop_pos.db.query import Query
from callshop_pos.db.types import Money, UTCDateTime

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# each codec's SQLAlchemy type: what the models' type annotation map gives such a column
TYPES: dict[str, type[TypeEngine[Any]]] = {
    codecs.MONEY: Money,
    codecs.UTC_TIME: UTCDateTime,
    codecs.INT: Integer,
    codecs.TEXT: String,
    codecs.BOOL: Boolean,
}


@lru_cache(maxsize=256)
def statement(query: Query) -> TextualSelect:
    """``query`` as a typed SQLAlchemy text select (made once per query)."""
    clause: TextClause = text(query.sql)
    if query.params:
        clause = clause.bindparams(*(bindparam(n, type_=TYPES[c]()) for n, c in query.params))
    return clause.columns(*(column(c.label, TYPES[c.codec]()) for c in query.columns))


class CoreReader:
    """Runs :class:`~callshop_pos.db.query.Query` objects on a SQLAlchemy connection or
    session; rows are the query's named tuples, as :class:`~callshop_pos.db.sqlite_read.
    SqliteReader` gives them."""

    def __init__(self, conn: Connection | Session) -> None:
        self.conn = conn

    def rows(
        self, query: Query, params: Mapping[str, Any], batch: int | None = None
    ) -> Iterator[Any]:
        stmt = statement(query)
        if batch:
            stmt = stmt.execution_options(yield_per=batch)
        make = query.row._make  # type: ignore[attr-defined]
        result = self.conn.execute(stmt, dict(params))
        try:
            for row in result:
                yield make(row)
        finally:
            result.close()
