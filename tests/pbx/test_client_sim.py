"""The client against the simulator over real TCP on 127.0.0.1 (ephemeral ports)."""

import threading
import time
from concurrent.futures import Future

import pytest

from callshop_pos.pbx.client import (
    AUTH_FAILED_TEXT,
    AmiClient,
    AmiUrl,
    ConnectionLost,
    NotConnected,
    PbxLink,
)
from callshop_pos.pbx.recording import read_recording
from callshop_pos.pbx.simulator import AsteriskSimulator
from callshop_pos.pbx.tracker import CallTracker, NullObserver
from tests.pbx.conftest import AMI_DIR

SPEED = 20.0


def wait_for(predicate, timeout=5.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return False


@pytest.fixture
def sim():
    s = AsteriskSimulator(users={"callshop": "s3cret"}, speed=SPEED, login_fail_delay=0.2)
    s.start()
    yield s
    s.stop()


class Obs(NullObserver):
    def __init__(self):
        self.finished = []
        self.authorize = []
        self.cond = threading.Condition()

    def on_authorize_request(self, booth, number, uniqueid, channel):
        self.authorize.append((booth, number, uniqueid, channel))

    def on_call_finished(self, record):
        self.finished.append(record)


def make_client(sim, secret="s3cret", **kw):
    events, states, logins = [], [], []
    obs = kw.pop("observer", None)
    tracker = CallTracker(obs) if obs else None

    def on_event(m):
        events.append(m)
        if tracker:
            tracker.feed(m)

    c = AmiClient(
        "127.0.0.1",
        sim.port,
        "callshop",
        secret,
        on_event=on_event,
        on_state=lambda s, d: states.append((s, d)),
        on_login=lambda: logins.append(time.monotonic()),
        backoff_initial=0.05,
        backoff_max=0.2,
        **kw,
    )
    c.events, c.states, c.login_times = events, states, logins
    c.start()
    return c


def test_url_parsing():
    u = AmiUrl.parse("ami://callshop:p%40ss@10.0.0.5:5039")
    assert (u.username, u.secret, u.host, u.port) == ("callshop", "p@ss", "10.0.0.5", 5039)
    assert AmiUrl.parse("ami://a:b@pbx").port == 5038
    with pytest.raises(ValueError):
        AmiUrl.parse("http://a:b@pbx")


@pytest.mark.parametrize("md5", [True, False])
def test_login_plain_and_md5_then_ping(sim, md5):
    c = make_client(sim, use_md5=md5)
    try:
        assert wait_for(lambda: c.state is PbxLink.CONNECTED)
        assert c.banner == "Asterisk Call Manager/11.0.0"
        assert wait_for(lambda: len(c.login_times) == 1)
        r = c.action({"Action": "Ping"})
        assert r.ok and r.response.get("Ping") == "Pong"
    finally:
        c.stop()


def test_wrong_password_is_auth_failed_and_not_retried(sim):
    # The recording shows what real Asterisk does: an error, then it closes the socket.
    recorded = b"".join(
        r.data for r in read_recording(AMI_DIR / "l_bad_login.ami") if r.direction == "RECV"
    )
    assert b"Message: Authentication failed" in recorded
    attempts = []
    orig = sim._login

    async def counting_login(s, m):
        attempts.append(1)
        return await orig(s, m)

    sim._login = counting_login
    c = make_client(sim, secret="wrong")
    try:
        assert wait_for(lambda: c.state is PbxLink.AUTH_FAILED)
        assert c.state_detail == AUTH_FAILED_TEXT
        time.sleep(0.6)  # several backoff periods: no hammering
        assert len(attempts) == 1
        assert c.state is PbxLink.AUTH_FAILED
        c.retry_now(secret="s3cret")
        assert wait_for(lambda: c.state is PbxLink.CONNECTED)
    finally:
        c.stop()


def test_unreachable_then_backoff_reconnects():
    s = AsteriskSimulator(users={"callshop": "s3cret"})
    s.start()
    port = s.port
    s.stop()
    c = AmiClient("127.0.0.1", port, "callshop", "s3cret", backoff_initial=0.05, backoff_max=0.1)
    c.start()
    try:
        assert wait_for(lambda: c.state is PbxLink.UNREACHABLE)
        with pytest.raises(NotConnected):
            c.send_action({"Action": "Ping"}).result(1)
        s2 = AsteriskSimulator(port=port, users={"callshop": "s3cret"})
        s2.start()
        try:
            assert wait_for(lambda: c.state is PbxLink.CONNECTED)
        finally:
            c.stop()
            s2.stop()
    finally:
        c.stop()


def test_half_open_link_detected_by_ping_deadline_and_no_resend(sim):
    c = make_client(sim, ping_interval=0.1, ping_timeout=0.3)
    try:
        assert wait_for(lambda: len(c.login_times) == 1)
        sim.stop_answering_pings()
        # An action in flight when the link is declared dead must fail, not be re-sent.
        sim.set_booth_open("booth9", False)
        received = []
        orig = sim._action

        async def spy(s, m):
            received.append(m.get("Action"))
            if m.get("Action") == "UserEvent":
                return True  # swallow: no answer, like a dead peer
            return await orig(s, m)

        sim._action = spy
        fut: Future = c.send_action({"Action": "UserEvent", "UserEvent": "Probe"}, timeout=5)
        with pytest.raises(ConnectionLost):
            fut.result(3)
        sim.stop_answering_pings(False)
        assert wait_for(lambda: len(c.login_times) == 2, 3)
        assert c.state is PbxLink.CONNECTED
        time.sleep(0.2)
        assert received.count("UserEvent") == 1
    finally:
        c.stop()


def test_dropped_link_reconnects_and_hook_runs_each_login(sim):
    c = make_client(sim)
    try:
        assert wait_for(lambda: len(c.login_times) == 1)
        sim.drop_links()
        assert wait_for(lambda: len(c.login_times) == 2)
        sim.restart()
        assert wait_for(lambda: len(c.login_times) == 3)
        assert PbxLink.DISCONNECTED in [s for s, _ in c.states]
    finally:
        c.stop()


def test_event_list_collection_and_astdb(sim):
    c = make_client(sim)
    try:
        assert wait_for(lambda: c.state is PbxLink.CONNECTED)
        assert c.action({"Action": "DBPut", "Family": "f", "Key": "a/b", "Val": "1"}).ok
        assert c.action({"Action": "DBPut", "Family": "f", "Key": "c", "Val": "2"}).ok
        tree = c.action({"Action": "DBGetTree", "Family": "f"})
        rows = [(e.get("Key"), e.get("Val")) for e in tree.events if e.name == "DBGetTreeResponse"]
        assert rows == [("/f/a/b", "1"), ("/f/c", "2")]
        assert tree.events[-1].name == "DBGetTreeComplete"
        got = c.action({"Action": "DBGet", "Family": "f", "Key": "c"})
        assert got.events[0].get("Val") == "2"
        missing = c.action({"Action": "DBGet", "Family": "f", "Key": "zz"})
        assert not missing.ok and missing.message == "Database entry not found"
        assert c.action({"Action": "DBDelTree", "Family": "f"}).ok
        assert not c.action({"Action": "DBDel", "Family": "f", "Key": "c"}).ok
        # list events are not leaked to the general event callback
        assert not [e for e in c.events if e.name.startswith("DBGet")]
    finally:
        c.stop()


# ---------------------------------------------------------------------- dialplan behaviour
def authorize(c, uid, cap_ms=60000, route="PJSIP/4930123@vendor", route2=None, auth="1"):
    if route:
        c.action({"Action": "Setvar", "Channel": uid, "Variable": "CALLSHOP_ROUTE", "Value": route})
    if route2:
        c.action(
            {"Action": "Setvar", "Channel": uid, "Variable": "CALLSHOP_ROUTE2", "Value": route2}
        )
    c.action(
        {"Action": "Setvar", "Channel": uid, "Variable": "CALLSHOP_CAP_MS", "Value": str(cap_ms)}
    )
    c.action({"Action": "Setvar", "Channel": uid, "Variable": "CALLSHOP_AUTH", "Value": auth})


@pytest.fixture
def linked(sim):
    obs = Obs()
    c = make_client(sim, observer=obs)
    assert wait_for(lambda: c.state is PbxLink.CONNECTED)
    yield sim, c, obs
    c.stop()


def test_refused_when_booth_not_open(linked):
    sim, _c, obs = linked
    sim.place_call("booth1", "4930123")
    assert wait_for(lambda: obs.finished)
    (rec,) = obs.finished
    assert (rec.disposition, rec.refusal_reason, rec.hangup_cause) == (
        "refused",
        "booth-not-open",
        21,
    )
    assert obs.authorize == []


def test_refused_when_no_decision_in_time(linked):
    sim, _c, obs = linked
    sim.set_booth_open("booth1")
    t0 = time.monotonic()
    sim.place_call("booth1", "4930123")
    assert wait_for(lambda: obs.finished)
    elapsed = (time.monotonic() - t0) * SPEED
    # it waited the dialplan's 3 s (simulated time) first; a loaded machine only makes it later
    assert elapsed >= 2.9
    (rec,) = obs.finished
    assert (rec.disposition, rec.refusal_reason, rec.hangup_cause) == (
        "refused",
        "auth-timeout",
        38,
    )
    assert obs.authorize[0][:2] == ("booth1", "4930123")


def test_denied(linked):
    sim, c, obs = linked
    sim.set_booth_open("booth1")
    uid = sim.place_call("booth1", "4930123")
    c.action(
        {"Action": "Setvar", "Channel": uid, "Variable": "CALLSHOP_REASON", "Value": "no-credit"}
    )
    c.action({"Action": "Setvar", "Channel": uid, "Variable": "CALLSHOP_AUTH", "Value": "0"})
    assert wait_for(lambda: obs.finished)
    assert obs.finished[0].refusal_reason == "denied:no-credit"
    assert obs.finished[0].hangup_cause == 21
    assert "result=denied:no-credit" in sim.db_get("callshop_cdr", uid)


def test_approved_call_is_capped_by_asterisk(linked):
    sim, c, obs = linked
    sim.set_booth_open("booth2")
    uid = sim.place_call("booth2", "4930123", answer_after=2, talk=None)
    authorize(c, uid, cap_ms=10000)
    assert wait_for(lambda: obs.finished, 3)
    (rec,) = obs.finished
    # cap counts from the authorization, ringing included: ~2 s ring + ~8 s talk
    assert rec.disposition == "answered"
    assert rec.billable_seconds in (7, 8)
    assert rec.billing_source == "cdr"
    assert "dialstatus=ANSWER" in sim.db_get("callshop_cdr", uid)


def test_absolute_timeout_extends_the_cap(linked):
    sim, c, obs = linked
    sim.set_booth_open("booth1")
    uid = sim.place_call("booth1", "4930123", answer_after=1, talk=None)
    authorize(c, uid, cap_ms=4000)
    assert wait_for(lambda: any(e.name == "DialEnd" for e in c.events), 2)
    r = c.action({"Action": "AbsoluteTimeout", "Channel": uid, "Timeout": "12"})
    assert r.ok and r.message == "Timeout Set"
    left = c.action({"Action": "Getvar", "Channel": uid, "Variable": "TIMEOUT(absolute)"})
    assert 10.0 < float(left.response.get("Value")) <= 12.0
    zero = c.action({"Action": "AbsoluteTimeout", "Channel": uid, "Timeout": "0"})
    assert not zero.ok and zero.message == "No timeout specified"
    assert wait_for(lambda: obs.finished, 3)
    assert obs.finished[0].billable_seconds in (11, 12)


def test_failover_to_route2_on_congestion(linked):
    sim, c, obs = linked
    sim.set_booth_open("booth3")
    uid = sim.place_call(
        "booth3", "4930123", answer_after=1, talk=3, routes=("congestion", "answer")
    )
    authorize(c, uid, route="PJSIP/a@vendor1", route2="PJSIP/b@vendor2")
    assert wait_for(lambda: obs.finished, 3)
    (rec,) = obs.finished
    assert rec.disposition == "answered" and rec.billable_seconds == 3
    assert rec.peer.startswith("PJSIP/vendor2-")
    names = [e.get("UserEvent") for e in c.events if e.name == "UserEvent"]
    assert "CallshopFailover" in names
    assert "result=route2" in sim.db_get("callshop_cdr", uid)


@pytest.mark.parametrize(
    ("outcome", "disposition"),
    [
        ("busy", "busy"),
        ("noanswer", "no_answer"),
        ("congestion", "congestion"),
        ("chanunavail", "failed"),
    ],
)
def test_unanswered_outcomes(linked, outcome, disposition):
    sim, c, obs = linked
    sim.set_booth_open("booth1")
    uid = sim.place_call("booth1", "4930123", answer_after=1, outcome=outcome)
    authorize(c, uid)
    assert wait_for(lambda: obs.finished, 3)
    assert obs.finished[0].disposition == disposition
    assert obs.finished[0].billable_seconds == 0


def test_booth_hangs_up_while_ringing_is_cancelled(linked):
    sim, c, obs = linked
    sim.set_booth_open("booth1")
    uid = sim.place_call("booth1", "4930123", answer_after=10)
    authorize(c, uid)
    assert wait_for(lambda: any(e.name == "DialState" for e in c.events), 2)
    sim.hangup_booth("booth1")
    assert wait_for(lambda: obs.finished, 2)
    assert obs.finished[0].disposition == "cancelled"


def test_hangup_action_and_status_lists(linked):
    sim, c, obs = linked
    sim.set_booth_open("booth1")
    uid = sim.place_call("booth1", "4930123", answer_after=1)
    authorize(c, uid)
    assert wait_for(lambda: any(e.name == "BridgeEnter" for e in c.events), 2)
    chans = c.action({"Action": "CoreShowChannels"})
    assert sorted(e.get("Uniqueid") for e in chans.events if e.name == "CoreShowChannel")[0] == uid
    status = c.action({"Action": "Status", "Channel": uid})
    assert status.events[0].get("ChannelStateDesc") == "Up"
    assert c.action({"Action": "Hangup", "Channel": uid}).message == "Channel Hungup"
    assert wait_for(lambda: obs.finished, 2)
    assert obs.finished[0].disposition == "answered"


def test_originate_test_call_via_local_channel(linked):
    sim, c, obs = linked
    sim.set_booth_open("booth2")
    sim.test_call_script.answer_after = 1
    r = c.action(
        [
            ("Action", "Originate"),
            ("Channel", "Local/4930123@callshop-final"),
            ("Application", "Wait"),
            ("Data", "4"),
            ("Variable", "__BOOTH=booth2"),
            ("Async", "true"),
            ("ChannelId", "postest-1"),
        ]
    )
    assert r.message == "Originate successfully queued"
    assert wait_for(lambda: obs.authorize, 2)
    assert obs.authorize[0][:3] == ("booth2", "4930123", "postest-1-2")
    authorize(c, "postest-1-2")
    assert wait_for(lambda: obs.finished, 3)
    (rec,) = obs.finished
    assert rec.booth == "booth2" and rec.linkedid == "postest-1"
    assert rec.disposition == "answered" and rec.billable_seconds == 4


def test_timestamp_headers_and_recording_header_order(linked):
    sim, c, obs = linked
    sim.place_call("booth1", "4930123")
    assert wait_for(lambda: obs.finished)
    newchannel = next(e for e in c.events if e.name == "Newchannel")
    names = [k for k, _ in newchannel.headers]
    assert names[:3] == ["Event", "Privilege", "Timestamp"]
    assert names[3:] == [
        "Channel",
        "ChannelState",
        "ChannelStateDesc",
        "CallerIDNum",
        "CallerIDName",
        "ConnectedLineNum",
        "ConnectedLineName",
        "Language",
        "AccountCode",
        "Context",
        "Exten",
        "Priority",
        "Uniqueid",
        "Linkedid",
    ]
    assert abs(float(newchannel.get("Timestamp")) - sim.now()) < 60


def test_booth_registration_events(linked):
    sim, c, _obs = linked
    sim.register_booth("booth4", False)
    assert wait_for(lambda: any(e.name == "ContactStatus" for e in c.events))
    ev = next(e for e in c.events if e.name == "ContactStatus")
    assert (ev.get("EndpointName"), ev.get("ContactStatus")) == ("booth4", "Removed")
