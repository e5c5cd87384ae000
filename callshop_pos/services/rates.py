"""Storing rate decks: a tariff's rates (sell prices) or a destination set's routes (buy prices).

The rating package parses and writes deck files (pure); this module puts rows into the
database and reads them back. Storing is diff-based: only rows that are new, changed or gone
are written, through Core ``executemany`` (no ORM objects per row), so a 250,000-row deck
stores in seconds and re-importing an unchanged deck writes nothing at all.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from itertools import chain, islice
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Boolean, Dialect, column, delete, func, insert, select, table
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement, TableClause
from sqlalchemy.types import TypeEngine

from callshop_pos.db.engine import Database
from callshop_pos.db.models import DestinationSet, Rate, Route, Tariff
from callshop_pos.db.types import Money, UTCDateTime, utcnow
from callshop_pos.errors import CallshopError, NotFound
from callshop_pos.rating.deck import Converters, parse_deck_values, write_deck
from callshop_pos.rating.terms import RATE_FIELDS, RateRow, RowValues, row_values
from callshop_pos.services import setup_schema, validation
from callshop_pos.services.audit import audit
from callshop_pos.services.setup_values import check_values

Owner = Tariff | DestinationSet
Mode = Literal["replace", "merge"]
MODES: tuple[Mode, ...] = ("replace", "merge")

_CHUNK = 500  # ids per DELETE ... IN (...): well under SQLite's bound-parameter limit


@dataclass(frozen=True)
class StoreResult:
    added: int
    updated: int
    removed: int
    total: int  # rows of the owner after storing

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def __str__(self) -> str:
        return (
            f"{self.added} added, {self.updated} updated, {self.removed} removed, "
            f"{self.total} in total"
        )


def _table(owner: Owner) -> tuple[type[Rate] | type[Route], Any]:
    """The row model of ``owner`` and the column pointing back to it."""
    if isinstance(owner, Tariff):
        return Rate, Rate.tariff_id
    return Route, Route.destination_set_id


def _cached(process: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    """A type processor memoised by value. Decks repeat a few hundred prices and a handful of
    dates, so converting each distinct value once (instead of per row through SQLAlchemy's
    bind/result processing) is what makes a 250,000-row store take seconds, not tens."""
    if process is None:
        return lambda value: value
    seen: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            result = seen[value] = process(value)
            return result

    return convert


class _Codec:
    """RateRow <-> the database's own values (scaled ints, the dialect's date format), with
    the very processors of the Money/UTCDateTime/Boolean column types, so rows written here
    are byte-identical to rows the ORM writes. Diffing is done on these raw tuples."""

    def __init__(self, dialect: Dialect) -> None:
        def bind(kind: TypeEngine[Any]) -> Callable[[Any], Any]:
            return _cached(kind.dialect_impl(dialect).bind_processor(dialect))

        def result(kind: TypeEngine[Any]) -> Callable[[Any], Any]:
            return _cached(kind.dialect_impl(dialect).result_processor(dialect, None))

        self.money_in, self.money_out = bind(Money()), result(Money())
        self.when_in, self.when_out = bind(UTCDateTime()), result(UTCDateTime())
        self.flag_in, self.flag_out = bind(Boolean()), result(Boolean())

    def converters(self) -> Converters:
        """The stored forms for parse_deck_values: a deck parsed straight into raw rows."""
        return Converters(self.money_in, self.when_in, self.flag_in)

    def encode(self, values: RowValues) -> tuple[Any, ...]:
        p, a, p1, pn, i1, i_n, forbidden, grace, act, exp = values
        flag, money, when = self.flag_in, self.money_in, self.when_in
        return (
            p,
            a,
            money(p1),
            money(pn),
            i1,
            i_n,
            flag(forbidden),
            flag(grace),
            when(act),
            when(exp),
        )

    def decode(self, raw: Sequence[Any]) -> RateRow:
        p, a, p1, pn, i1, i_n, forbidden, grace, act, exp = raw
        money, when = self.money_out, self.when_out
        return RateRow(
            p,
            a,
            money(p1),
            money(pn),
            i1,
            i_n,
            bool(forbidden),
            bool(grace),
            when(act),
            when(exp),
        )


def _raw(model: type[Rate] | type[Route]) -> TableClause:
    """The model's table with untyped columns: values pass through unprocessed."""
    fk = "tariff_id" if model is Rate else "destination_set_id"
    return table(model.__tablename__, column("id"), column(fk), *map(column, RATE_FIELDS))


def _driver(
    session: Session, statement: ClauseElement, rows: list[dict[str, Any]] | None = None
) -> Any:
    """Run ``statement`` straight through the DB-API cursor (executemany for ``rows``):
    values are already in the database's form, so SQLAlchemy's per-row parameter handling
    (a second per row for 250,000 rows) is skipped."""
    connection = session.connection()
    keys = list(rows[0]) if rows else None  # an INSERT of just these columns
    compiled = statement.compile(dialect=connection.dialect, column_keys=keys)
    assert isinstance(compiled, SQLCompiler)  # a statement compiles with the SQL compiler
    params: list[Any] = rows if rows is not None else [compiled.params]
    if compiled.positiontup is not None:  # qmark/format drivers (SQLite) take tuples
        order = compiled.positiontup
        params = [tuple(row[name] for name in order) for row in params]
    if rows is None:
        return connection.exec_driver_sql(str(compiled), params[0])
    return connection.exec_driver_sql(str(compiled), params)


# SQLite's page cache during a bulk insert, in KiB (negative = KiB in PRAGMA cache_size):
# the default 2 MB cannot hold the indexes of a 250,000-row deck, so every insert would go
# back to the file for its index pages. Only the cache size changes; durability does not.
# A bigger deck gets a cache its size (a third of a KiB a row holds the table and its index:
# a million rows took 3.8 s to insert instead of 5.6 s with 64 MB), up to 1 GiB; SQLite takes
# the memory only for pages the load really touches.
_BULK_CACHE_KIB = 65_536
_BULK_CACHE_MAX_KIB = 1 << 20


def _bulk_cache_kib(rows: int) -> int:
    return min(max(_BULK_CACHE_KIB, rows // 3), _BULK_CACHE_MAX_KIB)


def _insert(
    session: Session,
    model: type[Rate] | type[Route],
    fk_name: str,
    owner_id: int,
    fresh: list[tuple[Any, ...]],
) -> None:
    """Store ``fresh`` (raw values in RATE_FIELDS order) for ``owner_id`` in one statement:
    COPY on PostgreSQL, one executemany elsewhere."""
    # In prefix order the unique index grows at its right edge instead of being split all
    # over: a third of the insert time on a big deck (the sort is stable, and an exported
    # deck comes sorted already, which the sort only has to confirm).
    fresh.sort(key=_PREFIX)
    connection = session.connection()
    names = (fk_name, *RATE_FIELDS)
    dialect = connection.dialect.name
    if dialect == "postgresql":
        _copy(connection, model.__tablename__, names, owner_id, fresh)
        return
    if dialect == "sqlite":
        if len(fresh) > 10_000:
            previous = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
            connection.exec_driver_sql(f"PRAGMA cache_size = -{_bulk_cache_kib(len(fresh))}")
            try:
                with _secondary_indexes_after(connection, model.__tablename__, len(fresh)):
                    _insert_sqlite(connection, model.__tablename__, names, owner_id, fresh)
            finally:
                # The pooled connection gets its usual (small) cache back.
                connection.exec_driver_sql(f"PRAGMA cache_size = {int(previous)}")
        else:
            _insert_sqlite(connection, model.__tablename__, names, owner_id, fresh)
        return
    # any other database: SQLAlchemy's executemany with named parameters
    compiled = insert(_raw(model)).compile(dialect=connection.dialect, column_keys=list(names))
    params = [dict(zip(names, (owner_id, *values), strict=True)) for values in fresh]
    connection.exec_driver_sql(str(compiled), params)  # pragma: no cover - SQLite and PG only


# Rows per INSERT ... VALUES (...), (...), ... on SQLite: 900 parameters, under the 999 of
# SQLite's oldest builds. One statement step per 90 rows instead of per row takes a third
# off the insert of a big deck (measured at 250,000 rows); the rows go in the same order,
# so they get the same ids as one executemany of single rows would give them.
_ROWS_PER_STATEMENT = 90
# Statements' parameters handed to one executemany: a bounded slice of the deck at a time.
_STATEMENTS_PER_CALL = 256


def _insert_sqlite(
    connection: Any,
    table_name: str,
    names: tuple[str, ...],
    owner_id: int,
    rows: list[tuple[Any, ...]],
) -> None:
    """``rows`` (raw values in RATE_FIELDS order) into ``table_name`` for ``owner_id``, in
    order: whole groups of _ROWS_PER_STATEMENT through a many-rows INSERT, the rest one by
    one. The owner's id (an int) is written into the statement, so a row's parameters are
    its raw tuple itself, not a copy with the id in front."""
    one = f"({int(owner_id)}, {', '.join('?' * len(RATE_FIELDS))})"
    head = f"INSERT INTO {table_name} ({', '.join(names)}) VALUES "
    whole = len(rows) - len(rows) % _ROWS_PER_STATEMENT
    if whole:
        many = head + ", ".join([one] * _ROWS_PER_STATEMENT)
        # each statement's parameters: the next group's values, flattened (zip's tuples)
        values = chain.from_iterable(islice(rows, whole))
        groups = zip(*[values] * (_ROWS_PER_STATEMENT * len(RATE_FIELDS)), strict=False)
        while batch := list(islice(groups, _STATEMENTS_PER_CALL)):
            connection.exec_driver_sql(many, batch)
    if whole < len(rows):
        connection.exec_driver_sql(head + one, rows[whole:])


# Rows from which a bulk insert into a table holding no more rows than it brings builds the
# table's plain indexes afterwards (one sorted pass each) instead of row by row.
_INDEX_AFTER_ROWS = 50_000


@contextmanager
def _secondary_indexes_after(connection: Any, table_name: str, rows: int) -> Iterator[None]:
    """On SQLite, inside the open transaction: the table's non-unique indexes dropped for a
    big insert into a (nearly) empty table and created again, from their very SQL, once it
    is done. The unique constraints stay in force throughout, and SQLite's DDL is part of
    the transaction: a failed insert rolls the drop back with it, and other connections
    see the indexes as they were until the commit."""
    driver = connection.connection.dbapi_connection
    largest = connection.exec_driver_sql(f"SELECT max(id) FROM {table_name}").scalar()
    if rows < _INDEX_AFTER_ROWS or not driver.in_transaction or (largest or 0) > rows:
        yield
        return
    indexes = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
        " AND sql IS NOT NULL",
        (table_name,),
    ).fetchall()
    plain = [(name, sql) for name, sql in indexes if not sql.upper().startswith("CREATE UNIQUE")]
    for name, _sql in plain:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, sql in plain:
        connection.exec_driver_sql(sql)


def _copy(
    connection: Any,
    table_name: str,
    names: tuple[str, ...],
    owner_id: int,
    rows: list[tuple[Any, ...]],
) -> None:
    """PostgreSQL's COPY ... FROM STDIN through psycopg, in the session's transaction."""
    driver_connection = connection.connection.dbapi_connection
    statement = f"COPY {table_name} ({', '.join(names)}) FROM STDIN"
    with driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
        write = copy.write_row
        for values in rows:
            write((owner_id, *values))


_PREFIX = itemgetter(0)


def _codec(session: Session) -> _Codec:
    return _Codec(session.get_bind().dialect)


def _load_raw(session: Session, owner: Owner) -> dict[tuple[Any, Any], tuple[int, tuple[Any, ...]]]:
    """The owner's rows as (id, raw values), by (prefix, raw activation)."""
    model, fk = _table(owner)
    raw = _raw(model)
    columns = [raw.c[name] for name in RATE_FIELDS]
    query = select(raw.c.id, *columns).where(raw.c[fk.key] == owner.id)
    rows = _driver(session, query).fetchall()
    return {(row[1], row[9]): (row[0], tuple(row[1:])) for row in rows}


def load_rows(session: Session, owner: Owner) -> list[RateRow]:
    """The owner's rows, ordered by prefix then activation (the order decks are written in)."""
    codec = _codec(session)
    rows = [codec.decode(values) for _id, values in _load_raw(session, owner).values()]
    return sorted(rows, key=lambda r: (r.prefix, r.activation))


def store_rates(
    session: Session,
    owner: Owner,
    rows: list[RateRow],
    mode: Mode = "replace",
    *,
    user_id: int | None = None,
    source: str = "",
) -> StoreResult:
    """Store ``rows`` as the owner's deck. ``replace``: the owner's rows become exactly
    ``rows``; ``merge``: like rating.deck.merge, a row with the same prefix and activation
    replaces the stored one, new rows are added, the others are kept.
    The owner's revision is bumped (and an audit row written) only when something changed,
    so in-memory prefix indexes are not rebuilt for nothing."""
    return store_values(session, owner, map(row_values, rows), mode, user_id=user_id, source=source)


def store_values(
    session: Session,
    owner: Owner,
    rows: Iterable[RowValues],
    mode: Mode = "replace",
    *,
    user_id: int | None = None,
    source: str = "",
) -> StoreResult:
    """store_rates for rows given as checked value tuples (parse_deck_values): a big
    deck's import, without a RateRow per row."""
    encode = _codec(session).encode
    incoming: dict[tuple[Any, Any], tuple[Any, ...]] = {}
    for row in rows:
        values = encode(row)
        key = (values[0], values[8])
        if key in incoming:
            raise CallshopError(
                f"prefix {row[0]} appears twice with activation {row[8].isoformat()}"
            )
        incoming[key] = values
    return _store(session, owner, incoming, mode, user_id=user_id, source=source)


def store_stored(
    session: Session,
    owner: Owner,
    rows: list[tuple[Any, ...]],
    mode: Mode = "replace",
    *,
    user_id: int | None = None,
    source: str = "",
) -> StoreResult:
    """store_values for rows already in the database's stored form and without a repeated
    (prefix, activation): what parse_deck_values gives with the codec's converters. Into
    an owner without rows they go as they are, with no dict of 250,000 keys to diff."""
    if mode not in MODES:
        raise CallshopError(f"unknown mode {mode!r} (use replace or merge)")
    if owner.id is not None and _is_empty(session, owner):
        return _store(session, owner, {}, mode, user_id=user_id, source=source, fresh=rows)
    incoming = {(values[0], values[8]): values for values in rows}
    return _store(session, owner, incoming, mode, user_id=user_id, source=source)


def _is_empty(session: Session, owner: Owner) -> bool:
    model, fk = _table(owner)
    raw = _raw(model)
    query = select(raw.c.id).where(raw.c[fk.key] == owner.id).limit(1)
    return _driver(session, query).first() is None


def _store(
    session: Session,
    owner: Owner,
    incoming: dict[tuple[Any, Any], tuple[Any, ...]],
    mode: Mode,
    *,
    user_id: int | None,
    source: str,
    fresh: list[tuple[Any, ...]] | None = None,
) -> StoreResult:
    """Diff ``incoming`` (stored forms by prefix and raw activation) against the owner's
    rows and write the difference; ``fresh``: the rows of an owner known to have none."""
    if mode not in MODES:
        raise CallshopError(f"unknown mode {mode!r} (use replace or merge)")
    if owner.id is None:
        session.flush()  # a new owner needs its id before its rows can point at it
    model, fk = _table(owner)
    if fresh is not None:
        result = StoreResult(len(fresh), 0, 0, len(fresh))
        if fresh:
            _bump(session, owner, mode, source, user_id, result)
            _insert(session, model, fk.key, owner.id, fresh)
        session.flush()
        return result
    # raw rows compare equal to encoded ones as they are: a driver's 0/1 equals True/False
    current = _load_raw(session, owner)
    if mode == "replace":
        gone_ids = [row_id for key, (row_id, _v) in current.items() if key not in incoming]
    else:
        gone_ids = []
    added = [values for key, values in incoming.items() if key not in current]
    changed = [
        (current[key][0], values)
        for key, values in incoming.items()
        if key in current and current[key][1] != values
    ]
    # a changed row is rewritten (delete + insert): rate ids are never referenced (calls keep
    # a snapshot of the rate), and one executemany insert is far faster than row updates
    stale_ids = gone_ids + [row_id for row_id, _values in changed]
    for start in range(0, len(stale_ids), _CHUNK):
        session.execute(delete(model).where(model.id.in_(stale_ids[start : start + _CHUNK])))
    new_rows = added + [values for _id, values in changed]
    total = len(current) - len(gone_ids) + len(added)
    result = StoreResult(len(added), len(changed), len(gone_ids), total)
    if result.changed:
        _bump(session, owner, mode, source, user_id, result)
    if new_rows:
        _insert(session, model, fk.key, owner.id, new_rows)
    session.flush()
    return result


def _bump(
    session: Session,
    owner: Owner,
    mode: Mode,
    source: str,
    user_id: int | None,
    result: StoreResult,
) -> None:
    """The owner's revision moves on (in-memory indexes rebuild) and the audit row is
    written, flushed before the rows go in: the driver bypasses the session, and the
    transaction is then open (SQLite's index swap in _insert relies on it)."""
    owner.revision = (owner.revision or 0) + 1
    audit(
        session,
        "rates.import" if isinstance(owner, Tariff) else "routes.import",
        type(owner).__name__.lower(),
        owner.id,
        user_id,
        name=owner.name,
        mode=mode,
        source=source,
        added=result.added,
        updated=result.updated,
        removed=result.removed,
        total=result.total,
    )
    session.flush()


# --- by name ---------------------------------------------------------------------------------


def find_owner(
    session: Session, *, tariff: str | None = None, destination_set: str | None = None
) -> Owner:
    """The tariff or destination set named (exactly one of the two must be given)."""
    if (tariff is None) == (destination_set is None):
        raise CallshopError("name either a tariff or a destination set")
    if tariff is not None:
        found = session.scalar(select(Tariff).where(Tariff.name == tariff))
        if found is None:
            raise NotFound(f"no tariff named {tariff!r}")
        return found
    found_set = session.scalar(select(DestinationSet).where(DestinationSet.name == destination_set))
    if found_set is None:
        raise NotFound(f"no destination set named {destination_set!r}")
    return found_set


def import_deck_file(
    db: Database,
    path: str | Path,
    *,
    tariff: str | None = None,
    destination_set: str | None = None,
    mode: Mode = "replace",
    now: datetime | None = None,
    user_id: int | None = None,
) -> StoreResult:
    """Parse the deck file completely first (a bad line raises DeckError and nothing is
    stored), then store it in one transaction."""
    file = Path(path)
    # A deck's hundreds of thousands of rows are all kept until stored, and none is part of
    # a reference cycle: collections on the way would only walk them again and again.
    # Parsed straight into the database's stored forms (each distinct price and date
    # converted once): the rows go to executemany/COPY as they come.
    convert = _Codec(db.engine.dialect).converters()
    with _collector_paused():
        rows = parse_deck_values(file.read_bytes(), now=now or utcnow(), convert=convert)
        with db.session() as session:
            owner = find_owner(session, tariff=tariff, destination_set=destination_set)
            return store_stored(session, owner, rows, mode, user_id=user_id, source=file.name)


@contextmanager
def _collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def export_deck(
    db: Database, *, tariff: str | None = None, destination_set: str | None = None
) -> str:
    """The owner's deck as text, in the format import_deck_file reads."""
    with db.read() as session:
        owner = find_owner(session, tariff=tariff, destination_set=destination_set)
        return write_deck(load_rows(session, owner))


# --- tariffs ---------------------------------------------------------------------------------


TARIFF_KINDS = ("retail", "wholesale")


def create_tariff(
    session: Session, name: str, *, user_id: int | None = None, **fields: Any
) -> Tariff:
    """A new, empty tariff; ``fields`` are Tariff columns (currency, connect_fee, ...)."""
    if not name.strip():
        raise CallshopError("a tariff needs a name")
    try:
        name = validation.check_name(name)
    except validation.ValidationError as exc:
        raise validation.ValidationError(f"tariff name: {exc}") from None
    if session.scalar(select(Tariff.id).where(Tariff.name == name)) is not None:
        raise CallshopError(f"a tariff named {name!r} already exists")
    # the same ranges as the set-up file's [[tariffs]] keys
    fields = check_values(setup_schema.TARIFF, fields)
    tariff = Tariff(name=name, **fields)
    session.add(tariff)
    session.flush()
    audit(session, "tariff.create", "tariff", tariff.id, user_id, name=name)
    return tariff


@dataclass(frozen=True)
class TariffSummary:
    tariff: Tariff
    rates: int


def tariff_summaries(session: Session) -> list[TariffSummary]:
    """Every tariff with its number of rates, by name."""
    counts: dict[int, int] = {
        tariff_id: n
        for tariff_id, n in session.execute(
            select(Rate.tariff_id, func.count()).group_by(Rate.tariff_id)
        )
    }
    tariffs = session.scalars(select(Tariff).order_by(Tariff.name))
    return [TariffSummary(t, counts.get(t.id, 0)) for t in tariffs]
