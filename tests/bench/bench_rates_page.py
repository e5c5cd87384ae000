"""The settings dialog's rates page at 250,000 rates (run: .venv/bin/python
tests/bench/bench_rates_page.py [--rates N] [--rounds N]).

Builds a 250,000-rate tariff in a fresh SQLite file (fixed seed), then measures the real
widget (ui.settings.price_table.PriceTable, offscreen):

* opening the page: construction until the first page is on screen, and until the row count
  is shown; goal <= 1 s;
* a filter keystroke to updated rows: each character of prefix and area filters typed into
  the filter box (paced beyond the debounce, as a person types), timed from the keystroke
  to the model's first page of the new filter (and to its count); goal p95 <= 100 ms;

each against its floor in the same run: the bare SQL of the same page (and count) through
sqlite3 on the same file, printing the ratio. Not collected by pytest (bench_*.py).
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEventLoop
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from callshop_pos.db.engine import open_database
from callshop_pos.rating.terms import RateRow
from callshop_pos.services.rates import create_tariff, store_rates
from ui.settings.price_table import DEBOUNCE_MS, PriceTable
from ui.theme import apply_theme

SEED = 20250601
T0 = datetime(2025, 1, 1, tzinfo=UTC)
COUNTRIES = ["Germany", "France", "Russia", "Turkey", "India", "Nigeria", "Brazil", "Poland"]
KINDS = ["Mobile", "Fixed", "Mobile Premium", "Special Services", "Moscow", "Capital"]
PREFIX_FILTERS = ["49", "7495", "90532", "23480", "3"]
AREA_FILTERS = ["germ", "mobile", "special", "zzz"]


def make_deck(n: int, rng: random.Random) -> list[RateRow]:
    prices = [Decimal(rng.randrange(5, 5000)).scaleb(-4) for _ in range(400)]
    prefixes: set[str] = set()
    while len(prefixes) < n:
        prefixes.add(
            str(rng.randrange(1, 999)) + str(rng.randrange(10**6)).zfill(rng.randint(1, 6))
        )
    return [
        RateRow(
            p,
            f"{rng.choice(COUNTRIES)} {rng.choice(KINDS)}",
            price := rng.choice(prices),
            price,
            activation=T0,
        )
        for p in sorted(prefixes)
    ]


def wait_for(done: Callable[[], bool], timeout_ms: int = 30_000) -> None:
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout_ms / 1000
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the page did not answer")
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def floor_page(conn: sqlite3.Connection, tariff_id: int, text: str) -> tuple[float, float]:
    """The bare SQL of one filter: (first page, count) seconds."""
    if text.isdigit():
        upper = str(int(text) + 1) if not set(text) <= {"9"} else None
        where, args = "prefix >= ?" + (" AND prefix < ?" if upper else ""), [text]
        args += [upper] if upper else []
    else:
        where, args = "area_name LIKE '%' || ? || '%'", [text]  # SQLite's LIKE ignores case
    start = time.perf_counter()
    conn.execute(
        f"SELECT * FROM rates WHERE tariff_id = ? AND {where} "
        "ORDER BY prefix, activation LIMIT 500",
        [tariff_id, *args],
    ).fetchall()
    page = time.perf_counter() - start
    start = time.perf_counter()
    conn.execute(f"SELECT count(*) FROM rates WHERE tariff_id = ? AND {where}", [tariff_id, *args])
    return page, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rates", type=int, default=250_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_theme(app)
    folder = Path(tempfile.mkdtemp(prefix="bench_rates_page_"))
    db = open_database(folder / "shop.db")
    started = time.perf_counter()
    with db.session() as s:
        tariff = create_tariff(s, "Bench")
        store_rates(s, tariff, make_deck(args.rates, random.Random(SEED)))
        tariff_id = tariff.id
    print(f"{args.rates:,} rates stored in {time.perf_counter() - started:.1f} s ({folder})")
    conn = sqlite3.connect(folder / "shop.db")

    opens, opens_count, floor_open = [], [], []
    for _ in range(args.rounds):
        start = time.perf_counter()
        table = PriceTable(db, "rates", tariff_id)
        table.resize(1400, 800)
        table.show()
        wait_for(lambda t=table: t.model.rowCount() > 0)
        opens.append(time.perf_counter() - start)
        wait_for(lambda t=table: t.model.total is not None)
        opens_count.append(time.perf_counter() - start)
        table.wait_idle()
        table.deleteLater()
        page, counted = floor_page(conn, tariff_id, "")
        floor_open.append(page + counted)

    table = PriceTable(db, "rates", tariff_id)
    table.resize(1400, 800)
    table.show()
    wait_for(lambda: table.model.total is not None)
    loads = [0]
    table.model.loaded.connect(lambda: loads.__setitem__(0, loads[0] + 1))
    rows_ms: list[float] = []
    kinds: list[str] = []
    count_ms: list[float] = []
    floor_ms: list[float] = []
    floor_count_ms: list[float] = []
    for _ in range(args.rounds):
        for text in PREFIX_FILTERS + AREA_FILTERS:
            table.filter_edit.clear()
            wait_for(lambda: table.model.filter_text == "" and table.model.total is not None)
            QTest.qWait(DEBOUNCE_MS + 20)  # a pause: the next keystroke queries at once
            for i, char in enumerate(text):
                typed = text[: i + 1]
                before = loads[0]
                start = time.perf_counter()
                QTest.keyClicks(table.filter_edit, char)
                wait_for(lambda t=typed, b=before: table.model.filter_text == t and loads[0] > b)
                rows_ms.append((time.perf_counter() - start) * 1000)
                kinds.append("prefix" if text.isdigit() else "area")
                wait_for(lambda t=typed: table.model.total is not None)
                count_ms.append((time.perf_counter() - start) * 1000)
                page, counted = floor_page(conn, tariff_id, typed)
                floor_ms.append(page * 1000)
                floor_count_ms.append((page + counted) * 1000)
                QTest.qWait(DEBOUNCE_MS + 20)  # typing pace: the debounce window has passed
    table.wait_idle()

    def line(name: str, values: list[float], floor: list[float], unit: str = "ms") -> None:
        p50, p95, f50 = pct(values, 0.5), pct(values, 0.95), statistics.median(floor)
        print(
            f"{name:<34} p50 {p50:8.1f} {unit}  p95 {pct(values, 0.95):8.1f} {unit}   "
            f"floor p50 {f50:7.1f} {unit} p95 {pct(floor, 0.95):7.1f}   ratio p50 "
            f"{p50 / f50 if f50 else float('inf'):5.1f}x p95 {p95 / pct(floor, 0.95):5.1f}x"
        )

    filters = PREFIX_FILTERS + AREA_FILTERS
    print(f"keystrokes timed: {len(rows_ms)} ({args.rounds} rounds of {filters})")
    line("open: first page shown", [v * 1000 for v in opens], [v * 1000 for v in floor_open])
    line("open: row count shown", [v * 1000 for v in opens_count], [v * 1000 for v in floor_open])
    line("keystroke -> rows updated", rows_ms, floor_ms)
    line("keystroke -> rows and count", count_ms, floor_count_ms)
    for kind in ("prefix", "area"):
        mine = [i for i, k in enumerate(kinds) if k == kind]
        line(
            f"  {kind} filters: keystroke -> rows",
            [rows_ms[i] for i in mine],
            [floor_ms[i] for i in mine],
        )
    print("goals: open <= 1000 ms; keystroke -> rows p95 <= 100 ms")


if __name__ == "__main__":
    main()
