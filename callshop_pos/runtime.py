"""Puts the running shop together: database, counter, PBX engine, printing, demo mode.

Used by the GUI (ui.app) and by ``callshop-pos serve``; no widgets here. Demo mode is what
runs when nothing is configured: a demo database made from ``resources/sample/demo.toml``
and the built-in Asterisk simulator, whose booths place realistic calls.
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from callshop_pos import heap
from callshop_pos.counter import BoothMode
from callshop_pos.db.engine import Database, default_database_path, open_database
from callshop_pos.db.models import Account, DestinationSet, Tariff
from callshop_pos.pbx.engine import EngineListener, PbxEngine
from callshop_pos.pbx.simulator import AsteriskSimulator, DemoTraffic
from callshop_pos.services import sessions
from callshop_pos.services.board_watch import BoardWatcher
from callshop_pos.services.counter import CounterService
from callshop_pos.services.pbx_policy import DatabasePolicy
from callshop_pos.services.print_queue import PrintService
from callshop_pos.services.rating_cache import RatingCache
from callshop_pos.services.receipts import ReceiptService

log = logging.getLogger(__name__)
DEMO_USER, DEMO_SECRET = "callshop", "demo-secret"


def demo_database_path() -> Path:
    return default_database_path().with_name("demo.db")


def booth_count(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count(Account.id))) or 0)


def configured_pbx(db: Database) -> str:
    with db.session() as s:
        return sessions.preferences(s).pbx_url.strip()


def warm_rating_cache(
    db: Database, cache: RatingCache, stopping: threading.Event | None = None
) -> None:
    """Load every price list into the cache (a 250,000-rate tariff takes seconds to index).

    Done at start on a thread, so neither the first booth call (whose dialplan waits only a
    few seconds for the app's decision) nor the first price check pays for it. ``stopping``
    set: the next list is left for later (the app is closing)."""
    try:
        with db.read() as s:
            for tariff_id in list(s.scalars(select(Tariff.id))):
                if stopping is not None and stopping.is_set():
                    return
                cache.tariff(s, tariff_id)
            for set_id in list(s.scalars(select(DestinationSet.id))):
                if stopping is not None and stopping.is_set():
                    return
                cache.destination_set(s, set_id)
    except Exception:  # a cold cache still works, only slower on first use
        log.exception("could not preload the price lists")


# of past traffic in a new demo shop, so its reports are not empty: two days take about half
# a minute before the live booths start; `callshop-pos demo history --days 30` makes a month
DEMO_HISTORY_DAYS = 2
# how long stop() waits for a thread: each one ends within a step (a history action, a
# poll); more means it is stuck, and it is logged rather than waited for
STOP_WAIT = 30.0


def history_marker(path: Path) -> Path:
    """Beside a new demo database until its history is made and its live booths are on:
    a start that finds it resumes the history (the app was closed, or killed, before)."""
    return path.with_name(path.name + ".history")


def pending_history(marker: Path) -> int:
    """The days of history still to make (0: none pending)."""
    try:
        return max(0, int(marker.read_text(encoding="utf-8").strip() or 0))
    except FileNotFoundError:
        return 0
    except ValueError:  # a damaged marker: the default history, resumed
        return DEMO_HISTORY_DAYS


def prepare_demo_database(path: Path, *, seed: int = 7, live: bool = True) -> Database:
    """The demo shop: created from the sample set-up the first time, with a few booths
    already started so the board is alive from the first second (``live=False``: not yet;
    :func:`start_demo_booths` does it after the past traffic is made)."""
    from callshop_pos.services.setup_file import apply_setup, demo_setup_path

    db = open_database(path)
    if booth_count(db) == 0:
        apply_setup(db, demo_setup_path())
        if live:
            start_demo_booths(db, seed=seed)
    return db


def start_demo_booths(db: Database, *, seed: int = 7) -> None:
    rng = random.Random(seed)
    with db.session() as s:
        accounts = list(s.scalars(select(Account).order_by(Account.position)))
        for n, account in enumerate(accounts[:5]):
            if sessions.open_session(s, account.id) is not None:
                continue  # left open by a history cut short: the live demo takes it as it is
            if n < 3:
                amount = Decimal(rng.choice((5, 10, 20)))
                sessions.start(s, account, BoothMode.PREPAID, amount, Decimal(0))
            else:
                sessions.start(s, account, BoothMode.POSTPAID, Decimal(0), Decimal(50))


def demo_history_then_live(runtime: Runtime, days: int) -> None:
    """A new demo shop's first start, on its own thread: the past ``days`` of traffic (a
    few minutes on a loaded PC), then the live booths and the simulator's calls.

    The app closing stops it after the action under way; the day under way is closed early
    (its sessions stopped, its shifts closed) and the next start makes the days still
    missing (the marker beside the database says so until the live booths are on)."""
    from callshop_pos.services.demo_history import (
        HistoryError,
        HistoryStopped,
        HistoryTotals,
        make_history,
    )

    started = time.monotonic()
    try:

        def progress(done: int, days: int, totals: HistoryTotals) -> None:
            runtime.history_progress = (done, days, totals.calls)

        totals = make_history(
            runtime.db,
            days,
            should_stop=runtime.stopping.is_set,
            resume=True,
            progress=progress,
        )
        log.info(
            "demo history: %d day%s, %d sessions, %d calls in %.1f s",
            totals.days,
            "" if totals.days == 1 else "s",
            totals.sessions,
            totals.calls,
            time.monotonic() - started,
        )
    except HistoryStopped as exc:
        log.info("demo history %s: the next start goes on with it", exc)
        return
    except HistoryError as exc:
        log.info("demo history not made: %s", exc)
    except Exception:  # the demo still runs, with empty reports
        log.exception("could not make the demo history")
    if runtime.stopping.is_set():
        return  # made, but the live booths are for the next start (the marker stays)
    start_demo_booths(runtime.db)
    if runtime.history_marker is not None:
        runtime.history_marker.unlink(missing_ok=True)
    log.info("demo live booths on")
    if runtime.traffic is not None:
        runtime.traffic.start()
    runtime.history_made.set()


@dataclass
class Runtime:
    db: Database
    counter: CounterService
    engine: PbxEngine | None = None
    simulator: AsteriskSimulator | None = None
    traffic: DemoTraffic | None = None
    printing: PrintService | None = None
    demo: bool = False
    pbx_url: str = ""
    extra_listeners: list[EngineListener] = field(default_factory=list)
    cache: RatingCache | None = None
    watcher: BoardWatcher | None = None  # the other counters' changes, the database's state
    history_days: int = 0  # a new demo shop: past traffic to make first (then the live booths)
    history_marker: Path | None = None  # says the history is pending (see history_marker())
    stopping: threading.Event = field(default_factory=threading.Event)
    history_made: threading.Event = field(default_factory=threading.Event)  # and live booths on
    history_progress: tuple[int, int, int] | None = None  # (days made, days to make, calls)
    threads: list[threading.Thread] = field(default_factory=list)  # ours, joined by stop()

    def _thread(self, name: str, target: Any, *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        self.threads.append(thread)
        thread.start()

    def start(self) -> None:
        if self.cache is not None:
            self._thread("rating-warm-up", warm_rating_cache, self.db, self.cache, self.stopping)
        if self.printing is not None:
            self.printing.start()
        if self.watcher is not None:
            self.watcher.start()
        if self.engine is not None:
            self.engine.start()
        if self.history_days:
            self._thread("demo-history", demo_history_then_live, self, self.history_days)
        elif self.traffic is not None:
            self.traffic.start()
        heap.settle_once()  # the start-up heap out of the collector's full passes

    def stop(self) -> None:
        """Every part stopped and every thread of ours ended (the demo history first: it
        stops after its action under way and closes its day)."""
        started = time.monotonic()
        self.stopping.set()
        for thread in self.threads:
            thread.join(STOP_WAIT)
            if thread.is_alive():
                log.warning("the %s thread did not stop within %.0f s", thread.name, STOP_WAIT)
        if self.watcher is not None:
            self.watcher.stop()
        if self.traffic is not None:
            self.traffic.stop()
        if self.engine is not None:
            with contextlib.suppress(Exception):
                self.engine.stop()
        if self.simulator is not None:
            with contextlib.suppress(Exception):
                self.simulator.stop()
        if self.printing is not None:
            with contextlib.suppress(Exception):
                self.printing.stop()
        self.db.dispose()
        left = [t.name for t in threading.enumerate() if t is not threading.current_thread()]
        log.info(
            "runtime stopped in %.2f s; threads left: %s",
            time.monotonic() - started,
            ", ".join(left) or "none",
        )


class _FanOut:
    """One engine, several listeners (the counter, the serve log...)."""

    def __init__(self, listeners: list[Any]) -> None:
        self.listeners = listeners

    def __getattr__(self, name: str) -> Any:
        def call(*args: Any) -> None:
            for listener in self.listeners:
                method = getattr(listener, name, None)
                if method is not None:
                    method(*args)

        return call


def _demo_database(path: Path, history_days: int) -> tuple[Database, int, Path | None]:
    """The demo database, the days of history to make now and its marker: a new shop's
    ``history_days``, or the days a start closed (or killed) before its end left pending.
    The marker is written before the shop is made: whatever stops this start, the next one
    knows the history is still to come."""
    marker = history_marker(path)
    probe = open_database(path)
    new = booth_count(probe) == 0
    probe.dispose()
    if new and history_days:
        marker.write_text(f"{history_days}\n", encoding="utf-8")
    pending = pending_history(marker)
    history = pending if history_days else 0
    db = prepare_demo_database(path, live=not pending)
    if pending and not history:  # left pending, and no history wanted now: the live booths
        start_demo_booths(db)
        marker.unlink(missing_ok=True)
    return db, history, marker


def build_runtime(
    db_target: str | Path | None = None,
    *,
    pbx_url: str | None = None,
    demo: bool | None = None,
    user: str = "cashier",
    listeners: list[Any] | None = None,
    demo_speed: float = 1.0,
    demo_traffic: bool = True,
    printing: bool = True,
    demo_history_days: int = DEMO_HISTORY_DAYS,
) -> Runtime:
    """``demo=None`` decides by itself: demo when no database is named, the default one has
    no booths and no PBX is configured. A new demo shop with demo traffic first gets
    ``demo_history_days`` of past traffic, in the background (:meth:`Runtime.start`)."""
    if demo is None:
        demo = False
        if db_target is None and pbx_url is None:
            default = default_database_path()
            if not default.exists():
                demo = True
            else:
                probe = open_database(default)
                demo = booth_count(probe) == 0 and not configured_pbx(probe)
                probe.dispose()
    history, marker = 0, None
    if demo:
        path = Path(db_target) if db_target else demo_database_path()
        db, history, marker = _demo_database(path, demo_traffic and demo_history_days)
    else:
        db = open_database(db_target)
    cache = RatingCache()
    counter = CounterService(
        db, user=user, cache=cache, receipts=ReceiptService() if printing else None
    )
    runtime = Runtime(
        db=db,
        counter=counter,
        demo=demo,
        cache=cache,
        watcher=BoardWatcher(db, counter),
        history_days=history,
        history_marker=marker,
    )
    if printing:
        # wakes itself on every commit that stores a print job
        runtime.printing = PrintService(db)
    url = pbx_url or ("" if demo else configured_pbx(db))
    if demo and not pbx_url:
        sim = AsteriskSimulator(users={DEMO_USER: DEMO_SECRET}, speed=demo_speed)
        port = sim.start()
        logins = DatabasePolicy(db, cache).booth_logins()
        for login in logins:
            sim.register_booth(login, True)
        runtime.simulator = sim
        if demo_traffic:
            runtime.traffic = DemoTraffic(sim, logins, mean_gap=25.0)
        url = f"ami://{DEMO_USER}:{DEMO_SECRET}@127.0.0.1:{port}"
    runtime.pbx_url = url
    if url:
        listener = _FanOut([counter, *(listeners or [])])
        engine = PbxEngine(url, DatabasePolicy(db, cache), listener)
        counter.pbx = engine
        runtime.engine = engine
    return runtime
