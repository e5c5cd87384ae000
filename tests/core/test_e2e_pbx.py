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
