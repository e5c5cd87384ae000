"""A big deck: 250,000 rates stored, re-stored unchanged and partly changed, with timings.

Run with ``-s`` to see the measurements; the bounds are generous so a slow CI machine does
not fail, but an accidental per-row ORM path (minutes, not seconds) would.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from callshop_pos.db.engine import open_database
from callshop_pos.db.models import Tariff
from callshop_pos.rating.terms import RateRow
from callshop_pos.services.rates import create_tariff, store_rates

N = 250_000
T0 = datetime(2025, 1, 1, tzinfo=UTC)
PRICES = [Decimal(f"0.{n:04d}") for n in range(1, 1000)]


def big_deck(n: int = N, *, bump_every: int = 0) -> list[RateRow]:
    rows = []
    for i in range(n):
        price = PRICES[i % len(PRICES)]
        if bump_every and i % bump_every == 0:
            price += Decimal("0.001")
        rows.append(RateRow(str(10_000_000 + i), f"Area {i % 500}", price, price, activation=T0))
    return rows


@pytest.mark.slow
def test_a_quarter_million_rates_store_replace_and_change(tmp_path: Path) -> None:
    db = open_database(tmp_path / "big.db")
    deck = big_deck()
    try:
        with db.session() as s:
            create_tariff(s, "Big", currency="EUR")

        def timed(rows: list[RateRow]) -> tuple[float, tuple[int, int, int, int]]:
            start = time.perf_counter()
            with db.session() as s:
                tariff = s.scalar(select(Tariff).where(Tariff.name == "Big"))
                assert tariff is not None
                r = store_rates(s, tariff, rows, "replace")
            return time.perf_counter() - start, (r.added, r.updated, r.removed, r.total)

        first, counts = timed(deck)
        assert counts == (N, 0, 0, N)
        unchanged, counts = timed(deck)
        assert counts == (0, 0, 0, N)
        changed, counts = timed(big_deck(bump_every=10))
        assert counts == (0, N // 10, 0, N)
        # how long each takes is for tests/bench/bench_import.py, not an assertion here
        print(
            f"\n250k rates: first store {first:.2f}s, unchanged {unchanged:.2f}s, "
            f"10% changed {changed:.2f}s"
        )
    finally:
        db.dispose()
