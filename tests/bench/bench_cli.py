"""The command line at the size of a real shop, each command a real process, against its floor.

Run: ``python tests/bench/bench_cli.py [--runs N] [--tree PATH]``. Not collected by pytest.

Builds (fast, ``executemany``) a SQLite shop with a 250,000-rate tariff and a year of
250,000 calls, then times, as the cashier or a script would run them:

* ``callshop-pos --help`` against a bare ``python -c pass`` (the interpreter's own start);
* ``quote NUMBER --tariff Bench`` against a bare process running the indexed
  ``prefix IN (...)`` query on the same file with ``sqlite3``;
* ``calls list --from DAY --to DAY`` and ``calls list`` (the whole year) against a bare
  process counting the same rows with ``sqlite3``, and the peak memory (max RSS) of each.

The file is at the schema head, so ``quote`` and ``calls list`` read it with ``sqlite3``
alone (db/sqlite_read.py), as they read a shop's file; run ``python -m compileall -q
callshop_pos printing`` first to time them as installed (with PYTHONDONTWRITEBYTECODE=1 every
start compiles the app's modules again).

Every figure is the median of ``--runs`` interleaved runs (wall time of the whole process,
output to /dev/null), printed with the ratio to its floor. ``--tree`` runs the command line
of another source tree (e.g. an older checkout) on the same data, for a before/after.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

RATES = 250_000
CALLS = 250_000
YEAR = datetime(2025, 1, 1, tzinfo=UTC)
DAY = "2025-06-15"
NUMBER = "4930123456"
SEED = 20250101


def _stamp(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")  # how SQLAlchemy stores a DateTime in SQLite


def build(path: Path) -> None:
    """The schema by the application itself, then the bulk rows by ``executemany``."""
    from callshop_pos.db.engine import open_database
    from callshop_pos.services import sessions
    from callshop_pos.services.rates import create_tariff

    db = open_database(path)
    with db.session() as s:
        sessions.preferences(s).country_code = "49"
        tariff_id = create_tariff(s, "Bench", currency="EUR").id
    db.dispose()
    rng = random.Random(SEED)
    prefixes: set[str] = {"49", "4930", "493012"}
    while len(prefixes) < RATES:
        prefixes.add(str(rng.randint(1, 9)) + str(rng.randint(0, 10 ** rng.randint(2, 7))))
    start = _stamp(YEAR - timedelta(days=365))
    rates = [
        (tariff_id, p, f"Area {p[:3]}", rng.randint(1, 900) * 1000, rng.randint(1, 900) * 1000)
        for p in sorted(prefixes)
    ]
    step = 365 * 86400 / CALLS
    calls = []
    for i in range(CALLS):
        at = YEAR + timedelta(seconds=i * step)
        calls.append(
            (f"u{i}", "booth1", f"49301{i:06d}", "", _stamp(at), _stamp(at), 61, "answered", 49)
        )
    with sqlite3.connect(path) as raw:
        raw.executemany(
            "INSERT INTO rates (tariff_id, prefix, area_name, price_1, price_n, interval_1,"
            " interval_n, forbidden, grace_enabled, activation)"
            f" VALUES (?, ?, ?, ?, ?, 60, 60, 0, 0, '{start}')",
            rates,
        )
        raw.executemany(
            "INSERT INTO calls (booth_uniqueid, endpoint, number, linkedid, started_at,"
            " answered_at, billable_seconds, disposition, hangup_cause, channel, normalized,"
            " billing_source, billed_seconds, cost, peer, evidence, created_at, prefix)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', 61, 100000, '', '', ?, '49')",
            [(*c[:8], c[8], c[4]) for c in calls],
        )


def run(argv: list[str], env: dict[str, str]) -> tuple[float, int, float]:
    """Wall seconds, max RSS (KiB) and CPU seconds (user + system) of one process, its output
    thrown away; run in the tree on PYTHONPATH (``python -m`` puts the working folder first
    on the path). The CPU time moves less than the wall time on a shared, loaded machine."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, env=env, cwd=env["PYTHONPATH"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{argv[3:]} failed ({proc.returncode}): {err}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--runs", type=int, default=5, help="interleaved runs (median printed)")
    cli.add_argument("--tree", type=Path, default=ROOT, help="source tree of the CLI to time")
    cli.add_argument("--keep", type=Path, help="build the data here (or reuse it)")
    cli.add_argument("--build-only", type=Path, help=argparse.SUPPRESS)
    args = cli.parse_args()
    if args.build_only:
        build(args.build_only)
        return
    path = args.keep or Path(tempfile.mkdtemp(prefix="bench_cli_")) / "shop.db"
    if not path.exists():
        # in a process of its own: a child forked from a big parent would report the
        # parent's memory as its own peak
        began = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--build-only", str(path)], check=True)
        print(f"built {RATES:,} rates and {CALLS:,} calls in {time.perf_counter() - began:.1f} s")
    env = dict(os.environ, PYTHONPATH=str(args.tree.resolve()))
    py = [sys.executable]
    app = [*py, "-m", "callshop_pos.cli.main"]
    candidates = ", ".join(f"'{NUMBER[:n]}'" for n in range(1, len(NUMBER) + 1))
    sql_quote = (
        f"import sqlite3; c = sqlite3.connect({str(path)!r}); c.execute("
        f'"SELECT prefix, price_1 FROM rates WHERE tariff_id = 1 AND prefix IN ({candidates})'
        f" AND activation <= '2025-06-15'\").fetchall()"
    )
    day_end = (datetime.fromisoformat(DAY) + timedelta(days=1)).date().isoformat()
    sql_count = (
        "import sqlite3, sys; c = sqlite3.connect({p!r}); "
        "c.execute(\"SELECT count(*) FROM calls WHERE started_at >= '{a}' AND started_at < '{b}'\""
        ").fetchall()"
    )
    pairs = {
        "--help": ([*app, "--help"], [*py, "-c", "pass"]),
        "quote one number": (
            [*app, "--db", str(path), "quote", NUMBER, "--tariff", "Bench"],
            [*py, "-c", sql_quote],
        ),
        "calls list a day": (
            [*app, "--db", str(path), "calls", "list", "--from", DAY, "--to", DAY],
            [*py, "-c", sql_count.format(p=str(path), a=DAY, b=day_end)],
        ),
        "calls list a year": (
            [*app, "--db", str(path), "calls", "list"],
            [*py, "-c", sql_count.format(p=str(path), a="2000", b="3000")],
        ),
    }
    old_cli = not (args.tree / "callshop_pos" / "services" / "rate_lookup.py").exists()
    if old_cli:
        del pairs["calls list a day"]  # no --from/--to before
    # Not a floor of the commands' own work, but what a database command pays first:
    # importing SQLAlchemy and the engine (the ORM and the models only when used), or, for
    # the one-shot reads on a SQLite file at the schema head, sqlite3's reader alone.
    app_import = [*py, "-c", "import callshop_pos.db.engine"]
    fast_import = [*py, "-c", "import callshop_pos.db.sqlite_read"]
    has_fast = (args.tree / "callshop_pos" / "db" / "sqlite_read.py").exists()
    imports: list[float] = []
    fast_imports: list[float] = []
    times: dict[str, list[float]] = {k: [] for k in pairs}
    floors: dict[str, list[float]] = {k: [] for k in pairs}
    memory: dict[str, list[int]] = {k: [] for k in pairs}
    cpu: dict[str, list[float]] = {k: [] for k in pairs}
    for _ in range(args.runs):
        for name, (command, floor) in pairs.items():
            elapsed, rss, used = run(command, env)
            times[name].append(elapsed)
            memory[name].append(rss)
            cpu[name].append(used)
            floors[name].append(run(floor, env)[0])
        imports.append(run(app_import, env)[0])
        if has_fast:
            fast_imports.append(run(fast_import, env)[0])
    print(f"CLI of {args.tree}: median of {args.runs} interleaved runs, wall time per process")
    for name in pairs:
        t, f = statistics.median(times[name]), statistics.median(floors[name])
        peak = statistics.median(memory[name]) / 1024
        used = statistics.median(cpu[name])
        print(
            f"  {name:18s} {t:7.3f} s  floor {f:6.3f} s  ratio {t / f:6.1f}x"
            f"  max RSS {peak:6.0f} MB  cpu {used:6.3f} s"
        )
    print(f"  (importing the app's database layer alone: {statistics.median(imports):.3f} s)")
    if fast_imports:
        fast = statistics.median(fast_imports)
        print(f"  (importing the read-only SQLite path alone: {fast:.3f} s)")


if __name__ == "__main__":
    main()
