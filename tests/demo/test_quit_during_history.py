"""Quitting while a new demo shop makes its history: the app ends (SIGTERM, SIGINT, its Quit
action), every thread it started has ended, the database is whole (the day under way closed
early: no session or shift left open) and the next start goes on with the history, then
starts the live booths.

The history cut short through ``make_history`` on a real SQLite file; the real counter
(``main.py``) in a child process on a fresh data folder, sent SIGTERM; the real counter
in-process (pytest-qt) closed by its Quit action."""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from callshop_pos import runtime as runtime_module
from callshop_pos.cli.main import main as cli
from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import BoothSession, CallAuthorization, Shift
from callshop_pos.runtime import Runtime, history_marker
from callshop_pos.services.demo_history import HistoryStopped, make_history
from callshop_pos.services.setup_file import apply_setup, demo_setup_path
from ui import app as app_module
from ui.dialogs.login_dialog import LoginDialog
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
D = Decimal
EXIT_WAIT = 30  # generous: the app is asked to end within about 2 s on an idle machine
QUIET = 1.0  # sessions an hour per free booth: a quiet shop (the demo's is 4.5), a shorter day


def open_things(db: Database) -> tuple[int, int]:
    """(booth sessions open, shifts open)."""
    with db.read() as s:
        booths = s.scalar(
            select(func.count(BoothSession.id)).where(BoothSession.stopped_at.is_(None))
        )
        shifts = s.scalar(select(func.count(Shift.id)).where(Shift.closed_at.is_(None)))
    return int(booths or 0), int(shifts or 0)


def sessions_by_day(db: Database) -> dict[str, int]:
    with db.read() as s:
        starts = list(s.scalars(select(BoothSession.started_at)))
    days: dict[str, int] = {}
    for t in starts:
        day = f"{t.astimezone():%Y-%m-%d}"
        days[day] = days.get(day, 0) + 1
    return days


def assert_whole(db: Database) -> None:
    """Every past session stopped and paid to the cent, every shift closed, every time in
    the past (the authorizations' too: the history puts them there at the day's end)."""
    today = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    with db.read() as s:
        past = list(s.scalars(select(BoothSession).where(BoothSession.started_at < today)))
        for b in past:
            assert b.stopped_at is not None, b.id
            kept = sum((p.amount for p in b.payments), D(0))
            assert kept == b.total == sum((c.cost for c in b.calls), D(0)) + b.extras_total
        assert s.scalar(select(func.count(Shift.id)).where(Shift.closed_at.is_(None))) == 0
        times = list(s.scalars(select(CallAuthorization.authorized_at)))
    assert past and times and all(t < today for t in times)


def test_a_history_asked_to_stop_closes_its_day_and_goes_on_later(tmp_path):
    db = open_database(tmp_path / "demo.db")
    apply_setup(db, demo_setup_path())
    asked = 0

    def after_150_actions() -> bool:  # mid-way through the first day
        nonlocal asked
        asked += 1
        return asked > 150

    with pytest.raises(HistoryStopped, match="after 0 whole days"):
        make_history(db, 2, should_stop=after_150_actions, resume=True, sessions_per_hour=QUIET)
    assert open_things(db) == (0, 0)
    assert_whole(db)
    cut = sessions_by_day(db)
    assert len(cut) == 1  # the first day, closed early
    totals = make_history(db, 2, resume=True, sessions_per_hour=QUIET)
    assert totals.days == 1  # the day still missing, not the one closed early again
    days = sessions_by_day(db)
    assert len(days) == 2 and days[next(iter(cut))] == next(iter(cut.values()))
    assert open_things(db) == (0, 0)
    assert_whole(db)
    assert make_history(db, 2, resume=True, sessions_per_hour=QUIET).days == 0  # none left
    db.dispose()


# --- the real counter in a child process ------------------------------------------------


class Counter:
    """``main.py`` on its own data folder (the demo shop when nothing is set up there)."""

    def __init__(self, folder: Path) -> None:
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
        self.env.update(
            HOME=str(folder),
            XDG_DATA_HOME=str(folder / "data"),
            XDG_STATE_HOME=str(folder / "state"),
            QT_QPA_PLATFORM="offscreen",
            PYTHONPATH=str(ROOT),
        )
        self.db_path = folder / "data" / "callshop-pos" / "demo.db"
        self.log = folder / "state" / "callshop-pos" / "log" / "callshop-pos.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_from = 0

    def start(self) -> None:
        self.log_from = self.log.stat().st_size if self.log.exists() else 0
        self.proc = subprocess.Popen(
            [sys.executable, "main.py", "--demo-history", "2"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def logged(self) -> str:
        if not self.log.exists():
            return ""
        with self.log.open(encoding="utf-8") as f:
            f.seek(self.log_from)
            return f.read()

    def wait_for_log(self, text: str, timeout: float = 600) -> None:
        """Until this run's log says ``text`` (the app's own word that it got there)."""
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while text not in self.logged():
            assert self.proc.poll() is None, self.stderr()
            assert time.monotonic() < deadline, f"no {text!r} in the log:\n{self.logged()}"
            time.sleep(0.1)  # polling the log file, not waiting out a race

    def stderr(self) -> str:
        assert self.proc is not None and self.proc.stderr is not None
        return self.proc.stderr.read().decode(errors="replace")

    def end(self, *signals: signal.Signals) -> int:
        assert self.proc is not None
        for sig in signals:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(EXIT_WAIT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            pytest.fail(f"the counter did not end within {EXIT_WAIT} s of {signals}")
        finally:
            assert self.proc.stderr is not None
            self.proc.stderr.close()


@pytest.fixture
def counter(tmp_path) -> Iterator[Counter]:
    c = Counter(tmp_path)
    yield c
    if c.proc is not None and c.proc.poll() is None:
        c.proc.kill()
        c.proc.wait()


def db_check(path: Path) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli(["--db", str(path), "db", "check"]) == 0
    return out.getvalue()


def test_sigterm_during_the_first_starts_history_ends_the_counter_and_the_next_start_goes_on(
    counter,
):
    counter.start()
    counter.wait_for_log("[demo-history]: stop Booth")  # the history is under way
    # a second SIGTERM while it stops changes nothing
    assert counter.end(signal.SIGTERM, signal.SIGTERM) == 0
    log = counter.logged()
    assert "demo history stopped after" in log
    assert "threads left: none" in log
    assert db_check(counter.db_path).rstrip().endswith(": ok")
    db = open_database(counter.db_path)
    try:
        assert open_things(db) == (0, 0)  # the day under way closed early
        assert_whole(db)
        made = sessions_by_day(db)
    finally:
        db.dispose()
    assert history_marker(counter.db_path).exists()  # the next start goes on with it

    counter.start()
    counter.wait_for_log("demo history: ")  # the days still missing made
    counter.wait_for_log("demo live booths on")
    assert counter.end(signal.SIGINT) == 0
    assert "threads left: none" in counter.logged()
    assert not history_marker(counter.db_path).exists()
    db = open_database(counter.db_path)
    try:
        days = sessions_by_day(db)
        today = f"{datetime.now().astimezone():%Y-%m-%d}"
        assert days.pop(today, 5) >= 5  # the live booths (unless it is past midnight now)
        assert len(days) >= 2 and all(days[d] == n for d, n in made.items())
        booths_open, _ = open_things(db)
        assert booths_open >= 5  # the live booths (and a walk-in of the live traffic)
    finally:
        db.dispose()


# --- the real counter in-process, closed by its Quit action -------------------------------


def test_the_quit_action_during_the_history_stops_it_and_its_thread(qapp, tmp_path, monkeypatch):
    made: list[Runtime] = []
    build = runtime_module.build_runtime

    def keep(*args, **kwargs) -> Runtime:
        made.append(build(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(app_module, "build_runtime", keep)
    db_path = tmp_path / "demo.db"
    seen: dict[str, object] = {}

    def history_under_way() -> bool:
        with made[0].db.read() as s:
            return bool(s.scalar(select(func.count(BoothSession.id))))

    def look() -> None:
        login = next(
            (w for w in qapp.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible()),
            None,
        )
        window = next(
            (w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()),
            None,
        )
        if login is not None and window is not None:  # an owner's PIN asked to quit
            seen["asked again"] = login.windowTitle()
            login.reject()
        elif login is not None and login.isEnabled():  # the demo cashier's PIN, once
            login.pin.setText("1111")
            login.try_login()
        if window is None or not history_under_way():
            return
        seen["history thread"] = next(t for t in made[0].threads if t.name == "demo-history")
        warning = window.findChild(QMessageBox, "shiftWarningBox")
        if warning is not None:  # said once (a shift warning); a second Quit quits
            warning.close()
        quit_action = window.findChild(QAction, "quitAction")
        assert quit_action is not None
        quit_action.trigger()

    poll = QTimer()  # stopped below: it must not reach a later test's event loop
    poll.timeout.connect(look)
    poll.start(200)
    safety = QTimer()
    safety.setSingleShot(True)
    safety.timeout.connect(lambda: qapp.exit(3))
    safety.start(300_000)
    try:
        code = app_module.main(
            ["callshop-pos", "--demo", "--db", str(db_path), "--user", "Cashier"]
        )
    finally:
        poll.stop()
        safety.stop()
    assert code == 0
    assert "asked again" not in seen  # the past sessions are no running booths to a Quit
    thread = seen["history thread"]
    assert isinstance(thread, threading.Thread) and not thread.is_alive()
    assert all(not t.is_alive() for t in made[0].threads)
    db = open_database(db_path)
    try:
        booths_open, shifts_open = open_things(db)
        assert booths_open == 0  # the history's day closed early, no live booth yet
        assert shifts_open <= 1  # the demo cashier's own shift may stay open, as at a counter
        assert len(sessions_by_day(db)) == 1  # quit during the first day, which closed early
    finally:
        db.dispose()
    assert history_marker(db_path).exists()


class Killed(BaseException):
    """The history's thread ended where it stood: no early close of its day (a kill)."""


def test_a_history_killed_mid_day_is_closed_and_goes_on_at_the_next_start(tmp_path):
    db = open_database(tmp_path / "demo.db")
    apply_setup(db, demo_setup_path())
    asked = 0

    def killed_after_150_actions() -> bool:
        nonlocal asked
        asked += 1
        if asked > 150:
            raise Killed
        return False

    with pytest.raises(Killed):
        make_history(
            db, 2, should_stop=killed_after_150_actions, resume=True, sessions_per_hour=QUIET
        )
    booths_open, shifts_open = open_things(db)
    assert booths_open > 0 and shifts_open == 2  # what a kill leaves: the day open
    totals = make_history(db, 2, resume=True, sessions_per_hour=QUIET)
    assert totals.days == 1
    assert open_things(db) == (0, 0)
    assert_whole(db)
    assert len(sessions_by_day(db)) == 2
    db.dispose()


def test_ctrl_c_stops_the_history_command_with_its_day_closed_and_resume_keeps_it(tmp_path):
    path = tmp_path / "demo.db"
    db = open_database(path)
    apply_setup(db, demo_setup_path())
    db.dispose()
    command = "import sys; from callshop_pos.cli.main import main; sys.exit(main(sys.argv[1:]))"
    child = subprocess.Popen(
        [sys.executable, "-c", command, "--db", str(path), "demo", "history", "--days", "1"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stderr is not None and child.stdout is not None
    err = b""
    while not re.search(rb"day 0/1: [1-9]", err):  # the progress line: the day under way
        chunk = os.read(child.stderr.fileno(), 4096)
        assert chunk, err
        err += chunk
    child.send_signal(signal.SIGINT)
    try:
        code = child.wait(EXIT_WAIT)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        pytest.fail(f"demo history did not end within {EXIT_WAIT} s of Ctrl+C")
    err += child.stderr.read()
    child.stderr.close()
    child.stdout.close()
    last = err.decode().strip().splitlines()[-1]
    assert code == 130, err
    assert last == (
        "callshop-pos: error: stopped after 0 whole days, the day under way closed early "
        "(--resume goes on)"
    )
    db = open_database(path)
    try:
        assert open_things(db) == (0, 0)
        assert_whole(db)
        first = sessions_by_day(db)  # the day closed early
    finally:
        db.dispose()
    assert len(first) == 1
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert cli(["--db", str(path), "demo", "history", "--days", "1", "--resume"]) == 0
    assert out.getvalue().startswith("0 days: ")  # the day closed early stays as it is
    db = open_database(path)
    try:
        assert sessions_by_day(db) == first
        assert open_things(db) == (0, 0)
        assert_whole(db)
    finally:
        db.dispose()
