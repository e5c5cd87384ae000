"""Screenshots of the real demo shop: the board (8 booths in every state, and 32 booths), the
Start and Stop dialogs, in English and Russian.

The application is assembled as ``ui.app.main`` does it (``build_runtime`` in demo mode: the
demo database, the Asterisk simulator, the PBX engine, the CounterService), with simulated
time running fast so calls have minutes on their timers. The PNG files land in
tests/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from callshop_pos.board import TileState
from callshop_pos.db.models import Account, Call
from callshop_pos.runtime import Runtime, build_runtime, prepare_demo_database
from ui.app import build_main_window, window_title, wire_printer
from ui.bridge import ListenerBridge
from ui.dialogs.start_dialog import StartDialog
from ui.dialogs.stop_dialog import StopDialog
from ui.i18n import remove_language
from ui.main_window import MainWindow

OUT = Path(__file__).resolve().parents[1] / "screenshots"
SPEED = 40.0  # simulated seconds per wall second: a call reaches 2-3 minutes in a few seconds
WAIT = 20000


def _calls(runtime: Runtime) -> int:
    with runtime.db.read() as s:
        return len(list(s.scalars(select(Call.id))))


def _add_booths(path: Path, count: int) -> None:
    """More booths like the demo's first one (a bigger shop)."""
    db = prepare_demo_database(path)
    with db.session() as s:
        first = s.scalar(select(Account).order_by(Account.position))
        assert first is not None
        have = len(list(s.scalars(select(Account.id))))
        for n in range(have + 1, count + 1):
            s.add(
                Account(
                    name=f"Booth {n}",
                    position=n,
                    voip_login=f"booth{n}",
                    voip_password=f"pw{n}",
                    service_plan_id=first.service_plan_id,
                    routing_group_id=first.routing_group_id,
                    customer_id=first.customer_id,
                )
            )
    db.dispose()


@contextmanager
def demo_window(qtbot, path: Path, language: str) -> Iterator[tuple[Runtime, MainWindow]]:
    runtime = build_runtime(path, demo=True, demo_speed=SPEED, demo_traffic=False, user="anna")
    bridge = ListenerBridge()
    runtime.counter.add_listener(bridge)
    assert runtime.simulator is not None
    window = build_main_window(
        runtime.counter,
        bridge,
        user="anna",
        language=language,
        clock=runtime.simulator.now,
        demo=runtime.demo,
    )
    window.setWindowTitle(window_title("anna", runtime.demo))
    wire_printer(runtime, bridge)
    qtbot.addWidget(window)
    runtime.start()
    try:
        qtbot.waitUntil(
            lambda: window.board.tiles()[0].text.state is not TileState.PBX_OFFLINE, timeout=WAIT
        )
        yield runtime, window
    finally:
        window.close()
        remove_language(getattr(window, "translator", None))
        runtime.stop()


def _stage(qtbot, runtime: Runtime, window: MainWindow, count: int) -> None:
    """Booths 1-8 in every state; on a bigger board a few more calls."""
    sim = runtime.simulator
    assert sim is not None
    tiles = {t.view.login: t for t in window.board.tiles()}
    # The demo shop opens with booths 1-3 prepaid and 4-5 postpaid.
    qtbot.waitUntil(lambda: sim.db_get("callshop_booth", "booth4/state") == "open", timeout=WAIT)
    # A finished call first, so booth 4's session has a total and the Stop dialog a line.
    sim.place_call("booth4", "00442071234567", answer_after=3, talk=95)
    qtbot.waitUntil(lambda: _calls(runtime) == 1, timeout=WAIT)
    sim.place_call("booth2", "002348031234567", answer_after=4, talk=3000)
    sim.place_call("booth4", "0074951234567", answer_after=2, talk=3000)
    for login in [f"booth{n}" for n in range(9, count + 1, 3)]:
        sim.place_call(login, "004930123456", answer_after=2, talk=3000)  # refused: not started
    sim.register_booth("booth7", False)
    with runtime.db.session() as s:  # the owner took booth 6 out of order
        booth6 = s.scalar(select(Account).where(Account.voip_login == "booth6"))
        assert booth6 is not None
        booth6.blocked = True
    runtime.counter.push_all()
    qtbot.waitUntil(
        lambda: (
            tiles["booth2"].text.state is TileState.IN_CALL
            and tiles["booth4"].text.state is TileState.IN_CALL
            and tiles["booth6"].text.state is TileState.BLOCKED
            and tiles["booth7"].text.state is TileState.UNREGISTERED
        ),
        timeout=WAIT,
    )
    # Let the calls run a few simulated minutes so the timers and costs mean something.
    answered = tiles["booth2"].view.call.answered_at
    qtbot.waitUntil(lambda: sim.now() > answered + 150, timeout=WAIT)
    # Last, as the dialplan gives up ringing after 20 simulated seconds (half a second here).
    sim.place_call("booth3", "00380441234567", answer_after=3000, talk=10)
    qtbot.waitUntil(lambda: tiles["booth3"].text.state is TileState.RINGING, timeout=WAIT)
    window.board.tick()
    states = {t.view.login: t.text.state for t in window.board.tiles()}
    assert {states[f"booth{n}"] for n in range(1, 9)} == {
        TileState.PREPAID,
        TileState.POSTPAID,
        TileState.RINGING,
        TileState.IN_CALL,
        TileState.BLOCKED,
        TileState.UNREGISTERED,
        TileState.FREE,
    }


@pytest.mark.parametrize(
    ("count", "language", "size"),
    [
        (8, "en", (1280, 800)),
        (8, "ru", (1280, 800)),
        (24, "ru", (1600, 1000)),
        (32, "en", (1600, 1000)),
    ],
)
def test_demo_board_and_dialog_screenshots(qtbot, tmp_path, count, language, size):
    OUT.mkdir(exist_ok=True)
    path = tmp_path / "demo.db"
    if count > 8:
        _add_booths(path, count)
    with demo_window(qtbot, path, language) as (runtime, window):
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        assert len(window.board.tiles()) == count
        _stage(qtbot, runtime, window, count)
        tiles = {t.view.login: t for t in window.board.tiles()}
        window.board.select(tiles["booth2"].view.account_id)
        assert window.grab().save(str(OUT / f"board_{count}_{language}.png"))
        # The demo says it is one, and the board fits the screen without scrolling.
        assert window.demo_banner is not None and window.demo_banner.isVisible()
        assert not window.board.verticalScrollBar().isVisible()
        if count > 8:
            return

        window.actions_.start(tiles["booth8"].view.account_id)
        qtbot.waitUntil(lambda: isinstance(window.actions_.dialog, StartDialog), timeout=WAIT)
        start = window.actions_.dialog
        qtbot.waitExposed(start)
        assert start.grab().save(str(OUT / f"start_dialog_{language}.png"))
        amount = start.findChild(object, "amountField")
        amount.selectAll()
        qtbot.keyClicks(amount, "12,345")
        qtbot.keyClick(amount, Qt.Key.Key_Return)
        assert start.findChild(object, "errorLabel").isVisibleTo(start)
        assert start.grab().save(str(OUT / f"start_dialog_error_{language}.png"))
        start.reject()
        qtbot.waitUntil(lambda: window.actions_.dialog is None, timeout=WAIT)

        # Booth 4: postpaid, one finished call and one in progress.
        window.actions_.stop(tiles["booth4"].view.account_id)
        qtbot.waitUntil(lambda: isinstance(window.actions_.dialog, StopDialog), timeout=WAIT)
        stop = window.actions_.dialog
        qtbot.waitExposed(stop)
        # the finished call, and the running one at the live meter's price (in the Due)
        assert stop.summary.call_in_progress
        assert sorted(line.provisional for line in stop.summary.calls) == [False, True]
        due = stop.summary.due
        qtbot.keyClicks(stop.findChild(object, "cashField"), "20")
        assert stop.change_due() == Decimal(20) - due
        assert stop.grab().save(str(OUT / f"stop_dialog_{language}.png"))
        qtbot.keyClick(stop.findChild(object, "cashField"), Qt.Key.Key_Return)
        result = stop.findChild(object, "resultLabel")
        qtbot.waitUntil(lambda: result.isVisibleTo(stop), timeout=WAIT)
        assert stop.grab().save(str(OUT / f"stop_dialog_result_{language}.png"))
        # The live call was hung up and billed before the close: it is on the bill, and the
        # dialog now shows that bill, not the one from before the confirmation.
        final = stop.result_value
        assert len(final.summary.calls) == 2
        assert stop.findChild(object, "summaryTable").rowCount() == 2
        assert final.summary.due > due and final.change == Decimal(20) - final.summary.due
        assert stop.findChild(object, "dueValue").text() == stop.m(final.summary.due)
        assert stop.findChild(object, "changeLabel").text().endswith(stop.m(final.change))
        assert not stop.warning.isVisibleTo(stop)
        stop.accept()
