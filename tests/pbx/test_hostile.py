"""AMI from a broken or hostile PBX: half-open links, runaway Follows bodies, floods (over real
TCP to a raw fake server), absurd events and phantom channels (tracker and engine)."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest

from callshop_pos.pbx.client import (
    KEEPALIVE_IDLE,
    TCP_USER_TIMEOUT_MS,
    AmiClient,
    PbxLink,
)
from callshop_pos.pbx.engine import PbxEngine
from callshop_pos.pbx.protocol import MAX_MESSAGE_BYTES, Message, encode_message
from callshop_pos.pbx.simulator import AsteriskSimulator
from callshop_pos.pbx.tracker import CallRecord, CallTracker, NullObserver
from tests.pbx.memory_policy import InMemoryPolicy
from tests.pbx.raw_pbx import RawPbx, answer_pings, reply
from tests.pbx.test_engine_support import (
    PRICE,
    ActionSpy,
    Recorder,
    start_engine,
    start_sim,
    wait_for,
)


def event(name: str, *pairs: tuple[str, str]) -> bytes:
    return encode_message(Message([("Event", name), *pairs]))


class Client:
    """An AmiClient on a RawPbx, keeping its events and state changes."""

    def __init__(self, pbx: RawPbx, **kw: object) -> None:
        self.events: list[Message] = []
        self.states: list[tuple[PbxLink, str]] = []
        options: dict[str, object] = {
            "use_md5": False,
            "backoff_initial": 0.05,
            "backoff_max": 0.05,
        }
        options.update(kw)
        self.ami = AmiClient(
            "127.0.0.1",
            pbx.port,
            "callshop",
            "x",
            on_event=self.events.append,
            on_state=lambda s, d: self.states.append((s, d)),
            **options,
        )  # type: ignore[arg-type]
        self.ami.start()
        assert wait_for(lambda: self.ami.state is PbxLink.CONNECTED)

    def disconnects(self) -> list[str]:
        return [d for s, d in list(self.states) if s is PbxLink.DISCONNECTED]


@pytest.fixture
def pbx() -> Iterator[RawPbx]:
    server = RawPbx()
    yield server
    server.stop()


@pytest.fixture
def clients() -> Iterator[Callable[..., Client]]:
    made: list[Client] = []

    def make(pbx: RawPbx, **kw: object) -> Client:
        made.append(Client(pbx, **kw))
        return made[-1]

    yield make
    for c in made:
        c.ami.stop()


# ---------------------------------------------------------------------- half-open links
def test_default_liveness_notices_a_dead_link_within_3_to_5_seconds():
    c = AmiClient("127.0.0.1", 5038, "callshop", "x")
    assert 3.0 <= c.ping_interval + c.ping_timeout <= 5.0


def test_a_silent_link_is_declared_dead_and_logged_in_again(pbx, clients):
    pbx.on_action = lambda *_: None  # half-open: nothing comes back, not even a Pong
    c = clients(pbx, ping_interval=0.2, ping_timeout=0.2)
    assert wait_for(lambda: pbx.logins >= 2 and c.disconnects())
    assert c.disconnects()[0].startswith("no data from Asterisk for ")
    assert "Ping" in pbx.actions


def test_any_byte_from_asterisk_counts_as_life(pbx, clients):
    pbx.on_action = lambda *_: None  # Pings are never answered, but events keep coming
    c = clients(pbx, ping_interval=1.0, ping_timeout=1.0)
    for i in range(60):  # 3 s of traffic, longer than Ping interval + timeout
        pbx.send(event("Newexten", ("Seq", str(i))))
        time.sleep(0.05)
    assert wait_for(lambda: len(c.events) == 60)
    assert pbx.logins == 1 and c.disconnects() == []
    assert "Ping" not in pbx.actions  # a busy link needs no Ping


def test_tcp_keepalive_is_the_back_up(pbx, clients):
    c = clients(pbx)
    sock = c.ami._sock
    assert sock is not None
    assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
    assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == KEEPALIVE_IDLE
    assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT) == TCP_USER_TIMEOUT_MS


# ---------------------------------------------------------------------- a runaway stream
def test_follows_without_end_does_not_blind_the_client(pbx, clients):
    def handler(server: RawPbx, conn: socket.socket, msg: Message) -> None:
        if msg.get("Action") == "Command":  # old-style output, its END marker missing
            conn.sendall(
                b"Response: Follows\r\nPrivilege: Command\r\nActionID: "
                + (msg.action_id or "").encode()
                + b"\r\nno channels\n\r\n\r\n"
            )
        else:
            answer_pings(server, conn, msg)

    pbx.on_action = handler
    c = clients(pbx)
    command = c.ami.send_action({"Action": "Command", "Command": "core show channels"})
    ping = c.ami.send_action({"Action": "Ping"})
    assert ping.result(3).response.get("Ping") == "Pong"
    assert command.result(3).response.output == ["no channels"]
    assert pbx.logins == 1


def test_an_oversized_message_is_dropped_and_the_link_goes_on(pbx, clients):
    def handler(server: RawPbx, conn: socket.socket, msg: Message) -> None:
        if msg.get("Action") == "Ping":
            conn.sendall(b"Event: Flood\r\nJunk: " + b"x" * (MAX_MESSAGE_BYTES + 10) + b"\r\n\r\n")
            reply(conn, msg, ("Ping", "Pong"))

    pbx.on_action = handler
    c = clients(pbx)
    assert c.ami.action({"Action": "Ping"}).response.get("Ping") == "Pong"
    pbx.send(event("After"))
    assert wait_for(lambda: [e.name for e in c.events] == ["After"])
    assert pbx.logins == 1


# ---------------------------------------------------------------------- absurd events
class Seen(NullObserver):
    def __init__(self) -> None:
        self.authorize: list[tuple[str, str, str, str]] = []
        self.finished: list[CallRecord] = []

    def on_authorize_request(self, booth: str, number: str, uniqueid: str, channel: str) -> None:
        self.authorize.append((booth, number, uniqueid, channel))

    def on_call_finished(self, record: CallRecord) -> None:
        self.finished.append(record)


def user_event(kind: str, *pairs: tuple[str, str]) -> Message:
    return Message(
        [("Event", "UserEvent"), ("Channel", "PJSIP/booth1-00000042"), ("UserEvent", kind), *pairs]
    )


OUTCOME = ("Outcome", "booth=booth1;number=4930123;dialstatus=BUSY;cause=17;answered_ms=0")


def test_authorize_and_outcome_without_uniqueid_are_ignored_with_one_log_line(caplog):
    seen = Seen()
    tracker = CallTracker(seen, known_booths={"booth1"})
    with caplog.at_level("WARNING", logger="callshop_pos.pbx.tracker"):
        tracker.feed(user_event("CallshopAuthorize", ("Booth", "booth1"), ("Number", "4930123")))
        tracker.feed(user_event("CallshopOutcome", OUTCOME))
        tracker.flush()
    assert seen.authorize == [] and seen.finished == [] and tracker.live_calls() == []
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [
        "AMI CallshopAuthorize ignored: bad Uniqueid ''",
        "AMI CallshopOutcome ignored: bad Uniqueid ''",
    ]


@pytest.mark.parametrize(
    ("pairs", "why"),
    [
        ((("Uniqueid", "1" * 65), ("Booth", "booth1"), ("Number", "4930123")), "bad Uniqueid"),
        ((("Uniqueid", "17.1\x00"), ("Booth", "booth1"), ("Number", "4930123")), "bad Uniqueid"),
        ((("Uniqueid", "17.1"), ("Booth", "booth9"), ("Number", "4930123")), "unknown booth"),
        ((("Uniqueid", "17.1"), ("Booth", "booth1\x1b[2J"), ("Number", "4930123")), "bad booth"),
        ((("Uniqueid", "17.1"), ("Booth", "booth1"), ("Number", "49\r30")), "bad number"),
        ((("Uniqueid", "17.1"), ("Booth", "booth1")), "bad number"),
    ],
)
def test_absurd_authorize_requests_are_ignored(caplog, pairs, why):
    seen = Seen()
    tracker = CallTracker(seen, known_booths={"booth1"})
    with caplog.at_level("WARNING", logger="callshop_pos.pbx.tracker"):
        tracker.feed(user_event("CallshopAuthorize", *pairs))
    assert seen.authorize == [] and tracker.live_calls() == []
    (line,) = [r.getMessage() for r in caplog.records]
    assert why in line


def test_outcome_records_with_a_bad_key_are_ignored():
    seen = Seen()
    tracker = CallTracker(seen)
    tracker.apply_outcome("", OUTCOME[1], 1.0)
    tracker.apply_outcome("x" * 65, OUTCOME[1], 1.0)
    assert seen.finished == []
    tracker.apply_outcome("17.1", OUTCOME[1], 1.0)
    assert [r.booth_uniqueid for r in seen.finished] == ["17.1"]


def test_a_sane_authorize_still_goes_through():
    seen = Seen()
    tracker = CallTracker(seen, known_booths={"booth1"})
    tracker.feed(
        user_event(
            "CallshopAuthorize",
            ("Uniqueid", "1795840791.117"),
            ("Booth", "booth1"),
            ("Number", "0049301234567"),
        )
    )
    assert seen.authorize == [
        ("booth1", "0049301234567", "1795840791.117", "PJSIP/booth1-00000042")
    ]


# ---------------------------------------------------------------------- phantom calls
def newchannel(booth: str, uid: str) -> Message:
    return Message(
        [
            ("Event", "Newchannel"),
            ("Channel", f"PJSIP/{booth}-0000ffff"),
            ("Exten", "4930123"),
            ("Uniqueid", uid),
            ("Linkedid", uid),
        ]
    )


def test_close_vanished_closes_only_calls_seen_before_the_list_and_gone_from_it():
    seen = Seen()
    tracker = CallTracker(seen, finish_grace=0.0)
    for booth, uid in (("booth1", "1.1"), ("booth2", "2.1"), ("booth3", "3.1")):
        tracker.feed(newchannel(booth, uid), now=100.0)
    # 3.1 came after the channel list was asked for: absent from it, but not gone.
    closed = tracker.close_vanished(["1.1", "2.1"], alive={"2.1"}, now=130.0)
    assert [c.booth_uniqueid for c in closed] == ["1.1"]
    tracker.tick(131.0)
    assert [
        (r.booth_uniqueid, r.disposition, r.billable_seconds, r.ended_at) for r in seen.finished
    ] == [("1.1", "failed", 0, 130.0)]
    assert sorted(c.booth_uniqueid for c in tracker.live_calls()) == ["2.1", "3.1"]
    assert tracker.close_vanished(["1.1"], alive=set(), now=140.0) == []  # finished already


@pytest.fixture
def engine_on_sim() -> Iterator[
    tuple[AsteriskSimulator, InMemoryPolicy, PbxEngine, Recorder, ActionSpy]
]:
    sim = start_sim(auth_wait=60.0)
    policy = InMemoryPolicy(
        ["booth1", "booth2"], rates={"49": PRICE}, routes=("PJSIP/${N}@vendor1",)
    )
    spy = ActionSpy(sim)
    engine, listener = start_engine(sim, policy, wait=False)
    engine.LIVE_CHECK_INTERVAL = 0.1  # 30 s in the app
    assert wait_for(lambda: listener.resyncs() >= 1), listener.lines
    yield sim, policy, engine, listener, spy
    engine.stop()
    sim.stop()


def emit(sim: AsteriskSimulator, event_name: str, *pairs: tuple[str, str]) -> None:
    """An event as the simulator's Asterisk would send it, with no channel behind it."""

    async def send() -> None:
        sim._emit(event_name, "call", list(pairs))

    sim._call(send()).result(2)


def test_a_phantom_newchannel_is_closed_by_the_periodic_check(engine_on_sim):
    sim, policy, engine, listener, spy = engine_on_sim
    policy.open_booth("booth2", Decimal("5"))
    assert wait_for(lambda: sim.db_get("callshop_booth", "booth2/state") == "open")
    real = sim.place_call("booth2", "4930123456", answer_after=1, talk=None)
    assert wait_for(
        lambda: (
            engine.live_calls().get("booth2", None) is not None
            and engine.live_calls()["booth2"].state == "answered"
        )
    )
    emit(
        sim,
        "Newchannel",
        ("Channel", "PJSIP/booth1-0000ffff"),
        ("ChannelState", "4"),
        ("Exten", "4930999"),
        ("Uniqueid", "phantom.1"),
        ("Linkedid", "phantom.1"),
    )
    assert wait_for(lambda: "phantom.1" in policy.records)
    record = policy.records["phantom.1"]
    assert (record.booth, record.billable_seconds, record.disposition) == ("booth1", 0, "failed")
    assert "booth1" not in engine.live_calls()
    assert any("gone from Asterisk" in line for line in listener.lines)
    # The real call was in every list: it is still live, and was never closed.
    checks = len(spy.named("CoreShowChannels"))
    assert wait_for(lambda: len(spy.named("CoreShowChannels")) >= checks + 2)
    assert engine.live_calls()["booth2"].booth_uniqueid == real
    assert real not in policy.records


def test_authorize_and_outcome_events_without_uniqueid_reach_no_call_row(engine_on_sim):
    sim, policy, _engine, _listener, _spy = engine_on_sim
    policy.open_booth("booth1", Decimal("5"))
    assert wait_for(lambda: sim.db_get("callshop_booth", "booth1/state") == "open")
    asked = policy.authorizations
    emit(
        sim,
        "UserEvent",
        ("UserEvent", "CallshopAuthorize"),
        ("Booth", "booth1"),
        ("Number", "4930123"),
    )
    emit(sim, "UserEvent", ("UserEvent", "CallshopOutcome"), OUTCOME)
    # a real call afterwards goes through normally, so the two events were processed
    uid = sim.place_call("booth1", "4930123456", answer_after=1, talk=2)
    assert wait_for(lambda: uid in policy.records)
    assert policy.authorizations == asked + 1
    assert list(policy.records) == [uid]
