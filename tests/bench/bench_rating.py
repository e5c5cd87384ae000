"""Rating at rate-deck scale (run: .venv/bin/python tests/bench/bench_rating.py [--json]).

Builds a realistic 250,000-prefix deck (fixed seed) and measures, against the issue's goals:

* CSV parse + validation (parse_deck), and the import end to end (import_deck_file into a
  fresh SQLite file opened with open_database, replace mode into an empty tariff), goal <= 5 s;
* the index built from that database the way the application does it (RatingCache);
* per second over 1,000,000 dialed numbers: (a) lookups (index alone, and with number
  normalization), (b) full quotes with the cost of a 60..600 s call, (c) the same plus
  max_seconds for a balance; goal >= 200,000 quotes/s;
* the same longest-prefix lookups the way web billing panels do them, one SQL query per
  number on the SAME SQLite file's rates table: an indexed ``prefix IN (<every prefix of
  N>)`` query and the naive ``? LIKE prefix || '%'`` scan, and the ratio to the index;
* memory of the loaded index (tracemalloc and RSS), goal <= 150 MB.

Every SQL answer is checked against the index, so the comparison is like for like. Timed
loops run with the garbage collector paused, as ``timeit`` does, so a collection of the
million numbers held by the benchmark itself is not charged to the code measured.

Floors, measured in the same run, interleaved with what they bound (medians of ``--runs``,
at least 5): the index load against reading the same rows with ``sqlite3`` into a bare dict
(prefix -> row tuple), both the build from the rows (after every deck change) and the read
of its stored snapshot (a start at an unchanged revision); lookups and full quotes against
a bare dict probed longest-first at the deck's prefix lengths. ``--growth`` prints the load
times and the bytes held per prefix (tracemalloc) for decks of 1k to 1M prefixes; ``--steps``
only where a full quote's time goes (normalize, match, price_form, the rest). Not collected
by pytest (bench_*.py).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import select

from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import Tariff
from callshop_pos.db.types import UTCDateTime
from callshop_pos.rating.deck import parse_deck, write_deck
from callshop_pos.rating.index import PrefixIndex, quote
from callshop_pos.rating.numbers import NumberPlan
from callshop_pos.rating.terms import RateRow, TariffTerms
from callshop_pos.services.rates import create_tariff, import_deck_file
from callshop_pos.services.rating_cache import PriceList, RatingCache

SEED = 20240501
PREFIXES = 250_000
NUMBERS = 1_000_000
SQL_IN_NUMBERS = 100_000
SQL_LIKE_NUMBERS = 200
NOW = datetime(2024, 5, 1, tzinfo=UTC)
AT = NOW + timedelta(days=30)
PLAN = NumberPlan(access_codes=("00", "011"), country_code="49", national_prefix="0")
_T = TypeVar("_T")
TARIFF = "Bench"
TARIFF_FIELDS = {"connect_fee": Decimal("0.05"), "post_call_surcharge": Decimal("0.18")}
TERMS = TariffTerms(connect_fee=Decimal("0.05"), post_call_surcharge=Decimal("0.18"))
# Booth balances as a shop sees them: whole and half euros up to 50, and odd cents.
BALANCES = [Decimal(n).scaleb(-2) for n in range(0, 5_001, 7)]


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
    """``work()`` and its wall time, with the garbage collector paused (as timeit does)."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        result = work()
        return result, time.perf_counter() - start
    finally:
        gc.enable()


def import_into_sqlite(deck_path: Path, db_path: Path) -> tuple[Database, int, float]:
    """A fresh database file with an empty tariff, then the deck imported end to end."""
    db = open_database(db_path)
    with db.session() as session:
        tariff_id = create_tariff(session, TARIFF, **TARIFF_FIELDS).id
    result, seconds = timed(
        lambda: import_deck_file(db, deck_path, tariff=TARIFF, mode="replace", now=NOW)
    )
    assert result.added == result.total and not result.removed, result
    return db, tariff_id, seconds


def load_price_list(db: Database, tariff_id: int, snapshots: bool = False) -> PriceList:
    """The tariff's index as the application loads it (RatingCache): built from the rows in
    the DB, or with ``snapshots`` read from its stored snapshot when there is one (and then
    one is stored when there was none)."""
    cache = RatingCache(snapshots=snapshots)
    with db.read() as session:
        price_list = cache.tariff(session, tariff_id)
    assert cache.wait_idle(60)
    assert price_list is not None
    return price_list


def sqlite_in(
    db: sqlite3.Connection, tariff_id: int, at: str, digits: list[str], lengths: list[int]
) -> list[str | None]:
    """Longest active prefix the panel way: one indexed query per number, ``prefix IN`` all
    of the number's prefixes (at the lengths the deck has), longest first."""
    out: list[str | None] = []
    for number in digits:
        candidates = [number[:n] for n in lengths if n <= len(number)]
        marks = ",".join("?" * len(candidates))
        found = db.execute(
            f"SELECT prefix, price_1, price_n FROM rates WHERE tariff_id = ? "
            f"AND prefix IN ({marks}) AND activation <= ? "
            "AND (expiration IS NULL OR ? < expiration) "
            "ORDER BY length(prefix) DESC, activation DESC LIMIT 1",
            (tariff_id, *candidates, at, at),
        ).fetchone()
        out.append(found[0] if found else None)
    return out


def sqlite_like(
    db: sqlite3.Connection, tariff_id: int, at: str, digits: list[str]
) -> list[str | None]:
    """The naive way: ``? LIKE prefix || '%'``, a scan of the tariff's rates per number."""
    out: list[str | None] = []
    for number in digits:
        found = db.execute(
            "SELECT prefix, price_1, price_n FROM rates WHERE tariff_id = :t "
            "AND :n LIKE prefix || '%' AND activation <= :at "
            "AND (expiration IS NULL OR :at < expiration) "
            "ORDER BY length(prefix) DESC, activation DESC LIMIT 1",
            {"t": tariff_id, "n": number, "at": at},
        ).fetchone()
        out.append(found[0] if found else None)
    return out


def stored_time(db: Database, moment: datetime) -> str:
    """``moment`` as the rates table stores it (the UTCDateTime column's own conversion)."""
    dialect = db.engine.dialect
    kind = UTCDateTime().dialect_impl(dialect)
    bind = kind.bind_processor(dialect)
    value = UTCDateTime().process_bind_param(moment, dialect)
    return str(bind(value) if bind else value)


def rss_mb() -> float:
    """The current resident set size (Linux /proc; ru_maxrss only gives the peak)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 1024 / 1024


def measure_memory(db: Database, tariff_id: int) -> dict[str, float]:
    """Memory held by the index loaded from the database (rows included), and the peak."""
    gc.collect()
    rss_before = rss_mb()
    tracemalloc.start()
    price_list = load_price_list(db, tariff_id)
    gc.collect()
    retained, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = rss_mb()
    assert len(price_list.index) > 0
    del price_list
    mb = 1024 * 1024
    return {
        "index_mb": retained / mb,
        "index_peak_mb": peak / mb,
        "index_rss_growth_mb": max(0.0, rss_after - rss_before),
    }


def run() -> dict[str, object]:
    rng = random.Random(SEED)
    rows = make_rows(rng)
    deck = write_deck(rows)
    dialed = make_numbers(rng, rows, NUMBERS)
    rng_calls = random.Random(SEED + 1)
    durations = [rng_calls.randint(60, 600) for _ in range(NUMBERS)]
    balances = [rng_calls.choice(BALANCES) for _ in range(NUMBERS)]
    del rows
    with tempfile.TemporaryDirectory(prefix="bench_rating_") as tmp:
        deck_path = Path(tmp) / "deck.csv"
        deck_path.write_text(deck, encoding="utf-8")
        data = deck_path.read_bytes()
        parsed, parse_s = timed(lambda: parse_deck(data, now=NOW))
        row_count = len(parsed)
        del parsed
        db, tariff_id, import_s = import_into_sqlite(deck_path, Path(tmp) / "rates.db")
        try:
            figures = _measure(db, tariff_id, dialed, durations, balances)
        finally:
            db.engine.dispose()
    return {
        "prefixes": PREFIXES,
        "rows": row_count,
        "deck_mb": len(deck.encode()) / 1024 / 1024,
        "parse_validate_s": parse_s,
        "import_end_to_end_s": import_s,
        **figures,
        "python": sys.version.split()[0],
    }


def _measure(
    db: Database,
    tariff_id: int,
    dialed: list[str],
    durations: list[int],
    balances: list[Decimal],
) -> dict[str, object]:
    memory = measure_memory(db, tariff_id)  # first, before the quotes fill any caches
    price_list, build_s = timed(lambda: load_price_list(db, tariff_id))
    index, terms = price_list.index, price_list.terms
    with db.read() as session:
        tariff = session.scalar(select(Tariff).where(Tariff.id == tariff_id))
        assert tariff is not None and terms == TERMS
    digits, normalize_s = timed(lambda: [PLAN.normalize(n) for n in dialed])
    found, lookup_s = timed(lambda: [index.lookup(d, AT) for d in digits])
    expected = [r.prefix if r else None for r in found]
    del found
    n = len(dialed)

    # (b) and (c) twice: the first pass also builds each row's integer form (once per row).
    def with_cost() -> list[Decimal | None]:
        return [
            quote(index, terms, PLAN, d, s, None, AT).cost
            for d, s in zip(dialed, durations, strict=True)
        ]

    cold, quote_cold_s = timed(with_cost)
    costs, quote_s = timed(with_cost)
    assert cold == costs
    capped, capped_s = timed(
        lambda: [
            quote(index, terms, PLAN, d, s, b, AT).max_seconds
            for d, s, b in zip(dialed, durations, balances, strict=True)
        ]
    )
    prefixes = [quote(index, terms, PLAN, d, None, None, AT).prefix for d in dialed]
    assert prefixes == expected
    assert sum(1 for c in capped if c) > n // 2  # most calls are allowed and capped

    path = db.path
    assert path is not None
    panel = sqlite3.connect(path)  # the same file the import wrote, read like a panel does
    try:
        at = stored_time(db, AT)
        lengths = sorted({len(p) for p in expected if p}, reverse=True)
        lengths = sorted(set(lengths) | set(range(min(lengths), max(lengths) + 1)), reverse=True)
        sample = digits[:SQL_IN_NUMBERS]
        sql_in, sql_in_s = timed(lambda: sqlite_in(panel, tariff_id, at, sample, lengths))
        like_sample = digits[:SQL_LIKE_NUMBERS]
        sql_like, sql_like_s = timed(lambda: sqlite_like(panel, tariff_id, at, like_sample))
    finally:
        panel.close()
    assert sql_in == expected[:SQL_IN_NUMBERS], "SQLite IN disagrees with the index"
    assert sql_like == expected[:SQL_LIKE_NUMBERS], "SQLite LIKE disagrees with the index"

    lookups_per_s = n / lookup_s
    quotes_per_s = n / quote_s
    sql_in_per_s = SQL_IN_NUMBERS / sql_in_s
    sql_like_per_s = SQL_LIKE_NUMBERS / sql_like_s
    return {
        "index_build_from_db_s": build_s,
        "numbers": n,
        "normalize_per_s": n / normalize_s,
        "lookups_per_s": lookups_per_s,
        "normalize_and_lookup_per_s": n / (normalize_s + lookup_s),
        "quotes_with_cost_first_pass_per_s": n / quote_cold_s,
        "quotes_with_cost_per_s": quotes_per_s,
        "quotes_with_cost_and_max_seconds_per_s": n / capped_s,
        "matched_share": sum(1 for p in expected if p) / n,
        "sqlite_in_numbers": SQL_IN_NUMBERS,
        "sqlite_in_per_s": sql_in_per_s,
        "sqlite_like_numbers": SQL_LIKE_NUMBERS,
        "sqlite_like_per_s": sql_like_per_s,
        "quotes_vs_sqlite_in": quotes_per_s / sql_in_per_s,
        "lookups_vs_sqlite_in": lookups_per_s / sql_in_per_s,
        "lookups_vs_sqlite_like": lookups_per_s / sql_like_per_s,
        **memory,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def table(figures: dict[str, object]) -> str:
    f = figures
    lines = [
        ("deck", f"{f['prefixes']:,} prefixes, {f['rows']:,} rows, {f['deck_mb']:.1f} MB CSV"),
        ("CSV parse + validate", f"{f['parse_validate_s']:.2f} s"),
        (
            "DB import end to end",
            f"{f['import_end_to_end_s']:.2f} s  (goal <= 5 s; "
            "import_deck_file into a fresh SQLite file)",
        ),
        ("index build from the DB", f"{f['index_build_from_db_s']:.2f} s  (RatingCache)"),
        ("normalize", f"{f['normalize_per_s']:,.0f} numbers/s"),
        ("(a) index lookup", f"{f['lookups_per_s']:,.0f} lookups/s"),
        ("(a) normalize + lookup", f"{f['normalize_and_lookup_per_s']:,.0f} /s"),
        (
            "(b) quote + cost, 1st pass",
            f"{f['quotes_with_cost_first_pass_per_s']:,.0f} /s  (builds each row's integer form)",
        ),
        (
            "(b) quote + cost 60..600 s",
            f"{f['quotes_with_cost_per_s']:,.0f} quotes/s  (goal >= 200,000)",
        ),
        (
            "(c) + max_seconds",
            f"{f['quotes_with_cost_and_max_seconds_per_s']:,.0f} quotes/s  (goal >= 200,000)",
        ),
        ("numbers with a rate", f"{f['matched_share']:.1%}"),
        (
            "SQL IN (prefixes of N)",
            f"{f['sqlite_in_per_s']:,.0f} lookups/s over "
            f"{f['sqlite_in_numbers']:,}; quotes are {f['quotes_vs_sqlite_in']:,.1f}x, "
            f"lookups {f['lookups_vs_sqlite_in']:,.1f}x faster",
        ),
        (
            "SQL LIKE scan",
            f"{f['sqlite_like_per_s']:,.1f} lookups/s over "
            f"{f['sqlite_like_numbers']:,}; lookups are {f['lookups_vs_sqlite_like']:,.0f}x faster",
        ),
        (
            "memory: loaded index",
            f"{f['index_mb']:.1f} MB (tracemalloc, rows included; goal <= 150 MB)",
        ),
        ("memory: peak while loading", f"{f['index_peak_mb']:.1f} MB (tracemalloc)"),
        ("memory: RSS growth loading", f"{f['index_rss_growth_mb']:.1f} MB"),
        ("memory: process max RSS", f"{f['max_rss_mb']:.1f} MB"),
    ]
    width = max(len(k) for k, _ in lines)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in lines)


# --- floors, interleaved runs, growth -------------------------------------------------------


def bare_load(path: Path, tariff_id: int) -> dict[str, tuple[object, ...]]:
    """The load's floor: the same rows read with sqlite3 into a plain dict, nothing else."""
    db = sqlite3.connect(path)
    try:
        rows = db.execute(
            "SELECT prefix, area_name, price_1, price_n, interval_1, interval_n, forbidden,"
            " grace_enabled, activation, expiration FROM rates WHERE tariff_id = ?",
            (tariff_id,),
        )
        return {row[0]: row for row in rows}
    finally:
        db.close()


def bare_lookups(
    table: dict[str, tuple[object, ...]], lengths: list[int], digits: list[str]
) -> int:
    """The lookup's floor: a bare dict probed longest-first at the deck's lengths."""
    found = 0
    get = table.get
    for number in digits:
        for length in lengths:
            if get(number[:length]) is not None:
                found += 1
                break
    return found


def interleaved(runs: int, *work: Callable[[], object]) -> list[float]:
    """The median wall time of each of ``work``, run in turn ``runs`` times."""
    return interleaved_clocks(runs, *work)[0]


def interleaved_clocks(runs: int, *work: Callable[[], object]) -> tuple[list[float], list[float]]:
    """(median wall times, median CPU times of this process) of each of ``work``, run in
    turn ``runs`` times with the garbage collector paused. On a machine shared with other
    work the CPU time is the steadier figure: waiting for a core is not charged to it."""
    walls: list[list[float]] = [[] for _ in work]
    cpus: list[list[float]] = [[] for _ in work]
    for _ in range(runs):
        for i, item in enumerate(work):
            gc.collect()
            gc.disable()
            try:
                cpu, wall = time.process_time(), time.perf_counter()
                item()
                walls[i].append(time.perf_counter() - wall)
                cpus[i].append(time.process_time() - cpu)
            finally:
                gc.enable()
    return [statistics.median(t) for t in walls], [statistics.median(t) for t in cpus]


def load_figures(db: Database, tariff_id: int, runs: int) -> dict[str, float]:
    """Load time (wall and CPU) against its floor, and the bytes held per prefix, for the
    tariff in ``db``: built from the rows, and read from its stored snapshot."""
    path = db.path
    assert path is not None
    built = load_price_list(db, tariff_id, snapshots=True)  # stores the snapshot
    read = load_price_list(db, tariff_id, snapshots=True)
    assert list(read.index.rows()) == list(built.index.rows())
    del built, read
    (load_s, snapshot_s, floor_s), (load_cpu, snapshot_cpu, floor_cpu) = interleaved_clocks(
        runs,
        lambda: load_price_list(db, tariff_id),
        lambda: load_price_list(db, tariff_id, snapshots=True),
        lambda: bare_load(path, tariff_id),
    )
    per_prefix, count = held_bytes(db, tariff_id)
    return {
        "prefixes": count,
        "load_s": load_s,
        "floor_s": floor_s,
        "ratio": load_s / floor_s,
        "load_cpu_s": load_cpu,
        "floor_cpu_s": floor_cpu,
        "cpu_ratio": load_cpu / floor_cpu,
        "snapshot_s": snapshot_s,
        "snapshot_cpu_s": snapshot_cpu,
        "bytes_per_prefix": per_prefix,
        "snapshot_bytes_per_prefix": held_bytes(db, tariff_id, snapshots=True)[0],
    }


def held_bytes(db: Database, tariff_id: int, snapshots: bool = False) -> tuple[float, int]:
    """Bytes held per prefix by a loaded index (tracemalloc), and its prefix count."""
    gc.collect()
    tracemalloc.start()
    price_list = load_price_list(db, tariff_id, snapshots)
    gc.collect()
    retained, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return retained / price_list.index.prefix_count, price_list.index.prefix_count


def deck_and_calls(
    numbers: int,
) -> tuple[list[RateRow], list[str], list[int], list[Decimal]]:
    """The 250k deck's rows, ``numbers`` dialed numbers, and a duration and a balance each."""
    rng = random.Random(SEED)
    rows = make_rows(rng)
    dialed = make_numbers(rng, rows, numbers)
    calls = random.Random(SEED + 1)
    durations = [calls.randint(60, 600) for _ in dialed]
    balances = [calls.choice(BALANCES) for _ in dialed]
    return rows, dialed, durations, balances


def compare(runs: int, numbers: int) -> dict[str, object]:
    """The 250k deck: load, lookups and quotes, each against its floor, interleaved."""
    rows, dialed, durations, balances = deck_and_calls(numbers)
    with deck_database(rows) as (db, tariff_id):
        del rows
        load = load_figures(db, tariff_id, runs)
        price_list = load_price_list(db, tariff_id)
    index, terms = price_list.index, price_list.terms
    table = bare_load_table(index)
    lengths = sorted({len(p) for p in table}, reverse=True)
    digits = [PLAN.normalize(n) for n in dialed]
    assert bare_lookups(table, lengths, digits) >= sum(1 for d in digits if index.match(d, AT))

    def quotes() -> None:
        for d, s, b in zip(dialed, durations, balances, strict=True):
            quote(index, terms, PLAN, d, s, b, AT)

    quotes()  # each pricing's integer form is made once, on first use
    (lookup_s, quote_s, floor_s), (lookup_cpu, quote_cpu, floor_cpu) = interleaved_clocks(
        runs,
        lambda: [index.lookup(d, AT) for d in digits],
        quotes,
        lambda: bare_lookups(table, lengths, digits),
    )
    n = len(dialed)
    return {
        "runs": runs,
        "load_s": load["load_s"],
        "load_floor_s": load["floor_s"],
        "load_ratio": load["ratio"],
        "load_cpu_s": load["load_cpu_s"],
        "load_floor_cpu_s": load["floor_cpu_s"],
        "load_cpu_ratio": load["cpu_ratio"],
        "snapshot_s": load["snapshot_s"],
        "snapshot_cpu_s": load["snapshot_cpu_s"],
        "bytes_per_prefix": load["bytes_per_prefix"],
        "lookups_per_s": n / lookup_s,
        "quotes_per_s": n / quote_s,
        "floor_lookups_per_s": n / floor_s,
        "quote_vs_floor": floor_s / quote_s,
        "lookup_vs_floor": floor_s / lookup_s,
        "quotes_per_cpu_s": n / quote_cpu,
        "floor_lookups_per_cpu_s": n / floor_cpu,
        "quote_vs_floor_cpu": floor_cpu / quote_cpu,
        "lookup_vs_floor_cpu": floor_cpu / lookup_cpu,
    }


def quote_steps(runs: int, numbers: int) -> dict[str, float]:
    """Where a full quote's time goes, in microseconds per number (CPU medians of ``runs``
    interleaved runs over the same numbers; the 250k deck's index built from its rows, not
    loaded from a database file as compare() does, which takes a minute): normalize alone, match
    alone (on the normalized numbers), a quote with neither seconds nor balance, and a full
    one. price_form is the full quote less the bare one; the rest (refusal checks, the
    pricing's form, building the Quote) is the bare quote less normalize and match."""
    rows, dialed, durations, balances = deck_and_calls(numbers)
    index, terms = PrefixIndex(rows), TERMS
    del rows
    digits = [PLAN.normalize(n) for n in dialed]

    # Each loop drops its answers as it goes, as the compare's quotes do (a list of them
    # would be charged for memory the quote itself never holds).
    def normalized() -> None:
        for n in dialed:
            PLAN.normalize(n)

    def matched() -> None:
        for d in digits:
            index.match(d, AT)

    def bare() -> None:
        for d in dialed:
            quote(index, terms, PLAN, d, None, None, AT)

    def full() -> None:
        for d, s, b in zip(dialed, durations, balances, strict=True):
            quote(index, terms, PLAN, d, s, b, AT)

    full()  # each pricing's integer form is made once, on first use
    _, (normalize, match, bare_s, whole) = interleaved_clocks(runs, normalized, matched, bare, full)
    us = 1e6 / len(dialed)
    return {
        "normalize_us": normalize * us,
        "match_us": match * us,
        "price_form_us": (whole - bare_s) * us,
        "rest_us": (bare_s - normalize - match) * us,
        "quote_us": whole * us,
        "quotes_per_cpu_s": len(dialed) / whole,
    }


def steps_table(f: dict[str, float]) -> str:
    return (
        f"full quote {f['quote_us']:.2f} us CPU ({f['quotes_per_cpu_s']:,.0f}/s): "
        f"normalize {f['normalize_us']:.2f} + match {f['match_us']:.2f} + price_form "
        f"{f['price_form_us']:.2f} + rest {f['rest_us']:.2f} us"
    )


@contextmanager
def deck_database(rows: list[RateRow]) -> Iterator[tuple[Database, int]]:
    """A temporary SQLite file with ``rows`` imported as a tariff's deck (by the CLI's path)."""
    with tempfile.TemporaryDirectory(prefix="bench_rating_") as tmp:
        deck_path = Path(tmp) / "deck.csv"
        deck_path.write_text(write_deck(rows), encoding="utf-8")
        db, tariff_id, _ = import_into_sqlite(deck_path, Path(tmp) / "rates.db")
        try:
            yield db, tariff_id
        finally:
            db.engine.dispose()


def bare_load_table(index: PrefixIndex) -> dict[str, tuple[object, ...]]:
    return {row.prefix: (row.price_1,) for row in index.rows()}


def growth(runs: int, sizes: tuple[int, ...]) -> list[dict[str, float]]:
    """Load time and bytes held per prefix from 1k to 1M prefixes (the floor alongside)."""
    global PREFIXES
    table = []
    for size in sizes:
        PREFIXES = size
        with deck_database(make_rows(random.Random(SEED))) as (db, tariff_id):
            table.append(load_figures(db, tariff_id, runs))
    PREFIXES = 250_000
    return table


def compare_table(f: dict[str, object]) -> str:
    return "\n".join(
        [
            f"medians of {f['runs']} interleaved runs, 250k-prefix deck (wall; CPU of this "
            "process in brackets, the steadier figure on a shared machine)",
            f"index load from the rows   {f['load_s']:.2f} s [{f['load_cpu_s']:.2f}]   "
            f"floor (sqlite3 -> dict) {f['load_floor_s']:.2f} s [{f['load_floor_cpu_s']:.2f}]"
            f"   ratio {f['load_ratio']:.2f}x [{f['load_cpu_ratio']:.2f}x]  (goal <= 1 s)",
            f"index load, its snapshot   {f['snapshot_s']:.3f} s [{f['snapshot_cpu_s']:.3f}]"
            f"   {f['snapshot_s'] / f['load_floor_s']:.2f}x the floor  (RatingCache at start)",
            f"bytes held per prefix      {f['bytes_per_prefix']:.0f}  (goal <= 100)",
            f"lookups                    {f['lookups_per_s']:,.0f}/s   floor (bare dict) "
            f"{f['floor_lookups_per_s']:,.0f}/s   {f['lookup_vs_floor']:.2f}x of it "
            f"[{f['lookup_vs_floor_cpu']:.2f}x]",
            f"full quotes (cost + longest call)  {f['quotes_per_s']:,.0f}/s "
            f"[{f['quotes_per_cpu_s']:,.0f}/s]   {f['quote_vs_floor']:.2f}x of the bare dict "
            f"[{f['quote_vs_floor_cpu']:.2f}x]  (goal >= 300,000/s)",
        ]
    )


def growth_table(rows: list[dict[str, float]]) -> str:
    lines = [
        "from the rows:                                                    from the snapshot:",
        "prefixes    load s   floor s   ratio   CPU s  CPU floor  CPU ratio   bytes/prefix"
        "   load s  CPU s  bytes/prefix",
    ]
    lines += [
        f"{r['prefixes']:>9,}  {r['load_s']:7.2f}  {r['floor_s']:8.2f}  {r['ratio']:5.2f}x"
        f"  {r['load_cpu_s']:6.2f}  {r['floor_cpu_s']:9.2f}  {r['cpu_ratio']:8.2f}x"
        f"  {r['bytes_per_prefix']:13.0f}  {r['snapshot_s']:7.3f} {r['snapshot_cpu_s']:6.3f}"
        f"  {r['snapshot_bytes_per_prefix']:12.0f}"
        for r in rows
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--runs", type=int, default=5, help="interleaved runs (floors)")
    parser.add_argument("--numbers", type=int, default=200_000, help="numbers per quote run")
    parser.add_argument("--growth", action="store_true", help="the 1k -> 1M growth table")
    parser.add_argument("--full", action="store_true", help="also the one-pass figures")
    parser.add_argument("--steps", action="store_true", help="only a full quote's steps")
    args = parser.parse_args()
    if args.steps:
        steps = quote_steps(args.runs, args.numbers)
        print(json.dumps(steps, indent=2) if args.json else steps_table(steps))
        return
    figures: dict[str, object] = {"floors": compare(args.runs, args.numbers)}
    if args.growth:
        figures["growth"] = growth(args.runs, (1_000, 10_000, 100_000, 250_000, 1_000_000))
    if args.full:
        figures["one_pass"] = run()
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(compare_table(figures["floors"]))  # type: ignore[arg-type]
    if args.growth:
        print(growth_table(figures["growth"]))  # type: ignore[arg-type]
    if args.full:
        print(table(figures["one_pass"]))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
