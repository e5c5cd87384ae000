"""The money levels through the Asterisk simulator over real TCP: two counters' engines on
one shop database both see every Cdr (and the simulator sends a second Cdr per call, as
Asterisk does with endbeforehexten=no), yet each call debits the shop and credits its vendor
once; a call past the shop's credit is refused by the dialplan with denied:shop_credit."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlalchemy import select

from callshop_pos.counter import refusal_code
from callshop_pos.db.engine import Database
from callshop_pos.db.models import Call, Customer, Preferences
from callshop_pos.pbx.engine import PbxEngine
from callshop_pos.pbx.simulator import AsteriskSimulator
from callshop_pos.services.pbx_policy import DatabasePolicy
from callshop_pos.services.rating_cache import RatingCache
from tests.money3.test_levels import GERMANY, levels, shop
from tests.pbx.test_engine_support import SECRET, SPEED, Recorder, wait_for

D = Decimal


@pytest.fixture
def two_engines(tmp_path) -> Iterator[tuple[Database, AsteriskSimulator, list[Recorder]]]:
    db = shop(f"sqlite:///{tmp_path / 'shop.db'}")
    sim = AsteriskSimulator(
        users={"callshop": SECRET}, speed=SPEED, auth_wait=60.0, endbeforehexten=False
    )
    port = sim.start()
    sim.register_booth("booth1", True)
    recorders = [Recorder(), Recorder()]
    engines = [
        PbxEngine(
            f"ami://callshop:{SECRET}@127.0.0.1:{port}",
            DatabasePolicy(db, RatingCache()),
            recorder,
            poll_interval=0.2,
        )
        for recorder in recorders
    ]
    for engine in engines:
        engine.start()
    pairs = list(zip(engines, recorders, strict=True))
    assert wait_for(lambda: all(e.connected and r.resyncs() for e, r in pairs), 10)
    assert wait_for(lambda: sim.db_get("callshop_booth", "booth1/state") == "open", 10)
    yield db, sim, recorders
    for engine in engines:
        engine.stop()
    sim.stop()
    db.dispose()


def calls(db: Database) -> list[Call]:
    with db.read() as s:
        return list(s.scalars(select(Call)))


def test_a_call_whose_cdr_every_engine_bills_debits_the_shop_once(two_engines):
    db, sim, recorders = two_engines
    uid = sim.place_call("booth1", GERMANY, answer_after=1, talk=30)
    assert wait_for(lambda: all(r.recorded for r in recorders), 30)
    outcomes = [is_new for r in recorders for (_, rec, is_new) in r.recorded]
    assert sorted(outcomes) == [False, True]  # both billed it; the database took one
    (call,) = calls(db)
    assert call.booth_uniqueid == uid and call.billable_seconds == 30
    # the cheapest route first: Carrier B at 0.008/min; the shop's tariff 0.02/min
    assert (call.cost, call.wholesale_cost, call.vendor_cost) == (D("0.1"), D("0.02"), D("0.008"))
    assert levels(db) == (D("199.98"), D(0), D("0.008"))


def test_a_call_past_the_shops_credit_is_refused_by_the_pbx(two_engines):
    db, sim, recorders = two_engines
    with db.session() as s:
        s.scalar(select(Customer)).balance = D("1.00")  # the call's worst case is 2.00
        s.get(Preferences, 1).refuse_past_shop_credit = True
    sim.place_call("booth1", GERMANY, answer_after=1, talk=30)
    assert wait_for(lambda: all(r.recorded for r in recorders), 30)
    (call,) = calls(db)
    assert call.disposition == "refused" and call.refusal_reason == "denied:shop_credit"
    assert refusal_code(call.refusal_reason) == "shop_credit"  # what the board translates
    assert call.cost == 0 and levels(db) == (D("1.00"), D(0), D(0))
