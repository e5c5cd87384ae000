"""The authorization lane: a booth's request is decided on the authorizer's own queue and
thread, never behind the reports of the event that carried it (over real TCP)."""

from __future__ import annotations

import threading
from decimal import Decimal

from callshop_pos.counter import LiveCallView
from callshop_pos.pbx.engine import PbxEngine
from callshop_pos.pbx.protocol import Message
from callshop_pos.pbx.simulator import AsteriskSimulator
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
