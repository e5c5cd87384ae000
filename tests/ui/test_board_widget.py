"""The board: reflow, states on tiles, live cost ticking from the clock, cheap repaints."""

from __future__ import annotations

import threading
from dataclasses import replace
from decimal import Decimal

import pytest

from callshop_pos.board import TileState
from callshop_pos.counter import BoothMode, PbxLink
from printing.printer_state import PrinterState, PrinterView
from tests.ui.fakes import T0, TestBackend, booth, in_call, ringing
from ui.app import build_main_window
from ui.board_widget import grid_for
from ui.tile import TILE_MIN_HEIGHT, TILE_MIN_WIDTH


@pytest.mark.parametrize("count", [4, 8, 32, 64])
@pytest.mark.parametrize("width", [700, 1280, 1920])
def test_tiles_reflow(qtbot, clock, count, width):
    win = build_main_window(TestBackend(count), None, user="u", language="en", clock=clock)
    qtbot.addWidget(win)
    win.resize(width, 900)
    win.show()
    qtbot.waitExposed(win)
    board = win.board
    tiles = board.tiles()
    assert len(tiles) == count
    viewport_w = board.viewport().width()
    columns = board.columns
    assert columns == grid_for(count, viewport_w, board.viewport().height())[0]
    rects = [t.geometry() for t in tiles]
    for r in rects:
        assert r.width() >= TILE_MIN_WIDTH and r.height() >= TILE_MIN_HEIGHT
        assert r.right() <= viewport_w
    for i, a in enumerate(rects):  # no two tiles overlap
        for b in rects[i + 1 :]:
            assert not a.intersects(b)
    # Tiles are in position order, left to right, top to bottom.
    assert [t.view.position for t in tiles] == list(range(1, count + 1))
    assert rects[0].top() == rects[min(count, columns) - 1].top()
    if board.verticalScrollBar().isVisible():
        # too many to fit: the smallest tiles, as many across as fit
        assert rects[0].height() == TILE_MIN_HEIGHT
        assert columns == max(1, min(count, (viewport_w - 10) // (TILE_MIN_WIDTH + 10)))


def test_the_grid_picks_the_biggest_tiles_that_fit():
    # 8 booths on a 1600 x 870 board: 4 x 2 (387 x 420) beats 3 x 3 and 8 x 1
    assert grid_for(8, 1600, 870)[0] == 4
    columns, width, height = grid_for(24, 1600, 870)
    assert (columns, width >= 250, height >= 200) == (6, True, True)
    # 64 booths cannot fit: smallest tiles, scrolling
    assert grid_for(64, 1280, 700)[2] == TILE_MIN_HEIGHT


def test_tile_states_and_words(window, backend):
    board = window.board
    views = list(backend.views.values())
    board.update_view(replace(views[1], mode=BoothMode.PREPAID, prepaid=Decimal(10)))
    board.update_view(replace(views[2], mode=BoothMode.POSTPAID))
    board.update_view(ringing(replace(views[3], mode=BoothMode.POSTPAID), T0))
    board.update_view(in_call(replace(views[4], mode=BoothMode.POSTPAID), T0))
    board.update_view(replace(views[5], blocked=True))
    board.update_view(replace(views[6], registered=False))
    texts = [t.text for t in board.tiles()]
    assert [t.state for t in texts[:7]] == [
        TileState.FREE,
        TileState.PREPAID,
        TileState.POSTPAID,
        TileState.RINGING,
        TileState.IN_CALL,
        TileState.BLOCKED,
        TileState.UNREGISTERED,
    ]
    assert texts[0].state_word == "Free"
    assert texts[4].state_word == "In call"
    assert texts[4].area == "Germany"
    assert board.tile(views[1].account_id).start_stop.text() == "Stop"
    assert board.tile(views[0].account_id).start_stop.text() == "Start"
    assert board.tile(views[0].account_id).postpaid.isVisible()
    board.set_pbx(PbxLink.DISCONNECTED)
    assert all(t.text.state in (TileState.PBX_OFFLINE, TileState.BLOCKED) for t in board.tiles())
    assert window.findChild(object, "pbxStatus") is not None


def test_live_cost_rises_with_the_clock_and_only_changed_tiles_repaint(window, backend, clock):
    board = window.board
    view = in_call(
        replace(backend.views[101], mode=BoothMode.PREPAID, prepaid=Decimal(10)), clock.now
    )
    board.update_view(view)
    tile = board.tile(101)
    assert tile.text.cost == "0.00 EUR"  # zero seconds bill nothing (docs/ARCHITECTURE.md §4.2)
    assert tile.text.timer == "0:00"
    clock.advance(1)
    assert board.tick() == 1
    assert tile.text.cost == "0.60 EUR"  # the first interval starts with the first second
    clock.advance(60)
    assert board.tick() == 1  # the other 7 tiles did not change
    assert tile.text.timer == "1:01"
    assert tile.text.cost == "1.20 EUR"
    assert tile.text.total == "1.20 EUR"
    assert tile.text.balance == "8.80 EUR"
    assert tile.text.talk_left == "talk 14:59"  # 10 EUR buys 16:00, 1:01 is gone
    assert board.tick() == 0  # same second: nothing to repaint


def test_listener_events_from_another_thread_reach_the_tile(window, bridge, backend):
    view = replace(backend.views[103], mode=BoothMode.POSTPAID)
    worker = threading.Thread(target=bridge.booth_changed, args=(view,))
    worker.start()
    worker.join()
    tile = window.board.tile(103)
    window.activateWindow()
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.processEvents()
    assert tile.text.state is TileState.POSTPAID
    paper_out = PrinterView("receipt", PrinterState.PAPER_OUT, "Paper out", 3)
    printer = threading.Thread(target=bridge.printer_state, args=((paper_out,), 3))
    printer.start()
    printer.join()
    QCoreApplication.processEvents()
    assert window.status.printer.text() == "Paper out  (3 waiting)"
    assert window.status.printer.toolTip().startswith("Paper out\n")


def test_unknown_booth_update_is_ignored(window):
    window.board.update_view(booth(99))


def test_an_out_of_order_booth_cannot_be_started(window, backend):
    board = window.board
    views = list(backend.views.values())
    board.update_view(replace(views[0], blocked=True))
    broken, working = board.tile(views[0].account_id), board.tile(views[1].account_id)
    assert broken.text.state is TileState.BLOCKED
    assert not broken.start_stop.isEnabled() and not broken.postpaid.isEnabled()
    assert working.start_stop.isEnabled() and working.postpaid.isEnabled()
    board.update_view(views[0])  # the owner put it back in service
    assert broken.start_stop.isEnabled() and broken.postpaid.isEnabled()
