"""The fast import path: a deck parsed straight into the database's stored forms and, on
SQLite, a big load into an (almost) empty table with its plain indexes built afterwards.
The database must come out exactly as the row-by-row path leaves it, and a failure must
leave it exactly as it was."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import AuditLog, Rate, Tariff
from callshop_pos.rating.deck import DeckError, parse_deck, parse_deck_values, write_deck
from callshop_pos.rating.terms import RateRow, row_values
from callshop_pos.services import rates
from callshop_pos.services.rates import create_tariff, import_deck_file, load_rows

NOW = datetime(2025, 6, 1, tzinfo=UTC)
T0 = datetime(2025, 1, 1, tzinfo=UTC)
BIG = rates._INDEX_AFTER_ROWS + 5_000


def deck_rows(n: int, first: int = 10_000_000) -> list[RateRow]:
    return [
        RateRow(
            str(first + i),
            f"Area {i % 300}",
            Decimal(f"0.{i % 997 + 1:04d}"),
            Decimal(f"0.{i % 89 + 1:03d}"),
            1 if i % 3 else 60,
            6 if i % 2 else 60,
            forbidden=i % 101 == 0,
            grace_enabled=i % 7 == 0,
            activation=T0,
            expiration=datetime(2030, 1, 1, tzinfo=UTC) if i % 5 == 0 else None,
        )
        for i in range(n)
    ]


def shop(url: str, *tariffs: str) -> Database:
    db = open_database(url)
    with db.session() as s:
        for name in tariffs:
            create_tariff(s, name, currency="EUR")
    return db


def indexes(db: Database) -> list[tuple[str, str]]:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'rates' ORDER BY name"
        ).fetchall()


def statements(db: Database) -> list[str]:
    seen: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


def test_stored_forms_from_the_parse_are_the_codec_s_encoding_of_its_values(db_url) -> None:
    db = open_database(db_url)
    codec = rates._Codec(db.engine.dialect)
    text = write_deck(deck_rows(2_000)) + "99,No date,0.5,,,,,,,\n"
    plain = parse_deck_values(text, now=NOW)
    stored = parse_deck_values(text, now=NOW, convert=codec.converters())
    assert stored == [codec.encode(values) for values in plain]
    db.dispose()


@pytest.mark.parametrize(
    "line, message",
    [
        ("1,A,0.1,,,,,,2025-02-01,2025-01-01", "line 4, column expiration_date: expiration"),
        ("10000000,A,0.1,,,,,,2025-01-01,", "line 4, column prefix: duplicate prefix"),
    ],
)
def test_bad_rows_are_refused_alike_in_stored_forms(line: str, message: str) -> None:
    from sqlalchemy.dialects import sqlite

    text = write_deck(deck_rows(2)) + line + "\n"
    convert = rates._Codec(sqlite.dialect()).converters()
    refusals = []
    for kwargs in ({}, {"convert": convert}):
        with pytest.raises(DeckError) as refused:
            parse_deck_values(text, now=NOW, **kwargs)
        refusals.append(str(refused.value))
    assert refusals[0].startswith(message) and refusals[1] == refusals[0]


def test_a_big_import_stores_every_row_and_leaves_a_valid_schema(db_url, tmp_path) -> None:
    db = shop(db_url, "Big")
    deck = tmp_path / "deck.csv"
    deck.write_text(write_deck(deck_rows(BIG)), encoding="utf-8")
    result = import_deck_file(db, deck, tariff="Big", now=NOW)
    assert (result.added, result.total) == (BIG, BIG)
    with db.read() as s:
        tariff = s.scalar(select(Tariff).where(Tariff.name == "Big"))
        assert tariff is not None and tariff.revision == 1
        assert load_rows(s, tariff) == sorted(
            parse_deck(deck.read_bytes(), now=NOW), key=lambda r: (r.prefix, r.activation)
        )
        logged = s.scalars(select(AuditLog).where(AuditLog.action == "rates.import")).all()
        assert len(logged) == 1 and f'"added": {BIG}' in logged[0].details
    assert db.check() == []
    db.dispose()


def test_sqlite_builds_the_plain_indexes_after_a_big_load_into_an_empty_table(
    tmp_path: Path,
) -> None:
    db = shop(str(tmp_path / "shop.db"), "Big")
    before = indexes(db)
    seen = statements(db)
    deck = tmp_path / "deck.csv"
    deck.write_text(write_deck(deck_rows(BIG)), encoding="utf-8")
    import_deck_file(db, deck, tariff="Big", now=NOW)
    dropped = [sql for sql in seen if sql.startswith("DROP INDEX")]
    assert dropped == ['DROP INDEX "ix_rates_area"']  # the one plain index (migration 0012)
    assert indexes(db) == before  # the very same indexes, by the very same SQL
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        plan = conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM rates WHERE tariff_id = 1 AND area_name = 'x'"
        ).fetchall()
    assert any("ix_rates_area" in str(row) for row in plan), plan
    db.dispose()


def test_a_tariffs_rows_are_found_by_an_index_without_one_of_their_own(tmp_path: Path) -> None:
    db = shop(str(tmp_path / "shop.db"), "Big")
    with db.engine.connect() as conn:
        for table, owner in (("rates", "tariff_id"), ("routes", "destination_set_id")):
            plan = conn.exec_driver_sql(
                f"EXPLAIN QUERY PLAN SELECT id FROM {table} WHERE {owner} = 1"
            ).fetchall()
            assert "SEARCH" in str(plan) and "USING" in str(plan), plan
            assert not any(f"ix_{table}_{owner}" in str(row) for row in plan), plan
    db.dispose()


def test_a_table_holding_more_rows_keeps_its_indexes_during_the_load(tmp_path: Path) -> None:
    db = shop(str(tmp_path / "shop.db"), "Old", "Big")
    old = tmp_path / "old.csv"
    old.write_text(write_deck(deck_rows(BIG + 1_000, first=20_000_000)), encoding="utf-8")
    import_deck_file(db, old, tariff="Old", now=NOW)
    seen = statements(db)
    deck = tmp_path / "deck.csv"
    deck.write_text(write_deck(deck_rows(BIG)), encoding="utf-8")
    import_deck_file(db, deck, tariff="Big", now=NOW)
    assert not [sql for sql in seen if "INDEX" in sql]  # rebuilding would cost more
    db.dispose()


def test_a_failed_big_load_leaves_the_indexes_rows_and_revision_as_they_were(
    tmp_path: Path,
) -> None:
    db = shop(str(tmp_path / "shop.db"), "Big")
    before = indexes(db)
    codec = rates._Codec(db.engine.dialect)
    stored = [codec.encode(row_values(row)) for row in deck_rows(BIG)]
    # interval 0 passes no deck, but the table's CHECK refuses it: the last row fails
    stored[-1] = (*stored[-1][:4], 0, *stored[-1][5:])
    with pytest.raises(IntegrityError, match="CHECK"), db.session() as s:
        tariff = s.scalar(select(Tariff).where(Tariff.name == "Big"))
        assert tariff is not None
        rates.store_stored(s, tariff, stored)
    assert indexes(db) == before
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Rate)) == 0
        assert s.scalar(select(Tariff.revision)) == 0
        assert s.scalar(select(func.count()).where(AuditLog.action == "rates.import")) == 0
    db.dispose()


@pytest.mark.parametrize("extra", [0, 1, rates._ROWS_PER_STATEMENT - 1])
def test_sqlite_stores_whole_groups_in_many_rows_statements_and_the_rest_one_by_one(
    tmp_path: Path, extra: int
) -> None:
    db = shop(str(tmp_path / "shop.db"), "Grouped")
    groups = 2 * rates._STATEMENTS_PER_CALL + 3  # three calls' worth of statements
    rows = deck_rows(groups * rates._ROWS_PER_STATEMENT + extra)
    deck = tmp_path / "deck.csv"
    deck.write_text(write_deck(reversed(rows)), encoding="utf-8")  # stored in prefix order
    seen = statements(db)
    result = import_deck_file(db, deck, tariff="Grouped", now=NOW)
    assert (result.added, result.total) == (len(rows), len(rows))
    inserts = [sql for sql in seen if sql.startswith("INSERT INTO rates")]
    many = [sql for sql in inserts if sql.count("(1, ?") == rates._ROWS_PER_STATEMENT]
    assert len(many) == 3  # one executemany per batch of statements
    assert len(inserts) == 3 + (extra > 0)
    with db.read() as s:
        stored = s.execute(select(Rate.id, Rate.prefix).order_by(Rate.id)).all()
        assert [prefix for _id, prefix in stored] == [row.prefix for row in rows]
        assert [row_id for row_id, _p in stored] == list(range(1, len(rows) + 1))
        tariff = s.scalar(select(Tariff).where(Tariff.name == "Grouped"))
        assert tariff is not None
        assert load_rows(s, tariff) == rows
    db.dispose()


def test_the_import_command_does_not_load_the_quote_engine(tmp_path: Path) -> None:
    """``rates import`` in a fresh interpreter, as the owner runs it: the rows are stored,
    and what only quoting needs (the prefix index, the rate lookup) is never imported."""
    path = tmp_path / "shop.db"
    shop(str(path), "Retail").dispose()
    deck = tmp_path / "deck.csv"
    deck.write_text(write_deck(deck_rows(500)), encoding="utf-8")
    argv = ["--db", str(path), "rates", "import", str(deck), "--tariff", "Retail"]
    code = (
        "import sys\n"
        "from callshop_pos.cli.main import main\n"
        f"code = main({argv!r})\n"
        "print(' '.join(sys.modules))\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    said, modules = done.stdout.splitlines()
    assert said == "tariff 'Retail': 500 added, 0 updated, 0 removed, 500 in total"
    unwanted = ("callshop_pos.rating.index", "callshop_pos.services.rate_lookup")
    assert [m for m in unwanted if m in modules.split()] == []
    db = open_database(path)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Rate)) == 500
    db.dispose()
