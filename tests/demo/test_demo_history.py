"""The demo history: past traffic through the real billing path, on a real SQLite file.

One day of history is made through the command line (module fixture) and checked: every
session reconciles to the cent (and the whole as the Stop drill reconciles it), every call
belongs to the session that authorized it, every time is in the past days' opening hours.
The same seed makes the same day again; a real shop's database is refused."""

from __future__ import annotations

import contextlib
import io
import threading
import types
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from callshop_pos.cli.main import main as cli
from callshop_pos.counter import Disposition
from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import (
    AuditLog,
    BoothSession,
    Call,
    CallAuthorization,
    ExtraItem,
    Payment,
    Preferences,
    User,
)
from callshop_pos.services.audit import audit
from callshop_pos.services.demo_history import HistoryError, ShiftHooks, make_history
from callshop_pos.services.setup_file import apply_setup, demo_setup_path
from tests.drills.stop_storm import report

D = Decimal
SEED = 5


class Recorder(ShiftHooks):
    """The shift hook's calls: (start|end, cashier id, time), the shifts opened and closed."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, int, datetime]] = []

    def day_started(self, db: Database, cashier_id: int, at: datetime) -> None:
        self.seen.append(("start", cashier_id, at))
        super().day_started(db, cashier_id, at)

    def day_ended(self, db: Database, cashier_id: int, at: datetime) -> None:
        self.seen.append(("end", cashier_id, at))
        super().day_ended(db, cashier_id, at)


def demo_shop(path: Path) -> Database:
    db = open_database(path)
    apply_setup(db, demo_setup_path())
    return db


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Database, str]:
    path = tmp_path_factory.mktemp("demo") / "demo-shop.db"
    demo_shop(path).dispose()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert cli(["--db", str(path), "demo", "history", "--days", "1", "--seed", str(SEED)]) == 0
    assert "day 1/1" in err.getvalue()  # the progress line
    db = open_database(path)
    yield db, out.getvalue()
    db.dispose()


def day_sums(db: Database, day_start: datetime) -> tuple[int, int, Decimal, Decimal]:
    """(sessions, calls, calls' cost, cash kept) of the sessions started that day."""
    end = day_start + timedelta(days=1)
    with db.read() as s:
        booths = list(
            s.scalars(
                select(BoothSession).where(
                    BoothSession.started_at >= day_start, BoothSession.started_at < end
                )
            )
        )
        calls = [c for b in booths for c in b.calls]
        kept = sum((p.amount for b in booths for p in b.payments), D(0))
    return len(booths), len(calls), sum((c.cost for c in calls), D(0)), kept


def test_the_history_is_a_busy_shop(history):
    db, out = history
    with db.read() as s:
        sessions = list(s.scalars(select(BoothSession)))
        calls = list(s.scalars(select(Call)))
        payments = list(s.scalars(select(Payment)))
        extras = list(s.scalars(select(ExtraItem)))
        cashiers = {u.id: u.name for u in s.scalars(select(User))}
    assert out.startswith("1 day: ")
    assert len(sessions) > 200 and len(calls) > 400
    assert {b.account_id for b in sessions} == set(range(1, 9))  # the 8 booths
    assert {b.mode for b in sessions} == {"prepaid", "postpaid"}
    kinds = {p.kind for p in payments}
    assert {"prepayment", "topup", "payment", "change", "refund"} <= kinds
    assert {e.description for e in extras} & {"Water", "Coffee"}
    dispositions = {c.disposition for c in calls}
    assert {Disposition.ANSWERED, Disposition.BUSY, Disposition.NO_ANSWER} <= dispositions
    areas = {c.area_name.split()[0] for c in calls if c.area_name}
    assert {"Germany", "Turkey", "Russia", "Nigeria"} <= areas
    assert {cashiers[b.started_by] for b in sessions if b.started_by} == {"Anna", "Boris"}
    assert {cashiers[b.stopped_by] for b in sessions if b.stopped_by} == {"Anna", "Boris"}
    answered = sorted(c.billable_seconds for c in calls if c.disposition == Disposition.ANSWERED)
    assert 120 <= answered[len(answered) // 2] <= 260  # median about 3 min
    assert all(c.vendor_cost is not None and c.wholesale_cost is not None for c in calls if c.cost)


def test_every_session_reconciles_to_the_cent(history):
    db, _ = history
    with db.read() as s:
        sessions = list(s.scalars(select(BoothSession)))
        for b in sessions:
            kept = sum((p.amount for p in b.payments), D(0))  # payments - refunds - change
            charged = sum((c.cost for c in b.calls), D(0)) + b.extras_total
            assert b.stopped_at is not None
            assert kept == b.total == charged, b.id
            assert b.calls_total == sum((c.cost for c in b.calls), D(0))
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet):
        # the Stop drill's check (exits on a mismatch); the demo set-up's opening balances
        opening = {
            "Callshop Demo": D(200),
            "EuroTel Carrier": D(500),
            "GlobalVoice Wholesale": D(250),
        }
        report(types.SimpleNamespace(db=db, opening=opening), 0.0)
    assert "RECONCILED to the cent" in quiet.getvalue()
    assert "adjustments listed: 0" in quiet.getvalue()


def test_calls_belong_to_the_session_that_authorized_them(history):
    db, _ = history
    with db.read() as s:
        for call in s.scalars(select(Call)):
            auth = s.get(CallAuthorization, call.booth_uniqueid)
            assert auth is not None and auth.allowed
            assert call.session_id == auth.session_id is not None
            booth = call.session
            assert booth.account_id == call.account_id
            assert booth.started_at <= auth.authorized_at == call.started_at
            assert call.ended_at is not None and call.ended_at <= booth.stopped_at
            assert call.billing_source == "cdr"


def test_every_time_is_in_the_past_opening_hours(history):
    db, _ = history
    today = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    first = today - timedelta(days=1)
    with db.read() as s:
        stamps = [
            *s.scalars(select(BoothSession.started_at)),
            *s.scalars(select(BoothSession.stopped_at)),
            *s.scalars(select(Payment.created_at)),
            *s.scalars(select(ExtraItem.created_at)),
            *s.scalars(select(Call.created_at)),
            *s.scalars(select(CallAuthorization.authorized_at)),
            *s.scalars(select(AuditLog.at).where(AuditLog.action.like("session.%"))),
        ]
    assert stamps and all(t is not None for t in stamps)
    for t in stamps:
        local = t.astimezone()
        assert first <= local < today
        assert 9 <= local.hour < 23  # open 9-21; the last session may run a little late


def test_the_same_seed_makes_the_same_day(history, tmp_path):
    db, _ = history
    again = demo_shop(tmp_path / "again.db")
    today = datetime.now().astimezone().date()
    hooks = Recorder()
    make_history(again, 1, seed=SEED, until=today, hooks=hooks)
    anna, boris = "Anna", "Boris"
    with again.read() as s:
        ids = {u.name: u.id for u in s.scalars(select(User))}
    hours = [(what, who, at.astimezone().hour) for what, who, at in hooks.seen]
    assert hours[:3] == [("start", ids[anna], 9), ("start", ids[boris], 15), ("end", ids[anna], 15)]
    assert hours[3][:2] == ("end", ids[boris]) and hours[3][2] >= 21 and len(hours) == 4
    day = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    first_day = day - timedelta(days=1)
    assert day_sums(again, first_day) == day_sums(db, first_day)
    assert day_sums(again, first_day)[0] > 0
    with pytest.raises(HistoryError, match="would overlap"):
        make_history(again, 1, seed=SEED, until=today)
    again.dispose()


def test_a_real_shops_database_is_refused(tmp_path, capsys):
    db = demo_shop(tmp_path / "shop.db")
    with db.session() as s:
        prefs = s.get(Preferences, 1)
        assert prefs is not None
        prefs.shop_name = "Kiosk Nord"
    db.dispose()
    code = cli(["--db", str(tmp_path / "shop.db"), "demo", "history", "--days", "1"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "is not the demo shop's database" in err and "--force" in err
    db = open_database(tmp_path / "shop.db")
    with db.read() as s:
        assert s.scalar(select(func.count(BoothSession.id))) == 0
        assert s.scalar(select(func.count(User.id)).where(User.name == "Anna")) == 0
    db.dispose()


def test_the_history_shares_the_database_with_a_live_counter(tmp_path):
    """At the demo's first start the history is made while the live engine writes to the same
    file: every one of its units of work takes the write lock when it writes (waiting for the
    other writer), none reads a snapshot it would then have to write from ("database is
    locked" at once, in SQLite's WAL mode, when another connection committed meanwhile)."""
    path = tmp_path / "shared.db"
    demo_shop(path).dispose()
    history_db, live = open_database(path), open_database(path)
    done = threading.Event()
    writes = 0

    def live_counter() -> None:  # another engine's audit rows, as fast as it can commit
        nonlocal writes
        while not done.is_set():
            with live.session() as s:
                audit(s, "test.live_write", "booth", 1, None, n=writes)
            writes += 1

    writer = threading.Thread(target=live_counter)
    writer.start()
    try:
        totals = make_history(history_db, 1, seed=SEED, sessions_per_hour=1.5)  # quieter
    finally:
        done.set()
        writer.join()
    assert totals.calls > 100 and writes > 100
    with history_db.read() as s:
        assert s.scalar(select(func.count(Call.id))) == totals.calls
    history_db.dispose()
    live.dispose()
