"""The counter end to end: the real window on the real core and the Asterisk simulator.

Nothing is faked: the cashier's keys and clicks go through the dialogs to the CounterService
and the SQLite file; the simulator's booths place calls that the PBX engine authorizes, caps
and bills, and the tiles follow through the listener bridge. Time runs SPEED (20) times fast
in the simulator, and the window meters with the simulator's clock.

Prices in the test shop (tests/core/shop.py): Germany 49 0.10/min (60/60), Germany Mobile
4915 0.30/min (30/6), Russia 7 0.20/min (60/60), Satellite 882 forbidden.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from callshop_pos.board import TileState
from tests.ui.real_shop import RealShop, press, real_shop
from ui.dialogs.price_check import PriceCheckDialog
from ui.dialogs.start_dialog import StartDialog
from ui.dialogs.stop_dialog import StopDialog
from ui.dialogs.topup_dialog import TopupDialog

D = Decimal
LONG = 20000  # ms: generous for slow CI machines; the waits end as soon as the thing happens


@pytest.fixture
def shop(qtbot, tmp_path):
    with real_shop(tmp_path / "shop.db", qtbot) as real:
        yield real


def _dialog(qtbot, shop: RealShop, cls):
    qtbot.waitUntil(lambda: isinstance(shop.window.actions_.dialog, cls), timeout=LONG)
    return shop.window.actions_.dialog


def _euros(text: str) -> Decimal:
    return D(text.split()[0]) if text else D(0)


def _start_prepaid_by_keys(qtbot, shop: RealShop, key: Qt.Key, amount: str) -> None:
    press(qtbot, shop.window, key)
    press(qtbot, shop.window, Qt.Key.Key_S)
    dialog = _dialog(qtbot, shop, StartDialog)
    field = dialog.findChild(object, "amountField")
    # The keys land in the amount, whose default is selected: typing replaces it.
    qtbot.waitUntil(field.hasFocus, timeout=LONG)
    assert field.hasSelectedText()
    qtbot.keyClicks(field, amount)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shop.window.actions_.dialog is None, timeout=LONG)


def test_prepaid_booth_from_start_to_refund(qtbot, shop):
    window, sim = shop.window, shop.sim
    booth = shop.account("booth1")
    tile = window.board.tile(booth)
    _start_prepaid_by_keys(qtbot, shop, Qt.Key.Key_1, "0.50")
    qtbot.waitUntil(lambda: tile.text.state is TileState.PREPAID, timeout=LONG)
    assert tile.text.balance == "0.50 EUR" and tile.start_stop.text() == "Stop"
    qtbot.waitUntil(lambda: shop.booth_open("booth1"), timeout=LONG)

    # 0.50 at 0.30/min in 30 s + 6 s steps buys 96 s (0.48); the caller would talk 10 min.
    sim.place_call("booth1", "004915112345678", answer_after=10, talk=600)
    qtbot.waitUntil(lambda: tile.text.state is TileState.IN_CALL, timeout=LONG)
    # the tile can show the answer before the recorder's boothChanged slot has run for it
    qtbot.waitUntil(lambda: TileState.IN_CALL in shop.states[booth], timeout=LONG)
    states = shop.states[booth]
    assert states.index(TileState.RINGING) < states.index(TileState.IN_CALL)
    assert tile.text.number == "004915112345678" and tile.text.area == "Germany Mobile"

    costs: list[Decimal] = []

    def cost_reaches(limit: Decimal) -> bool:
        if tile.text.cost:
            cost = _euros(tile.text.cost)
            if not costs or cost != costs[-1]:
                costs.append(cost)
        return bool(costs) and costs[-1] >= limit

    qtbot.waitUntil(lambda: cost_reaches(D("0.30")), timeout=LONG)
    assert costs == sorted(costs) and len(costs) >= 2  # it rises while they talk
    assert costs[-1] <= D("0.48")

    # The simulator (Asterisk) cuts the call at the cap; the engine bills it.
    qtbot.waitUntil(lambda: len(shop.calls()) == 1, timeout=LONG)
    call = shop.calls()[0]
    assert call.disposition == "answered" and 90 <= call.billable_seconds <= 96
    assert call.cost == D("0.48")
    # The engine drops the live call a moment before the bill lands (the balance may show
    # the prepayment for that moment), so wait for the billed state, not just the call's end.
    qtbot.waitUntil(
        lambda: tile.text.state is TileState.PREPAID and tile.text.balance == "0.02 EUR",
        timeout=LONG,
    )
    assert tile.text.number == ""

    press(qtbot, window, Qt.Key.Key_X)
    stop = _dialog(qtbot, shop, StopDialog)
    table = stop.findChild(object, "summaryTable")
    assert table.rowCount() == 1
    assert table.item(0, 1).text() == "004915112345678"
    assert table.item(0, 2).text() == "Germany Mobile"
    assert table.item(0, 4).text() == "0.48 EUR"
    assert stop.findChild(object, "totalValue").text() == "0.48 EUR"
    assert stop.findChild(object, "paidValue").text() == "0.50 EUR"
    assert stop.findChild(object, "refundValue").text() == "0.02 EUR"
    assert not stop.findChild(object, "warningLabel").isVisibleTo(stop)  # no call now
    assert not stop.cash_box.isVisibleTo(stop)  # nothing is due

    qtbot.keyClick(stop, Qt.Key.Key_Return)  # the default button: Stop booth
    result = stop.findChild(object, "resultLabel")
    qtbot.waitUntil(lambda: result.isVisibleTo(stop), timeout=LONG)
    assert "Refund: 0.02 EUR" in result.text()
    qtbot.keyClick(stop, Qt.Key.Key_Return)  # now the default is Close
    qtbot.waitUntil(lambda: window.actions_.dialog is None, timeout=LONG)
    qtbot.waitUntil(lambda: not tile.text.running, timeout=LONG)
    assert tile.start_stop.text() == "Start" and tile.text.balance == ""
    qtbot.waitUntil(lambda: not shop.booth_open("booth1"), timeout=LONG)


def test_postpaid_one_click_and_stop_with_change(qtbot, shop):
    window, sim = shop.window, shop.sim
    booth = shop.account("booth2")
    tile = window.board.tile(booth)
    qtbot.mouseClick(tile.postpaid, Qt.MouseButton.LeftButton)  # one click, no dialog
    qtbot.waitUntil(lambda: tile.text.state is TileState.POSTPAID, timeout=LONG)
    assert window.actions_.dialog is None
    qtbot.waitUntil(lambda: shop.booth_open("booth2"), timeout=LONG)

    # Russia 0.20/min by the minute: 90 s of talk bill 120 s = 0.40.
    sim.place_call("booth2", "0073512345678", answer_after=2, talk=90)
    qtbot.waitUntil(lambda: len(shop.calls()) == 1, timeout=LONG)
    assert shop.calls()[0].cost == D("0.40")
    qtbot.waitUntil(lambda: tile.text.total == "0.40 EUR" and not tile.text.number, timeout=LONG)

    qtbot.mouseClick(tile.start_stop, Qt.MouseButton.LeftButton)
    stop = _dialog(qtbot, shop, StopDialog)
    assert stop.findChild(object, "dueValue").text() == "0.40 EUR"
    cash = stop.findChild(object, "cashField")
    assert stop.cash_box.isVisibleTo(stop)
    qtbot.waitUntil(cash.hasFocus, timeout=LONG)
    qtbot.keyClicks(cash, "0.3")
    qtbot.keyClick(cash, Qt.Key.Key_Return)  # too little: refused in the dialog
    error = stop.findChild(object, "errorLabel")
    assert error.text() == "Not enough cash: 0.40 EUR is due." and stop.isVisible()
    cash.clear()
    qtbot.keyClicks(cash, "1")
    assert stop.findChild(object, "changeLabel").text() == "Change 0.60 EUR"
    qtbot.keyClick(cash, Qt.Key.Key_Return)
    result = stop.findChild(object, "resultLabel")
    qtbot.waitUntil(lambda: result.isVisibleTo(stop), timeout=LONG)
    assert "Give change: 0.60 EUR" in result.text()
    assert stop.result_value.cash_received == D("1") and stop.result_value.change == D("0.60")
    stop.accept()
    qtbot.waitUntil(lambda: not tile.text.running, timeout=LONG)


def test_top_up_during_a_call_lets_it_outlive_the_first_cap(qtbot, shop):
    window, sim = shop.window, shop.sim
    booth = shop.account("booth3")
    tile = window.board.tile(booth)
    _start_prepaid_by_keys(qtbot, shop, Qt.Key.Key_3, "0.10")  # Germany: 60 s
    qtbot.waitUntil(lambda: shop.booth_open("booth3"), timeout=LONG)
    sim.place_call("booth3", "004930123456", answer_after=2, talk=150)
    qtbot.waitUntil(lambda: tile.text.state is TileState.IN_CALL, timeout=LONG)
    answered = tile.view.call.answered_at
    assert tile.view.call.cap_seconds is not None and tile.view.call.cap_seconds <= 60

    press(qtbot, window, Qt.Key.Key_T)
    dialog = _dialog(qtbot, shop, TopupDialog)
    field = dialog.findChild(object, "topupAmountField")
    qtbot.keyClicks(field, "1")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tile.view.prepaid == D("1.10"), timeout=LONG)

    # Well past the first cap (60 s) the call is still on and the tile still meters it.
    qtbot.waitUntil(lambda: sim.now() > answered + 90, timeout=LONG)
    assert tile.text.state is TileState.IN_CALL and shop.calls() == []
    qtbot.waitUntil(lambda: len(shop.calls()) == 1, timeout=LONG)
    call = shop.calls()[0]
    assert call.billable_seconds >= 145  # the caller hung up after 150 s
    assert call.cost == D("0.30")  # 150 s -> 180 s billed at 0.10 / min
    qtbot.waitUntil(lambda: tile.text.balance == "0.80 EUR", timeout=LONG)


def test_price_check_with_a_real_number_and_amount(qtbot, shop):
    press(qtbot, shop.window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = shop.window.price_dialog
    assert isinstance(dialog, PriceCheckDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.number, "004915112345678")
    qtbot.keyClicks(dialog.amount, "1")
    destination = dialog.findChild(object, "quoteDestination")
    qtbot.waitUntil(lambda: destination.text() == "Germany Mobile  (+4915)", timeout=LONG)
    assert dialog.findChild(object, "quotePrice").text() == "0.30 EUR per minute"
    # 1.00 buys 30 s (0.15) and 28 more 6 s steps (0.84): 3:18
    assert dialog.findChild(object, "quoteMinutes").text() == "3:18 for 1.00 EUR"
    assert dialog.last_quote is not None and dialog.last_quote.max_seconds == 198
    dialog.number.clear()
    qtbot.keyClicks(dialog.number, "00882123456")
    qtbot.waitUntil(
        lambda: destination.text() == "Calls to this destination are not allowed", timeout=LONG
    )


def test_booth_keys_and_a_bad_amount_start_nothing(qtbot, shop):
    window = shop.window
    press(qtbot, window, Qt.Key.Key_2)
    assert window.board.selected == shop.account("booth2")
    press(qtbot, window, Qt.Key.Key_X)  # a free booth has nothing to stop
    assert window.actions_.dialog is None
    press(qtbot, window, Qt.Key.Key_S)
    dialog = _dialog(qtbot, shop, StartDialog)
    assert dialog.windowTitle() == "Start booth Booth 2"
    field = dialog.findChild(object, "amountField")
    error = dialog.findChild(object, "errorLabel")
    for typed, words in (
        ("abc", "Not an amount"),
        ("-5", "cannot be negative"),
        ("1.234", "at most 2 decimal places"),
    ):
        field.selectAll()
        qtbot.keyClicks(field, typed)
        qtbot.keyClick(field, Qt.Key.Key_Return)
        assert dialog.isVisible() and words in error.text()
        assert field.property("invalid") is True
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.actions_.dialog is None, timeout=LONG)
    assert window.board.tile(shop.account("booth2")).text.state is TileState.FREE
    assert shop.counter.booth(shop.account("booth2")).mode is None  # nothing in the database
    assert not shop.booth_open("booth2")


def test_a_stopped_booth_reads_free(qtbot, shop):
    booth = shop.account("booth1")
    tile = shop.window.board.tile(booth)
    qtbot.mouseClick(tile.postpaid, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tile.text.running, timeout=LONG)
    qtbot.mouseClick(tile.start_stop, Qt.MouseButton.LeftButton)
    stop = _dialog(qtbot, shop, StopDialog)
    stop.findChild(object, "confirmStopButton").click()
    qtbot.waitUntil(lambda: not tile.text.running, timeout=LONG)
    # Stop may lock the booth until the next Start (the preference): the tile says which.
    locked = shop.counter.booth(booth).locked
    assert tile.text.state is (TileState.LOCKED if locked else TileState.FREE)
    assert tile.start_stop.isEnabled()  # Start opens it either way
