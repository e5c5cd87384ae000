"""PbxEngine against the simulator over real TCP: authorization, caps, billing, booth changes."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from callshop_pos.counter import CallPhase
from callshop_pos.pbx.engine import PbxEngine
from callshop_pos.pbx.simulator import AsteriskSimulator
from tests.pbx.memory_policy import InMemoryPolicy
from tests.pbx.test_engine_support import (
    PRICE,
    ActionSpy,
    Recorder,
    iter_views,
    records_of,
    start_engine,
    start_sim,
    wait_for,
)

NUMBER = "4930123456"


@pytest.fixture
def sim() -> Iterator[AsteriskSimulator]:
    # auth_wait is in simulated seconds: 60 s = 3 s of wall time, room for a loaded machine.
    s = start_sim(auth_wait=60.0)
    yield s
    s.stop()


@pytest.fixture
def policy() -> InMemoryPolicy:
    return InMemoryPolicy(
        ["booth1", "booth2", "booth3"],
        rates={"49": PRICE},
        routes=("PJSIP/${N}@vendor1", "PJSIP/${N}@vendor2"),
    )


@pytest.fixture
def running(
    sim: AsteriskSimulator, policy: InMemoryPolicy
) -> Iterator[tuple[AsteriskSimulator, InMemoryPolicy, PbxEngine, Recorder, ActionSpy]]:
    spy = ActionSpy(sim)
    engine, listener = start_engine(sim, policy)
    yield sim, policy, engine, listener, spy
    engine.stop()


def opened(
    policy: InMemoryPolicy, sim: AsteriskSimulator, login: str, balance: Decimal | None
) -> None:
    policy.open_booth(login, balance)
    assert wait_for(lambda: sim.db_get("callshop_booth", f"{login}/state") == "open")


def test_allowed_call_is_capped_and_billed_once(running):
    sim, policy, _engine, listener, spy = running
    opened(policy, sim, "booth1", Decimal("1.00"))  # 100 s at 0.60 / min
    uid = sim.place_call("booth1", NUMBER, answer_after=2, talk=5)
    assert wait_for(lambda: uid in policy.records)
    record = policy.records[uid]
    assert (record.disposition, record.billable_seconds, record.billing_source) == (
        "answered",
        5,
        "cdr",
    )
    # Exactly the dialplan's contract: route(s), cap in ms, the approval last.
    assert spy.setvars(uid) == [
        ("CALLSHOP_ROUTE", f"PJSIP/{NUMBER}@vendor1"),
        ("CALLSHOP_ROUTE2", f"PJSIP/{NUMBER}@vendor2"),
        ("CALLSHOP_CAP_MS", "100000"),
        ("CALLSHOP_AUTH", "1"),
    ]
    # At answer the exact remaining cap is set again on the booth channel.
    (timeout,) = spy.named("AbsoluteTimeout", uid)
    # to the millisecond: the cap counts from the answer, not from the next whole second
    seconds = timeout.get("Timeout") or ""
    assert len(seconds.partition(".")[2]) == 3 and 97 < float(seconds) <= 100
    assert policy.balance("booth1") == Decimal("0.95")
    # The outcome key is collected once billed.
    assert wait_for(lambda: sim.db_get("callshop_cdr", uid) is None)
    assert wait_for(lambda: listener.recorded)  # told after the key is deleted
    assert [(b, r.booth_uniqueid, new) for b, r, new in listener.recorded] == [
        ("booth1", uid, True)
    ]
    views = list(iter_views(listener, "booth1"))
    assert views[-1] is None
    phases = [v.phase for v in views if v is not None]
    assert phases[0] is CallPhase.DIALING and phases[-1] is CallPhase.ANSWERED
    answered = [v for v in views if v is not None and v.phase is CallPhase.ANSWERED]
    assert answered[-1].rate is not None and answered[-1].rate.price_1 == PRICE
    assert answered[-1].cap_seconds in (99, 100)
    assert any("authorized" in line for line in listener.lines)


def test_booth_closed_is_refused_by_the_dialplan_without_asking(running):
    sim, policy, _engine, _listener, spy = running
    policy.open_booth("booth2", Decimal(5))
    assert wait_for(lambda: sim.db_get("callshop_booth", "booth2/state") == "open")
    policy.close_booth("booth2")
    assert wait_for(lambda: sim.db_get("callshop_booth", "booth2/state") == "closed")
    asked = policy.authorizations
    uid = sim.place_call("booth2", NUMBER)
    assert wait_for(lambda: uid in policy.records)
    record = policy.records[uid]
    assert (record.disposition, record.refusal_reason, record.billable_seconds) == (
        "refused",
        "booth-not-open",
        0,
    )
    assert policy.authorizations == asked
    assert spy.setvars(uid) == []


def test_policy_refuses_when_astdb_still_says_open(running):
    # The session was stopped a moment ago and AstDB not updated yet: the policy has the
    # last word.
    sim, policy, _engine, _listener, spy = running
    sim.set_booth_open("booth3")
    uid = sim.place_call("booth3", NUMBER)
    assert wait_for(lambda: uid in policy.records)
    assert policy.records[uid].refusal_reason == "denied:closed"
    assert spy.setvars(uid) == [("CALLSHOP_REASON", "closed"), ("CALLSHOP_AUTH", "0")]


@pytest.mark.parametrize(
    ("number", "balance", "reason"),
    [
        ("3312345678", Decimal(5), "no_rate"),
        (NUMBER, Decimal(0), "no_funds"),
    ],
)
def test_refused_no_rate_and_no_funds(running, number, balance, reason):
    sim, policy, _engine, listener, _spy = running
    opened(policy, sim, "booth1", balance)
    uid = sim.place_call("booth1", number)
    assert wait_for(lambda: uid in policy.records)
    record = policy.records[uid]
    assert (record.disposition, record.refusal_reason) == ("refused", f"denied:{reason}")
    assert record.hangup_cause == 21
    assert any(f"refused ({reason})" in line for line in listener.lines)


def test_failover_to_second_route(running):
    sim, policy, _engine, _listener, _spy = running
    opened(policy, sim, "booth2", Decimal(5))
    uid = sim.place_call("booth2", NUMBER, answer_after=1, talk=3, routes=("congestion", "answer"))
    assert wait_for(lambda: uid in policy.records)
    record = policy.records[uid]
    assert record.disposition == "answered" and record.billable_seconds == 3
    assert record.peer.startswith("PJSIP/vendor2-")


@pytest.mark.parametrize("failure", ["congestion", "chanunavail"])
def test_no_failover_without_second_route(sim, failure):
    policy = InMemoryPolicy(["booth1"], rates={"": PRICE}, routes=("PJSIP/${N}@only",))
    engine, _listener = start_engine(sim, policy)
    try:
        opened(policy, sim, "booth1", Decimal(5))
        uid = sim.place_call("booth1", NUMBER, answer_after=1, talk=3, routes=(failure, "answer"))
        assert wait_for(lambda: uid in policy.records)
        assert policy.records[uid].disposition in ("congestion", "failed")
        assert policy.records[uid].billable_seconds == 0
    finally:
        engine.stop()


def test_call_is_cut_by_asterisk_at_the_cap(running):
    sim, policy, _engine, _listener, _spy = running
    opened(policy, sim, "booth1", Decimal("0.05"))  # 5 s
    uid = sim.place_call("booth1", NUMBER, answer_after=1, talk=None)
    assert wait_for(lambda: uid in policy.records)
    record = policy.records[uid]
    assert record.disposition == "answered"
    assert 3 <= record.billable_seconds <= 5  # cap counted on a clock 20x faster
    assert policy.balance("booth1") >= 0


def test_top_up_extends_the_live_cap(running):
    sim, policy, _engine, listener, spy = running
    opened(policy, sim, "booth1", Decimal("0.20"))  # 20 s
    uid = sim.place_call("booth1", NUMBER, answer_after=1, talk=None)
    assert wait_for(lambda: spy.named("AbsoluteTimeout", uid))
    first = float(spy.named("AbsoluteTimeout", uid)[0].get("Timeout") or 0)
    assert 16 <= first <= 20
    policy.top_up("booth1", Decimal("0.40"))  # now 60 s from the answer
    assert wait_for(lambda: len(spy.named("AbsoluteTimeout", uid)) == 2)
    second = float(spy.named("AbsoluteTimeout", uid)[1].get("Timeout") or 0)
    assert 40 <= second <= 60
    assert wait_for(lambda: uid in policy.records, 10)
    assert 56 <= policy.records[uid].billable_seconds <= 60
    caps = [v.cap_seconds for v in iter_views(listener, "booth1") if v is not None]
    assert 57 <= caps[-1] <= 60


def test_stopping_the_booth_hangs_up_the_live_call(running):
    sim, policy, _engine, _listener, spy = running
    opened(policy, sim, "booth2", None)  # postpaid
    uid = sim.place_call("booth2", NUMBER, answer_after=1, talk=None)
    assert wait_for(lambda: spy.named("AbsoluteTimeout", uid))
    policy.close_booth("booth2", hang_up=True)
    assert wait_for(lambda: uid in policy.records)
    assert spy.named("Hangup", uid)
    assert policy.records[uid].disposition == "answered"
    assert sim.db_get("callshop_booth", "booth2/state") == "closed"


def test_stopping_without_hang_up_keeps_the_call(running):
    sim, policy, _engine, _listener, spy = running
    opened(policy, sim, "booth2", None)
    uid = sim.place_call("booth2", NUMBER, answer_after=1, talk=4)
    assert wait_for(lambda: spy.named("AbsoluteTimeout", uid))
    policy.close_booth("booth2", hang_up=False)
    assert wait_for(lambda: uid in policy.records)
    assert not spy.named("Hangup", uid)
    assert policy.records[uid].billable_seconds == 4


def test_hangup_helper_and_originate_test_call(running):
    sim, policy, engine, _listener, _spy = running
    opened(policy, sim, "booth3", Decimal(5))
    sim.test_call_script.answer_after = 1
    leg = engine.originate_test_call("booth3", NUMBER, seconds=4)
    assert wait_for(lambda: leg in policy.records)
    record = policy.records[leg]
    assert record.booth == "booth3" and record.billable_seconds == 4
    assert wait_for(lambda: sim.db_get("callshop_cdr", leg) is None)

    uid = sim.place_call("booth3", NUMBER, answer_after=1, talk=None)
    assert wait_for(
        lambda: (
            engine.live_calls().get("booth3", None) is not None
            and engine.live_calls()["booth3"].state == "answered"
        )
    )
    assert engine.hangup("booth3")
    assert wait_for(lambda: uid in policy.records)
    assert not engine.hangup("booth3")


def test_registration_is_reported_for_booths_only(running):
    sim, _policy, _engine, listener, _spy = running
    sim.register_booth("booth1", True)
    sim.register_booth("vendor1", True)
    sim.register_booth("booth1", False)
    assert wait_for(lambda: ("booth1", False) in listener.registrations)
    assert listener.registrations == [("booth1", True), ("booth1", False)]


def test_many_calls_billed_exactly_once_each(running):
    sim, policy, _engine, listener, _spy = running
    for booth in ("booth1", "booth2", "booth3"):
        opened(policy, sim, booth, Decimal(10))
    uids = [
        sim.place_call(b, NUMBER, answer_after=1, talk=2)
        for b in ("booth1", "booth2", "booth3")
        for _ in range(1)
    ]
    assert wait_for(lambda: all(u in policy.records for u in uids))
    assert all(policy.records[u].billable_seconds == 2 for u in uids)
    assert len(records_of(policy)) == 3
    assert wait_for(lambda: len(listener.recorded) == 3)  # told after each bill
    assert sorted(r.booth_uniqueid for _, r, new in listener.recorded if new) == sorted(uids)
