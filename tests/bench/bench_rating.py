"""Rating at rate-deck scale (run: .venv/bin/python tests/bench/bench_rating.py [--json]).

Builds a realistic 250,000-prefix deck (fixed seed), then measures: CSV parse + validation,
index build, index lookups and full quotes per second over 1,000,000 dialed numbers, the
same longest-prefix lookups in SQLite (an indexed ``IN (prefixes of N)`` query and a naive
``? LIKE prefix || '%'`` scan) with their speed ratio, and the memory of the rows and index.
Every SQLite answer is checked against the index, so the comparison is like for like.
Not collected by pytest (bench_*.py).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import sqlite3
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from callshop_pos.rating.deck import parse_deck, write_deck
from callshop_pos.rating.index import PrefixIndex, quote
from callshop_pos.rating.numbers import NumberPlan
from callshop_pos.rating.terms import RateRow, TariffTerms

SEED = 20240501
PREFIXES = 250_000
NUMBERS = 1_000_000
SQL_IN_NUMBERS = 100_000
SQL_LIKE_NUMBERS = 200
NOW = datetime(2024, 5, 1, tzinfo=UTC)
AT = NOW + timedelta(days=30)
PLAN = NumberPlan(access_codes=("00", "011"), country_code="49", national_prefix="0")
_T = TypeVar("_T")
TERMS = TariffTerms(connect_fee=Decimal("0.05"), post_call_surcharge=Decimal("0.18"))


def _country_codes(rng: random.Random) -> list[str]:
    # Like ITU-T E.164: a few one-digit zones (1, 7), many two- and three-digit codes.
    codes = {"1", "7"}
    while len(codes) < 220:
        first = rng.choice("2345689")
        codes.add(first + "".join(rng.choices("0123456789", k=rng.choice((1, 2, 2)))))
    # No code may be a prefix of another, as in the real plan.
    return sorted(c for c in codes if not any(o != c and c.startswith(o) for o in codes))


def make_rows(rng: random.Random) -> list[RateRow]:
    """250,000 prefixes in country trees: country -> region -> operator -> ranges."""
    countries = _country_codes(rng)
    weights = [rng.paretovariate(1.2) for _ in countries]  # a few big countries
    prices = [Decimal(rng.randint(5, 25_000)).scaleb(-4) for _ in range(2_000)]
    prefixes: set[str] = set()
    rows: list[RateRow] = []
    frontier: dict[str, list[str]] = {c: [c] for c in countries}
    while len(prefixes) < PREFIXES:
        country = rng.choices(countries, weights)[0]
        parent = rng.choice(frontier[country])
        if len(parent) >= 10:
            continue
        child = parent + str(rng.randint(0, 9))
        if len(child) < 3:
            frontier[country].append(child)
            continue
        if child in prefixes:
            continue
        prefixes.add(child)
        frontier[country].append(child)  # deeper ranges grow under existing ones
        price = rng.choice(prices)
        kind = "Mobile" if child[len(country) : len(country) + 1] in "679" else "Fixed"
        rows.append(
            RateRow(
                prefix=child,
                area_name=f"Country {country} {kind}",
                price_1=price,
                price_n=price,
                interval_1=rng.choice((1, 30, 60, 60, 60)),
                interval_n=rng.choice((1, 6, 60, 60)),
                forbidden=rng.random() < 0.01,
                activation=NOW - timedelta(days=rng.randint(1, 400)),
            )
        )
        if rng.random() < 0.03:  # a price change uploaded ahead of time
            rows.append(
                RateRow(
                    prefix=child,
                    area_name=f"Country {country} {kind}",
                    price_1=rng.choice(prices),
                    price_n=rng.choice(prices),
                    activation=NOW + timedelta(days=rng.randint(1, 60)),
                )
            )
    return rows


def make_numbers(rng: random.Random, rows: list[RateRow], count: int) -> list[str]:
    """Dialed numbers as booth callers type them: 00/+ and spaces, some unknown."""
    prefixes = [row.prefix for row in rows]
    numbers = []
    for _ in range(count):
        if rng.random() < 0.05:
            digits = "".join(rng.choices("0123456789", k=rng.randint(8, 14)))
        else:
            prefix = rng.choice(prefixes)
            rest = rng.randint(max(0, 9 - len(prefix)), 15 - len(prefix))
            digits = prefix + "".join(rng.choices("0123456789", k=rest))
        style = rng.random()
        if style < 0.5:
            numbers.append("00" + digits)
        elif style < 0.8:
            numbers.append(f"+{digits[:2]} {digits[2:5]} {digits[5:]}")
        else:
            numbers.append(digits)
    return numbers


def timed(work: Callable[[], _T]) -> tuple[_T, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def sqlite_table(rows: list[RateRow]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE TABLE rates (prefix TEXT NOT NULL, activation TEXT NOT NULL, "
        "expiration TEXT, forbidden INTEGER NOT NULL, price_1 TEXT NOT NULL, "
        "PRIMARY KEY (prefix, activation))"
    )
    db.executemany(
        "INSERT INTO rates VALUES (?, ?, ?, ?, ?)",
        (
            (
                r.prefix,
                r.activation.isoformat(),
                r.expiration.isoformat() if r.expiration else None,
                int(r.forbidden),
                str(r.price_1),
            )
            for r in rows
        ),
    )
    db.commit()
    return db


_ACTIVE = "activation <= :at AND (expiration IS NULL OR :at < expiration)"


def sqlite_in(db: sqlite3.Connection, digits: list[str], lengths: list[int]) -> list[str | None]:
    """Longest active prefix via the primary-key index: one probe per prefix of N."""
    at = AT.isoformat()
    out: list[str | None] = []
    for number in digits:
        candidates = [number[:n] for n in lengths if n <= len(number)]
        marks = ",".join("?" * len(candidates))
        found = db.execute(
            f"SELECT prefix FROM rates WHERE prefix IN ({marks}) AND activation <= ? "
            "AND (expiration IS NULL OR ? < expiration) "
            "ORDER BY length(prefix) DESC, activation DESC LIMIT 1",
            (*candidates, at, at),
        ).fetchone()
        out.append(found[0] if found else None)
    return out


def sqlite_like(db: sqlite3.Connection, digits: list[str]) -> list[str | None]:
    """The naive way: a full table scan per number."""
    out: list[str | None] = []
    for number in digits:
        found = db.execute(
            f"SELECT prefix FROM rates WHERE :n LIKE prefix || '%' AND {_ACTIVE} "
            "ORDER BY length(prefix) DESC, activation DESC LIMIT 1",
            {"n": number, "at": AT.isoformat()},
        ).fetchone()
        out.append(found[0] if found else None)
    return out


def measure_memory(deck: str) -> dict[str, float]:
    """Bytes held by the parsed rows, by the index on top of them, and the peak on the way."""
    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    rows = parse_deck(deck, now=NOW)
    after_rows = tracemalloc.get_traced_memory()[0]
    index = PrefixIndex(rows)
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    del index, rows
    mb = 1024 * 1024
    return {
        "rows_mb": after_rows / mb,
        "index_mb": (retained - after_rows) / mb,
        "rows_and_index_mb": retained / mb,
        "peak_mb": peak / mb,
        "max_rss_growth_mb": max(0, rss_after - rss_before) / 1024,  # ru_maxrss is KiB
    }


def run() -> dict[str, object]:
    rng = random.Random(SEED)
    rows = make_rows(rng)
    deck = write_deck(rows)
    dialed = make_numbers(rng, rows, NUMBERS)
    del rows
    gc.collect()
    # Memory first, while the process peak (ru_maxrss) has not yet seen a parsed deck.
    memory = measure_memory(deck)

    parsed, parse_s = timed(lambda: parse_deck(deck, now=NOW))
    index, build_s = timed(lambda: PrefixIndex(parsed))
    digits, normalize_s = timed(lambda: [PLAN.normalize(n) for n in dialed])
    found, lookup_s = timed(lambda: [index.lookup(d, AT) for d in digits])
    quotes, quote_s = timed(
        lambda: [quote(index, TERMS, PLAN, n, 125, Decimal("5.00"), AT) for n in dialed]
    )
    assert [q.prefix for q in quotes] == [r.prefix if r else None for r in found]

    db, sql_load_s = timed(lambda: sqlite_table(parsed))
    lengths = sorted({len(r.prefix) for r in parsed}, reverse=True)
    sample = digits[:SQL_IN_NUMBERS]
    sql_in, sql_in_s = timed(lambda: sqlite_in(db, sample, lengths))
    like_sample = digits[:SQL_LIKE_NUMBERS]
    sql_like, sql_like_s = timed(lambda: sqlite_like(db, like_sample))
    expected = [r.prefix if r else None for r in found]
    assert sql_in == expected[:SQL_IN_NUMBERS], "SQLite IN disagrees with the index"
    assert sql_like == expected[:SQL_LIKE_NUMBERS], "SQLite LIKE disagrees with the index"
    db.close()

    lookups_per_s = NUMBERS / lookup_s
    return {
        "prefixes": PREFIXES,
        "rows": deck.count("\n") - 1,
        "deck_mb": len(deck.encode()) / 1024 / 1024,
        "parse_validate_s": parse_s,
        "index_build_s": build_s,
        "numbers": NUMBERS,
        "normalize_per_s": NUMBERS / normalize_s,
        "lookups_per_s": lookups_per_s,
        "normalize_and_lookup_per_s": NUMBERS / (normalize_s + lookup_s),
        "full_quotes_per_s": NUMBERS / quote_s,
        "matched_share": sum(1 for d in expected if d) / NUMBERS,
        "sqlite_load_s": sql_load_s,
        "sqlite_in_numbers": SQL_IN_NUMBERS,
        "sqlite_in_per_s": SQL_IN_NUMBERS / sql_in_s,
        "sqlite_like_numbers": SQL_LIKE_NUMBERS,
        "sqlite_like_per_s": SQL_LIKE_NUMBERS / sql_like_s,
        "index_vs_sqlite_in": lookups_per_s / (SQL_IN_NUMBERS / sql_in_s),
        "index_vs_sqlite_like": lookups_per_s / (SQL_LIKE_NUMBERS / sql_like_s),
        **memory,
        "python": sys.version.split()[0],
    }


def table(figures: dict[str, object]) -> str:
    f = figures
    lines = [
        ("deck", f"{f['prefixes']:,} prefixes, {f['rows']:,} rows, {f['deck_mb']:.1f} MB CSV"),
        ("CSV parse + validate", f"{f['parse_validate_s']:.2f} s"),
        ("index build", f"{f['index_build_s']:.2f} s"),
        ("normalize", f"{f['normalize_per_s']:,.0f} numbers/s"),
        ("index lookup", f"{f['lookups_per_s']:,.0f} lookups/s  (goal >= 200,000)"),
        ("normalize + lookup", f"{f['normalize_and_lookup_per_s']:,.0f} /s"),
        ("full quote", f"{f['full_quotes_per_s']:,.0f} quotes/s  (+ cost and max_seconds)"),
        ("numbers with a rate", f"{f['matched_share']:.1%}"),
        ("SQLite IN (prefixes)", f"{f['sqlite_in_per_s']:,.0f} lookups/s "
         f"over {f['sqlite_in_numbers']:,}; index is {f['index_vs_sqlite_in']:,.1f}x faster"),
        ("SQLite LIKE scan", f"{f['sqlite_like_per_s']:,.1f} lookups/s "
         f"over {f['sqlite_like_numbers']:,}; index is {f['index_vs_sqlite_like']:,.0f}x faster"),
        ("memory: rows", f"{f['rows_mb']:.1f} MB"),
        ("memory: index on top", f"{f['index_mb']:.1f} MB"),
        ("memory: rows + index", f"{f['rows_and_index_mb']:.1f} MB  (goal <= 150 MB)"),
        ("memory: peak in parse+build", f"{f['peak_mb']:.1f} MB (tracemalloc)"),
        ("memory: max RSS growth", f"{f['max_rss_growth_mb']:.1f} MB"),
    ]
    width = max(len(k) for k, _ in lines)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    figures = run()
    print(json.dumps(figures, indent=2) if args.json else table(figures))


if __name__ == "__main__":
    main()
