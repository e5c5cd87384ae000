"""The warnings at Stop and at quit: a shift open too long, booths running at closing time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import update

from callshop_pos.counter import BoothMode
from callshop_pos.db.models import Shift
from callshop_pos.services import sessions, shifts
from tests.ui.real_shop import real_shop

from .conftest import booth

D = Decimal


def test_a_long_shift_and_booths_past_closing_time_are_warned_of(db, actions, staff):
    shifts.open_new(db, staff.anna, D("0"), by=staff.anna)
    now = datetime.now(UTC)
    assert not shifts.warnings(db, staff.anna, now)
    with db.session() as s:  # the shift was opened 13 hours ago
        s.execute(update(Shift).values(opened_at=now - timedelta(hours=13)))
    found = shifts.warnings(db, staff.anna, now)
    assert (found.open_hours, found.max_hours, found.running) == (13, 12, ())
    actions.start(booth(db, "booth2"), BoothMode.PREPAID, D("5"), D("0"), user_id=staff.anna)
    wall = now.astimezone()
    with db.session() as s:
        prefs = sessions.preferences(s)
        prefs.shift_max_hours = 0  # off
        prefs.closing_time = f"{wall:%H:%M}"  # closing time is now
    found = shifts.warnings(db, staff.anna, now)
    assert found.open_hours is None and found.running == ("Booth 2",)


def test_quit_says_the_warning_once_then_quits(qtbot, tmp_path):
    with real_shop(tmp_path / "shop.db", qtbot) as shop:
        window = shop.window
        with shop.db.session() as s:
            sessions.preferences(s).closing_time = "00:00"  # always past closing time
        account = shop.window.board.tiles()[0].view.account_id
        window.backend.start(account, BoothMode.PREPAID, D("5"), D("0"))
        window.refresh_shift()
        qtbot.waitUntil(lambda: bool(window.shift_warnings.running))
        assert not window.close()  # the first Quit only warns
        box = window.quit_box
        assert box.isVisible() and "past closing time (00:00)" in box.text()
        box.close()
