"""The talk time shown is the talk time allowed: the PBX cap, the price check's quote and a
prepaid tile's "talk left" all come from rule.talk_time, on a real SQLite shop."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from callshop_pos.board import talk_time_left
from callshop_pos.counter import BoothMode, CallPhase, LiveCallView
from callshop_pos.db.models import Account, Preferences
from callshop_pos.services import sessions
from callshop_pos.services.counter import CounterService
from callshop_pos.services.pbx_policy import DatabasePolicy
from tests.core.shop import build_shop
from tests.core.test_sessions import T0

D = Decimal


@pytest.fixture
def db(tmp_path):
    return build_shop(tmp_path / "shop.db")  # max_call_seconds = 7200


def _start(db, amount: str) -> int:
    with db.session() as s:
        account = s.scalar(select(Account).where(Account.voip_login == "booth1"))
        sessions.start(
            s, account, BoothMode.PREPAID, D(amount), D(0), at=datetime.fromtimestamp(T0 - 100, UTC)
        )
        return account.id


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("1.00", 600),  # 1.00 at 0.10 / min: the money ends the call
        ("20.00", 7200),  # 20.00 buys 12000 s, the shop's longest call is 7200 s
    ],
)
def test_the_tile_shows_the_cap_the_pbx_enforces(db, amount, expected):
    account_id = _start(db, amount)
    decision = DatabasePolicy(db).authorize("booth1", "004930123", T0)
    assert decision.allowed and decision.cap_seconds == expected
    view = CounterService(db).booth(account_id)
    call = LiveCallView(
        "004930123", CallPhase.ANSWERED, T0, T0, decision.rate, decision.cap_seconds
    )
    view = replace(view, call=call)
    assert talk_time_left(view, T0) == expected
    assert talk_time_left(view, T0 + 100.5) == expected - 100
    # The engine re-sets the cap at the answer (counted from the answer): the same answer.
    assert DatabasePolicy(db).live_cap("booth1", "004930123", T0, T0 + 100) == expected - 100


def test_the_tile_never_promises_more_than_the_cap_leaves(db):
    account_id = _start(db, "20.00")
    decision = DatabasePolicy(db).authorize("booth1", "004930123", T0)
    view = CounterService(db).booth(account_id)
    short_cap = LiveCallView("004930123", CallPhase.ANSWERED, T0, T0, decision.rate, 90)
    assert talk_time_left(replace(view, call=short_cap), T0 + 30) == 60
    no_cap = replace(short_cap, cap_seconds=None)  # unknown cap: what the money buys
    assert talk_time_left(replace(view, call=no_cap), T0) == 12_000


def test_the_price_check_says_what_the_engine_allows(db):
    counter = CounterService(db)
    got = counter.quote("004930123", D("20"))
    assert (got.max_seconds, got.cut, got.max_call_seconds) == (7200, True, 7200)
    assert counter.quote("004930123", D("1")).max_seconds == 600
    with db.session() as s:
        s.get(Preferences, 1).max_call_seconds = 3600
    assert counter.quote("004930123", D("20")).max_seconds == 3600


def test_a_cap_to_the_millisecond_is_floored_never_rounded_up(db):
    account_id = _start(db, "20.00")
    decision = DatabasePolicy(db).authorize("booth1", "004930123", T0)
    view = CounterService(db).booth(account_id)
    call = LiveCallView("004930123", CallPhase.ANSWERED, T0, T0, decision.rate, 90.999)  # type: ignore[arg-type]
    assert talk_time_left(replace(view, call=call), T0) == 90
