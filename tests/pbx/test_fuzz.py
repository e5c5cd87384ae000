"""Fuzzing the AMI parser and the call tracker: random bytes, and the recorded Asterisk traffic
of tests/data/ami/ truncated and mutated (bytes, headers, values). Whatever comes, nothing
raises out of them (so nothing out of the client's dispatch thread), and no call is ever
authorized or recorded without a sane Uniqueid, or recorded twice."""

from __future__ import annotations

import itertools
import logging
import random
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callshop_pos.pbx.client import AmiClient, PbxLink
from callshop_pos.pbx.protocol import AmiParser, Message, encode_message, parse_stream
from callshop_pos.pbx.recording import received_bytes
from callshop_pos.pbx.tracker import CallRecord, CallTracker, NullObserver, sane
from tests.pbx.conftest import RECORDINGS
from tests.pbx.raw_pbx import RawPbx
from tests.pbx.test_engine_support import wait_for

STREAMS = [received_bytes(path) for path in RECORDINGS]
BOOTHS = {"booth1", "booth2", "booth3", "booth4"}
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Checked(NullObserver):
    """Asserts the tracker's promises as it goes."""

    def __init__(self) -> None:
        self.finished: Counter[str] = Counter()
        self.records: list[CallRecord] = []

    def on_authorize_request(self, booth: str, number: str, uniqueid: str, channel: str) -> None:
        assert sane(uniqueid), uniqueid

    def on_call_finished(self, record: CallRecord) -> None:
        assert sane(record.booth_uniqueid), record
        self.finished[record.booth_uniqueid] += 1
        assert self.finished[record.booth_uniqueid] == 1, record
        self.records.append(record)


def run_tracker(messages: list[Message], known: set[str] | None) -> Checked:
    observer = Checked()
    tracker = CallTracker(observer, clock=lambda: 1_800_000_000.0, known_booths=known)
    for i, msg in enumerate(messages):
        tracker.feed(msg, now=1_800_000_000.0 + i)
        key = msg.get("Key") or ""
        if msg.name == "DBGetTreeResponse":  # what a resync does with outcome records
            tracker.apply_outcome(key.rpartition("/")[2], msg.get("Val") or "")
        if i % 7 == 0:
            tracker.tick(1_800_000_000.0 + i)
            tracker.live_calls()
    tracker.close_vanished([c.booth_uniqueid for c in tracker.live_calls()], set(), 1_800_000_100.0)
    tracker.flush()
    return observer


def chunks(data: bytes, cuts: list[int]) -> list[bytes]:
    points = [0, *sorted({c % (len(data) + 1) for c in cuts}), len(data)]
    return [data[a:b] for a, b in itertools.pairwise(points)]


def parse_chunked(data: bytes, cuts: list[int], **kw: int) -> list:
    parser = AmiParser(**kw)
    return [item for chunk in chunks(data, cuts) for item in parser.feed(chunk)]


# ---------------------------------------------------------------------- the parser
@FUZZ
@given(
    st.binary(max_size=3000),
    st.lists(st.integers(0, 3000), max_size=20),
    st.integers(16, 600),
    st.booleans(),
)
def test_random_bytes_parse_the_same_in_any_chunks(data, cuts, limit, banner):
    whole = AmiParser(banner, max_message=limit).feed(data)
    assert parse_chunked(data, cuts, expect_banner=banner, max_message=limit) == whole


frame_words = st.sampled_from(
    [
        b"Event: ",
        b"Response: ",
        b"Response: Follows\r\n",
        b"\r\n",
        b"\r\n\r\n",
        b"--END COMMAND--",
        b"ActionID: 1\r\n",
        b":",
        b"x",
        b"\xff",
        b"\n",
        b"Uniqueid: ",
        b"\x00",
    ]
)


@FUZZ
@given(
    st.lists(frame_words, max_size=80),
    st.lists(st.integers(0, 2000), max_size=20),
    st.integers(8, 200),
)
def test_frame_shaped_noise_parses_the_same_in_any_chunks(words, cuts, limit):
    data = b"".join(words)
    whole = AmiParser(False, max_message=limit).feed(data)
    assert parse_chunked(data, cuts, expect_banner=False, max_message=limit) == whole


# ---------------------------------------------------------------------- recorded traffic
@FUZZ
@given(st.sampled_from(range(len(STREAMS))), st.data())
def test_truncated_and_mutated_recordings_never_break_the_tracker(index, data):
    stream = bytearray(STREAMS[index])
    stream = stream[: data.draw(st.integers(0, len(stream)), label="truncate")]
    for _ in range(data.draw(st.integers(0, 12), label="mutations")):
        if not stream:
            break
        at = data.draw(st.integers(0, len(stream) - 1))
        kind = data.draw(st.sampled_from(["flip", "insert", "delete"]))
        byte = data.draw(st.integers(0, 255))
        if kind == "flip":
            stream[at] = byte
        elif kind == "insert":
            stream.insert(at, byte)
        else:
            del stream[at]
    cuts = data.draw(st.lists(st.integers(0, len(stream)), max_size=30), label="cuts")
    items = parse_chunked(bytes(stream), cuts)
    assert items == parse_stream(bytes(stream))
    messages = [m for m in items if isinstance(m, Message)]
    run_tracker(messages, data.draw(st.sampled_from([None, BOOTHS])))


nasty_text = st.one_of(
    st.just(""),
    st.text(max_size=8),
    st.text(min_size=60, max_size=80),
    st.text(alphabet="\x00\x1b\r\n\t\x7fa1.", max_size=10),
)


@FUZZ
@given(st.sampled_from(range(len(STREAMS))), st.data())
def test_recordings_with_mutated_headers_never_record_a_call_without_uniqueid(index, data):
    messages = [m for m in parse_stream(STREAMS[index]) if isinstance(m, Message)]
    mutated: list[Message] = []
    for msg in messages:
        headers = list(msg.headers)
        action = data.draw(st.sampled_from(["keep", "keep", "drop", "blank", "nasty", "twice"]))
        if action == "twice":
            mutated.append(Message(list(headers)))
        elif action != "keep" and len(headers) > 1:
            at = data.draw(st.integers(1, len(headers) - 1))
            name = headers[at][0]
            if action == "drop":
                headers = [h for h in headers if h[0] != name]  # every copy (Uniqueid repeats)
            else:
                value = "" if action == "blank" else data.draw(nasty_text)
                headers = [(n, value if n == name else v) for n, v in headers]
        mutated.append(Message(headers))
    observer = run_tracker(mutated, data.draw(st.sampled_from([None, BOOTHS])))
    assert all(r.booth_uniqueid for r in observer.records)


# ---------------------------------------------------------------------- the dispatch thread
def test_mutated_traffic_over_tcp_raises_nothing_in_the_dispatch_thread(caplog):
    """Every recording, mutated, from a raw fake PBX into a client feeding a tracker as the
    engine does: no callback ever fails, and the link stays up."""
    rng = random.Random(20261201)
    observer = Checked()
    tracker = CallTracker(observer, known_booths=BOOTHS)
    seen: list[Message] = []

    def on_event(msg: Message) -> None:
        tracker.feed(msg)
        seen.append(msg)

    pbx = RawPbx()
    client = AmiClient("127.0.0.1", pbx.port, "callshop", "x", use_md5=False, on_event=on_event)
    sent = 0
    with caplog.at_level(logging.ERROR):
        client.start()
        try:
            assert wait_for(lambda: client.state is PbxLink.CONNECTED)
            for stream in STREAMS:
                messages = [m for m in parse_stream(stream) if isinstance(m, Message)]
                for msg in messages:
                    headers = [
                        (n, rng.choice(["", "\x00\x1b", "9" * 70, v]))
                        if rng.random() < 0.1
                        else (n, v)
                        for n, v in msg.headers
                    ]
                    data = bytearray(encode_message(Message(headers)))
                    if rng.random() < 0.05 and len(data) > 8:  # a broken byte inside
                        data[rng.randrange(4, len(data) - 4)] = rng.randrange(32, 256)
                    pbx.send(bytes(data))
                    sent += 1
            pbx.send(b"Event: Last\r\n\r\n")
            assert wait_for(lambda: bool(seen) and seen[-1].name == "Last", 20)
        finally:
            client.stop()
            pbx.stop()
    assert pbx.logins == 1
    assert [r for r in caplog.records if r.getMessage() == "AMI callback failed"] == []
    assert all(r.booth_uniqueid for r in observer.records)
    assert len(seen) >= sent // 2  # most frames arrived whole
