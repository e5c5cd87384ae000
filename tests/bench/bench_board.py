"""Board benchmark: 48 booths in call ticking, listener events from a thread, real start-up.

Run on demand: ``QT_QPA_PLATFORM=offscreen python tests/bench/bench_board.py --seconds 20``
(``--only-events`` runs part 0 alone).

0. The core's side: a real SQLite shop of 48 booths (half of them running) and the real
   ``CounterService``. The board's read (``board()``: statements, median time of 10), then
   live-call ticks and registrations from an engine-like thread: SQL statements per event
   (SQLAlchemy's ``before_cursor_execute``), the time from the engine's call to the
   listener's ``booth_changed`` (p50/p99), and the events per second one thread delivers.

1. Steady state: 48 booths in call on the board (their views made here, no backend needed:
   the board only paints), the process CPU as % of one core, and event→paint latency
   (p50/p99) for booth events sent from a non-GUI thread through the ListenerBridge.
2. Start-up, for real: a shop database with 48 booths whose tariff holds 250,000 rates
   (bulk-stored with services.rates.store_rates), then a fresh process running
   ``ui.app.main --db FILE``: the time from spawning it to every visible tile painted, and
   the first price check (the RatingCache loads the tariff and builds its prefix index on
   first use) and a second one, through the Price check dialog.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from callshop_pos.counter import (
    BoothMode,
    BoothView,
    CallPhase,
    LiveCallView,
    PbxLink,
)
from tests.ui.fakes import rate
from ui.app import build_main_window
from ui.bridge import ListenerBridge
from ui.tile import BoothTile


class BoardOnly:
    """Just enough backend for the board: the bench never clicks."""

    def __init__(self, views: list[BoothView]) -> None:
        self._views = views

    def board(self) -> list[BoothView]:
        return self._views

    def __getattr__(self, name: str) -> object:
        raise NotImplementedError(name)


BENCH_USER, BENCH_PIN = "bench", "2468"  # a cashier: the child logs in as them

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


def prepare_shop(path: Path, booths: int, rates: int) -> tuple[float, float]:
    """The shop the start-up is measured on: (seconds to build it, seconds to store rates)."""
    from sqlalchemy import select

    from callshop_pos.db.models import Account, Tariff
    from callshop_pos.rating.terms import RateRow
    from callshop_pos.services import sessions, users
    from callshop_pos.services.rates import load_rows, store_rates
    from tests.core.shop import build_shop

    t0 = time.perf_counter()
    db = build_shop(path, booths=booths - 1)  # + the walk-in booth
    with db.session() as s:  # half the booths running, as at a busy hour
        for account in s.scalars(select(Account).order_by(Account.position)):
            if account.position % 2 and account.voip_login != "walkin":
                sessions.start(s, account, BoothMode.PREPAID, Decimal(10), Decimal(0))
    users.create_user(db, BENCH_USER, "cashier", BENCH_PIN)  # the login the child answers
    built = time.perf_counter() - t0
    prices = [Decimal(f"0.{n:04d}") for n in range(1, 1000)]
    t0 = time.perf_counter()
    with db.session() as s:
        tariff = s.scalar(select(Tariff).where(Tariff.name == "Street"))
        assert tariff is not None
        real = load_rows(s, tariff)  # Germany, Russia...: the price check asks for those
        big = [
            RateRow(
                str(10_000_000 + i),
                f"Area {i % 500}",
                prices[i % len(prices)],
                prices[i % len(prices)],
                activation=real[0].activation,
            )
            for i in range(rates - len(real))
        ]
        store_rates(s, tariff, real + big, "replace")
    stored = time.perf_counter() - t0
    db.dispose()
    return built, stored


def startup_child(db_path: str, spawned: float) -> None:
    """Runs the real application (ui.app.main) and reports when its board is painted."""
    painted: dict[int, float] = {}
    BoothTile.paint_probe = lambda tile: painted.setdefault(tile.view.account_id, time.time())
    app = QApplication([sys.argv[0]])
    report: dict[str, float | int] = {}

    from ui.main_window import MainWindow

    def window() -> MainWindow | None:
        for widget in app.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                return widget
        return None

    def wait_painted() -> None:
        win = window()
        tiles = win.board.tiles() if win is not None else []
        visible = [t for t in tiles if not t.visibleRegion().isEmpty()]
        if not visible or any(t.view.account_id not in painted for t in visible):
            QTimer.singleShot(5, wait_painted)
            return
        assert win is not None
        report["startup_s"] = max(painted[t.view.account_id] for t in visible) - spawned
        report["tiles_visible"] = len(visible)
        report["tiles"] = len(tiles)
        price_check(win, "004915112345678", "first_quote_s", then=second)

    def second(win: MainWindow) -> None:
        price_check(win, "0074951234567", "second_quote_s", then=lambda _w: app.exit(0))

    def price_check(win: MainWindow, number: str, key: str, then: object) -> None:
        dialog = win.open_price_check()
        dialog.last_quote = None
        dialog.number.setText(number)
        dialog.amount.setText("1")
        t0 = time.perf_counter()
        dialog.ask()  # what the debounce timer does after the typing pauses

        def answered() -> None:
            if dialog.last_quote is None:
                QTimer.singleShot(1, answered)
                return
            report[key] = time.perf_counter() - t0
            report[key.replace("_s", "_area")] = dialog.destination.text()  # type: ignore[assignment]
            then(win)  # type: ignore[operator]

        answered()

    def log_in() -> None:
        """Answer the login dialog as the bench's cashier (the shop has a user: no first-owner
        dialog), so the bench runs unattended; the PIN's hash is part of the start-up."""
        from ui.dialogs.login_dialog import LoginDialog

        for widget in app.topLevelWidgets():
            if isinstance(widget, LoginDialog) and widget.isVisible():
                widget.pin.setText(BENCH_PIN)
                widget.try_login()
                return
        if window() is None:
            QTimer.singleShot(5, log_in)

    QTimer.singleShot(0, log_in)
    QTimer.singleShot(0, wait_painted)
    QTimer.singleShot(120_000, lambda: app.exit(2))

    from ui.app import main as app_main

    code = app_main([sys.argv[0], "--db", db_path, "--language", "en", "--user", BENCH_USER])
    report["exit"] = code
    print(json.dumps(report), flush=True)


def measure_startup(booths: int, rates: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "shop.db"
        built, stored = prepare_shop(path, booths, rates)
        print(
            f"shop database       : {booths} booths in {built:.2f} s; {rates:,} rates "
            f"bulk-stored in {stored:.2f} s ({path.stat().st_size / 1e6:.1f} MB)"
        )
        runs = []
        for _ in range(3):
            spawned = time.time()
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--startup-child",
                    str(path),
                    "--spawned",
                    repr(spawned),
                ],
                capture_output=True,
                text=True,
                timeout=180,
                check=True,
            )
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        for n, run in enumerate(runs, 1):
            print(
                f"start-up run {n}      : painted board {run['startup_s'] * 1000:.0f} ms "
                f"after spawn ({run['tiles_visible']} of {run['tiles']} tiles on screen); "
                f"first price check {run['first_quote_s'] * 1000:.0f} ms "
                f"({run['first_quote_area']}), second {run['second_quote_s'] * 1000:.1f} ms"
            )


def counter_events(booths: int, events: int) -> None:
    """Part 0: live-call ticks and registrations through the real CounterService."""
    from sqlalchemy import event, select

    from callshop_pos.db.models import Account
    from callshop_pos.services import sessions
    from callshop_pos.services.counter import CounterService
    from tests.core.shop import build_shop

    with tempfile.TemporaryDirectory() as folder:
        db = build_shop(Path(folder) / "shop.db", booths=booths - 1)  # + the walk-in booth
        with db.session() as s:
            for account in s.scalars(select(Account)):
                if account.position % 2:
                    sessions.start(s, account, BoothMode.PREPAID, Decimal(10), Decimal(0))
        counter = CounterService(db)
        delivered: list[float] = []

        class Listener:
            def booth_changed(self, view: BoothView) -> None:
                delivered.append(time.perf_counter())

            def pbx_state(self, state: PbxLink, detail: str) -> None: ...

            def printer_state(self, text: str, waiting: int) -> None: ...

            def database_state(self, ok: bool, detail: str) -> None: ...

        counter.add_listener(Listener())
        statements = [0]

        def count(*_args: object) -> None:
            statements[0] += 1

        event.listen(db.engine, "before_cursor_execute", count)
        reads = []
        for _ in range(10):
            t0 = time.perf_counter()
            logins = [view.login for view in counter.board()]
            reads.append(time.perf_counter() - t0)
        board_sql, statements[0] = statements[0] // 10, 0
        latencies: list[float] = []
        now = time.time()

        def engine() -> None:  # like the engine's dispatch thread: one event at a time
            for n in range(events):
                login = logins[n % len(logins)]
                sent = time.perf_counter()
                if n % 10 == 9:
                    counter.registration(login, True)
                else:
                    rate = RATES[n % len(RATES)]
                    call = LiveCallView(
                        f"{rate.prefix}1234{n:06d}", CallPhase.ANSWERED, now, now, rate, 600
                    )
                    counter.live_call(login, call)
                latencies.append(delivered[-1] - sent if delivered else float("nan"))

        t0 = time.perf_counter()
        thread = threading.Thread(target=engine)
        thread.start()
        thread.join()
        wall = time.perf_counter() - t0
        event.remove(db.engine, "before_cursor_execute", count)
        db.dispose()
    ms = sorted(x * 1000 for x in latencies)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    print(
        f"board read          : {booths} booths, {board_sql} statements, "
        f"median {statistics.median(reads) * 1000:.1f} ms"
    )
    print(f"call events         : {events} through CounterService ({booths} booths, SQLite)")
    print(f"SQL per event       : {statements[0] / events:.2f} ({statements[0]} statements)")
    print(
        f"event→listener      : p50 {statistics.median(ms):.3f} ms, p99 {p99:.3f} ms; "
        f"{events / wall:,.0f} events/s on one thread"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--booths", type=int, default=48)
    parser.add_argument("--events-per-second", type=float, default=10.0)
    parser.add_argument("--rates", type=int, default=250_000)
    parser.add_argument("--events", type=int, default=5000, help="call events in part 0")
    parser.add_argument("--only-events", action="store_true", help="run part 0 alone")
    parser.add_argument("--startup-child", metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--spawned", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.startup_child:
        startup_child(args.startup_child, args.spawned)
        return
    counter_events(args.booths, args.events)
    if args.only_events:
        return
    steady_state(args)
    measure_startup(args.booths, args.rates)


def steady_state(args: argparse.Namespace) -> None:
    app = QApplication([sys.argv[0]])
    views = booths(args.booths, time.time())
    sent: dict[int, float] = {}  # account id → when its event left the engine thread
    latencies: list[float] = []
    lock = threading.Lock()

    def probe(tile: BoothTile) -> None:
        now = time.perf_counter()
        with lock:
            t0 = sent.pop(tile.view.account_id, None)
        if t0 is not None:
            latencies.append(now - t0)

    BoothTile.paint_probe = probe
    bridge = ListenerBridge()
    window = build_main_window(BoardOnly(views), bridge, user="bench", language="en")  # type: ignore[arg-type]
    window.resize(1920, 1080)
    window.show()
    bridge.pbx_state(PbxLink.CONNECTED, "")
    settle = QEventLoop()
    QTimer.singleShot(500, settle.quit)
    settle.exec()

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

    # Measure the steady state only: start-up is measured in its own process below.
    cpu0, wall0 = time.process_time(), time.perf_counter()
    thread = threading.Thread(target=engine, daemon=True)
    thread.start()
    QTimer.singleShot(int(args.seconds * 1000), app.quit)
    app.exec()
    stop.set()
    thread.join()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    window.close()
    BoothTile.paint_probe = None

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


if __name__ == "__main__":
    main()
