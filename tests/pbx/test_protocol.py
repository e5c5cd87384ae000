import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callshop_pos.pbx.protocol import (
    AmiParser,
    Banner,
    Message,
    encode_action,
    encode_actions,
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


def test_encode_puts_the_given_action_id_last_in_place_of_the_fields_own():
    data = encode_action([("ActionID", "theirs"), ("Action", "Ping")], "pos-7")
    assert data == b"Action: Ping\r\nActionID: pos-7\r\n\r\n"
    assert encode_actions([({"Action": "Ping"}, "a"), ({"Action": "Ping"}, "b")]) == (
        b"Action: Ping\r\nActionID: a\r\n\r\nAction: Ping\r\nActionID: b\r\n\r\n"
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(max_size=12), min_size=1, max_size=6),
    st.integers(0, 5),
    st.integers(0, 12),
    st.sampled_from(["\r", "\n", "\r\n", "\n\r", "\r\n\r\n"]),
    st.sampled_from(["value", "list item", "action id"]),
)
def test_encode_refuses_a_line_break_anywhere_in_a_value(values, which, at, brk, where):
    """Whatever else the values hold, one CR or LF in any of them (a repeated header's
    item, the ActionID) refuses the whole action: it could inject headers."""
    values = [v.replace("\r", "").replace("\n", "") for v in values]
    i = which % len(values)
    values[i] = values[i][:at] + brk + values[i][at:]
    fields: list[tuple[str, str | list[str]]] = [("Action", "Setvar")]
    action_id = None
    if where == "action id":
        action_id = values[i]
        fields += [(f"H{n}", v) for n, v in enumerate(values) if n != i]
    elif where == "list item":
        fields.append(("Variable", values))
    else:
        fields += [(f"H{n}", v) for n, v in enumerate(values)]
    with pytest.raises(ValueError):
        encode_action(fields, action_id)  # type: ignore[arg-type]


header_text = st.text(
    alphabet=st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)), max_size=30
)
header_name = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_", min_size=1, max_size=12
)


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


# ---------------------------------------------------------------------- a hostile stream
def _all_splits_agree(data: bytes, expect_banner: bool = False, **kw) -> list:
    """Parse whole, then split at every position and byte by byte: always the same items."""
    whole = AmiParser(expect_banner, **kw).feed(data)
    for cut in range(1, len(data)):
        parser = AmiParser(expect_banner, **kw)
        assert parser.feed(data[:cut]) + parser.feed(data[cut:]) == whole, cut
    parser = AmiParser(expect_banner, **kw)
    assert [m for i in range(len(data)) for m in parser.feed(data[i : i + 1])] == whole
    return whole


def test_follows_without_end_marker_ends_at_the_next_frame():
    data = (
        b"Response: Follows\r\nPrivilege: Command\r\nActionID: 7\r\n"
        b"first line\n\r\n\r\nstill body\r\n\r\n"  # a blank line inside the body
        b"Response: Success\r\nActionID: pos-2\r\nPing: Pong\r\n\r\n"
        b"Event: Hangup\r\nUniqueid: 1.1\r\n\r\n"
    )
    follows, pong, hangup = _all_splits_agree(data)
    assert (follows.name, follows.action_id) == ("Follows", "7")
    assert follows.output == ["first line", "still body"]
    assert (pong.action_id, pong.get("Ping")) == ("pos-2", "Pong")
    assert hangup.get("Uniqueid") == "1.1"


def test_follows_with_end_marker_keeps_blank_lines_of_its_body():
    data = (
        b"Response: Follows\r\nActionID: 8\r\nline one\r\n\r\nline: two\n"
        b"--END COMMAND--\r\n\r\nEvent: Next\r\n\r\n"
    )
    follows, nxt = _all_splits_agree(data)
    assert follows.output == ["line one", "line: two"]
    assert nxt.name == "Next"


def test_oversized_message_is_dropped_with_one_log_line_and_the_stream_stays_in_sync(caplog):
    big = b"Event: Flood\r\n" + b"X: " + b"y" * 300 + b"\r\n\r\n"
    data = b"Event: A\r\n\r\n" + big + b"Event: B\r\n\r\n" + big + b"Event: C\r\n\r\n"
    with caplog.at_level("WARNING", logger="callshop_pos.pbx.protocol"):
        parser = AmiParser(expect_banner=False, max_message=100)
        items = [m for i in range(0, len(data), 7) for m in parser.feed(data[i : i + 7])]
    assert [m.name for m in items] == ["A", "B", "C"]
    assert parser.dropped == 2 and parser.pending_bytes == 0
    drops = [r.getMessage() for r in caplog.records if "dropped" in r.getMessage()]
    assert len(drops) == 2 and "'Event: Flood'" in drops[0]
    assert [m.name for m in _all_splits_agree(data, max_message=100)] == ["A", "B", "C"]


def test_endless_follows_body_is_bounded():
    body = b"".join(b"row %d\n\r\n\r\n" % i for i in range(100))  # blank lines, no END
    data = (
        b"Response: Follows\r\nActionID: 9\r\n"
        + body
        + b"Response: Success\r\nActionID: pos-3\r\n\r\n"
    )
    assert [m.action_id for m in _all_splits_agree(data, max_message=200)] == ["pos-3"]
    parser = AmiParser(expect_banner=False, max_message=200)
    for i in range(0, len(data), 50):
        parser.feed(data[i : i + 50])
        assert parser.pending_bytes <= 400  # never buffers the whole runaway body


def test_a_peer_without_a_banner_line_does_not_grow_the_buffer_for_ever():
    parser = AmiParser(max_message=500)
    parser.feed(b"z" * 5000)
    assert parser.pending_bytes < 600
    assert [m.name for m in parser.feed(b"\r\n\r\nEvent: Later\r\n\r\n")] == ["Later"]
