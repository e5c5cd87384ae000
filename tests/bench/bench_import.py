"""``rates import`` as the owner runs it, against its floor (run: .venv/bin/python
tests/bench/bench_import.py [--rows N[,N...]] [--runs 5] [--json]; ``--rows 250000,1000000``
times the quarter-million deck and the million one, each against its own floor).

Both sides are whole processes, started the same way and timed from the outside, with the
garbage collector left on (nothing is paused: what the shop waits for is what is timed):

* ``callshop-pos rates import DECK --tariff Bench`` into a fresh SQLite file whose schema
  is made and whose empty tariff is created beforehand (not timed);
* the floor: a bare Python program that reads the same file with ``csv.reader`` and stores
  the rows with one ``sqlite3`` ``executemany`` in one transaction, into a fresh copy of the
  same schema (same indexes), each distinct price and date converted once to its stored
  form (scaled integers, the dates' text): no validation, no diff, no ORM.

The runs are interleaved (import, floor, import, floor, ...) so that the load of the
machine weighs on both alike; the medians and their ratio are printed. The deck is the one
bench_rating.py makes (realistic country trees, fixed seed). Not collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from callshop_pos.db.engine import open_database  # noqa: E402
from callshop_pos.rating.deck import write_deck  # noqa: E402
from callshop_pos.services.rates import create_tariff  # noqa: E402
from tests.bench import bench_rating  # noqa: E402

TARIFF = "Bench"

# The floor: csv + executemany, nothing else (the values as the rates table stores them).
FLOOR = r"""
import csv, sqlite3, sys
from datetime import datetime
from decimal import Decimal
from functools import cache
db_path, deck_path, tariff_id = sys.argv[1], sys.argv[2], int(sys.argv[3])
scale = Decimal(10) ** 6
money = cache(lambda text: int(Decimal(text) * scale))
when = cache(
    lambda text: datetime.fromisoformat(text).strftime("%Y-%m-%d %H:%M:%S.%f") if text else None
)
with open(deck_path, newline="", encoding="utf-8") as f:
    reader = csv.reader(f)
    next(reader)
    rows = [
        (tariff_id, p, a, money(p1), money(pn), int(i1), int(i_n), int(fb), int(g),
         when(act), when(exp))
        for p, a, p1, pn, i1, i_n, fb, g, act, exp in reader
    ]
db = sqlite3.connect(db_path)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=NORMAL")
with db:
    db.executemany(
        "INSERT INTO rates (tariff_id, prefix, area_name, price_1, price_n, interval_1,"
        " interval_n, forbidden, grace_enabled, activation, expiration)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
print(len(rows))
"""


def fresh_database(template: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, target)


def make_template(path: Path) -> int:
    """A database at the current schema with an empty tariff (what both sides start from)."""
    db = open_database(path)
    with db.session() as s:
        tariff_id = create_tariff(s, TARIFF, **bench_rating.TARIFF_FIELDS).id
    db.engine.dispose()
    return tariff_id


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(command: list[str], tree: Path = ROOT) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system) and output of one process run with
    ``tree``'s sources first. On a shared machine the CPU time is the steadier figure: the
    wall time also holds the waits for a core."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tree, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{command[2:5]} failed: {done.stderr.strip()}")
    return seconds, _children_cpu() - cpu, done.stdout.strip()


def run(rows: int, runs: int, tree: Path = ROOT) -> dict[str, object]:
    bench_rating.PREFIXES = rows
    deck_rows = bench_rating.make_rows(random.Random(bench_rating.SEED))
    with tempfile.TemporaryDirectory(prefix="bench_import_") as tmp:
        folder = Path(tmp)
        deck = folder / "deck.csv"
        deck.write_text(write_deck(deck_rows), encoding="utf-8")
        count = len(deck_rows)
        deck_mb = round(deck.stat().st_size / 1024 / 1024, 1)
        del deck_rows
        template = folder / "template.db"
        tariff_id = make_template(template)
        target = folder / "shop.db"
        cli = [sys.executable, "-m", "callshop_pos.cli.main", "--db", str(target)]
        imports: list[float] = []
        floors: list[float] = []
        import_cpu: list[float] = []
        floor_cpu: list[float] = []
        for _ in range(runs):
            fresh_database(template, target)
            command = [*cli, "rates", "import", str(deck), "--tariff", TARIFF]
            seconds, cpu, out = run_timed(command, tree)
            assert f"{count} added" in out, out
            imports.append(seconds)
            import_cpu.append(cpu)
            fresh_database(template, target)
            seconds, cpu, out = run_timed(
                [sys.executable, "-c", FLOOR, str(target), str(deck), str(tariff_id)]
            )
            assert out == str(count), out
            floors.append(seconds)
            floor_cpu.append(cpu)
    import_s, floor_s = statistics.median(imports), statistics.median(floors)
    import_cpu_s, floor_cpu_s = statistics.median(import_cpu), statistics.median(floor_cpu)
    return {
        "rows": count,
        "deck_mb": deck_mb,
        "runs": runs,
        "import_s": import_s,
        "floor_s": floor_s,
        "ratio": import_s / floor_s,
        "import_runs_s": imports,
        "floor_runs_s": floors,
        "import_cpu_s": import_cpu_s,
        "floor_cpu_s": floor_cpu_s,
        "cpu_ratio": import_cpu_s / floor_cpu_s,
        "python": sys.version.split()[0],
        "tree": str(tree),
    }


GOALS = {250_000: 3.0, 1_000_000: 12.0}  # seconds, the goals for these sizes


def table(f: dict[str, object]) -> str:
    rows = int(f["rows"])  # type: ignore[call-overload]
    goal = next((f"; goal <= {s:g} s" for n, s in GOALS.items() if abs(rows - n) < n / 10), "")
    import_runs = ", ".join(f"{s:.2f}" for s in f["import_runs_s"])  # type: ignore[attr-defined]
    floor_runs = ", ".join(f"{s:.2f}" for s in f["floor_runs_s"])  # type: ignore[attr-defined]
    return "\n".join(
        [
            f"CLI of {f['tree']}",
            f"deck                      {f['rows']:,} rows, {f['deck_mb']} MB CSV",
            f"rates import (process)    {f['import_s']:.2f} s median  [{import_runs}]",
            f"floor csv + executemany   {f['floor_s']:.2f} s median  [{floor_runs}]",
            f"ratio                     {f['ratio']:.2f}x  (goal <= 1.2x{goal})",
            f"CPU (user + system)       {f['import_cpu_s']:.2f} s import, "
            f"{f['floor_cpu_s']:.2f} s floor: {f['cpu_ratio']:.2f}x",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--rows",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[250_000],
        help="prefixes in the deck; several sizes comma separated (250000,1000000)",
    )
    parser.add_argument("--runs", type=int, default=5, help="interleaved runs of each side")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--tree",
        type=Path,
        default=ROOT,
        help="source tree whose CLI is timed (e.g. an older checkout, for a before/after)",
    )
    args = parser.parse_args()
    for rows in args.rows:
        figures = run(rows, args.runs, args.tree.resolve())
        print(json.dumps(figures, indent=2) if args.json else table(figures), flush=True)


if __name__ == "__main__":
    main()
