"""The index the application loads from the database (RatingCache, raw cursor rows with the
prefix's key computed by the database) holds exactly the stored rows, on SQLite and on
PostgreSQL, and stays small."""

import gc
import tracemalloc
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

from callshop_pos.db.engine import open_database
from callshop_pos.rating.index import PrefixIndex
from callshop_pos.rating.terms import RateRow, row_values
from callshop_pos.services.rates import create_tariff, store_rates
from callshop_pos.services.rating_cache import RatingCache

T0 = datetime(2024, 1, 1, tzinfo=UTC)
T1 = datetime(2024, 6, 1, tzinfo=UTC)


def deck() -> list[RateRow]:
    prefixes = ["4", "40", "400", "4000", "49", "4930", "0", "007", "9" * 18, "9" * 20, "12" * 16]
    rows = [
        RateRow(p, f"area {len(p)}", D("0.05") * len(p), D("0.01"), 60, 6, activation=T0)
        for p in prefixes
    ]
    rows.append(RateRow("4930", "Berlin new", D("0.02"), D("0.02"), activation=T1))
    rows.append(RateRow("9" * 20, "long new", D("0.3"), D("0.3"), activation=T1))
    rows.append(RateRow("40", "gone", D("1"), D("1"), forbidden=True, activation=T0 - timedelta(1)))
    return rows


def test_the_loaded_index_is_the_stored_deck(db_url: str) -> None:
    db = open_database(db_url)
    rows = deck()
    try:
        with db.session() as session:
            tariff = create_tariff(session, "T")
            store_rates(session, tariff, rows)
            tariff_id = tariff.id
        with db.read() as session:
            loaded = RatingCache().tariff(session, tariff_id)
    finally:
        db.dispose()
    assert loaded is not None
    index, reference = loaded.index, PrefixIndex(rows)
    assert sorted(index.rows(), key=repr) == sorted(rows, key=repr)
    for number in ["4", "401", "40001", "4931", "49301", "0071", "0", "9" * 19, "9" * 22, "1" * 5]:
        for at in (T0, T1):
            assert index.lookup(number, at) == reference.lookup(number, at), (number, at)
    assert index.lookup("9" * 22, T1).area_name == "long new"
    assert index.lookup("40123", T0).area_name == "area 2"  # the later of the two "40" rows


def test_a_big_index_holds_at_most_100_bytes_a_prefix() -> None:
    # 50,000 prefixes in country trees with a few hundred prices, as in a real deck.
    prices = [D(n).scaleb(-4) for n in range(100, 600)]
    rows = [
        RateRow(
            f"{country}{n:0{width}d}",
            f"Country {country}",
            prices[n % len(prices)],
            prices[n % len(prices)],
            activation=T0 + timedelta(days=n % 300),
        )
        for country, width, count in (("49", 6, 30_000), ("1", 7, 15_000), ("355", 4, 5_000))
        for n in range(count)
    ]
    values = [row_values(r) for r in rows]
    del rows
    gc.collect()
    tracemalloc.start()
    try:
        index = PrefixIndex.from_values(values)
        gc.collect()
        held, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert index.prefix_count == 50_000
    assert held / index.prefix_count <= 100, f"{held / index.prefix_count:.0f} bytes a prefix"
