import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callshop_pos.pbx.protocol import (
    AmiParser,
    Banner,
    Message,
    encode_action,
    encode_message,
    parse_stream,
)
from callshop_pos.pbx.recording import read_recording, received_bytes
from tests.pbx.conftest import RECORDINGS


def _split_parse(data: bytes, cuts: list[int]) -> list:
    parser = AmiParser()
    items = []
    prev = 0
    for cut in [*sorted(cuts), len(data)]:
        items.extend(parser.feed(data[prev:cut]))
        prev = cut
    assert parser.pending_bytes == 0
    return items


def _interesting_cuts(data: bytes) -> list[int]:
    """Positions inside CRLF pairs, inside the frame end and inside multi-byte UTF-8."""
    cuts = [i + 1 for i in range(len(data) - 1) if data[i : i + 2] == b"\r\n"]
    cuts += [i + 2 for i in range(len(data) - 3) if data[i : i + 4] == b"\r\n\r\n"]
    cuts += [i for i in range(1, len(data)) if 0x80 <= data[i] < 0xC0]
    return cuts


def test_there_are_recordings():
    assert len(RECORDINGS) >= 25


@pytest.mark.parametrize("path", RECORDINGS, ids=lambda p: p.stem)
def test_every_recording_parses_identically_under_random_splits(path):
    data = received_bytes(path)
    whole = parse_stream(data)
    assert isinstance(whole[0], Banner)
    assert whole[0].text == "Asterisk Call Manager/11.0.0"
    assert all(isinstance(m, Message) and m.headers for m in whole[1:])
    rng = random.Random(path.stem)
    special = _interesting_cuts(data)
    for _ in range(5):
        cuts = rng.sample(range(1, len(data)), min(len(data) - 1, rng.randint(1, 200)))
        cuts += rng.sample(special, min(len(special), 50))
        assert _split_parse(data, sorted(set(cuts))) == whole
    # byte-by-byte: the harshest chunking of all
    if len(data) < 30000:
        assert _split_parse(data, list(range(1, len(data)))) == whole


def test_message_count_matches_frame_count():
    for path in RECORDINGS:
        data = received_bytes(path)
        banner_end = data.index(b"\r\n") + 2
        assert len(parse_stream(data)) - 1 == data[banner_end:].count(b"\r\n\r\n")


def test_utf8_split_inside_character_and_bad_bytes_replaced():
    frame = "Event: UserEvent\r\nName: Jürgen Ωmega\r\n\r\n".encode()
    bad = b"Event: X\r\nVal: \xff\xfeok\r\n\r\n"
    data = b"Asterisk Call Manager/11.0.0\r\n" + frame + bad
    for cut in range(1, len(data)):
        items = _split_parse(data, [cut])
        assert items[1].get("name") == "Jürgen Ωmega"
        assert items[2].get("Val") == "\ufffd\ufffdok"


def test_repeated_headers_kept_in_order_and_case_insensitive_get():
    msg = parse_stream(
        b"Event: Status\r\nChanVariable: A=1\r\nChanVariable: B=2\r\nAccountCode: \r\n\r\n",
        expect_banner=False,
    )[0]
    assert msg.kind == "event"
    assert msg.name == "Status"
    assert msg.get("chanvariable") == "A=1"
    assert msg.get_all("ChanVariable") == ["A=1", "B=2"]
    assert msg.get("AccountCode") == ""
    assert msg.get("Missing") is None


def test_response_follows_old_style_body():
    data = (
        b"Response: Follows\r\nPrivilege: Command\r\nActionID: 7\r\n"
        b"Channel   Location\n\nline: two\n--END COMMAND--\r\n\r\n"
        b"Event: Next\r\n\r\n"
    )
    for cut in range(1, len(data)):
        items = _split_parse(b"Asterisk Call Manager/1.0\r\n" + data, [cut + 27])
        follows, nxt = items[1], items[2]
        assert follows.kind == "response"
        assert follows.name == "Follows"
        assert follows.action_id == "7"
        assert follows.output == ["Channel   Location", "line: two"]
        assert nxt.name == "Next"


def test_response_output_headers_new_style():
    msg = parse_stream(
        b"Response: Success\r\nActionID: 3\r\nMessage: Command output follows\r\n"
        b"Output: Name/username\r\nOutput: booth1/booth1\r\n\r\n",
        expect_banner=False,
    )[0]
    assert msg.output == ["Name/username", "booth1/booth1"]


def test_encode_action_repeated_keys_and_order():
    data = encode_action(
        [("Action", "Originate"), ("Variable", "__BOOTH=booth2"), ("Variable", "X=1")]
    )
    assert data == b"Action: Originate\r\nVariable: __BOOTH=booth2\r\nVariable: X=1\r\n\r\n"
    assert encode_action({"Action": "Ping", "Variable": ["a=1", "b=2"]}).count(b"Variable") == 2


def test_encode_refuses_header_injection():
    with pytest.raises(ValueError):
        encode_action({"Action": "Setvar", "Value": "1\r\nAction: Hangup"})


header_text = st.text(
    alphabet=st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)), max_size=30
)
header_name = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_", min_size=1,
                      max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(header_name, header_text), min_size=1, max_size=10), st.data())
def test_encode_parse_round_trip(pairs, data):
    pairs = [("Action", "Test"), *pairs]
    wire = encode_action(pairs)
    cuts = data.draw(st.lists(st.integers(1, len(wire) - 1), max_size=8))
    parser = AmiParser(expect_banner=False)
    items = []
    prev = 0
    for cut in [*sorted(set(cuts)), len(wire)]:
        items.extend(parser.feed(wire[prev:cut]))
        prev = cut
    assert len(items) == 1
    assert items[0].headers == pairs
    assert encode_message(items[0]) == wire


def test_recording_reader_directions_and_lengths(ami_dir):
    records = read_recording(ami_dir / "l_bad_login.ami")
    assert [r.direction for r in records] == ["RECV", "SEND", "RECV", "NOTE", "NOTE"]
    assert records[0].data == b"Asterisk Call Manager/11.0.0\r\n"
    assert records[2].offset == pytest.approx(1.003)
    assert b"Authentication failed" in records[2].data
