"""The board says what the cashier needs, readably: locked and out-of-order booths look so, a
refused call leaves its reason, a low balance warns before the cut, the tiles use the screen
and the demo says it is one."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest
from PySide6.QtGui import QAction, QColor, QImage
from PySide6.QtWidgets import QPushButton

from callshop_pos.board import TileState, talk_time_left
from callshop_pos.counter import BoothMode, CallRow, PbxLink
from tests.ui.fakes import TestBackend, in_call
from ui import theme
from ui.app import build_main_window
from ui.calls_model import CallsTableModel
from ui.i18n import install_language, remove_language
from ui.refusal_words import refusal_text
from ui.tile import FIGURE_PX, MONEY_PX, STATE_PX
from ui.tile_text import TileLabels, tile_text

REASONS = (
    "no_funds",
    "forbidden",
    "no_rate",
    "closed",
    "blocked",
    "bad_number",
    "no_route",
    "auth_timeout",
)


def _pixel(widget: QPushButton, x: int, y: int) -> QColor:
    return widget.grab().toImage().pixelColor(x, y)


def _count(image: QImage, colour: QColor) -> int:
    """Pixels of exactly this colour (a filled area, not anti-aliased text)."""
    rgb = colour.rgb()
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixel(x, y) == rgb
    )


def test_a_locked_booth_does_not_look_free(window, backend):
    board = window.board
    board.update_view(replace(backend.views[102], locked=True))
    free, locked = board.tile(101), board.tile(102)
    assert locked.text.state is TileState.LOCKED and free.text.state is TileState.FREE
    assert locked.text.state_word == "Locked" and locked.text.note == "No calls until Start"
    assert theme.LOOKS[TileState.LOCKED].background != theme.LOOKS[TileState.FREE].background
    assert theme.LOOKS[TileState.LOCKED].band != theme.LOOKS[TileState.FREE].band
    body = theme.LOOKS[TileState.LOCKED].background
    assert _count(locked.grab().toImage(), body) > 1000  # the body is painted in it
    assert locked.start_stop.isEnabled()  # Start opens it for the next customer


def test_an_out_of_order_start_button_looks_disabled(window, backend):
    board = window.board
    board.update_view(replace(backend.views[101], blocked=True))
    broken, working = board.tile(101).start_stop, board.tile(102).start_stop
    assert not broken.isEnabled()
    # the button's face (a corner of it, away from the word), not its text
    face = _pixel(broken, 6, broken.height() // 2)
    green = _pixel(working, 6, working.height() // 2)
    assert green.green() > green.red() + 60  # the enabled Start is green
    assert abs(face.green() - face.red()) < 25 and abs(face.blue() - face.red()) < 25  # grey
    assert not board.tile(101).postpaid.isVisible()


def test_a_refused_call_leaves_its_reason_on_the_tile_and_in_the_list(window, backend):
    view = replace(backend.views[103], last_refusal="no_funds", last_refused_number="004930123456")
    window.board.update_view(view)
    text = window.board.tile(103).text
    assert text.alert and text.note == "Refused 004930123456"
    assert text.note_detail == "Not enough money left"
    assert _count(window.board.tile(103).grab().toImage(), theme.REFUSED) > 0
    row = CallRow(
        9,
        "Booth 3",
        "004930123456",
        None,
        None,
        datetime(2024, 5, 1, 12, 0),
        None,
        0,
        "REFUSED",
        Decimal(0),
        refusal_reason="no_funds",
    )
    model = CallsTableModel()
    model.set_rows([row])
    status = model.index(0, CallsTableModel.COLUMNS.index("status"))
    assert model.data(status) == "refused: Not enough money left"


def test_every_refusal_reason_is_a_sentence_in_english_and_russian(qapp):
    english = [refusal_text(code) for code in REASONS]
    assert len(set(english)) == len(REASONS) and all(" " in t for t in english)
    assert refusal_text("something_new") == "Refused (something_new)"
    assert refusal_text(None) == ""
    translator = install_language("ru")
    try:
        russian = [refusal_text(code) for code in REASONS]
    finally:
        remove_language(translator)
    assert all(r != e for r, e in zip(russian, english, strict=True))
    assert russian[0] == "Не хватает денег"


def test_a_low_balance_warns_before_the_cut(window, backend, clock):
    # 2.00 EUR at 0.60/min buys 3 minutes (a fourth would cost 2.40)
    view = in_call(
        replace(backend.views[104], mode=BoothMode.PREPAID, prepaid=Decimal(2)), clock.now
    )
    window.board.update_view(view)
    tile = window.board.tile(104)
    clock.advance(100)
    window.board.tick()
    assert talk_time_left(view, clock.now) == 80 and tile.text.low_balance == ""
    before = _count(tile.grab().toImage(), theme.LOW_BALANCE)
    clock.advance(25)
    window.board.tick()
    assert talk_time_left(view, clock.now) == 55
    assert tile.text.low_balance == "Low balance · 0:55"
    assert _count(tile.grab().toImage(), theme.LOW_BALANCE) > before + 500
    # postpaid calls have no such warning
    post = tile_text(
        in_call(replace(view, mode=BoothMode.POSTPAID), clock.now - 100),
        PbxLink.CONNECTED,
        clock.now,
        TileLabels.current(),
    )
    assert post.low_balance == ""


def test_prepaid_and_postpaid_are_different_colours():
    def hue(state: TileState) -> int:
        return theme.LOOKS[state].band.hsvHue()

    gap = abs(hue(TileState.PREPAID) - hue(TileState.POSTPAID))
    assert min(gap, 360 - gap) >= 90  # was green against teal: 37°
    bands = [look.band.name() for look in theme.LOOKS.values()]
    assert len(set(bands)) == len(bands)


@pytest.mark.parametrize(
    ("count", "size", "scale"),
    [
        (8, (1600, 1000), 1.5),
        (24, (1600, 1000), 1.0),
        (32, (1600, 1000), 0.8),
        (8, (1280, 800), 1.2),
        (24, (1280, 800), 0.75),
    ],
)
def test_the_tiles_use_the_screen_without_scrolling(qtbot, clock, count, size, scale):
    win = build_main_window(
        TestBackend(count), None, user="u", language="en", clock=clock, demo=True
    )
    qtbot.addWidget(win)
    win.board.timer.stop()
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    board = win.board
    viewport = board.viewport()
    rects = [t.geometry() for t in board.tiles()]
    assert not board.verticalScrollBar().isVisible()
    assert max(r.bottom() for r in rects) <= viewport.height()
    # the tiles reach the far edges: no third of the screen left empty
    assert max(r.bottom() for r in rects) >= viewport.height() - 25
    assert max(r.right() for r in rects) >= viewport.width() - 25
    tile = board.tiles()[0]
    assert tile.scale >= scale
    # the key figures read from 2 m: the state word, the call timer/cost and money left
    assert round(STATE_PX * tile.scale) >= 15
    assert round(FIGURE_PX * tile.scale) >= 22 and round(MONEY_PX * tile.scale) >= 18


def test_the_demo_says_so_and_shows_the_way_to_the_real_shop(qtbot, clock):
    win = build_main_window(TestBackend(2), None, user="u", language="en", clock=clock, demo=True)
    qtbot.addWidget(win)
    win.show()
    banner = win.demo_banner
    assert banner is not None and banner.isVisible()
    assert "Demo shop" in banner.label.text()
    banner.button.click()
    box = banner.box
    assert box is not None and box.isVisible()
    assert "callshop-pos setup apply" in box.informativeText()
    box.done(0)
    real = build_main_window(TestBackend(2), None, user="u", language="en", clock=clock)
    qtbot.addWidget(real)
    assert real.demo_banner is None


def test_the_board_waits_while_the_demo_makes_its_past_traffic(qtbot, clock):
    """At a new demo shop's first start the past sessions come and go for a minute: the
    banner says what is happening and the board is greyed out until it is done."""
    win = build_main_window(TestBackend(2), None, user="u", language="en", clock=clock, demo=True)
    qtbot.addWidget(win)
    win.show()
    banner = win.demo_banner
    assert banner is not None
    normal = banner.label.text()
    made = threading.Event()
    progress: list[tuple[int, int, int]] = []  # as the history's thread reports it
    banner.show_history(made.is_set, 2, win.board, lambda: progress[-1] if progress else None)
    assert "2 days of past traffic" in banner.label.text()
    progress.append((1, 2, 340))  # the first day made, the second under way
    qtbot.waitUntil(lambda: "(day 2 of 2, 340 calls so far)" in banner.label.text(), timeout=5000)
    assert banner.making_history
    assert not win.board.isEnabled()
    assert not win.board.tiles()[0].start_stop.isEnabled()  # no click reaches a past session
    win.board.select(win.board.tiles()[0].view.account_id)
    win.findChild(QAction, "startAction").trigger()  # nor a key
    assert win.actions_.dialog is None
    made.set()
    qtbot.waitUntil(win.board.isEnabled, timeout=5000)
    assert banner.label.text() == normal and not banner.making_history
    # a history already made (or none): nothing waits
    banner.show_history(lambda: True, 2, win.board)
    assert win.board.isEnabled() and banner.label.text() == normal


def test_the_new_words_are_russian_on_the_tile(qapp, clock):
    translator = install_language("ru")
    try:
        labels = TileLabels.current()
    finally:
        remove_language(translator)
    view = replace(
        TestBackend(1).views[101],
        locked=True,
        last_refusal="forbidden",
        last_refused_number="0088112345",
    )
    text = tile_text(view, PbxLink.CONNECTED, clock.now, labels)
    assert text.state_word == "Заблокирована"
    assert text.note == "Отказ: 0088112345"


def test_a_booth_added_elsewhere_appears_in_position(window, backend):
    """A booth created in the settings (here or on another counter) reaches the board as a view
    it has no tile for: it gets one, in its position, and a moved booth moves."""
    board = window.board
    first = backend.views[101]
    added = replace(first, account_id=999, name="Booth new", login="booth999", position=-1)
    board.update_view(added)
    assert board.tile(999).view.name == "Booth new"
    order = [tile.view.account_id for tile in board._grid.tiles]
    assert order[0] == 999 and set(order) >= {101, 102, 999}
    board.update_view(replace(added, position=10_000))
    assert [tile.view.account_id for tile in board._grid.tiles][-1] == 999
