"""The authorization lane: a booth's request is decided on the authorizer's own queue and
thread, never behind the reports of the event that carried it (over real TCP)."""

from __future__ import annotations

import threading
from decimal import Decimal

from callshop_pos.counter import CallPhase, LiveCallView
from callshop_pos.pbx.clock import PbxClock
from callshop_pos.pbx.engine import PbxEngine
from callshop_pos.pbx.live_views import EARLY_MAX, LiveViews
from callshop_pos.pbx.policy import Decision
from callshop_pos.pbx.protocol import Message
from callshop_pos.pbx.simulator import AsteriskSimulator
from callshop_pos.pbx.tracker import LiveCall
from tests.pbx.memory_policy import InMemoryPolicy
from tests.pbx.test_engine_support import SECRET, ActionSpy, Recorder, start_sim, wait_for

NUMBER = "4930123456"


class HeldListener(Recorder):
    """Holds the dispatch thread in booth1's second report (the one the CallshopAuthorize
    event makes) until ``release`` is set: a slow listener, e.g. a busy GUI."""

    def __init__(self) -> None:
        super().__init__()
        self.held = threading.Event()
        self.release = threading.Event()
        self._seen = 0

    def live_call(self, login: str, call: LiveCallView | None) -> None:
        if login == "booth1":
            self._seen += 1
            if self._seen == 2:
                self.held.set()
                self.release.wait(30)
        super().live_call(login, call)


def engine_with_booth1_open(
    sim: AsteriskSimulator, listener: Recorder
) -> tuple[PbxEngine, InMemoryPolicy]:
    """An engine on ``sim``, resynced, with booth1 started (1.00) and open in AstDB."""
    policy = InMemoryPolicy(["booth1"], rates={"49": Decimal("0.60")})
    engine = PbxEngine(f"ami://callshop:{SECRET}@127.0.0.1:{sim.port}", policy, listener)
    engine.start()
    assert wait_for(lambda: listener.resyncs() >= 1)
    policy.open_booth("booth1", Decimal("1.00"))
    assert wait_for(lambda: sim.db_get("callshop_booth", "booth1/state") == "open")
    return engine, policy


def test_a_request_is_answered_while_the_listener_still_holds_its_report():
    sim = start_sim(auth_wait=60.0)  # 3 s of wall time: the dialplan's wait
    spy = ActionSpy(sim)
    listener = HeldListener()
    engine, policy = engine_with_booth1_open(sim, listener)
    try:
        uid = sim.place_call("booth1", NUMBER, answer_after=1, talk=2)
        assert listener.held.wait(10)
        # the report is still held: the decision went out anyway, the approval last
        assert wait_for(lambda: ("CALLSHOP_AUTH", "1") in spy.setvars(uid), 10)
        assert listener.release.is_set() is False
        assert spy.setvars(uid)[-1] == ("CALLSHOP_AUTH", "1")
    finally:
        listener.release.set()
    try:
        assert wait_for(lambda: uid in policy.records, 10)
        assert policy.records[uid].disposition == "answered"
    finally:
        engine.stop()
        sim.stop()


def test_events_the_tracker_ignores_take_no_tracking_lock():
    engine = PbxEngine("ami://callshop:x@127.0.0.1:9", InMemoryPolicy(["booth1"]))
    newexten = Message([("Event", "Newexten"), ("Uniqueid", "pbx-1.1"), ("Timestamp", "5.0")])
    newchannel = Message([("Event", "Newchannel"), ("Uniqueid", "pbx-1.1")])
    assert not engine._tracking.follows(newexten) and engine._tracking.follows(newchannel)
    done = threading.Event()

    def feed() -> None:
        engine._on_event(newexten)
        done.set()

    with engine._tracking._lock:  # held, as the poller's tick holds it
        thread = threading.Thread(target=feed)
        thread.start()
        assert done.wait(10)
    thread.join()
    assert engine._clock.now() >= 5.0  # Asterisk's clock is still followed


def test_an_error_answer_to_a_decisions_setvar_is_noticed():
    """Asterisk answers one Setvar of an approval with an error: the call is logged refused,
    never authorized (the replies are counted, not waited for, but an error still counts)."""
    sim = start_sim()
    original = sim._action

    async def refuse_the_route(session: object, msg: Message) -> bool:
        if msg.get("Variable") == "CALLSHOP_ROUTE":
            sim._reply(session, msg, "Error", ("Message", "No such channel"))  # type: ignore[arg-type]
            return True
        return await original(session, msg)  # type: ignore[arg-type]

    sim._action = refuse_the_route  # type: ignore[method-assign]
    listener = Recorder()
    engine, _ = engine_with_booth1_open(sim, listener)
    try:
        sim.place_call("booth1", NUMBER, answer_after=1, talk=2)
        line = f"booth1 {NUMBER}: refused (variables not set)"
        assert wait_for(lambda: line in listener.lines, 10)
        assert not [x for x in listener.lines if "authorized" in x]
    finally:
        engine.stop()
        sim.stop()


def test_the_decision_goes_out_before_the_tracker_has_seen_the_call():
    """The dispatch thread is busy (a slow resync, a slow listener) before any event of the
    call reaches the tracker: the reading thread has handed the request to the lane, so the
    decision goes out meanwhile; once the tracker notes the call, its very first view
    carries that decision (kept for it, not dropped for want of a note)."""
    sim = start_sim(auth_wait=60.0)  # 3 s of wall time: the dialplan's wait
    spy = ActionSpy(sim)
    listener = Recorder()
    engine, policy = engine_with_booth1_open(sim, listener)
    gate, busy = threading.Event(), threading.Event()

    def hold() -> None:
        busy.set()
        gate.wait(30)

    try:
        engine.client._dispatch(hold)  # the dispatch thread, ahead of the call's events
        assert busy.wait(10)
        uid = sim.place_call("booth1", NUMBER, answer_after=1, talk=2)
        assert wait_for(lambda: ("CALLSHOP_AUTH", "1") in spy.setvars(uid), 10)
        assert spy.setvars(uid)[-1] == ("CALLSHOP_AUTH", "1")
        with listener.lock:
            assert not [v for v in listener.views if v[0] == "booth1"]  # not seen yet
    finally:
        gate.set()
    try:
        assert wait_for(lambda: uid in policy.records, 10)
        with listener.lock:
            views = [view for login, view in listener.views if login == "booth1" and view]
        first = views[0]
        assert first.rate is not None and first.rate.price_1 == Decimal("0.60")
        assert first.cap_seconds == 100  # 1.00 at 0.60 a minute
    finally:
        engine.stop()
        sim.stop()


def live(uid: str) -> LiveCall:
    return LiveCall(uid, uid, "booth1", "PJSIP/booth1-1", NUMBER, CallPhase.DIALING, 1.0)


def test_a_decision_before_the_note_is_kept_for_it_and_the_oldest_are_dropped():
    listener = Recorder()
    views = LiveViews(listener, PbxClock())
    allowed = Decision(True, routes=["PJSIP/x"], cap_seconds=42)
    views.decided("first", allowed)
    views.emit("first")  # no note yet: nothing to report
    assert listener.views == []
    views.updated(live("first"))
    views.emit("first")
    ((login, view),) = listener.views
    assert login == "booth1" and view is not None and view.cap_seconds == 42
    # decisions whose note never comes (the call gone already) are not kept for ever
    for i in range(EARLY_MAX + 1):
        views.decided(f"gone-{i}", allowed)
    views.updated(live("gone-0"))  # the oldest was dropped
    views.updated(live(f"gone-{EARLY_MAX}"))
    views.emit("gone-0")
    views.emit(f"gone-{EARLY_MAX}")
    assert [view.cap_seconds for _, view in listener.views[1:] if view] == [None, 42]
