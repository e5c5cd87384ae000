"""Asterisk Manager Interface (AMI) wire protocol: a pure incremental parser and an encoder.

No I/O here: bytes go in, :class:`Message` objects come out, so the same code serves the
live client, the recording replays and the simulator, and it can be tested with any chunking.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

FRAME_END = b"\r\n\r\n"
BANNER_PREFIX = "Asterisk Call Manager/"
# Pre-Asterisk-13 `Response: Follows` bodies are raw text ended by this marker (they may contain
# blank lines, so the ordinary frame end cannot be trusted for them).
FOLLOWS_START = b"Response: Follows\r\n"
FOLLOWS_END = b"--END COMMAND--"
FOLLOWS_END_FRAME = FOLLOWS_END + FRAME_END

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Banner:
    """The greeting line Asterisk sends once per connection, e.g. `Asterisk Call Manager/11.0.0`."""

    text: str

    @property
    def version(self) -> str:
        return self.text[len(BANNER_PREFIX) :] if self.text.startswith(BANNER_PREFIX) else ""


# Header name as received -> its case-insensitive key (lower case), memoised: Asterisk uses a
# few hundred names, so a message's keys cost one dict probe each instead of a ``lower()``
# call and a new string. A plain dict (the interpreter's fastest subscript); bounded, so a
# hostile peer's made-up names cannot grow it for ever (past the bound a name is lower-cased
# each time).
_KEYS: dict[str, str] = {}
_KEYS_MAX = 4096


def _key(name: str) -> str:
    try:
        return _KEYS[name]
    except KeyError:
        key = name.lower()
        if len(_KEYS) < _KEYS_MAX:
            _KEYS[name] = key
        return key


class Message:
    """One AMI message: headers in wire order (names may repeat) plus an optional raw body.

    Header names are case-insensitive for :meth:`get` and friends; the first occurrence of a
    repeated header wins there, :meth:`get_all` gives every one.

    What every reader asks of every message is taken once, when it is made, and held in plain
    attributes (one slot read each, no call): :attr:`kind` ('event', 'response' or 'other',
    from the first header, as Asterisk puts it first), :attr:`is_event`, :attr:`is_response`,
    :attr:`name` (the event name or the response status: 'Success', 'Error', 'Follows'...) and
    :attr:`name_key` (that name lower-cased: event names are case-insensitive too, so handlers
    are found by it). They are the message's own: set them never.
    """

    __slots__ = (
        "_first",
        "_headers",
        "body",
        "is_event",
        "is_response",
        "kind",
        "name",
        "name_key",
    )

    kind: str
    name: str
    name_key: str
    is_event: bool
    is_response: bool

    def __init__(self, headers: list[tuple[str, str]], body: list[str] | None = None) -> None:
        self._headers: list[tuple[str, str]] | None = headers
        self.body: list[str] = [] if body is None else body
        # Reversed so that the FIRST occurrence of a repeated header wins.
        self._first = {_key(name): value for name, value in reversed(headers)}
        _set_kind_and_name(self, headers[0] if headers else None)

    @property
    def headers(self) -> list[tuple[str, str]]:
        """(name, value) pairs in wire order."""
        return self._headers or []

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return self.headers == other.headers and self.body == other.body

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it was

    def __repr__(self) -> str:
        return f"Message(headers={self.headers!r}, body={self.body!r})"

    def get(self, name: str, default: str | None = None) -> str | None:
        """First value of header `name` (case-insensitive), or `default`."""
        return self._first.get(name.lower(), default)

    def __getitem__(self, name: str) -> str:
        return self._first[name.lower()]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._first

    def get_all(self, name: str) -> list[str]:
        """Every value of a repeatable header (ChanVariable, Output, Variable...) in order."""
        key = name.lower()
        return [value for n, value in self.headers if _key(n) == key]

    @property
    def action_id(self) -> str | None:
        return self.get("ActionID")

    @property
    def output(self) -> list[str]:
        """Command output: the old `Follows` body or the Asterisk 13+ `Output:` headers."""
        return self.body if self.body else self.get_all("Output")

    def to_dict(self) -> dict[str, str]:
        """First value per header name (original spelling): handy for logs and tests."""
        out: dict[str, str] = {}
        for name, value in self.headers:
            out.setdefault(name, value)
        return out


AmiItem = Banner | Message


def _set_kind_and_name(message: Message, head: tuple[str, str] | None) -> None:
    """A message's kind and name, from its first header (the general rule)."""
    if head is None:
        _set_head(message, "other", "")
        return
    first = _key(head[0])
    _set_head(message, first if first in ("event", "response") else "other", head[1])


def _set_head(message: Message, kind: str, name: str) -> None:
    message.kind = kind
    message.is_event = kind == "event"
    message.is_response = kind == "response"
    message.name = name
    message.name_key = _key(name)


_CRLF = "\r\n"
_TEXT_FRAME_END = FRAME_END.decode()


def _split_header(line: str) -> tuple[str, str] | None:
    name, sep, value = line.partition(":")
    if not sep:
        return None
    # Asterisk writes "Name: value"; tolerate "Name:value" from other servers.
    if value[:1] == " ":
        value = value[1:]
    return name, value


def _header_list(text: str) -> list[tuple[str, str]]:
    """The rule: lines end at CRLF, a header is "Name:value" split at the first colon (one
    space after it dropped), a line without a colon is ignored."""
    headers: list[tuple[str, str]] = []
    append = headers.append
    for line in text.split(_CRLF):
        pair = _split_header(line)
        if pair is not None:
            append(pair)
    return headers


# Header name asked for -> what starts its line in a received frame's lower-cased text
# ("\r\n" + lower-case name + ":") and its length. A name no header can have (a colon or a
# line break in it) gets "A", never found: a lower-cased text has no capital letter.
# Memoised and bounded like _KEYS; the names asked for are the program's own.
_NEEDLES: dict[str, tuple[str, int]] = {}
_NEVER = ("A", 0)
_ACTION_ID = "\r\nactionid:"
_ACTION_ID_SIZE = len(_ACTION_ID)


def _needle(name: str) -> tuple[str, int]:
    """The needle of `name` (see _NEEDLES) and its length."""
    try:
        return _NEEDLES[name]
    except KeyError:
        if ":" in name or _CRLF in name:
            needle = _NEVER
        else:
            text = f"\r\n{name.lower()}:"
            needle = (text, len(text))
        if len(_NEEDLES) < _KEYS_MAX:
            _NEEDLES[name] = needle
        return needle


class _Frame(Message):
    """A message as received, read in place: its text and the same text in lower case, so a
    header is looked up with one ``find``: no per-header work at parse time, and none for the
    many headers nobody reads. Its kind and name (read of every message) are taken at parse;
    the (name, value) list is made only if asked for.

    Both texts are the frame between a leading and a trailing CRLF, so every header line,
    the first one too, starts right after a CRLF and ends at one; the lower case keeps every
    index (see :func:`_frame`), so a position in one is the same position in the other.
    """

    __slots__ = ("_low", "_text")

    _low: str
    _text: str

    @property
    def headers(self) -> list[tuple[str, str]]:
        headers = self._headers
        if headers is None:
            headers = self._headers = _header_list(self._text)
        return headers

    def get(self, name: str, default: str | None = None) -> str | None:
        try:
            needle, size = _NEEDLES[name]
        except KeyError:
            needle, size = _needle(name)
        at = self._low.find(needle)
        if at < 0:
            return default
        text = self._text
        at += size
        if text[at] == " ":  # the trailing CRLF: never past the end
            at += 1
        return text[at : text.find(_CRLF, at)]

    @property
    def action_id(self) -> str | None:
        # get("ActionID") inlined: read of every message, and absent from most events
        at = self._low.find(_ACTION_ID)
        if at < 0:
            return None
        text = self._text
        at += _ACTION_ID_SIZE
        if text[at] == " ":
            at += 1
        return text[at : text.find(_CRLF, at)]

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __reduce__(self) -> tuple[type[Message], tuple[list[tuple[str, str]], list[str]]]:
        # copied or pickled as the equal plain Message (the subclasses' kind is not a slot)
        return Message, (list(self.headers), list(self.body))


class _EventFrame(_Frame):
    """A received frame whose first line is ``Event: ...`` (nearly all). Its kind is its
    class's: these class attributes hide the slots, so they cannot be set."""

    __slots__ = ()
    kind = "event"
    is_event = True
    is_response = False


class _ResponseFrame(_Frame):
    """A received frame whose first line is ``Response: ...``."""

    __slots__ = ()
    kind = "response"
    is_event = False
    is_response = True


_new_message = object.__new__
_CAPITAL_SIGMA = "\u03a3"  # the one letter whose lower case depends on its neighbours
# How the first line of nearly every frame starts (and so where its value then starts).
_EVENT_HEAD = "\r\nevent: "
_RESPONSE_HEAD = "\r\nresponse: "
_EVENT_AT = len(_EVENT_HEAD)
_RESPONSE_AT = len(_RESPONSE_HEAD)


def _frame(text: str) -> Message:
    """The Message of one frame's text (not an old Follows response)."""
    text = f"{_CRLF}{text}{_CRLF}"
    low = text.lower()
    # The in-place lookup needs the lower case to keep every index and to lower each name
    # as lower() lowers it alone: true of ASCII; otherwise unless a letter grew (U+0130 is
    # the one that does) or a capital sigma (lowered by context) is in the text.
    if len(low) != len(text) or not (text.isascii() or _CAPITAL_SIGMA not in text):
        return Message(_header_list(text))
    message: _Frame
    if low.startswith(_EVENT_HEAD):
        message = _new_message(_EventFrame)
        name = text[_EVENT_AT : text.find(_CRLF, _EVENT_AT)]
    elif low.startswith(_RESPONSE_HEAD):
        message = _new_message(_ResponseFrame)
        name = text[_RESPONSE_AT : text.find(_CRLF, _RESPONSE_AT)]
    else:  # "Event:X", a first line that is not a header...: by the general rule
        message = _new_message(_Frame)
        message._text = text
        message._low = low
        message._headers = None
        message.body = []
        headers = message.headers
        _set_kind_and_name(message, headers[0] if headers else None)
        return message
    message._text = text
    message._low = low
    message._headers = None
    message.body = []
    message.name = name
    try:
        message.name_key = _KEYS[name]
    except KeyError:
        message.name_key = _key(name)
    return message


def parse_frame(frame: bytes | bytearray) -> Message:
    """Decode one whole frame (without its terminating blank line) into a Message."""
    text = frame.decode("utf-8", "replace")
    if text.startswith("Response: Follows"):
        return _parse_follows(text)
    return _frame(text)


def _parse_follows(text: str) -> Message:
    """Old `Response: Follows`: a few headers, then raw output up to `--END COMMAND--`."""
    headers: list[tuple[str, str]] = []
    body: list[str] = []
    end_marker = FOLLOWS_END.decode()
    for line in text.replace("\r\n", "\n").split("\n"):
        pair = _split_header(line) if not body else None
        if pair is not None and (not headers or pair[0] in ("Privilege", "ActionID")):
            headers.append(pair)
        elif line and line != end_marker:
            body.append(line)
    if body and body[-1].endswith(end_marker):
        body[-1] = body[-1][: -len(end_marker)]
        if not body[-1]:
            body.pop()
    return Message(headers, body)


# A message longer than this (an endless Follows body, a hostile peer) is dropped with one log
# line; the parser then resumes at the next frame, so the stream stays in sync.
MAX_MESSAGE_BYTES = 1 << 20
# Where an old `Follows` body lacks its `--END COMMAND--`, the next frame's first header ends it.
FRAME_STARTS = (b"Event:", b"Response:")
_LOOKAHEAD = max(len(start) for start in FRAME_STARTS)
# Bytes at the end of the buffer that may still turn out to hold a frame end (its marker, its
# blank line and the next frame's first word): kept when an oversized message is skipped.
_SLACK = len(FOLLOWS_END) + len(FRAME_END) + _LOOKAHEAD
BANNER_MAX = 1024
# A frame starting with one of these needs a closer look (a stray blank line, an old Follows).
_UNUSUAL_STARTS = (b"\r\n", FOLLOWS_START)


def _follows_end(buf: bytearray, start: int) -> int | None:
    """Where a `Response: Follows` frame starting at ``start`` ends (its last blank line), or
    None while the bytes in hand cannot tell.

    The body may hold blank lines, so the frame ends at the first blank line that follows
    `--END COMMAND--` or is followed by the next frame's first header. A pure function of the
    bytes: any chunking of the stream gives the same frames.
    """
    pos = start
    while True:
        blank = buf.find(FRAME_END, pos)
        if blank < 0:
            return None
        marker = blank - len(FOLLOWS_END)
        if marker >= start and buf[marker:blank] == FOLLOWS_END:
            return blank
        head = bytes(buf[blank + 4 : blank + 4 + _LOOKAHEAD])
        if any(head.startswith(word) for word in FRAME_STARTS):
            return blank
        if len(head) < _LOOKAHEAD and any(word.startswith(head) for word in FRAME_STARTS):
            return None
        pos = blank + 1


_FOLLOWS_WORDS = FOLLOWS_START[:-2]
# A chunk starting so is left to the general path (a stray blank line; what parse_frame would
# read as an old Follows response).
_FAST_PATH_NOT = (b"\r\n", _FOLLOWS_WORDS)


def _whole_frames(buf: bytearray, start: int, limit: int, out: list[AmiItem]) -> int:
    """Parse at once every whole frame from ``start`` (a frame boundary) up to the last frame
    end within ``limit`` bytes, and return where the rest starts.

    One decode and one split for them all: the frames are exactly those the frame-by-frame
    loop finds (each ends at the first blank line; the empty pieces and the leading CRLFs are
    its stray blank lines), none is over the limit, and UTF-8 decodes the same whole or cut at
    a CRLF. An old `Response: Follows` and what follows it are left to that loop.
    """
    end = buf.rfind(FRAME_END, start, start + limit + len(FRAME_END))
    follows = buf.find(_FOLLOWS_WORDS, start, end) if end >= 0 else -1
    if follows >= 0:  # only the frames before it
        end = buf.rfind(FRAME_END, start, follows)
    if end < 0:
        return start
    append = out.append
    pieces = buf[start : end + 4].decode("utf-8", "replace").split(_TEXT_FRAME_END)
    pieces.pop()  # what follows the last blank line: "" or a stray CRLF
    for text in pieces:
        while text.startswith(_CRLF):
            text = text[2:]
        if text:
            append(_frame(text))
    return end + 4


def _first_line(data: bytes) -> str:
    return data[:80].split(b"\r\n", 1)[0].decode("utf-8", errors="replace")


class AmiParser:
    """Incremental parser: call :meth:`feed` with any chunks, get complete items back.

    Bytes are buffered and decoded only once a whole frame is in, so a chunk boundary inside
    a CRLF pair or inside a multi-byte UTF-8 character can never corrupt a message. A message
    over ``max_message`` bytes is dropped (counted in :attr:`dropped`, one log line each).
    """

    __slots__ = ("_buf", "_expect_banner", "_skipping", "dropped", "max_message")

    def __init__(self, expect_banner: bool = True, max_message: int = MAX_MESSAGE_BYTES) -> None:
        self._buf = bytearray()
        self._expect_banner = expect_banner
        self.max_message = max_message
        self.dropped = 0
        # While an oversized message is skipped: whether it is a Follows frame (its end is
        # found differently); None otherwise.
        self._skipping: bool | None = None

    @property
    def pending_bytes(self) -> int:
        return len(self._buf)

    def feed(self, data: bytes) -> list[AmiItem]:
        buf = self._buf
        if not buf and not self._expect_banner and self._skipping is None:
            # Asterisk writes a message per send, so a read most often brings exactly one
            # whole frame: parsed from the chunk itself, as the general path below would
            # (its first blank line ends the chunk; no stray blank line or old Follows to
            # look at; not over the limit), without going through the buffer.
            end = data.find(FRAME_END)
            if (
                end == len(data) - 4
                and 0 < end <= self.max_message
                and not data.startswith(_FAST_PATH_NOT)
            ):
                return [_frame(data[:end].decode("utf-8", "replace"))]

        buf += data
        out: list[AmiItem] = []
        start = 0
        if self._expect_banner:
            eol = buf.find(b"\r\n", 0, BANNER_MAX + 2)
            if eol < 0:
                if len(buf) < BANNER_MAX + 2:
                    return out
                self._expect_banner = False  # no banner line at all: frames only
            else:
                line = bytes(buf[:eol]).decode("utf-8", errors="replace")
                self._expect_banner = False
                if line.startswith(BANNER_PREFIX) or ":" not in line:
                    out.append(Banner(line))
                    start = eol + 2
        if self._skipping is not None:
            start = self._skip(buf, start)
            if self._skipping is not None:
                return out
        start = _whole_frames(buf, start, self.max_message, out)
        if start < len(buf):
            start = self._one_by_one(buf, start, out)
        if start:
            del buf[:start]
        return out

    def _one_by_one(self, buf: bytearray, start: int, out: list[AmiItem]) -> int:
        """Frame by frame, what _whole_frames left (an old Follows, a long or partial frame);
        returns where the undecided rest starts."""
        find = buf.find
        startswith = buf.startswith
        append = out.append
        limit = self.max_message
        while start < len(buf):
            follows = False
            if startswith(_UNUSUAL_STARTS, start):  # one C call for the common case
                # Asterisk may emit a stray blank line between frames; skip it.
                while startswith(b"\r\n", start):
                    start += 2
                follows = startswith(FOLLOWS_START, start)
            end = _follows_end(buf, start) if follows else find(FRAME_END, start)
            if end is None or end < 0:
                if len(buf) - start <= limit + _SLACK:
                    break  # wait for the rest
                # Longer than the limit, whatever ends it: skip it as it comes.
                self._drop(bytes(buf[start : start + 80]), f"over {limit}")
                self._skipping = follows
                start = self._skip(buf, start)
                if self._skipping is not None:
                    break
                continue
            if end - start > limit:
                self._drop(bytes(buf[start : start + 80]), str(end - start))
            else:
                append(parse_frame(buf[start:end]))
            start = end + 4
        return start

    def _drop(self, head: bytes, size: str) -> None:
        self.dropped += 1
        log.warning(
            "AMI message of %s bytes dropped (limit %d): %r",
            size,
            self.max_message,
            _first_line(head),
        )

    def _skip(self, buf: bytearray, start: int) -> int:
        """Discard the oversized message from ``start``; returns where parsing resumes (the
        buffer is trimmed to its undecided tail while the message goes on)."""
        follows = bool(self._skipping)
        end = _follows_end(buf, start) if follows else buf.find(FRAME_END, start)
        if end is not None and end >= 0:
            self._skipping = None
            return end + 4
        keep = max(start, len(buf) - _SLACK)
        del buf[:keep]
        return 0


def parse_stream(data: bytes, expect_banner: bool = True) -> list[AmiItem]:
    """Parse a complete byte stream at once (tests, replays)."""
    return AmiParser(expect_banner).feed(data)


Fields = Mapping[str, "str | int | Sequence[str]"] | Iterable[tuple[str, str | int]]


def encode_action(fields: Fields, action_id: str | None = None) -> bytes:
    """Encode an action from a mapping (list values repeat the header) or ordered pairs;
    with ``action_id``, any ActionID of ``fields`` is replaced by it, put last.

    CR or LF inside a name or value would let a value inject headers: refused.
    """
    return action_text(fields, action_id).encode("utf-8")


def encode_actions(actions: Iterable[tuple[Fields, str]]) -> bytes:
    """Several actions, each with its ActionID (see :func:`encode_action`), as one buffer."""
    return "".join([action_text(fields, action_id) for fields, action_id in actions]).encode(
        "utf-8"
    )


# Header names already checked (the program's own few): a name costs one set probe.
_GOOD_NAMES: set[str] = set()


def _checked_name(name: str) -> None:
    if not name or any(c in name for c in "\r\n:"):
        raise ValueError(f"AMI header {name!r} has an illegal character")
    if len(_GOOD_NAMES) < _KEYS_MAX:
        _GOOD_NAMES.add(name)


def action_text(fields: Fields, action_id: str | None = None) -> str:
    """The text of :func:`encode_action` (one action, its blank line included)."""
    parts: list[str] = []
    append = parts.append
    items = fields.items() if type(fields) is dict or isinstance(fields, Mapping) else fields
    for name, value in items:
        if name not in _GOOD_NAMES:
            _checked_name(name)
        if action_id is not None and _key(name) == "actionid":
            continue
        if type(value) is str:
            append(f"{name}: {value}\r\n")
        elif isinstance(value, (list, tuple)):
            for item in value:
                append(f"{name}: {item}\r\n")
        else:
            append(f"{name}: {value}\r\n")
    if action_id is not None:
        append(f"ActionID: {action_id}\r\n")
    if not parts:
        raise ValueError("empty AMI action")
    append("\r\n")
    text = "".join(parts)
    # every line break is one of ours (a CR or LF in a value could inject a header)
    if text.count("\n") != len(parts) or text.count("\r") != len(parts):
        bad = next(p for p in parts[:-1] if p.count("\n") != 1 or p.count("\r") != 1)
        raise ValueError(f"AMI header {bad.partition(':')[0]!r} has an illegal character")
    return text


def encode_pairs(headers: Iterable[tuple[str, str]]) -> bytes:
    """The wire bytes of a message of these headers, no body: :func:`encode_message` without
    making the :class:`Message` first (the simulator's replies)."""
    return "".join([f"{name}: {value}\r\n" for name, value in headers] + ["\r\n"]).encode("utf-8")


def encode_message(message: Message) -> bytes:
    """Encode a message back to wire bytes (used by the simulator and the round-trip test)."""
    if not message.body:
        return encode_pairs(message.headers)
    lines = [f"{name}: {value}\r\n" for name, value in message.headers]
    lines.extend(f"{line}\n" for line in message.body)
    lines.append(FOLLOWS_END.decode() + "\r\n")
    lines.append("\r\n")
    return "".join(lines).encode("utf-8")
