"""How soon counter B's board shows counter A's Start and Stop (two processes, one SQLite
file or PostgreSQL URL, one simulator), against its floor: the board watcher's poll interval.

    .venv/bin/python tests/bench/bench_two_counters.py [--db URL] [--changes 20]
"""

from __future__ import annotations

import argparse
import inspect
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from callshop_pos.services.board_watch import BoardWatcher
from tests.core.test_two_counters import measure_two_counters


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a database URL (default: a new SQLite file)")
    parser.add_argument("--changes", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'shop.db'}"
        delays = measure_two_counters(url, args.changes)
    interval = float(inspect.signature(BoardWatcher).parameters["interval"].default)
    median, worst = statistics.median(delays), max(delays)
    print(
        f"counter A commit -> counter B board, {len(delays)} changes: median "
        f"{median * 1000:.0f} ms, max {worst * 1000:.0f} ms; floor (poll interval) "
        f"{interval * 1000:.0f} ms: median/floor {median / interval:.2f}, "
        f"max/floor {worst / interval:.2f}"
    )


if __name__ == "__main__":
    main()
