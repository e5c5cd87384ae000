"""A new demo shop's first start: the past traffic is made on a background thread, then the
live booths are started and the simulator's calls begin (the real runtime, simulator and
engine over TCP, a real SQLite file)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from callshop_pos.db.models import BoothSession
from callshop_pos.runtime import build_runtime


def counts(runtime) -> tuple[int, int]:
    """(sessions closed, sessions open)."""
    with runtime.db.read() as s:
        closed = s.scalar(
            select(func.count(BoothSession.id)).where(BoothSession.stopped_at.is_not(None))
        )
        live = s.scalar(
            select(func.count(BoothSession.id)).where(BoothSession.stopped_at.is_(None))
        )
    return int(closed or 0), int(live or 0)


def test_first_start_makes_the_history_then_the_live_booths(tmp_path):
    runtime = build_runtime(tmp_path / "demo.db", demo=True, printing=False, demo_history_days=1)
    try:
        assert runtime.history_days == 1
        assert counts(runtime) == (0, 0)  # the live booths wait for the history
        runtime.start()
        assert runtime.history_made.wait(600)
        closed, live = counts(runtime)
        assert closed > 50 and live == 5  # the past sessions all stopped, the live ones on
        today = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        with runtime.db.read() as s:
            latest = s.scalar(select(func.max(BoothSession.stopped_at)))
        assert latest is not None and latest < today
        assert runtime.traffic is not None and runtime.traffic._thread is not None
    finally:
        runtime.stop()
    second = build_runtime(tmp_path / "demo.db", demo=True, printing=False, demo_history_days=1)
    try:
        assert second.history_days == 0  # once
    finally:
        second.stop()
