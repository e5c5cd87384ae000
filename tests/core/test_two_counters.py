"""Two counters, one shop: counter B's board shows counter A's Start, top-up and Stop within
a second (the board watcher), in one process and in two processes sharing one simulator."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from callshop_pos.counter import BoothMode, BoothView, PbxLink
from callshop_pos.db.engine import open_database
from callshop_pos.db.models import Account
from callshop_pos.pbx.simulator import AsteriskSimulator
from callshop_pos.services import sessions
from callshop_pos.services.board_watch import BoardWatcher
from callshop_pos.services.counter import CounterService
from printing.printer_state import PrinterViews
from tests.core.shop import build_shop
from tests.db.test_concurrency import before_first_flush

D = Decimal
GUARD = 30.0  # a deadline for a broken build only; the figures asserted are below
ROOT = Path(__file__).resolve().parents[2]


class Board:
    """A board listener: the last view of each booth, and the database's state."""

    def __init__(self) -> None:
        self.views: dict[str, BoothView] = {}
        self.database: list[tuple[bool, str]] = []
        self._changed = threading.Condition()

    def booth_changed(self, view: BoothView) -> None:
        with self._changed:
            self.views[view.login] = view
            self._changed.notify_all()

    def pbx_state(self, state: PbxLink, detail: str) -> None: ...

    def printer_state(self, printers: PrinterViews, waiting: int) -> None: ...

    def database_state(self, ok: bool, detail: str) -> None:
        with self._changed:
            self.database.append((ok, detail))
            self._changed.notify_all()

    def wait(self, ready: Callable[[], bool]) -> bool:
        with self._changed:
            return self._changed.wait_for(ready, GUARD)

    def shows(self, login: str, ready: Callable[[BoothView], bool]) -> bool:
        return self.wait(lambda: login in self.views and ready(self.views[login]))


def booth_id(db, login: str = "booth1") -> int:
    with db.read() as s:
        return int(s.scalar(select(Account.id).where(Account.voip_login == login)))


@pytest.fixture
def two_counters(migrated_db_url: str) -> Iterator[tuple[CounterService, CounterService, Board]]:
    a_db = build_shop(migrated_db_url)
    b_db = open_database(migrated_db_url)
    a, b = CounterService(a_db), CounterService(b_db)
    board = Board()
    b.add_listener(board)
    watcher = BoardWatcher(b_db, b, interval=0.1)
    watcher.start()
    try:
        yield a, b, board
    finally:
        watcher.stop()
        b_db.dispose()
        a_db.dispose()


def test_counter_b_sees_counter_a_start_top_up_and_stop(two_counters) -> None:
    a, _b, board = two_counters
    booth = booth_id(a.db)
    assert board.wait(lambda: board.database == [(True, "")])
    assert board.shows("booth1", lambda v: v.mode is None)  # the first look: every booth
    a.start(booth, BoothMode.PREPAID, D("5"), D(0))
    assert board.shows("booth1", lambda v: v.mode is BoothMode.PREPAID and v.prepaid == D(5))
    a.topup(booth, D("2.50"))
    assert board.shows("booth1", lambda v: v.prepaid == D("7.50"))
    a.add_extra(booth, "coffee", D("1"))
    assert board.shows("booth1", lambda v: v.balance == D("6.50"))
    a.stop(booth)
    assert board.shows("booth1", lambda v: v.mode is None and v.locked)


def test_a_change_committed_during_a_stop_keeps_its_own_revision(migrated_db_url) -> None:
    """A top-up commits at counter B while counter A's Stop has read the account: both bump
    the revision (two numbers), else B's board watcher, having seen the top-up's number,
    would never see the Stop."""
    first = build_shop(migrated_db_url)
    second = open_database(migrated_db_url)
    try:
        booth = booth_id(first)
        CounterService(first).start(booth, BoothMode.PREPAID, D("5"), D(0))
        with first.read() as s:
            before = s.get(Account, booth).revision

        def top_up_at_b() -> None:
            with second.session() as s:
                sessions.topup(s, s.get(Account, booth), D("1"))

        with first.session() as s:
            account = s.get(Account, booth)
            assert account.revision == before  # read before the top-up
            before_first_flush(s, top_up_at_b)
            sessions.stop(s, account)
        with first.read() as s:
            assert s.get(Account, booth).revision == before + 2
    finally:
        second.dispose()
        first.dispose()


# --- two processes, one simulator --------------------------------------------------------


def counter_b_process(db_url: str, pbx_url: str) -> None:
    """Counter B: the app's runtime (engine on the simulator, board watcher), printing one
    line per board change: ``<epoch seconds> <login> <mode|free>``; ends when stdin closes."""
    from callshop_pos.runtime import build_runtime

    class Printer(Board):
        def booth_changed(self, view: BoothView) -> None:
            mode = view.mode.value if view.mode else "free"
            print(f"{time.time():.6f} {view.login} {mode}", flush=True)

        def database_state(self, ok: bool, detail: str) -> None:
            print(f"{time.time():.6f} database {'ok' if ok else 'lost'}", flush=True)

    runtime = build_runtime(db_url, pbx_url=pbx_url, demo=False, printing=False)
    runtime.counter.add_listener(Printer())
    runtime.start()
    try:
        sys.stdin.read()
    finally:
        runtime.stop()


def measure_two_counters(db_url: str, changes: int = 20) -> list[float]:
    """Counter A (this process) starts and stops a booth; counter B (another process, its own
    runtime) reports each change on its board: the seconds from before A's unit of work to B
    showing it, one per change (upper bounds). The bench prints them; the test checks B saw
    every change."""
    db = build_shop(db_url)
    sim = AsteriskSimulator(users={"callshop": "s3cret"})
    port = sim.start()
    for login in ("booth1", "booth2", "booth3", "walkin"):
        sim.register_booth(login, True)
    pbx = f"ami://callshop:s3cret@127.0.0.1:{port}"
    from callshop_pos.runtime import build_runtime

    a = build_runtime(db_url, pbx_url=pbx, demo=False, printing=False)
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from tests.core.test_two_counters import "
            "counter_b_process as run; run(sys.argv[1], sys.argv[2])",
            db_url,
            pbx,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in child.stdout],  # type: ignore[union-attr]
        daemon=True,
    ).start()

    def seen(what: str) -> float:
        while True:
            stamp, *rest = lines.get(timeout=GUARD).split()
            if " ".join(rest) == what:
                return float(stamp)

    try:
        a.start()
        seen("database ok")
        booth = booth_id(db)
        delays: list[float] = []
        for _ in range(changes // 2):
            t0 = time.time()  # before A's unit of work: the delay is an upper bound
            a.counter.start(booth, BoothMode.PREPAID, D("5"), D(0))
            delays.append(seen("booth1 prepaid") - t0)
            t0 = time.time()
            a.counter.stop(booth)
            delays.append(seen("booth1 free") - t0)
    finally:
        child.stdin.close()  # type: ignore[union-attr]
        child.wait(GUARD)
        a.stop()
        sim.stop()
        db.dispose()
    return delays


def test_two_counter_processes_see_each_other(migrated_db_url) -> None:
    """Every Start and Stop at counter A shows on counter B's board (how fast: the bench
    ``tests/bench/bench_two_counters.py``; no timing is asserted here)."""
    delays = measure_two_counters(migrated_db_url)
    assert len(delays) == 20 and all(d > 0 for d in delays)
