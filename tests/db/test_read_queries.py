"""The read path without SQLAlchemy shares everything it can with the one through it: the
codecs are the column types' own conversions (checked against what SQLAlchemy really writes
and reads in a SQLite file), every table spec is typed as the models type it, the ``--db``
target resolves to the file SQLAlchemy opens, and the head it trusts is alembic's."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import bindparam, column, create_engine, text
from sqlalchemy.engine import make_url

from callshop_pos.cli import cmd_calls
from callshop_pos.db import codecs, sqlite_read
from callshop_pos.db.core_read import TYPES
from callshop_pos.db.engine import MIGRATIONS, alembic_config, make_engine
from callshop_pos.db.location import database_url, plain_sqlite_file
from callshop_pos.db.models import Base
from callshop_pos.db.types import Money, UTCDateTime
from callshop_pos.services import rate_lookup

TIMES = [
    datetime(2025, 3, 4, tzinfo=UTC),
    datetime(2025, 3, 4, 23, 59, 59, 999_999, tzinfo=UTC),
    datetime(2025, 3, 4, 12, 0, 0, 1, tzinfo=timezone(timedelta(hours=5, minutes=30))),
    datetime(2025, 3, 4, 1, 2, 3, 456_789),  # naive: taken as UTC
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(999, 12, 31, 23, 0, tzinfo=UTC),  # a year of three digits: still 4 wide
    datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
]
AMOUNTS = [
    Decimal("0"),
    Decimal("0.000001"),
    Decimal("-0.123456"),
    Decimal("12.50"),
    Decimal("999999999999.999999"),
    Decimal("1E+3"),
]


def through_sqlalchemy(tmp_path: Path, sql_type: str, type_: object, values: list) -> tuple:
    """``values`` written by SQLAlchemy as ``type_`` into a real SQLite file: what the file
    holds (read by sqlite3) and what SQLAlchemy reads back."""
    path = tmp_path / "codecs.db"
    engine = create_engine(f"sqlite:///{path}")
    try:
        insert = text("INSERT INTO t (v) VALUES (:v)").bindparams(bindparam("v", type_=type_))
        with engine.begin() as conn:
            conn.exec_driver_sql(f"CREATE TABLE t (v {sql_type})")
            for value in values:
                conn.execute(insert, {"v": value})
        query = text("SELECT v FROM t ORDER BY rowid").columns(column("v", type_))
        with engine.connect() as conn:
            read = conn.scalars(query).all()
    finally:
        engine.dispose()
    with sqlite3.connect(path) as raw:
        stored = [value for (value,) in raw.execute("SELECT v FROM t ORDER BY rowid")]
    return stored, read


def test_times_are_the_text_sqlalchemy_writes_and_read_back_as_it_reads(tmp_path) -> None:
    stored, read = through_sqlalchemy(tmp_path, "DATETIME", UTCDateTime(), TIMES)
    assert stored == [codecs.utc_text(at) for at in TIMES]
    assert read == [codecs.utc_from_text(value) for value in stored]
    assert all(at.tzinfo is UTC for at in read)
    # SQLite's text compares as the times do (the --from/--to bounds rely on it)
    assert sorted(stored) == [codecs.utc_text(at) for at in sorted(read)]


def test_money_is_the_integer_sqlalchemy_writes_and_reads_back_as_it_reads(tmp_path) -> None:
    stored, read = through_sqlalchemy(tmp_path, "BIGINT", Money(), AMOUNTS)
    assert stored == [codecs.money_to_int(a) for a in AMOUNTS]
    assert [str(a) for a in read] == [str(codecs.money_from_int(v)) for v in stored]
    assert read == AMOUNTS
    with pytest.raises(ValueError, match="more than 6 decimals"):
        codecs.money_to_int(Decimal("0.0000001"))


def test_the_column_types_call_the_codecs(monkeypatch) -> None:
    # one home: Money and UTCDateTime convert through the very functions the fast path uses
    seen: list[str] = []
    for name in ("money_to_int", "money_from_int", "utc_naive", "utc_aware"):
        real = getattr(codecs, name)
        monkeypatch.setattr(
            f"callshop_pos.db.types.{name}",
            lambda value, _real=real, _name=name: seen.append(_name) or _real(value),
        )
    dialect = create_engine("sqlite://").dialect
    assert Money().process_result_value(Money().process_bind_param(Decimal(1), dialect), dialect)
    at = UTCDateTime().process_bind_param(TIMES[0], dialect)
    assert UTCDateTime().process_result_value(at, dialect) == TIMES[0]
    assert seen == ["money_to_int", "money_from_int", "utc_naive", "utc_aware"]


TABLES = [
    rate_lookup.RATES,
    rate_lookup.TARIFFS,
    rate_lookup.PREFERENCES,
    cmd_calls.CALLS,
    cmd_calls.ACCOUNTS,
]


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_every_table_spec_is_typed_as_the_models(table) -> None:
    model = Base.metadata.tables[table.name]
    for name, codec in table.codecs:
        assert isinstance(model.c[name].type, TYPES[codec]), (table.name, name)
        # and the other way round: a money or time column is never read as plain text
        assert type(model.c[name].type) is TYPES[codec] or codec in (codecs.INT, codecs.TEXT)


def test_every_query_selects_what_it_declares() -> None:
    queries = [
        rate_lookup.TARIFF_QUERY,
        rate_lookup.PREFERENCES_QUERY,
        rate_lookup.candidate_query(3),
        cmd_calls.BOOTH_QUERY,
        cmd_calls.list_query(1, cmd_calls._bound("2025-01-01"), None, 5)[0],
    ]
    for query in queries:
        for col in query.columns:
            assert col.sql in query.sql
            assert (col.name, col.codec) in dict.fromkeys(
                next(t for t in TABLES if t.name == col.table).codecs
            )


@pytest.mark.parametrize(
    "url",
    ["sqlite:////tmp/x/shop.db", "sqlite:///shop.db", "sqlite:///./a b/ü.db", "sqlite:////t/x"],
)
def test_a_plain_sqlite_url_is_the_file_sqlalchemy_opens(url) -> None:
    assert plain_sqlite_file(url) == Path(make_url(url).database or "")


def test_a_path_resolves_as_open_database_resolves_it(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for target in ("shop.db", "./sub/../shop.db", str(tmp_path / "shop.db")):
        url = database_url(target)
        assert make_engine(url).url.database == str(plain_sqlite_file(url))
        assert plain_sqlite_file(url) == tmp_path / "shop.db"


def test_the_head_the_fast_path_trusts_is_alembics(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    config = alembic_config(engine)
    assert config.get_main_option("script_location") == str(MIGRATIONS)
    assert ScriptDirectory.from_config(config).get_current_head() == sqlite_read.HEAD
    engine.dispose()
