"""Board benchmark: 48 booths in call ticking, listener events from a thread, start-up time.

Run on demand: ``QT_QPA_PLATFORM=offscreen python tests/bench/bench_board.py --seconds 20``.
Reports the process CPU time as % of one core, event→paint latency (p50/p99) for booth
events sent from a non-GUI thread, and the time from start to a fully painted board.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

START = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from callshop_pos.counter import (  # noqa: E402
    BoothMode,
    BoothView,
    CallPhase,
    LiveCallView,
    PbxLink,
)
from tests.ui.fakes import rate  # noqa: E402
from ui.app import build_main_window  # noqa: E402
from ui.bridge import ListenerBridge  # noqa: E402
from ui.tile import BoothTile  # noqa: E402


class BoardOnly:
    """Just enough backend for the board: the bench never clicks."""

    def __init__(self, views: list[BoothView]) -> None:
        self._views = views

    def board(self) -> list[BoothView]:
        return self._views

    def __getattr__(self, name: str) -> object:
        raise NotImplementedError(name)


RATES = [
    rate("0.10", "United Kingdom", "44"),
    rate("0.08", "Germany", "49"),
    rate("0.09", "Russia Moscow", "7495"),
    rate("0.20", "Ukraine", "380"),
    rate("0.05", "USA and Canada", "1"),
    rate("0.35", "Nigeria", "234"),
]


def booths(count: int, now: float) -> list[BoothView]:
    views = []
    for i in range(1, count + 1):
        rate = RATES[i % len(RATES)]
        answered = now - random.uniform(0, 1800)
        call = LiveCallView(
            f"{rate.prefix}12345{i:04d}", CallPhase.ANSWERED, answered - 5, answered, rate, None
        )
        mode = BoothMode.PREPAID if i % 2 else BoothMode.POSTPAID
        views.append(
            BoothView(
                i, f"Booth {i}", i, f"b{i}", mode, session_id=i, prepaid=Decimal("50.00"), call=call
            )
        )
    return views


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--booths", type=int, default=48)
    parser.add_argument("--events-per-second", type=float, default=10.0)
    args = parser.parse_args()

    app = QApplication([sys.argv[0]])
    views = booths(args.booths, time.time())
    first_paint: dict[int, float] = {}  # account id → its tile's first paint
    sent: dict[int, float] = {}  # account id → when its event left the engine thread
    latencies: list[float] = []
    lock = threading.Lock()

    def probe(tile: BoothTile) -> None:
        now = time.perf_counter()
        account = tile.view.account_id
        if account not in first_paint:
            first_paint[account] = now
        with lock:
            t0 = sent.pop(account, None)
        if t0 is not None:
            latencies.append(now - t0)

    BoothTile.paint_probe = probe
    bridge = ListenerBridge()
    window = build_main_window(BoardOnly(views), bridge, user="bench", language="en")
    window.resize(1920, 1080)
    window.show()
    bridge.pbx_state(PbxLink.CONNECTED, "")
    # Tiles scrolled out of view are never painted: the board is "painted" when every tile
    # that is on screen has been. Half a second of event loop is ample to settle.
    settle = QEventLoop()
    QTimer.singleShot(500, settle.quit)
    settle.exec()
    visible = [t for t in window.board.tiles() if not t.visibleRegion().isEmpty()]
    painted_at = [
        first_paint[t.view.account_id] for t in visible if t.view.account_id in first_paint
    ]
    startup = max(painted_at) - START if painted_at and len(painted_at) == len(visible) else None

    stop = threading.Event()

    def engine() -> None:
        # Like the PBX engine: its own thread, one booth change at a time.
        counter = 0
        while not stop.wait(1.0 / args.events_per_second):
            counter += 1
            view = random.choice(views)
            assert view.call is not None
            changed = replace(view, call=replace(view.call, number=f"{counter:012d}"))
            with lock:
                if view.account_id in sent:
                    continue  # one outstanding event per tile keeps the pairing exact
                sent[view.account_id] = time.perf_counter()
            bridge.booth_changed(changed)

    # Measure the steady state only: start-up work is reported separately.
    cpu0, wall0 = time.process_time(), time.perf_counter()
    thread = threading.Thread(target=engine, daemon=True)
    thread.start()
    QTimer.singleShot(int(args.seconds * 1000), app.quit)
    app.exec()
    stop.set()
    thread.join()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0

    print(f"booths in call      : {args.booths} (tick every {window.board.timer.interval()} ms)")
    print(f"run                 : {wall:.1f} s wall, {cpu:.2f} s CPU")
    print(f"CPU                 : {100 * cpu / wall:.2f} % of one core")
    if latencies:
        ms = sorted(x * 1000 for x in latencies)
        p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
        print(
            f"event→paint latency : p50 {statistics.median(ms):.2f} ms, p99 {p99:.2f} ms, "
            f"max {ms[-1]:.2f} ms ({len(ms)} events)"
        )
    if startup is None:
        print("start-up to painted : some visible tiles were never painted")
    else:
        print(
            f"start-up to painted : {startup * 1000:.0f} ms "
            f"({len(visible)} tiles on screen, 1920×1080)"
        )


if __name__ == "__main__":
    main()
