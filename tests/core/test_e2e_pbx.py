"""The whole core against the Asterisk simulator over real TCP: a real SQLite file, the
database call policy, the counter service and the PBX engine."""

from __future__ import annotations

import time
from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlalchemy import select

from callshop_pos.cli.main import main as cli
from callshop_pos.counter import BoothMode
from callshop_pos.db.models import Account, Call
from callshop_pos.pbx.engine import PbxEngine
from callshop_pos.pbx.simulator import AsteriskSimulator
from callshop_pos.services.counter import CounterService
from callshop_pos.services.pbx_policy import DatabasePolicy
from callshop_pos.services.rating_cache import RatingCache
from tests.core.shop import build_shop
from tests.pbx.test_engine_support import SECRET, SPEED, Recorder, wait_for

D = Decimal


@pytest.fixture
def shop(tmp_path) -> Iterator[tuple]:
    path = tmp_path / "shop.db"
    db = build_shop(path)
    sim = AsteriskSimulator(users={"callshop": SECRET}, speed=SPEED, auth_wait=60.0)
    port = sim.start()
    for login in ("booth1", "booth2", "booth3", "walkin"):
        sim.register_booth(login, True)
    cache = RatingCache()
    counter = CounterService(db, cache=cache, hangup_wait=5.0)
    recorder = Recorder()

    class Both:
        def __getattr__(self, name):
            def call(*args):
                getattr(counter, name)(*args)
                getattr(recorder, name)(*args)

            return call

    engine = PbxEngine(
        f"ami://callshop:{SECRET}@127.0.0.1:{port}",
        DatabasePolicy(db, cache),
        Both(),
        poll_interval=0.2,
    )
    counter.pbx = engine
    engine.start()
    assert wait_for(lambda: engine.connected and recorder.resyncs() >= 1, 10)
    yield db, sim, engine, counter, recorder, path
    engine.stop()
    sim.stop()


def booth_id(db, login: str) -> int:
    with db.read() as s:
        return s.scalar(select(Account.id).where(Account.voip_login == login))


def calls(db) -> list[Call]:
    with db.read() as s:
        return list(s.scalars(select(Call).order_by(Call.id)))


def test_prepaid_call_is_cut_at_the_cap_and_billed_to_the_cent(shop):
    db, sim, _engine, counter, _rec, _ = shop
    counter.start(booth_id(db, "booth1"), BoothMode.PREPAID, D("0.20"), D(0))
    assert wait_for(lambda: sim.db_get("callshop_booth", "booth1/state") == "open")
    # Germany 0.10 / min: 0.20 buys 120 s; the caller would talk 600 s
    sim.place_call("booth1", "004930123456", answer_after=2, talk=600)
    assert wait_for(lambda: len(calls(db)) == 1, 30)
    call = calls(db)[0]
    assert call.disposition == "answered" and call.prefix == "49"
    assert 118 <= call.billable_seconds <= 120
    assert call.cost == D("0.20")
    view = counter.booth(booth_id(db, "booth1"))
    assert view.balance == D("0") and view.session_total == D("0.20")
    summary = counter.summary(booth_id(db, "booth1"))
    assert summary.total == D("0.20") and summary.refund == D("0")


def test_closed_booth_is_refused_and_the_refusal_is_listed(shop):
    db, sim, _engine, _counter, _rec, _ = shop
    sim.place_call("booth2", "004930123456", answer_after=1, talk=30)
    assert wait_for(lambda: len(calls(db)) == 1, 15)
    call = calls(db)[0]
    assert call.disposition == "refused" and call.cost == 0


def test_stop_hangs_up_the_live_call_and_refunds_the_rest(shop):
    db, sim, _engine, counter, _rec, _ = shop
    account = booth_id(db, "booth1")
    counter.start(account, BoothMode.PREPAID, D("5"), D(0))
    assert wait_for(lambda: sim.db_get("callshop_booth", "booth1/state") == "open")
    sim.place_call("booth1", "0074951234567", answer_after=1, talk=3000)
    assert wait_for(
        lambda: (v := counter.booth(account).call) is not None and v.phase.value == "answered", 15
    )
    assert wait_for(lambda: counter.booth(account).call.answered_at is not None)
    time.sleep(0.5)  # ~10 simulated seconds of talk
    result = counter.stop(account)  # waits for the hang-up's bill
    assert len(calls(db)) == 1 and len(result.summary.calls) == 1  # billed before the close
    call = calls(db)[0]
    assert call.disposition == "answered" and call.area_name == "Russia Moscow"
    with db.read() as s:
        booth = s.get(Account, account)
        assert booth.balance == 0 and booth.locked and not booth.blocked
    assert call.cost == D("0.15") and result.summary.refund == D("5") - call.cost
    assert wait_for(lambda: sim.db_get("callshop_booth", "booth1/state") in (None, "closed"))


def test_top_up_during_a_call_extends_the_cap(shop):
    db, sim, _engine, counter, _rec, _ = shop
    account = booth_id(db, "booth1")
    counter.start(account, BoothMode.PREPAID, D("0.10"), D(0))  # 60 s
    assert wait_for(lambda: sim.db_get("callshop_booth", "booth1/state") == "open")
    sim.place_call("booth1", "004930123456", answer_after=1, talk=200)
    assert wait_for(
        lambda: (v := counter.booth(account).call) is not None and v.answered_at is not None, 15
    )
    counter.topup(account, D("1.00"))  # now 1.10 buys 660 s: the caller talks all 200 s
    assert wait_for(lambda: len(calls(db)) == 1, 40)
    call = calls(db)[0]
    assert call.billable_seconds >= 195
    assert call.cost == D("0.40")  # 200 s -> 240 s billed at 0.10 / min


def test_session_started_by_another_process_is_seen_within_a_second(shop):
    _db, sim, _engine, _counter, _rec, path = shop
    assert sim.db_get("callshop_booth", "booth3/state") in (None, "closed")
    assert cli(["--db", str(path), "booth", "start", "Booth 3", "--prepaid", "2"]) == 0
    assert wait_for(lambda: sim.db_get("callshop_booth", "booth3/state") == "open", 1.5)
    assert cli(["--db", str(path), "booth", "stop", "Booth 3"]) == 0
    assert wait_for(lambda: sim.db_get("callshop_booth", "booth3/state") != "open", 1.5)


def test_walk_in_postpaid_booth_is_billed_without_a_start(shop):
    db, sim, _engine, counter, _rec, _ = shop
    sim.set_booth_open("walkin")  # the engine mirrored it already; the dialplan reads this
    sim.place_call("walkin", "004915112345678", answer_after=1, talk=31)
    assert wait_for(lambda: len(calls(db)) == 1, 20)
    call = calls(db)[0]
    assert call.disposition == "answered" and call.area_name == "Germany Mobile"
    summary = counter.summary(booth_id(db, "walkin"))
    assert summary.mode is BoothMode.POSTPAID and summary.due == call.cost > 0


def test_a_bill_settled_after_stop_prices_every_leg_as_a_direct_bill(tmp_path):
    """``record_call`` and ``settle`` price an answered call with one helper: the same record
    billed directly (session 1) and provisionally at Stop then settled (session 2) carries the
    same retail, wholesale and vendor amounts, to the cent."""
    from callshop_pos.pbx.tracker import CallRecord
    from callshop_pos.services.billing import METER, record_call
    from tests.core.shop import authorized

    db = build_shop(tmp_path / "shop.db")
    counter = CounterService(db, cache=RatingCache(), hangup_wait=0.1)
    booth = booth_id(db, "booth1")
    policy = DatabasePolicy(db)
    now = time.time()

    def record(uid: str) -> CallRecord:  # 150 s to Germany out on Carrier A
        return CallRecord(
            uid, uid, "booth1", "PJSIP/booth1-1", "004930123456", now - 160, now - 155,
            now - 5, 150, "answered", 16, "PJSIP/carrier-a-00000001", None, "ANSWER", "cdr",
        )  # fmt: skip

    counter.start(booth, BoothMode.PREPAID, D("5"), D(0))
    with db.session() as s:
        record_call(s, RatingCache(), authorized(db, record("direct.1")))
    counter.stop(booth)

    counter.start(booth, BoothMode.PREPAID, D("5"), D(0))
    authorized(db, record("meter.1"))
    policy.call_answered("meter.1", now - 155)
    counter.stop(booth)  # no PBX here: billed from the live meter
    with db.read() as s:
        assert s.scalar(select(Call.billing_source).where(Call.booth_uniqueid == "meter.1")) == (
            METER
        )
    with db.session() as s:
        assert record_call(s, RatingCache(), record("meter.1")) is None  # settled
    legs = {
        c.booth_uniqueid: (
            c.billable_seconds,
            c.billed_seconds,
            c.cost,
            c.wholesale_cost,
            c.vendor_cost,
            c.vendor_id is not None,
        )
        for c in calls(db)
    }
    # 150 s: billed 180 s at 0.10/min retail, 0.02/min wholesale, 0.010/min from Carrier A
    assert legs["direct.1"] == (150, 180, D("0.30"), D("0.0600"), D("0.030"), True), legs
    assert legs["meter.1"] == legs["direct.1"]
