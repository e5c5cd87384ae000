"""callshop_pos.board: live metering follows the rating rule, states pick the right word."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from callshop_pos.board import (
    TileState,
    call_elapsed,
    live_cost,
    rate_row_of,
    talk_time_left,
    terms_of,
    tile_state,
)
from callshop_pos.counter import BoothMode, PbxLink
from callshop_pos.rating.rule import call_cost, max_seconds
from tests.ui.fakes import T0, booth, in_call, rate, ringing


def test_live_cost_is_the_rule_at_elapsed_seconds():
    view = in_call(replace(booth(1), mode=BoothMode.PREPAID, prepaid=Decimal(10)), T0)
    snap = rate()
    for seconds in (0, 1, 59, 60, 61, 125, 3600):
        expected = call_cost(terms_of(snap, "EUR"), rate_row_of(snap), seconds)
        assert live_cost(view, T0 + seconds + 0.9) == expected
        assert call_elapsed(view, T0 + seconds + 0.9) == seconds
    assert live_cost(view, T0 + 61) == Decimal("1.20")  # 60 + 60 s at 0.60/min


def test_no_cost_before_answer_or_without_rate():
    view = ringing(replace(booth(1), mode=BoothMode.POSTPAID), T0)
    assert live_cost(view, T0 + 30) == 0
    assert call_elapsed(view, T0 + 30) == 0


def test_talk_time_left_uses_balance_plus_credit():
    view = replace(
        booth(1),
        mode=BoothMode.PREPAID,
        prepaid=Decimal("6.00"),
        session_total=Decimal("1.00"),
        credit_limit=Decimal("1.00"),
    )
    view = in_call(view, T0)
    snap = rate()
    longest = max_seconds(terms_of(snap, "EUR"), rate_row_of(snap), Decimal("6.00"))
    assert longest is not None
    assert talk_time_left(view, T0 + 100) == longest - 100
    assert talk_time_left(view, T0 + longest + 50) == 0
    assert talk_time_left(replace(view, mode=BoothMode.POSTPAID), T0) is None
    assert talk_time_left(replace(view, call=None), T0) is None


def test_tile_state_priorities():
    free = booth(1)
    assert tile_state(free, PbxLink.CONNECTED) is TileState.FREE
    assert tile_state(replace(free, mode=BoothMode.PREPAID), PbxLink.CONNECTED) is TileState.PREPAID
    assert tile_state(replace(free, mode=BoothMode.POSTPAID), PbxLink.CONNECTED) is (
        TileState.POSTPAID
    )
    assert tile_state(ringing(free, T0), PbxLink.CONNECTED) is TileState.RINGING
    assert tile_state(in_call(free, T0), PbxLink.CONNECTED) is TileState.IN_CALL
    assert tile_state(replace(free, registered=False), PbxLink.CONNECTED) is (
        TileState.UNREGISTERED
    )
    assert tile_state(in_call(free, T0), PbxLink.UNREACHABLE) is TileState.PBX_OFFLINE
    assert tile_state(replace(free, blocked=True), PbxLink.UNREACHABLE) is TileState.BLOCKED
