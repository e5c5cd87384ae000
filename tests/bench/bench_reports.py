"""The reports over a year of traffic (run: .venv/bin/python tests/bench/bench_reports.py
[--calls N] [--rounds N]).

Builds a shop (8 booths, two vendors) in a fresh SQLite file and a year of calls (~250,000,
fixed seed) with their sessions and session receipts, inserted with executemany (the real
billing path is another bench's job: far too slow for 250k), then measures:

* the revenue report of the year (per day, booth, destination, vendor, hours, takings);
  goal <= 1 s;
* the calls browser's first page of one day (with its totals); goal <= 100 ms;

each against its floor in the same run: one bare SQL GROUP BY over the same calls through
sqlite3 on the same file (resp. the bare page query), printing the ratio. Not collected by
pytest (bench_*.py).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import select

from callshop_pos.db.models import Account, Vendor
from callshop_pos.services.reports import revenue_report, revenue_report_of
from callshop_pos.services.reports_calls import CallFilter, calls_page, calls_totals
from callshop_pos.services.reports_period import Period
from tests.core.shop import build_shop

SCALE = 1_000_000  # Money columns: micro-units
FIRST = date(2025, 1, 1)


def build(path: Path, calls: int) -> None:
    db = build_shop(path, booths=8)
    with db.session() as s:
        booths = list(s.scalars(select(Account.id).where(Account.name.like("Booth %"))))
        vendors = list(s.scalars(select(Vendor.id)))
    db.dispose()
    rng = random.Random(15)
    per_session = 8
    con = sqlite3.connect(path)
    sessions, call_rows, receipts = [], [], []
    start = datetime.combine(FIRST, datetime.min.time(), UTC)
    for n in range(calls):
        at = start + timedelta(seconds=rng.randrange(365 * 86400))
        sid = n // per_session + 1
        if n % per_session == 0:
            sessions.append((sid, rng.choice(booths), "prepaid", at.replace(tzinfo=None)))
        seconds = rng.randint(0, 900)
        cost = rng.randint(0, 500) * 10_000
        call_rows.append(
            (
                rng.choice(booths),
                sid,
                f"u{n}",
                "0049301234",
                "49301234",
                at.replace(tzinfo=None),
                seconds,
                seconds,
                "answered" if seconds else "no_answer",
                rng.choice(["Germany", "Turkey", "Москва"]),
                "49",
                cost if seconds else 0,
                cost // 5,
                rng.choice(vendors),
                cost // 7,
            )
        )
    for sid, _booth, _mode, at in sessions:
        receipts.append((sid, "session", sid, at, rng.randint(0, 4000) * 10_000, "{}"))
    with con:
        con.executemany(
            "INSERT INTO booth_sessions (id, account_id, mode, prepaid_amount, credit_limit,"
            " started_at, stopped_at, calls_total, extras_total, total) "
            "VALUES (?, ?, ?, 0, 0, ?, ?, 0, 0, 0)",
            [(i, b, m, at, at) for i, b, m, at in sessions],
        )
        con.executemany(
            "INSERT INTO calls (account_id, session_id, booth_uniqueid, linkedid, channel,"
            " endpoint, number, normalized, started_at, billable_seconds, billed_seconds,"
            " disposition, area_name, prefix, cost, wholesale_cost, vendor_id, vendor_cost,"
            " billing_source, peer, evidence, created_at) VALUES"
            " (?, ?, ?, '', '', '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'cdr', '', '', ?)",
            [(*r, r[5]) for r in call_rows],
        )
        con.executemany(
            "INSERT INTO receipts (number, kind, session_id, created_at, total, layout_json,"
            " cashier) VALUES (?, ?, ?, ?, ?, ?, '')",
            receipts,
        )
    con.execute("ANALYZE")
    con.close()


def timed(fn: Callable[[], object], rounds: int) -> float:
    fn()  # warm the page cache
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=250_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from callshop_pos.db.engine import open_database

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "year.db"
        t0 = time.perf_counter()
        build(path, args.calls)
        print(f"built {args.calls} calls in {time.perf_counter() - t0:.1f} s")
        db = open_database(path)
        year = Period(FIRST, date(2025, 12, 31))
        day = Period(date(2025, 6, 3), date(2025, 6, 3))

        def report_one_session() -> object:
            with db.read() as s:
                return revenue_report(s, year)

        def report() -> object:
            return revenue_report_of(db, year)

        def page() -> object:
            with db.read() as s:
                return calls_page(s, CallFilter(day)), calls_totals(s, CallFilter(day))

        con = sqlite3.connect(path)
        lo, hi = (
            x.astimezone(UTC).replace(tzinfo=None).isoformat(" ") for x in (year.start, year.end)
        )
        dlo, dhi = (
            x.astimezone(UTC).replace(tzinfo=None).isoformat(" ") for x in (day.start, day.end)
        )

        def floor_report() -> object:
            return con.execute(
                "SELECT date(started_at), account_id, count(*), sum(billed_seconds), sum(cost),"
                " sum(wholesale_cost), sum(vendor_cost) FROM calls WHERE started_at >= ? AND"
                " started_at < ? AND disposition = 'answered' GROUP BY 1, 2",
                (lo, hi),
            ).fetchall()

        def floor_page() -> object:
            return con.execute(
                "SELECT id, started_at, number, cost FROM calls WHERE started_at >= ? AND"
                " started_at < ? ORDER BY started_at, id LIMIT 201",
                (dlo, dhi),
            ).fetchall()

        for name, fn, floor, goal in (
            ("revenue report, a year (parts on 2 connections)", report, floor_report, 1.0),
            ("revenue report, a year (one session)", report_one_session, floor_report, 1.0),
            ("calls page + totals, one day", page, floor_page, 0.1),
        ):
            took, bare = timed(fn, args.rounds), timed(floor, args.rounds)
            verdict = "OK" if took <= goal else "SLOW"
            print(
                f"{name}: {took * 1000:.0f} ms (goal {goal * 1000:.0f} ms, {verdict}); "
                f"bare SQL {bare * 1000:.0f} ms; ratio {took / bare:.1f}x"
            )
        con.close()
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
