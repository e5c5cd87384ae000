"""The owner's rates/routes table in the core: pages, filters, edits, bulk changes, imports,
on a real SQLite file, read back through the rating cache and the audit log."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import AuditLog, DestinationSet, Rate, Tariff
from callshop_pos.rating.deck import parse_deck
from callshop_pos.rating.terms import RateRow
from callshop_pos.services.price_table import (
    PriceTableError,
    PriceTableStore,
    filter_clause,
)
from callshop_pos.services.rates import create_tariff, store_rates
from callshop_pos.services.rating_cache import RatingCache

T0 = datetime(2025, 1, 1, tzinfo=UTC)
NOW = datetime(2025, 6, 1, tzinfo=UTC)


def sample_deck(n: int) -> list[RateRow]:
    """4900-4999 then 100100...: every third area 'Germany Mobile', prices 0.05-0.11."""
    return [
        RateRow(
            str(4900 + i) if i < 100 else str(100_000 + i),
            "Germany Mobile" if i % 3 == 0 else f"Area {i}",
            Decimal("0.0500") + Decimal(i % 7) / 100,
            Decimal("0.04"),
            activation=T0,
        )
        for i in range(n)
    ]


@pytest.fixture
def db(tmp_path) -> Database:
    return open_database(tmp_path / "shop.db")


@pytest.fixture
def store(db: Database) -> PriceTableStore:
    with db.session() as s:
        tariff = create_tariff(s, "Retail", currency="EUR", precision=2)
        store_rates(s, tariff, sample_deck(1200))
        tariff_id = tariff.id
    return PriceTableStore(db, "rates", tariff_id, user_id=None)


def _audits(db: Database, action: str) -> list[dict]:
    with db.read() as s:
        rows = s.scalars(select(AuditLog).where(AuditLog.action == action)).all()
        return [json.loads(r.details) for r in rows]


def _price(db: Database, tariff_id: int, prefix: str) -> Decimal:
    with db.read() as s:
        rate = s.scalar(select(Rate).where(Rate.tariff_id == tariff_id, Rate.prefix == prefix))
        assert rate is not None
        return rate.price_1


def test_pages_by_keyset_cover_every_row_once_in_order(store):
    seen: list[str] = []
    after = None
    while page := store.page("", after, limit=500):
        seen += [r.row.prefix for r in page]
        after = page[-1].key
    assert len(seen) == store.count() == 1200
    assert seen == sorted(seen) and len(set(seen)) == 1200


def test_filter_by_prefix_start_and_by_area_name(store):
    assert store.count("49") == 100
    assert all(r.row.prefix.startswith("490") for r in store.page("490"))
    assert store.count("4999") == 1 and store.count("+4905") == 1
    assert store.count("germany mob") == 400  # contains, any case
    expected = sum(1 for i in range(1200) if i % 3 and "Area 11" in f"Area {i}")
    assert store.count("Area 11") == expected
    assert store.count("50% off") == 0  # % is a character, not a wildcard


def test_all_nines_prefix_filter_has_no_upper_bound():
    clause = filter_clause(Rate, "99")
    assert clause is not None and "<" not in str(clause)


def test_an_edit_is_validated_like_a_deck_line_and_refused_whole(store, db):
    first = store.page("4900")[0]
    with pytest.raises(PriceTableError, match=r"price_1: negative price '-1'"):
        store.edit(first.id, {"price_1": "-1"})
    with pytest.raises(PriceTableError, match=r"interval_1: interval must be positive"):
        store.edit(first.id, {"interval_1": "0"})
    with pytest.raises(PriceTableError, match=r"prefix: prefix must be digits only"):
        store.edit(first.id, {"prefix": "49a"})
    with pytest.raises(PriceTableError, match="already in the table"):
        store.edit(first.id, {"prefix": "4901"})
    assert store.page("4900")[0] == first  # nothing saved
    assert _audits(db, "rates.edit") == []


def test_an_edit_is_saved_audited_and_priced_by_the_running_cache(store, db):
    cache = RatingCache(recheck=0)
    with db.read() as s:
        before = cache.tariff(s, store.owner_id)
        assert before is not None
        assert before.lookup("4900123", NOW).price_1 == Decimal("0.05")
    row = store.page("4900")[0]
    saved = store.edit(row.id, {"price_1": "0,075", "area_name": "=Berlin"})
    assert saved.row.price_1 == Decimal("0.075") and saved.row.area_name == "=Berlin"
    with db.read() as s:
        cache.tariff(s, store.owner_id)  # sees the new revision: rebuilds aside, meanwhile the old
    assert cache.wait_idle(30)
    with db.read() as s:
        after = cache.tariff(s, store.owner_id)
        assert after is not None and after.revision == before.revision + 1
        assert after.lookup("4900123", NOW).price_1 == Decimal("0.075")
    assert before.lookup("4900123", NOW).price_1 == Decimal("0.05")  # a live call's snapshot
    [entry] = _audits(db, "rates.edit")
    assert entry["old"] == {"price_1": "0.05", "area_name": "Germany Mobile"}
    assert entry["new"] == {"price_1": "0.075", "area_name": "'=Berlin"}


def test_add_and_delete(store, db):
    added = store.add({"prefix": "3712", "area_name": "Latvia", "price_1": "0.2"}, now=NOW)
    assert added.row.price_n == Decimal("0.2") and added.row.activation == NOW
    with pytest.raises(PriceTableError, match="price_1: missing price"):
        store.add({"prefix": "3713"})
    assert store.count("3712") == 1 and store.count("3713") == 0
    ids = [r.id for r in store.page("490", limit=3)]
    assert store.delete(ids) == 3
    assert store.count() == 1200 + 1 - 3
    [gone] = _audits(db, "rates.delete")
    assert [r["prefix"] for r in gone["old"]] == ["4900", "4901", "4902"]
    assert _audits(db, "rates.add")[0]["new"]["area_name"] == "Latvia"


def test_bulk_change_on_the_filtered_rows_exact_to_the_cent(store, db):
    tariff_id = store.owner_id
    other = _price(db, tariff_id, "100100")
    result = store.bulk_change("490", percent=Decimal("7.5"))
    # 0.05 * 1.075 = 0.05375 -> 0.05 (2 decimals, half-up: unchanged); 0.06 -> 0.0645 ->
    # 0.06; 0.07 -> 0.07525 -> 0.08; 0.08 -> 0.086 -> 0.09; price_n 0.04 -> 0.043 -> 0.04
    assert result.matched == 10 and result.changed == 6
    assert _price(db, tariff_id, "4900") == Decimal("0.05")
    assert _price(db, tariff_id, "4902") == Decimal("0.08")
    assert _price(db, tariff_id, "100100") == other  # not in the filter
    assert _price(db, tariff_id, "4903") == Decimal("0.09")
    store.bulk_change("4903", amount=Decimal("0.015"))  # 0.09 + 0.015 = 0.105 -> 0.11
    assert _price(db, tariff_id, "4903") == Decimal("0.11")
    with pytest.raises(PriceTableError, match="below zero"):
        store.bulk_change("49", amount=Decimal("-0.06"))
    assert _price(db, tariff_id, "4903") == Decimal("0.11")  # refused whole
    entry = _audits(db, "rates.bulk_change")[0]
    assert entry["percent"] == "7.5" and entry["changed"] == 6 and entry["filter"] == "490"
    assert entry["rows"][0] == {
        "prefix": "4902",
        "price_1": "0.07 -> 0.08",
        "price_n": "0.04 -> 0.04",
    }


def test_import_with_bad_lines_reports_each_and_stores_nothing(store):
    deck = "prefix,price_1\n4401,0.1\n4402,-1\n4403,abc\n4404,0.2\n"
    report = store.import_deck(deck.encode(), source="bad.csv", now=NOW)
    assert report.stored is None
    assert report.bad_lines == [
        "line 3, column price_1: negative price '-1'",
        "line 4, column price_1: bad number 'abc'",
    ]
    assert store.count("44") == 0 and store.count() == 1200


def test_import_progress_and_cancel_leave_the_table_as_it_was(store, monkeypatch):
    from callshop_pos.services import price_table

    monkeypatch.setattr(price_table, "_IMPORT_CHUNK", 100)
    deck = "prefix,price_1\n" + "".join(f"{7000 + i},0.3\n" for i in range(1000))
    seen: list[tuple[str, int, int]] = []
    report = store.import_deck(deck, progress=lambda *p: seen.append(p), now=NOW)
    assert report.stored is not None and report.stored.total == 1000
    assert seen[0] == ("reading", 0, 1000) and ("reading", 500, 1000) in seen
    assert seen[-2:] == [("storing", 0, 0), ("done", 1000, 1000)]
    before = store.page("", limit=2000)
    # cancelled while reading, and cancelled after storing (rolled back)
    for when in ("reading", "storing"):
        phases: list[str] = []

        def cancel_at(phase: str, *_: int, seen: list[str] = phases) -> None:
            seen.append(phase)

        report = store.import_deck(
            "prefix,price_1\n1,0.5\n",
            progress=cancel_at,
            cancelled=lambda w=when, seen=phases: w in seen,
            now=NOW,
        )
        assert report.cancelled and report.stored is None
        assert store.page("", limit=2000) == before


def test_export_then_import_gives_the_same_rows(store, db):
    store.edit(store.page("4901")[0].id, {"area_name": '+Plus, "quoted"', "forbidden": "1"})
    text = store.export()
    rows = parse_deck(text, now=NOW)
    assert len(rows) == 1200
    with db.session() as s:
        s.add(DestinationSet(name="Vendor A"))
    with db.read() as s:
        set_id = s.scalar(select(DestinationSet.id))
    routes = PriceTableStore(db, "routes", set_id)
    report = routes.import_deck(text.encode(), source="export.csv", now=NOW)
    assert report.stored is not None and report.stored.added == 1200
    assert [r.row for r in routes.page("", limit=5000)] == [
        r.row for r in store.page("", limit=5000)
    ]
    assert routes.export() == text
    with db.read() as s:
        assert s.scalar(select(DestinationSet.revision)) == 1
        assert s.scalar(select(func.count()).select_from(Tariff)) == 1


def test_bulk_change_keeps_a_price_s_own_decimals(db):
    """A per-minute price finer than the tariff's precision keeps its decimals: +7.5 % on
    0.0135 is 0.0145 (half-up), not 0.01."""
    with db.session() as s:
        tariff = create_tariff(s, "Fine", currency="EUR", precision=2)
        row = RateRow("44", "UK", Decimal("0.0135"), Decimal("0.123456"), activation=T0)
        store_rates(s, tariff, [row])
        tariff_id = tariff.id
    store = PriceTableStore(db, "rates", tariff_id)
    store.bulk_change("44", percent=Decimal("7.5"))
    assert _price(db, tariff_id, "44") == Decimal("0.0145")
    with db.read() as s:
        price_n = s.scalar(select(Rate.price_n).where(Rate.tariff_id == tariff_id))
    assert price_n == Decimal("0.132715")  # 0.1327152 at the 6 decimals a price is stored with


def test_area_filter_ignores_case_in_any_alphabet_and_sees_new_names(db):
    with db.session() as s:
        tariff = create_tariff(s, "Ru", currency="EUR", precision=2)
        rows = [
            RateRow("7495", "Россия Москва", Decimal("0.05"), Decimal("0.05"), activation=T0),
            RateRow("7812", "Россия Петербург", Decimal("0.06"), Decimal("0.06"), activation=T0),
            RateRow("49", "Germany", Decimal("0.02"), Decimal("0.02"), activation=T0),
        ]
        store_rates(s, tariff, rows)
        tariff_id = tariff.id
    store = PriceTableStore(db, "rates", tariff_id)
    assert [r.row.prefix for r in store.page("москва")] == ["7495"]
    assert store.count("РОССИЯ") == 2 and store.count("GERM") == 1 and store.count("Cuba") == 0
    moscow = store.page("москва")[0]
    store.edit(moscow.id, {"area_name": "Russia Moscow"})  # a new name: seen at once
    assert store.count("moscow") == 1 and store.count("москва") == 0
