"""parse_frame's fast path (one pass into the case-insensitive dict, the (name, value) list
made on demand) gives exactly what the plain line-by-line rule gives, for any frame."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from callshop_pos.pbx import protocol
from callshop_pos.pbx.protocol import Message, parse_frame, parse_stream
from callshop_pos.pbx.recording import received_bytes
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
