import pytest

from callshop_pos.pbx.protocol import parse_stream
from callshop_pos.pbx.recording import received_bytes
from callshop_pos.pbx.replay import call_to_json, replay_file
from callshop_pos.pbx.tracker import CallTracker, NullObserver
from tests.pbx.conftest import AMI_DIR, RECORDINGS

N = "0049301234567"
# (booth, number, disposition, billable seconds, answered?) per recording, from the README.
EXPECTED = {
    "a_answered_caller_hangup": [("booth1", N, "answered", 5, True)],
    "b_answered_far_end_hangup": [("booth1", "0049301234999", "answered", 5, True)],
    "c_busy": [("booth1", "0049301234486", "busy", 0, False)],
    "d_no_answer": [("booth1", "0049301234480", "no_answer", 0, False)],
    "e_congestion_vendor_503": [("booth1", "0049301234503", "congestion", 0, False)],
    "e2_congestion_dialplan_blocked": [("booth1", "09001234567", "congestion", 0, False)],
    "f_absolutetimeout": [("booth1", N, "answered", 7, True)],
    "g_hangup_action": [("booth1", N, "answered", 3, True)],
    "h_coreshowchannels_status": [("booth1", N, "answered", 5, True)],
    "i_astdb": [],
    "k_dial_L_limit": [("booth1", "9" + N, "answered", 10, True)],
    "l_bad_login": [],
    "m_register_booths": [],
    "p_authorize_handshake": [("booth1", N, "answered", 8, True)],
    "q_authorize_timeout": [("booth1", N, "refused", 0, False)],
    "r_authorize_denied": [("booth1", N, "refused", 0, False)],
    "s_cap_absolute_extend": [("booth1", N, "answered", 12, True)],
    "s2_dial_L_not_extendable": [
        ("booth1", N, "answered", 8, True),
        ("booth2", N, "answered", 4, True),
    ],
    "s3_dial_L_nowarning_peer_extend": [("booth1", N, "answered", 12, True)],
    "s4_cap_removal": [("booth1", N, "answered", 10, True)],
    "t_hangup_handler_astdb_1_authorize": [],  # the link dropped while it rang
    "t_hangup_handler_astdb": [("booth1", N, "answered", 6, True)],  # closed from AstDB
    "t3_hangup_handler_endbeforehexten_yes": [("booth1", N, "answered", 3, True)],
    "u_originate_test_call": [("booth2", N, "answered", 8, True)],
    "v_astdb_booth_state": [("booth3", N, "refused", 0, False), ("booth3", N, "answered", 3, True)],
    "w_final_dialplan": [("booth2", N, "answered", 14, True)],
    "w2_final_refusals": [
        ("booth4", N, "refused", 0, False),
        ("booth4", N, "refused", 0, False),
        ("booth1", N, "refused", 0, False),
    ],
    "w3_final_originate_local": [("booth2", N, "answered", 3, True)],
}


@pytest.mark.parametrize("path", RECORDINGS, ids=lambda p: p.stem)
def test_replay_gives_the_calls_of_the_readme(path):
    calls = replay_file(path)
    if path.stem.startswith("j"):
        # waiting-room lab calls (exten 7000), answered by the dialplan itself
        assert [c.number for c in calls] == ["7000"]
        return
    got = [
        (c.booth, c.number, c.disposition, c.billable_seconds, c.answered_at is not None)
        for c in calls
    ]
    assert got == EXPECTED[path.stem]


def test_refusal_reasons_and_causes():
    calls = replay_file(AMI_DIR / "w2_final_refusals.ami")
    assert [(c.refusal_reason, c.hangup_cause) for c in calls] == [
        ("booth-not-open", 21),
        ("auth-timeout", 38),
        ("denied:no-credit", 21),
    ]


def test_failover_bills_the_answered_route_not_the_congested_one():
    (call,) = replay_file(AMI_DIR / "w_final_dialplan.ami")
    assert call.peer == "PJSIP/vendor-0000005c"
    assert call.billing_source == "cdr"
    assert call.answered_at is not None and call.ended_at is not None
    assert call.ended_at - call.answered_at == pytest.approx(14.0, abs=0.1)


def test_local_test_call_is_tracked_by_its_authorize_leg():
    (call,) = replay_file(AMI_DIR / "w3_final_originate_local.ami")
    assert call.booth_uniqueid == "postest-1795841035-2"
    assert call.linkedid == "postest-1795841035"
    assert call.channel.startswith("Local/")


def test_call_to_json_keys_and_iso_times():
    (call,) = replay_file(AMI_DIR / "a_answered_caller_hangup.ami")
    data = call_to_json(call)
    assert {"booth", "number", "disposition", "answered_at", "billable_seconds"} <= set(data)
    assert data["answered_at"].startswith("2026-11-28T04:17:2")
    assert data["disposition"] == "answered"


class Recorder(NullObserver):
    def __init__(self):
        self.finished = []
        self.authorize = []
        self.registration = []
        self.updates = []

    def on_call_finished(self, record):
        self.finished.append(record)

    def on_authorize_request(self, booth, number, uniqueid, channel):
        self.authorize.append((booth, number, uniqueid, channel))

    def on_booth_registration(self, booth, registered):
        self.registration.append((booth, registered))

    def on_call_updated(self, call):
        self.updates.append(call.state)


def _feed_all(name, tracker, repeat=1):
    msgs = [m for m in parse_stream(received_bytes(AMI_DIR / name))[1:]]
    for _ in range(repeat):
        for m in msgs:
            tracker.feed(m, now=0.0)


def test_duplicate_events_never_bill_twice():
    rec = Recorder()
    tracker = CallTracker(rec)
    _feed_all("c_busy.ami", tracker, repeat=3)
    _feed_all("a_answered_caller_hangup.ami", tracker, repeat=2)
    tracker.flush()
    assert [(r.disposition, r.billable_seconds) for r in rec.finished] == [
        ("busy", 0),
        ("answered", 5),
    ]


def test_authorize_request_reported():
    rec = Recorder()
    _feed_all("p_authorize_handshake.ami", CallTracker(rec))
    assert rec.authorize[0][:2] == ("booth1", N)
    assert rec.authorize[0][3].startswith("PJSIP/booth1-")
    assert rec.updates[:1] == ["dialing"] and "ringing" in rec.updates
    assert "answered" in rec.updates and rec.updates[-1] == "ended"


def test_booth_registration_from_contact_and_peer_status():
    rec = Recorder()
    _feed_all("m_register_booths.ami", CallTracker(rec))
    assert rec.registration == [
        ("booth1", False),
        ("booth2", False),
        ("booth3", False),
        ("booth4", False),
        ("booth1", True),
        ("booth2", True),
        ("booth3", True),
        ("booth4", True),
    ]


def test_timestamp_header_wins_over_clock():
    from callshop_pos.pbx.protocol import Message

    rec = Recorder()
    tracker = CallTracker(rec, clock=lambda: 999.0)
    chan = [("Channel", "PJSIP/booth1-00000001"), ("Uniqueid", "1.1"), ("Linkedid", "1.1")]
    tracker.feed(
        Message([("Event", "Newchannel"), ("Timestamp", "100.5"), *chan, ("Exten", "4930123")])
    )
    tracker.feed(
        Message(
            [
                ("Event", "DialEnd"),
                ("Timestamp", "103.25"),
                *chan,
                ("DestChannel", "PJSIP/vendor-2"),
                ("DialStatus", "ANSWER"),
            ]
        )
    )
    tracker.feed(Message([("Event", "Hangup"), *chan, ("Cause", "16")]))
    assert rec.finished == []  # answered: waits for the Cdr
    tracker.tick(1010.0)  # no Cdr within the grace: closed from the events
    (record,) = rec.finished
    assert record.started_at == 100.5 and record.answered_at == 103.25
    assert record.ended_at == 999.0
    assert record.billable_seconds == 895 and record.billing_source == "events"


def test_outcome_records_old_and_new_formats():
    from callshop_pos.pbx.outcome import OutcomeRecord, format_outcome, parse_outcome

    recorded = parse_outcome(  # w_final_dialplan: whole-second ${EPOCH}, no start
        "booth=booth2 number=0049301234567 result=route2 dialstatus=ANSWER answered_ms=14002 "
        "cause=16 peer=PJSIP/vendor-0000005c end=1795840958"
    )
    assert recorded.end_epoch == 1795840958.0 and recorded.start_epoch is None
    assert recorded.answer_epoch == 1795840943.998
    legacy = parse_outcome("booth1,0049301234567,ANSWER,6,0,1795840891,16,8,NO ANSWER")
    assert (legacy.answered_ms, legacy.end_epoch, legacy.start_epoch) == (6000, 1795840891.0, None)
    new = parse_outcome(  # the kit's handler now: STRFTIME(,,%s.%3q) at start and end
        "booth=booth1 number=4930 result=route1 dialstatus=ANSWER answered_ms=5250 cause=16 "
        "peer=PJSIP/carrier-00000001 start=1795840900.125 end=1795840912.500"
    )
    assert (new.start_epoch, new.answer_epoch, new.end_epoch) == (
        1795840900.125,
        1795840907.25,
        1795840912.5,
    )
    refused = parse_outcome(
        "booth=booth1 number=4930 result=auth-timeout dialstatus= "
        "answered_ms= cause=38 peer= start=1795840900.125 end=1795840903.2"
    )
    assert refused.answer_epoch is None and refused.refused
    assert format_outcome(
        OutcomeRecord("b", "1", "route1", "ANSWER", 1000, 16, "p", 1795840912.5009, 1795840900.1239)
    ).endswith("start=1795840900.123 end=1795840912.500")  # truncated like %3q, not rounded
    assert parse_outcome(format_outcome(new)) == new
