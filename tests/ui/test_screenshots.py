"""Grabs the board (8 and 32 booths, mixed states) and the Start/Stop dialogs to PNG files.

The files land in tests/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from callshop_pos.counter import BoothMode, PbxLink
from tests.ui.fakes import TestBackend, in_call, ringing
from ui.app import build_main_window
from ui.dialogs.start_dialog import StartDialog
from ui.dialogs.stop_dialog import StopDialog
from ui.i18n import remove_language

OUT = Path(__file__).resolve().parents[1] / "screenshots"


def _mixed(backend: TestBackend, now: float) -> None:
    for n, (account, view) in enumerate(sorted(backend.views.items())):
        kind = n % 8
        if kind == 1:
            view = replace(view, mode=BoothMode.PREPAID, prepaid=Decimal("10.00"))
        elif kind == 2:
            view = replace(view, mode=BoothMode.POSTPAID, session_total=Decimal("4.20"))
        elif kind == 3:
            view = ringing(replace(view, mode=BoothMode.POSTPAID), now - 7)
        elif kind == 4:
            view = in_call(
                replace(
                    view,
                    mode=BoothMode.PREPAID,
                    prepaid=Decimal("20.00"),
                    session_total=Decimal("3.10"),
                ),
                now - 754,
            )
        elif kind == 5:
            view = replace(view, blocked=True, name=f"Booth {view.position} (out of order)")
        elif kind == 6:
            view = replace(view, registered=False)
        elif kind == 7:
            view = in_call(replace(view, mode=BoothMode.POSTPAID), now - 3725, price="1.45")
        backend.views[account] = view


@pytest.mark.parametrize(
    ("count", "language", "size"),
    [
        (8, "en", (1280, 800)),
        (32, "en", (1600, 1000)),
        (8, "ru", (1280, 800)),
    ],
)
def test_board_screenshot(qtbot, clock, count, language, size):
    OUT.mkdir(exist_ok=True)
    backend = TestBackend(count)
    _mixed(backend, clock.now)
    win = build_main_window(backend, None, user="anna", language=language, clock=clock)
    qtbot.addWidget(win)
    try:
        win.board.set_pbx(PbxLink.CONNECTED)
        win.status.set_pbx(PbxLink.CONNECTED, "")
        win.status.set_printer("Printer: ready", 0)
        win.resize(*size)
        win.show()
        qtbot.waitExposed(win)
        win.board.select(102)
        path = OUT / f"board_{count}_{language}.png"
        assert win.grab().save(str(path))
        if count == 8 and language == "en":
            win.board.set_pbx(PbxLink.UNREACHABLE)
            win.status.set_pbx(PbxLink.UNREACHABLE, "")
            assert win.grab().save(str(OUT / "board_8_pbx_offline.png"))
    finally:
        remove_language(win.translator)


def test_dialog_screenshots(qtbot, window, backend):
    OUT.mkdir(exist_ok=True)
    window.actions_.start(101)
    qtbot.waitUntil(lambda: isinstance(window.actions_.dialog, StartDialog))
    start = window.actions_.dialog
    qtbot.waitExposed(start)
    assert start.grab().save(str(OUT / "start_dialog.png"))
    start.findChild(object, "amountField").setText("abc")
    start.accept()
    assert start.grab().save(str(OUT / "start_dialog_error.png"))
    start.reject()
    qtbot.waitUntil(lambda: window.actions_.dialog is None)
    view = in_call(replace(backend.views[102], mode=BoothMode.POSTPAID), window.board._clock())
    backend.views[102] = view
    window.board.update_view(view)
    window.actions_.stop(102)
    qtbot.waitUntil(lambda: isinstance(window.actions_.dialog, StopDialog))
    stop = window.actions_.dialog
    qtbot.waitExposed(stop)
    qtbot.keyClicks(stop.findChild(object, "cashField"), "20")
    assert stop.grab().save(str(OUT / "stop_dialog.png"))
    backend.invoice = b"%PDF-1.4"
    stop.findChild(object, "confirmStopButton").click()
    qtbot.waitUntil(lambda: stop.findChild(object, "resultLabel").isVisibleTo(stop))
    assert stop.grab().save(str(OUT / "stop_dialog_result.png"))
