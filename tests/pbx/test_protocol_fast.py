"""parse_frame's fast path (one pass into the case-insensitive dict, the (name, value) list
made on demand) gives exactly what the plain line-by-line rule gives, for any frame."""

from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callshop_pos.pbx import protocol
from callshop_pos.pbx.protocol import AmiParser, Message, parse_frame, parse_stream
from callshop_pos.pbx.recording import received_bytes
from callshop_pos.pbx.tracker import CallTracker, LiveCall, NullObserver
from tests.pbx.conftest import RECORDINGS


def reference(frame: bytes) -> list[tuple[str, str]]:
    """The rule as written down: lines end at CRLF, a header is "Name:value" split at the
    first colon, one space after it dropped, lines without a colon ignored."""
    headers = []
    for line in frame.decode("utf-8", "replace").split("\r\n"):
        name, sep, value = line.partition(":")
        if sep:
            headers.append((name, value[1:] if value.startswith(" ") else value))
    return headers


def first_of(headers: list[tuple[str, str]], name: str) -> str | None:
    return next((v for n, v in headers if n.lower() == name.lower()), None)


# Lines made of the characters that matter to the parser (colons, spaces, CR, LF, case).
LINE = st.text(alphabet="aAbB: \r\n\u00e9", max_size=12)
FRAME = st.lists(LINE, min_size=1, max_size=8).map(lambda lines: "\r\n".join(lines).encode())


@settings(max_examples=600, deadline=None)
@given(FRAME)
def test_any_frame_parses_as_the_plain_rule_says(frame: bytes) -> None:
    if frame.startswith(b"Response: Follows"):
        return
    msg = parse_frame(frame)
    expected = reference(frame)
    assert msg.headers == expected
    for name, _ in expected:
        for spelling in (name, name.upper(), name.lower()):
            assert msg.get(spelling) == first_of(expected, name)
            assert spelling in msg
            assert msg.get_all(spelling) == [v for n, v in expected if n.lower() == name.lower()]
    assert msg.name == (expected[0][1] if expected else "")


def test_recorded_frames_take_the_fast_path_and_match_the_rule() -> None:
    frames = 0
    for path in RECORDINGS:
        for item in parse_stream(received_bytes(path))[1:]:
            assert isinstance(item, Message)
            if item.body:
                continue
            wire = protocol.encode_message(item)[:-4]
            assert item.headers == reference(wire)
            frames += 1
    assert frames > 2000


def test_repeated_header_in_other_spellings_first_one_wins() -> None:
    msg = parse_frame(b"Event: X\r\nUniqueID: 1\r\nUniqueid: 2\r\nuniqueid: 3")
    assert msg.get("UNIQUEID") == "1"
    assert msg.get_all("uniqueid") == ["1", "2", "3"]
    assert msg.headers[1:] == [("UniqueID", "1"), ("Uniqueid", "2"), ("uniqueid", "3")]


def test_a_parsed_message_equals_the_one_built_from_its_headers() -> None:
    wire = b"Event: Hangup\r\nUniqueid: 1.1\r\nCause: 16"
    built = Message([("Event", "Hangup"), ("Uniqueid", "1.1"), ("Cause", "16")])
    assert parse_frame(wire) == built
    assert parse_frame(wire).to_dict() == built.to_dict()
    assert parse_frame(wire).kind == built.kind == "event"


def test_made_up_header_names_do_not_grow_the_name_memo_for_ever() -> None:
    for i in range(protocol._KEYS_MAX + 500):
        msg = parse_frame(b"Event: Flood\r\nX-%d: v" % i)
        assert msg.get(f"x-{i}") == "v"
    assert len(protocol._KEYS) <= protocol._KEYS_MAX


# ---------------------------------------------------------------------- read in place
# A received frame is looked up in its own (lower-cased) text: every lookup, of a name the
# frame has or not, must still answer as the rule does. Letters whose lower case is unusual:
# the capital sigma (lowered by context), U+0130 (grows to two letters), the Kelvin sign
# (lowers to an ASCII "k").
ODD_LINE = st.text(alphabet="aAkK: \r\n\u03a3\u03c3\u03c2\u0130i\u212a", max_size=10)
ODD_FRAME = st.lists(st.one_of(LINE, ODD_LINE), min_size=1, max_size=8).map(
    lambda lines: "\r\n".join(lines).encode()
)
ASKED = st.one_of(
    st.text(alphabet="aAbBkK:\r\n \u03a3\u03c2\u0130\u212a", max_size=5),
    st.sampled_from(["Event", "Response", "ActionID", "Uniqueid", "a:b", "a\r\nb", ""]),
)


@settings(max_examples=800, deadline=None)
@given(ODD_FRAME, st.lists(ASKED, max_size=6))
def test_any_lookup_of_any_frame_answers_as_the_rule(frame: bytes, asked: list[str]) -> None:
    if frame.startswith(b"Response: Follows"):
        return
    msg = parse_frame(frame)
    expected = reference(frame)
    for name in asked + [n for n, _ in expected]:
        values = [v for n, v in expected if n.lower() == name.lower()]
        assert msg.get(name) == (values[0] if values else None), name
        assert msg.get(name, "?") == (values[0] if values else "?")
        assert (name in msg) is bool(values)
        assert msg.get_all(name) == values
        if values:
            assert msg[name] == values[0]
        else:
            with pytest.raises(KeyError):
                msg[name]
    first = expected[0] if expected else None
    assert msg.name == (first[1] if first else "")
    kind = first[0].lower() if first else ""
    assert msg.kind == (kind if kind in ("event", "response") else "other")
    assert msg.is_event is (msg.kind == "event")
    assert msg.is_response is (msg.kind == "response")
    assert msg.name_key == msg.name.lower()
    assert msg.action_id == msg.get("ActionID")
    assert msg == Message(expected)
    built = Message(expected)
    assert (built.kind, built.is_event, built.is_response, built.name, built.name_key) == (
        msg.kind, msg.is_event, msg.is_response, msg.name, msg.name_key
    )  # fmt: skip


def test_a_value_that_looks_like_a_header_is_not_one() -> None:
    msg = parse_frame(b"Event: X\r\nAppData: Uniqueid: 5\r\nVal:Uniqueid:6\r\nData: a\nUniqueid: 7")
    assert msg.get("Uniqueid") is None
    assert "uniqueid" not in msg
    assert msg.get("AppData") == "Uniqueid: 5"
    assert msg.get("Val") == "Uniqueid:6"
    assert msg.get("Data") == "a\nUniqueid: 7"  # a bare LF does not end a line


def test_the_first_header_may_lack_its_space_or_come_after_a_stray_line() -> None:
    tight = parse_frame(b"Event:Hangup\r\nUniqueid:1.1")
    assert (tight.kind, tight.name, tight.get("uniqueid")) == ("event", "Hangup", "1.1")
    late = parse_frame(b"garbage\r\nResponse: Success\r\nActionID: 4")
    assert (late.kind, late.name, late.action_id) == ("response", "Success", "4")
    none = parse_frame(b"no header here")
    assert (none.kind, none.name, none.headers) == ("other", "", [])


def one_by_one(data: bytes) -> list[Message]:
    """The framing rule, a frame at a time: stray CRLFs between frames skipped, a frame ends at
    its first blank line (no old Follows responses, no size limit)."""
    out: list[Message] = []
    start = 0
    while True:
        while data.startswith(b"\r\n", start):
            start += 2
        end = data.find(b"\r\n\r\n", start)
        if end < 0:
            return out
        out.append(parse_frame(data[start:end]))
        start = end + 4


WIRE_WORDS = st.sampled_from(
    [b"Event: ", b"Response: ", b"\r\n", b"\r\n\r\n", b"\r", b"\n", b"ActionID: 1\r\n", b":",
     b"x", b"\xff", b"\xe2\x82", b"\xac", b"Uniqueid: ", b"\xce\xa3"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(WIRE_WORDS, max_size=60), st.integers(1, 64))
def test_a_read_of_many_frames_gives_the_frames_of_the_rule(words: list[bytes], cut: int) -> None:
    data = b"".join(words)
    expected = one_by_one(data)
    assert AmiParser(expect_banner=False).feed(data) == expected
    parser = AmiParser(expect_banner=False)
    pieces = [data[i : i + cut] for i in range(0, len(data), cut)]
    assert [m for piece in pieces for m in parser.feed(piece)] == expected


def test_recorded_traffic_in_big_reads_gives_the_frames_of_the_rule() -> None:
    for path in RECORDINGS:
        data = received_bytes(path)
        data = data[data.index(b"\r\n") + 2 :]  # the banner
        if b"Response: Follows" in data:
            continue
        items = AmiParser(expect_banner=False).feed(data)
        expected = one_by_one(data)
        assert items == expected
        assert [(m.kind, m.name, m.action_id) for m in items] == [
            (m.kind, m.name, m.action_id) for m in expected
        ]


def test_frames_around_an_old_follows_in_one_read() -> None:
    frames = [
        b"Event: A\r\nUniqueid: 1\r\n\r\n",
        b"Response: Success\r\nActionID: 2\r\n\r\n",
        b"Response: Follows\r\nActionID: 3\r\nrow one\n\r\n\r\nrow two\n--END COMMAND--\r\n\r\n",
        b"\r\nEvent: B\r\nData: Response: Follows\r\n\r\n",
        b"Event: C\r\n\r\n",
    ]
    one_read = AmiParser(expect_banner=False).feed(b"".join(frames))
    parser = AmiParser(expect_banner=False)
    assert one_read == [m for frame in frames for m in parser.feed(frame)]
    assert [m.name for m in one_read] == ["A", "Success", "Follows", "B", "C"]
    assert one_read[2].output == ["row one", "row two"]
    assert one_read[3].get("Data") == "Response: Follows"


@settings(max_examples=500, deadline=None)
@given(st.lists(WIRE_WORDS, max_size=60))
def test_each_frame_read_on_its_own_gives_the_frame_of_the_rule(words: list[bytes]) -> None:
    """A read that holds one whole frame (the common case, parsed from the read itself) or
    anything else: the same messages, kinds and names as the rule, read after read."""
    data = b"".join(words)
    parser = AmiParser(expect_banner=False)
    got: list[Message] = []
    start = 0
    while True:  # one read per frame end, as Asterisk writes them
        end = data.find(b"\r\n\r\n", start)
        if end < 0:
            break
        got += parser.feed(data[start : end + 4])
        start = end + 4
    got += parser.feed(data[start:])
    expected = one_by_one(data)
    assert got == expected
    assert [(m.kind, m.is_event, m.name, m.name_key, m.action_id) for m in got] == [
        (m.kind, m.is_event, m.name, m.name_key, m.action_id) for m in expected
    ]


def test_a_received_message_s_kind_and_name_cannot_be_set() -> None:
    event, response = parse_stream(b"Event: VarSet\r\n\r\nResponse: Success\r\n\r\n", False)
    assert (event.name_key, response.name_key) == ("varset", "success")
    for msg in (event, response):
        for attribute in ("kind", "is_event", "is_response"):
            with pytest.raises(AttributeError):
                setattr(msg, attribute, "x")
        twin = copy.copy(msg)
        assert twin == msg and (twin.kind, twin.name_key) == (msg.kind, msg.name_key)
        assert pickle.loads(pickle.dumps(msg)) == msg


def test_an_event_name_in_any_case_finds_the_tracker_s_handler() -> None:
    seen: list[LiveCall] = []

    class Observer(NullObserver):
        def on_call_updated(self, call: LiveCall) -> None:
            seen.append(call)

    tracker = CallTracker(Observer(), clock=lambda: 0.0, known_booths={"booth1"})
    wire = b"Event: NEWCHANNEL\r\nTimestamp: 12.5\r\nUniqueid: u1\r\nChannel: PJSIP/booth1-1\r\n"
    msg = parse_frame(wire + b"Exten: 0044\r\nLinkedid: u1")
    assert tracker.follows(msg)
    tracker.feed(msg)
    assert [(c.booth, c.number) for c in seen] == [("booth1", "0044")]


def test_feed_stamped_takes_the_time_it_is_given_not_the_message_s_again() -> None:
    """The engine reads an event's Timestamp first and hands it on: the tracker uses that."""
    times: list[float] = []
    tracker = CallTracker(clock=lambda: 99.0, known_booths={"booth1"})
    tracker._handlers["newchannel"] = lambda msg, when: times.append(when)
    msg = parse_frame(b"Event: Newchannel\r\nTimestamp: 12.5\r\nUniqueid: u1")
    tracker.feed(msg)
    tracker.feed_stamped(msg, 7.0)
    tracker.feed_stamped(msg, None)  # none read: the caller's time, else the tracker's clock
    tracker.feed_stamped(msg, None, now=3.0)
    assert times == [12.5, 7.0, 99.0, 3.0]
