"""Where a session meets a call: every call belongs to the session that authorized it, and a
Stop never closes a session with a call still owed. The real core against the simulator over
TCP, a real SQLite file, clocks that disagree, a link that drops and an engine that dies."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from callshop_pos.cli.main import main as cli
from callshop_pos.counter import BoothMode
from callshop_pos.db.engine import Database
from callshop_pos.db.models import (
    Account,
    Adjustment,
    BoothSession,
    Call,
    CallAuthorization,
    Payment,
    PbxProblem,
)
from callshop_pos.pbx.engine import PbxEngine
from callshop_pos.pbx.simulator import AsteriskSimulator
from callshop_pos.pbx.tracker import CallRecord
from callshop_pos.services.billing import record_call
from callshop_pos.services.counter import CounterService
from callshop_pos.services.pbx_policy import DatabasePolicy
from callshop_pos.services.rating_cache import RatingCache
from tests.core.shop import authorized, build_shop
from tests.pbx.memory_policy import InMemoryPolicy
from tests.pbx.test_engine_support import SECRET, Recorder, wait_for

D = Decimal
GERMANY = "004930123456"  # 0.10 / min, 60/60


class Shop:
    """A shop with the simulator, the database policy, a counter and an engine."""

    def __init__(self, tmp_path, *, speed: float = 20.0, clock_offset: float = 0.0) -> None:
        self.path = tmp_path / "shop.db"
        self.db: Database = build_shop(self.path)
        self.sim = AsteriskSimulator(
            users={"callshop": SECRET},
            speed=speed,
            auth_wait=60.0,
            clock_offset=clock_offset,
            login_fail_delay=0.1,
        )
        self.port = self.sim.start()
        for login in ("booth1", "booth2", "booth3", "walkin"):
            self.sim.register_booth(login, True)
        self.url = f"ami://callshop:{SECRET}@127.0.0.1:{self.port}"
        self.cache = RatingCache()
        self.counter = CounterService(self.db, cache=self.cache, hangup_wait=5.0)
        self.recorder = Recorder()
        self.engine: PbxEngine | None = None

    def start_engine(self) -> PbxEngine:
        counter, recorder = self.counter, self.recorder

        class Both:
            def __getattr__(self, name: str) -> Callable[..., None]:
                def call(*args: object) -> None:
                    getattr(counter, name)(*args)
                    getattr(recorder, name)(*args)

                return call

        before = recorder.resyncs()
        self.engine = PbxEngine(
            self.url,
            DatabasePolicy(self.db, self.cache),
            Both(),
            poll_interval=0.2,
            client_options={"backoff_initial": 0.1, "backoff_max": 0.3},
        )
        self.counter.pbx = self.engine
        self.engine.start()
        assert wait_for(lambda: recorder.resyncs() > before, 10)
        return self.engine

    def stop_engine(self) -> None:
        if self.engine is not None:
            self.engine.stop()
            self.engine = None
            self.counter.pbx = None

    def close(self) -> None:
        self.stop_engine()
        self.sim.stop()
        self.db.dispose()

    def booth(self, login: str) -> int:
        with self.db.read() as s:
            return s.scalar(select(Account.id).where(Account.voip_login == login))

    def calls(self) -> list[Call]:
        with self.db.read() as s:
            return list(s.scalars(select(Call).order_by(Call.id)))

    def open_state(self, login: str) -> bool:
        return self.sim.db_get("callshop_booth", f"{login}/state") == "open"

    def answered(self, login: str) -> bool:
        view = self.counter.booth(self.booth(login)).call
        return view is not None and view.answered_at is not None


@pytest.fixture
def make_shop(tmp_path) -> Iterator[Callable[..., Shop]]:
    made: list[Shop] = []

    def make(**kw: object) -> Shop:
        shop = Shop(tmp_path, **kw)  # type: ignore[arg-type]
        made.append(shop)
        return shop

    yield make
    for shop in made:
        shop.close()


def money_identity(db: Database) -> tuple[Decimal, Decimal, Decimal]:
    """(cash kept over all closed sessions, their totals, the adjustments listed): cash kept =
    paid - refunds - change, which must equal the totals the receipts printed."""
    with db.read() as s:
        closed = list(s.scalars(select(BoothSession).where(BoothSession.stopped_at.is_not(None))))
        kept = sum((p.amount for b in closed for p in b.payments), D(0))
        totals = sum((b.total or D(0) for b in closed), D(0))
        adjusted = s.scalar(select(func.coalesce(func.sum(Adjustment.amount), 0)))
    return kept, totals, D(adjusted)


# --- 1. a call belongs to the session that authorized it ------------------------------------


@pytest.mark.parametrize("offset", [-2.0, -30.0, 30.0])
def test_a_walk_ins_first_call_is_on_its_bill_whatever_the_pbx_clock(make_shop, offset):
    shop = make_shop(clock_offset=offset)
    shop.start_engine()
    assert wait_for(lambda: shop.open_state("walkin"))
    shop.sim.place_call("walkin", "004915112345678", answer_after=1, talk=31)
    assert wait_for(lambda: len(shop.calls()) == 1, 20)
    (call,) = shop.calls()
    with shop.db.read() as s:
        walk_in = s.scalar(
            select(BoothSession).where(BoothSession.account_id == shop.booth("walkin"))
        )
    assert call.session_id == walk_in.id and call.cost > 0
    result = shop.counter.stop(shop.booth("walkin"))
    assert result.summary.total == call.cost  # 0.18: 31 s at 0.30/min in 30/6 steps
    assert [line.amount for line in result.summary.calls] == [call.cost]


def test_a_call_dialed_a_second_after_start_is_charged_with_the_pbx_clock_30_s_behind(make_shop):
    shop = make_shop(clock_offset=-30.0)
    shop.start_engine()
    booth = shop.booth("booth1")
    shop.counter.start(booth, BoothMode.PREPAID, D("5"), D(0))
    assert wait_for(lambda: shop.open_state("booth1"))
    shop.sim.place_call("booth1", GERMANY, answer_after=1, talk=61)
    assert wait_for(lambda: len(shop.calls()) == 1, 20)
    (call,) = shop.calls()
    assert call.cost == D("0.20") and call.session_id is not None
    assert shop.counter.booth(booth).balance == D("4.80")
    result = shop.counter.stop(booth)
    assert result.summary.total == D("0.20") and result.summary.refund == D("4.80")


def test_a_call_without_an_authorization_is_no_sessions_even_in_its_time(tmp_path):
    """No clock comparison decides whose call it is: without an authorization it is no
    session's (and listed as such), even while a session is open."""
    db = build_shop(tmp_path / "shop.db")
    with db.session() as s:
        account = s.scalar(select(Account).where(Account.voip_login == "booth1"))
        from callshop_pos.services import sessions

        sessions.start(s, account, BoothMode.PREPAID, D("5"))
    now = time.time()
    rec = CallRecord(
        "x",
        "x",
        "booth1",
        "PJSIP/booth1-1",
        GERMANY,
        now,
        now + 1,
        now + 61,
        60,
        "answered",
        16,
        "",
        None,
        "ANSWER",
        "cdr",
    )
    with db.session() as s:
        call = record_call(s, RatingCache(), rec)
        assert call is not None and call.session_id is None
    with db.read() as s:
        assert s.scalar(select(Account.balance).where(Account.voip_login == "booth1")) == D(5)


# --- 3. Asterisk's numbers are checked ------------------------------------------------------


def _record(
    uid: str,
    seconds: int,
    *,
    answered: float | None = None,
    ended: float | None = None,
    start: float | None = None,
) -> CallRecord:
    start = time.time() - 120 if start is None else start
    answered = start + 2 if answered is None else answered
    ended = answered + 62 if ended is None else ended
    return CallRecord(
        uid,
        uid,
        "booth1",
        "PJSIP/booth1-1",
        GERMANY,
        start,
        answered,
        ended,
        seconds,
        "answered",
        16,
        "",
        None,
        "ANSWER",
        "cdr",
    )


def _started(db: Database, amount: str = "10") -> None:
    from callshop_pos.services import sessions

    with db.session() as s:
        account = s.scalar(select(Account).where(Account.voip_login == "booth1"))
        sessions.start(s, account, BoothMode.PREPAID, D(amount))


def test_a_cdr_of_100000_seconds_is_bounded_by_what_was_seen_and_the_evidence_kept(tmp_path):
    db = build_shop(tmp_path / "shop.db")
    _started(db)
    with db.session() as s:
        call = record_call(s, RatingCache(), authorized(db, _record("big", 100000)))
        assert call is not None
    (call,) = list(db.read().scalars(select(Call)))
    assert call.billable_seconds == 62 and call.cost == D("0.20")  # not 1000 EUR
    assert "100000" in call.evidence and "62" in call.evidence
    # over the shop's longest call (7200 s) when the times are missing too
    with db.session() as s:
        rec = replace(_record("long", 100000), answered_at=None, ended_at=None)
        rec = authorized(db, rec)
        call = record_call(s, RatingCache(), rec)
        assert call is not None and call.billable_seconds == 7200
        assert "maximum call length" in call.evidence


@pytest.mark.parametrize(
    "bad",
    [
        {"billable_seconds": -5},
        {"started_at": math.nan},
        {"answered_at": math.nan, "ended_at": math.inf},
        {"ended_at": 1e300},
    ],
)
def test_negative_seconds_and_absurd_timestamps_are_billed_not_retried(tmp_path, bad):
    db = build_shop(tmp_path / "shop.db")
    _started(db)
    rec = authorized(db, _record("odd", 60))
    with db.session() as s:
        call = record_call(s, RatingCache(), replace(rec, **bad))
        assert call is not None and call.cost >= 0 and call.started_at is not None


class Failing(InMemoryPolicy):
    """A policy whose billing always fails (a database that refuses the record)."""

    def __init__(self, *a: object, **kw: object) -> None:
        super().__init__(*a, **kw)  # type: ignore[arg-type]
        self.tries = 0

    def record_call(self, record: CallRecord) -> bool:
        self.tries += 1
        raise ValueError("cannot bill this")


def test_a_record_that_cannot_be_billed_is_set_aside_after_three_tries(caplog):
    sim = AsteriskSimulator(users={"callshop": SECRET}, speed=20.0, auth_wait=60.0)
    port = sim.start()
    policy = Failing(["booth1"])
    policy.open_booth("booth1", D("5"))
    engine = PbxEngine(f"ami://callshop:{SECRET}@127.0.0.1:{port}", policy, poll_interval=0.05)
    engine.retry_interval = 0.1
    try:
        engine.start()
        assert wait_for(lambda: sim.db_get("callshop_booth", "booth1/state") == "open")
        uid = sim.place_call("booth1", GERMANY, answer_after=1, talk=5)
        assert wait_for(lambda: policy.set_aside_records, 15)
        time.sleep(0.5)  # retries would have come by now
        assert policy.tries == 3
        ((record, error, tries),) = policy.set_aside_records
        assert record.booth_uniqueid == uid and tries == 3 and "cannot bill this" in error
        # kept in the problems list, gone from AstDB (so no resync retries it for ever)
        assert wait_for(lambda: sim.db_get("callshop_cdr", uid) is None)
    finally:
        engine.stop()
        sim.stop()


def test_set_aside_records_are_kept_whole_and_listed(tmp_path, capsys):
    db = build_shop(tmp_path / "shop.db")
    DatabasePolicy(db).set_aside(_record("bad", 60, answered=math.nan), "ValueError: x", 3)
    with db.read() as s:
        (problem,) = list(s.scalars(select(PbxProblem)))
        assert problem.booth_uniqueid == "bad" and '"answered_at": "nan"' in problem.record_json
    assert cli(["--db", str(tmp_path / "shop.db"), "calls", "problems"]) == 0
    assert "bad after 3 tries: ValueError: x" in capsys.readouterr().out


# --- 5. two engines, one database -----------------------------------------------------------


def test_two_engines_bill_each_call_once_without_a_traceback(make_shop, caplog):
    shop = make_shop()
    shop.start_engine()
    other = PbxEngine(shop.url, DatabasePolicy(shop.db, RatingCache()), poll_interval=0.2)
    other.start()
    try:
        shop.counter.start(shop.booth("booth1"), BoothMode.PREPAID, D("5"), D(0))
        assert wait_for(lambda: shop.open_state("booth1"))
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            for _ in range(3):
                shop.sim.place_call("booth1", GERMANY, answer_after=1, talk=20)
            assert wait_for(lambda: len(shop.calls()) == 3, 30)
            time.sleep(0.5)  # the losing engine's insert has come and gone
        assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert shop.counter.booth(shop.booth("booth1")).balance == D("4.70")
    finally:
        other.stop()


# --- 2. Stop never closes a session with a call still owed ----------------------------------


def _talking(shop: Shop, login: str = "booth1", amount: str = "5") -> int:
    booth = shop.booth(login)
    shop.counter.start(booth, BoothMode.PREPAID, D(amount), D(0))
    assert wait_for(lambda: shop.open_state(login))
    shop.sim.place_call(login, GERMANY, answer_after=1, talk=3000)
    assert wait_for(lambda: shop.answered(login), 15)

    def answer_recorded() -> bool:  # the engine wrote the answer for any process to see
        with shop.db.read() as s:
            return (
                s.scalar(
                    select(func.count())
                    .select_from(CallAuthorization)
                    .where(
                        CallAuthorization.account_id == booth,
                        CallAuthorization.answered_at.is_not(None),
                        ~select(Call.id)
                        .where(Call.booth_uniqueid == CallAuthorization.booth_uniqueid)
                        .exists(),
                    )
                )
                == 1
            )

    assert wait_for(answer_recorded, 5)
    return booth


def test_the_stop_dialog_shows_the_running_call_in_the_due(make_shop):
    shop = make_shop(speed=1.0)
    shop.start_engine()
    booth = _talking(shop)
    time.sleep(1.2)
    summary = shop.counter.summary(booth)
    (line,) = summary.calls
    assert line.provisional and line.amount == D("0.10") and summary.call_in_progress
    assert summary.total == D("0.10") and summary.refund == D("4.90")


def test_cli_stop_hangs_up_through_the_running_engine_and_bills_the_call(make_shop, capsys):
    shop = make_shop()
    shop.start_engine()
    booth = _talking(shop)
    time.sleep(0.5)
    assert cli(["--db", str(shop.path), "booth", "stop", "Booth 1"]) == 0
    out = capsys.readouterr().out
    (call,) = shop.calls()
    assert call.billing_source != "meter" and call.cost > 0
    assert f"total {call.cost}" in out and "live meter" not in out
    with shop.db.read() as s:
        session = s.scalar(select(BoothSession).where(BoothSession.account_id == booth))
        assert session.total == call.cost and session.refund == D(5) - call.cost
    assert money_identity(shop.db) == (call.cost, call.cost, D(0))


def test_stop_with_the_link_down_bills_from_the_meter_and_settles_after_the_resync(make_shop):
    shop = make_shop(speed=1.0)
    shop.start_engine()
    booth = _talking(shop)
    time.sleep(1.5)
    shop.sim.reject_logins(True)
    shop.sim.drop_links()
    assert wait_for(lambda: not shop.engine.connected)
    result = shop.counter.stop(booth)
    (line,) = result.summary.calls
    assert line.provisional and result.summary.total == line.amount > 0
    (call,) = shop.calls()
    assert call.billing_source == "meter"
    time.sleep(1.2)  # the call goes on while the link is down: it will cost more
    shop.sim.hangup_booth("booth1")
    shop.sim.reject_logins(False)
    shop.engine.client.retry_now()  # the link is back (the client waits after a refused login)
    assert wait_for(lambda: shop.calls()[0].billing_source != "meter", 15)
    (call,) = shop.calls()
    kept, totals, adjusted = money_identity(shop.db)
    assert kept == totals == line.amount  # the drawer matches what the receipt said
    assert call.cost - line.amount == adjusted  # the rest is listed, not hidden
    with shop.db.read() as s:
        (adj,) = list(s.scalars(select(Adjustment)))
        assert adj.kind == "settled" and adj.charged == line.amount and adj.actual == call.cost


def test_cli_stop_with_the_engine_dead_bills_from_the_meter_then_the_resync_settles(
    make_shop, capsys
):
    shop = make_shop(speed=1.0)
    shop.start_engine()
    _talking(shop)
    time.sleep(1.2)
    shop.stop_engine()  # killed: the call goes on under its cap in Asterisk
    assert cli(["--db", str(shop.path), "booth", "stop", "Booth 1", "--wait", "0.5"]) == 0
    assert "1 running call(s) billed from the live meter" in capsys.readouterr().out
    (call,) = shop.calls()
    charged = call.cost
    assert call.billing_source == "meter" and charged == D("0.10")
    shop.start_engine()  # the booth is closed now: the resync hangs the call up
    assert wait_for(lambda: shop.calls()[0].billing_source != "meter", 15)
    kept, totals, adjusted = money_identity(shop.db)
    assert kept == totals == charged
    assert shop.calls()[0].cost - charged == adjusted
    with shop.db.read() as s:
        payments = [(p.kind, p.amount) for p in s.scalars(select(Payment).order_by(Payment.id))]
    assert payments == [("prepayment", D(5)), ("refund", charged - D(5))]  # out: negative


def test_a_stop_that_fails_leaves_the_booth_open(make_shop):
    shop = make_shop()
    shop.start_engine()
    booth = shop.booth("walkin")
    shop.counter.start(booth, BoothMode.POSTPAID, D(0), D(50))
    shop.counter.add_extra(booth, "Phone card", D("5"))
    with pytest.raises(Exception, match="due"):
        shop.counter.stop(booth, D("1"))
    assert wait_for(lambda: shop.open_state("walkin"))
    assert shop.counter.booth(booth).mode is BoothMode.POSTPAID
    assert shop.counter.stop(booth, D("5")).summary.total == D("5")


def test_a_stop_during_billing_never_loses_or_doubles_the_call(make_shop):
    """Stops racing the bill of a call that ends at the same moment: every call is charged
    exactly once, in the session or as an adjustment."""
    shop = make_shop()
    shop.start_engine()
    for _ in range(5):
        booth = _talking(shop, amount="2")
        threading.Thread(target=shop.sim.hangup_booth, args=("booth1",)).start()
        shop.counter.stop(booth)
        assert wait_for(lambda: all(c.billing_source != "meter" for c in shop.calls()), 10)
    kept, totals, adjusted = money_identity(shop.db)
    billed = sum((c.cost for c in shop.calls()), D(0))
    assert kept == totals and billed - adjusted == totals
