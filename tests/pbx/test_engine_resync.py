"""PbxEngine resync: app crash mid-call, link drops, wrong password, what a login reads."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from callshop_pos.counter import CallPhase, PbxLink
from callshop_pos.pbx.client import ActionResult, ConnectionLost
from callshop_pos.pbx.protocol import AmiParser, Fields, Message
from callshop_pos.pbx.recording import read_recording
from callshop_pos.pbx.resync import live_booth_calls
from callshop_pos.pbx.simulator import AsteriskSimulator
from tests.pbx.conftest import AMI_DIR
from tests.pbx.memory_policy import InMemoryPolicy
from tests.pbx.test_engine_support import (
    PRICE,
    ActionSpy,
    iter_views,
    start_engine,
    start_sim,
    wait_for,
)

NUMBER = "4930123456"


@pytest.fixture
def sim() -> Iterator[AsteriskSimulator]:
    s = start_sim(auth_wait=60.0)
    yield s
    s.stop()


@pytest.fixture
def policy() -> InMemoryPolicy:
    p = InMemoryPolicy(["booth1", "booth2"], rates={"": PRICE})
    p.open_booth("booth1", Decimal(5))  # 500 s
    return p


def answered_call(sim: AsteriskSimulator, spy: ActionSpy, booth: str = "booth1") -> str:
    uid = sim.place_call(booth, NUMBER, answer_after=1, talk=None)
    assert wait_for(lambda: spy.named("AbsoluteTimeout", uid))
    return uid


def test_login_mirrors_booth_states_into_astdb(sim, policy):
    sim.set_booth_open("booth2")  # stale: the booth was stopped while the app was away
    engine, listener = start_engine(sim, policy)
    try:
        assert sim.db_get("callshop_booth", "booth1/state") == "open"
        assert sim.db_get("callshop_booth", "booth2/state") == "closed"
        assert listener.states[-1][0] is PbxLink.CONNECTED
    finally:
        engine.stop()


def test_crash_mid_call_bills_once_from_the_astdb_record(sim, policy):
    spy = ActionSpy(sim)
    first, _ = start_engine(sim, policy)
    uid = answered_call(sim, spy)
    first.stop()  # the app "crashes" with the call up
    sim.hangup_booth("booth1")  # and the call ends while nobody listens
    assert wait_for(lambda: sim.db_get("callshop_cdr", uid) is not None)
    assert uid not in policy.records

    second, listener = start_engine(sim, policy)
    try:
        assert wait_for(lambda: uid in policy.records)
        record = policy.records[uid]
        assert record.billing_source == "outcome" and record.disposition == "answered"
        assert record.booth == "booth1" and record.number == NUMBER
        assert wait_for(lambda: sim.db_get("callshop_cdr", uid) is None)
        assert wait_for(lambda: listener.recorded)  # told after the key is gone
        assert [(r.booth_uniqueid, new) for _, r, new in listener.recorded] == [(uid, True)]
        balance = policy.balance("booth1")
        assert balance == Decimal(5) - PRICE * record.billable_seconds / 60
    finally:
        second.stop()

    third, listener3 = start_engine(sim, policy)  # a second restart: nothing to bill
    try:
        assert listener3.recorded == []
        assert len(policy.records) == 1 and policy.balance("booth1") == balance
    finally:
        third.stop()


def test_restart_while_the_call_is_still_up_adopts_it(sim, policy):
    spy = ActionSpy(sim)
    first, _ = start_engine(sim, policy)
    uid = answered_call(sim, spy)
    first.stop()
    second, listener = start_engine(sim, policy)
    try:
        # Adopted as answered, its cap set again (a top-up may have come meanwhile).
        assert wait_for(lambda: len(spy.named("AbsoluteTimeout", uid)) == 2)
        assert wait_for(
            lambda: any(
                v is not None and v.phase is CallPhase.ANSWERED
                for v in iter_views(listener, "booth1")
            )
        )
        sim.hangup_booth("booth1")
        assert wait_for(lambda: uid in policy.records)
        assert policy.records[uid].billing_source == "cdr"
        assert wait_for(lambda: sim.db_get("callshop_cdr", uid) is None)
        assert list(iter_views(listener, "booth1"))[-1] is None
        assert wait_for(lambda: listener.recorded)  # told after the key is gone
        assert [(r.booth_uniqueid, new) for _, r, new in listener.recorded] == [(uid, True)]
    finally:
        second.stop()


def test_crash_between_billing_and_dbdel_bills_once(sim, policy):
    first, _ = start_engine(sim, policy)
    first._billing._delete_outcome = lambda uid: None  # type: ignore[method-assign]  # no DBDel
    uid = sim.place_call("booth1", NUMBER, answer_after=1, talk=3)
    assert wait_for(lambda: uid in policy.records)
    first.stop()
    assert sim.db_get("callshop_cdr", uid) is not None
    balance = policy.balance("booth1")

    second, listener = start_engine(sim, policy)
    try:
        assert wait_for(lambda: sim.db_get("callshop_cdr", uid) is None)
        assert wait_for(lambda: listener.recorded)  # told after the key is gone
        assert [(r.booth_uniqueid, new) for _, r, new in listener.recorded] == [(uid, False)]
        assert len(policy.records) == 1 and policy.balance("booth1") == balance
    finally:
        second.stop()


def test_link_drop_reconnects_resyncs_and_closes_calls_ended_meanwhile(sim, policy):
    spy = ActionSpy(sim)
    policy.open_booth("booth2", None)
    # A long backoff keeps the engine away while the calls change.
    engine, listener = start_engine(sim, policy, backoff=1.0)
    try:
        ended = answered_call(sim, spy, "booth1")
        stopped = answered_call(sim, spy, "booth2")
        sim.drop_links()
        sim.hangup_booth("booth1")
        policy.close_booth("booth2", hang_up=True)  # a Stop at the counter, link down
        assert wait_for(lambda: listener.resyncs() == 2, 5)
        assert wait_for(lambda: ended in policy.records and stopped in policy.records)
        assert policy.records[ended].billing_source == "outcome"
        assert spy.named("Hangup", stopped)
        assert sim.db_get("callshop_booth", "booth2/state") == "closed"
        assert wait_for(
            lambda: (
                sim.db_get("callshop_cdr", ended) is None
                and sim.db_get("callshop_cdr", stopped) is None
            )
        )
        states = [s for s, _ in listener.states]
        assert PbxLink.DISCONNECTED in states and states[-1] is PbxLink.CONNECTED
        # the listener is told after the outcome key is deleted
        assert wait_for(lambda: len([1 for _, _, new in listener.recorded if new]) == 2)
        assert len(listener.recorded) == 2
    finally:
        engine.stop()


def test_asterisk_restart_closes_calls_that_vanished(sim, policy):
    spy = ActionSpy(sim)
    engine, _listener = start_engine(sim, policy)
    try:
        uid = answered_call(sim, spy)
        sim.restart()  # channels gone without a hangup handler run
        assert wait_for(lambda: uid in policy.records, 8)
        assert policy.records[uid].disposition == "answered"
        assert not engine.live_calls()
    finally:
        engine.stop()


def test_wrong_password_is_auth_failed(sim, policy):
    engine, listener = start_engine(sim, policy, secret="wrong", wait=False)
    try:
        assert wait_for(lambda: any(s is PbxLink.AUTH_FAILED for s, _ in listener.states))
        detail = next(d for s, d in listener.states if s is PbxLink.AUTH_FAILED)
        assert "wrong AMI username or password" in detail and "callshop" in detail
        assert not engine.connected
    finally:
        engine.stop()


def test_live_booth_calls_from_recorded_lists():
    """The resync reader against the real CoreShowChannels of recording h."""
    parser = AmiParser()
    events: list[Message] = []
    for rec in read_recording(AMI_DIR / "h_coreshowchannels_status.ami"):
        if rec.direction == "RECV":
            events += [m for m in parser.feed(rec.data) if isinstance(m, Message)]
    first_list = [e for e in events if e.action_id == "h_coreshowchannels_status-2"]
    asked: list[tuple[str, str]] = []

    def action(fields: Fields) -> ActionResult:
        pairs = dict(fields.items()) if isinstance(fields, dict) else dict(fields)
        if pairs["Action"] == "CoreShowChannels":
            return ActionResult(Message([("Response", "Success")]), first_list)
        asked.append((pairs["Channel"], pairs["Variable"]))
        value = "3" if pairs["Variable"] == "CDR(billsec)" else ""
        return ActionResult(Message([("Response", "Success"), ("Value", value)]))

    (call,) = live_booth_calls(action, {"booth1"})
    assert (call.uniqueid, call.booth, call.number, call.age, call.answered_for) == (
        "1795839538.26",
        "booth1",
        "0049301234567",
        4,
        3,
    )
    assert ("1795839538.26", "CDR(billsec)") in asked
    assert live_booth_calls(action, {"booth2"}) == []


def test_change_consumed_as_the_link_fails_is_carried_out_after_resync(sim, policy):
    spy = ActionSpy(sim)
    policy.open_booth("booth2", None)
    engine, listener = start_engine(sim, policy)
    try:
        uid = answered_call(sim, spy, "booth2")
        booth_sync = engine._booth_sync
        real_put = booth_sync.put_state

        def link_fails(login: str, is_open: bool) -> None:
            # The poller read the Stop, then the link died under its DBPut.
            booth_sync.put_state = real_put  # type: ignore[method-assign]
            sim.drop_links()
            raise ConnectionLost("link lost while sending")

        booth_sync.put_state = link_fails  # type: ignore[method-assign]
        policy.close_booth("booth2", hang_up=True)
        assert wait_for(lambda: listener.resyncs() == 2)
        assert wait_for(lambda: uid in policy.records)
        assert spy.named("Hangup", uid)
        assert sim.db_get("callshop_booth", "booth2/state") == "closed"
    finally:
        engine.stop()
