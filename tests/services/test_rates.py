"""Storing rate decks in real SQLite files: replace, merge, bad files, export round trip."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import AuditLog, DestinationSet, Tariff, Vendor
from callshop_pos.errors import CallshopError, NotFound
from callshop_pos.rating.deck import DeckError, write_deck
from callshop_pos.rating.terms import RateRow
from callshop_pos.services.rates import (
    create_tariff,
    export_deck,
    import_deck_file,
    load_rows,
    store_rates,
)

D = Decimal
T0 = datetime(2025, 1, 1, tzinfo=UTC)
T1 = datetime(2026, 1, 1, tzinfo=UTC)
NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


def row(prefix: str, price: str, area: str = "", **kw) -> RateRow:
    return RateRow(prefix, area or f"Area {prefix}", D(price), D(price), activation=T0, **kw)


DECK = [
    row("49", "0.05", "Germany"),
    row("4915", "0.15", "Germany Mobile", interval_1=1, interval_n=1),
    row("7495", "0.09", "Russia Moscow", interval_1=30, interval_n=6),
    row("882", "0", "International Networks", forbidden=True),
    RateRow(
        "90", "Turkey", D("0.0925"), D("0.09"), grace_enabled=True, activation=T0, expiration=T1
    ),
    RateRow("90", "Turkey", D("0.08"), D("0.08"), activation=T1),
]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "shop.db")
    with database.session() as s:
        create_tariff(s, "Street", currency="EUR")
        vendor = Vendor(name="Carrier")
        s.add(vendor)
        s.flush()
        s.add(DestinationSet(name="Carrier A-Z", vendor_id=vendor.id))
    yield database
    database.dispose()


def raw_count(db: Database, table: str) -> int:
    """Rows counted with sqlite3 straight from the file, not through the session."""
    assert db.path is not None
    con = sqlite3.connect(db.path)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def tariff(s, name: str = "Street") -> Tariff:
    found = s.scalar(select(Tariff).where(Tariff.name == name))
    assert found is not None
    return found


def store(db: Database, rows: list[RateRow], mode: str = "replace"):
    with db.session() as s:
        return store_rates(s, tariff(s), rows, mode)  # type: ignore[arg-type]


def test_store_then_load_gives_the_same_rows_in_prefix_order(db: Database) -> None:
    result = store(db, DECK)
    assert (result.added, result.updated, result.removed, result.total) == (6, 0, 0, 6)
    with db.read() as s:
        loaded = load_rows(s, tariff(s))
        assert tariff(s).revision == 1
    assert loaded == sorted(DECK, key=lambda r: (r.prefix, r.activation))
    assert loaded[0].price_1 == D("0.05") and loaded[0].activation.tzinfo is not None
    assert raw_count(db, "rates") == 6


def test_storing_the_same_deck_again_writes_nothing(db: Database) -> None:
    store(db, DECK)
    audits = raw_count(db, "audit_log")
    result = store(db, list(reversed(DECK)))
    assert not result.changed and result.total == 6
    with db.read() as s:
        assert tariff(s).revision == 1  # nothing changed: prefix indexes need no rebuild
    assert raw_count(db, "audit_log") == audits


def test_replace_adds_updates_and_removes(db: Database) -> None:
    store(db, DECK)
    new = [r for r in DECK if r.prefix not in ("882", "7495")]
    new[0] = row("49", "0.04", "Germany")  # cheaper
    new.append(row("380", "0.15", "Ukraine"))
    result = store(db, new)
    assert (result.added, result.updated, result.removed, result.total) == (1, 1, 2, 5)
    with db.read() as s:
        loaded = {r.prefix: r for r in load_rows(s, tariff(s)) if r.prefix != "90"}
        assert tariff(s).revision == 2
        log = s.scalars(select(AuditLog).order_by(AuditLog.id)).all()[-1]
    assert loaded["49"].price_1 == D("0.04") and "882" not in loaded and "380" in loaded
    assert log.action == "rates.import" and log.object_type == "tariff"
    expected = {"added": 1, "updated": 1, "removed": 2, "total": 5, "name": "Street"}
    assert expected.items() <= json.loads(log.details).items()


def test_merge_keeps_what_the_upload_does_not_mention(db: Database) -> None:
    store(db, DECK)
    result = store(db, [row("49", "0.06", "Germany"), row("380", "0.15", "Ukraine")], "merge")
    assert (result.added, result.updated, result.removed, result.total) == (1, 1, 0, 7)
    with db.read() as s:
        loaded = {(r.prefix, r.activation): r for r in load_rows(s, tariff(s))}
    assert loaded[("49", T0)].price_1 == D("0.06")
    assert loaded[("90", T1)].price_1 == D("0.08")  # untouched
    assert len(loaded) == 7


def test_a_deck_with_a_duplicate_key_is_refused(db: Database) -> None:
    with pytest.raises(CallshopError, match="prefix 49 appears twice"):
        store(db, [row("49", "0.05"), row("49", "0.06")])
    assert raw_count(db, "rates") == 0


def test_routes_are_stored_on_the_destination_set(db: Database) -> None:
    with db.session() as s:
        dset = s.scalar(select(DestinationSet))
        assert dset is not None
        result = store_rates(s, dset, DECK[:3])
        assert result.added == 3 and dset.revision == 1
    assert raw_count(db, "routes") == 3 and raw_count(db, "rates") == 0
    assert export_deck(db, destination_set="Carrier A-Z") == write_deck(
        sorted(DECK[:3], key=lambda r: r.prefix)
    )


def test_import_file_then_export_gives_the_file_back(db: Database, tmp_path: Path) -> None:
    deck = tmp_path / "street.csv"
    deck.write_text(write_deck(sorted(DECK, key=lambda r: (r.prefix, r.activation))))
    result = import_deck_file(db, deck, tariff="Street", now=NOW)
    assert result.added == 6
    exported = export_deck(db, tariff="Street")
    assert exported == deck.read_text()
    # and the export imports into another tariff as the very same rows
    with db.session() as s:
        create_tariff(s, "Copy", currency="EUR")
    again = tmp_path / "copy.csv"
    again.write_text(exported)
    import_deck_file(db, again, tariff="Copy", now=NOW)
    with db.read() as s:
        assert load_rows(s, tariff(s, "Copy")) == load_rows(s, tariff(s, "Street"))


def test_a_bad_file_stores_nothing(db: Database, tmp_path: Path) -> None:
    store(db, DECK)
    before = raw_count(db, "rates"), raw_count(db, "audit_log")
    lines = write_deck([row(str(300 + i), "0.10") for i in range(10)]).splitlines()
    lines[7] = lines[7].replace(",0.1,", ",0,1,", 1)  # a decimal comma: one field too many
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(DeckError) as caught:
        import_deck_file(db, bad, tariff="Street", now=NOW)
    assert caught.value.line == 8
    assert str(caught.value).startswith("line 8")
    assert (raw_count(db, "rates"), raw_count(db, "audit_log")) == before


def test_a_bad_cell_names_line_and_column(db: Database, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("prefix,area_name,price_1\n49,Germany,0.05\n4915,Mobile,abc\n")
    with pytest.raises(DeckError) as caught:
        import_deck_file(db, bad, tariff="Street", now=NOW)
    assert (caught.value.line, caught.value.column) == (3, "price_1")
    assert raw_count(db, "rates") == 0


def test_rows_without_activation_activate_now(db: Database, tmp_path: Path) -> None:
    deck = tmp_path / "simple.csv"
    deck.write_text("prefix;area_name;price_1\n44;UK;0,05\n")
    import_deck_file(db, deck, tariff="Street", now=NOW)
    with db.read() as s:
        (only,) = load_rows(s, tariff(s))
    assert only.activation == NOW and only.price_1 == D("0.05")


def test_unknown_names_are_clear_errors(db: Database, tmp_path: Path) -> None:
    deck = tmp_path / "d.csv"
    deck.write_text(write_deck(DECK[:1]))
    with pytest.raises(NotFound, match="no tariff named 'Nope'"):
        import_deck_file(db, deck, tariff="Nope", now=NOW)
    with pytest.raises(NotFound, match="no destination set named 'Nope'"):
        export_deck(db, destination_set="Nope")
    with pytest.raises(CallshopError, match="either a tariff or a destination set"):
        export_deck(db)


def test_create_tariff_refuses_a_second_one_with_the_same_name(db: Database) -> None:
    with db.session() as s, pytest.raises(CallshopError, match="already exists"):
        create_tariff(s, "Street", currency="EUR")
