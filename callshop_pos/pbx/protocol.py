"""Asterisk Manager Interface (AMI) wire protocol: a pure incremental parser and an encoder.

No I/O here: bytes go in, :class:`Message` objects come out, so the same code serves the
live client, the recording replays and the simulator, and it can be tested with any chunking.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

FRAME_END = b"\r\n\r\n"
BANNER_PREFIX = "Asterisk Call Manager/"
# Pre-Asterisk-13 `Response: Follows` bodies are raw text ended by this marker (they may contain
# blank lines, so the ordinary frame end cannot be trusted for them).
FOLLOWS_START = b"Response: Follows\r\n"
FOLLOWS_END = b"--END COMMAND--"
FOLLOWS_END_FRAME = FOLLOWS_END + FRAME_END


@dataclass(frozen=True, slots=True)
class Banner:
    """The greeting line Asterisk sends once per connection, e.g. `Asterisk Call Manager/11.0.0`."""

    text: str

    @property
    def version(self) -> str:
        return self.text[len(BANNER_PREFIX):] if self.text.startswith(BANNER_PREFIX) else ""


@dataclass(slots=True)
class Message:
    """One AMI message: headers in wire order (names may repeat) plus an optional raw body."""

    headers: list[tuple[str, str]]
    body: list[str] = field(default_factory=list)
    _first: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self._first:
            # Reversed so that the FIRST occurrence of a repeated header wins.
            self._first = {name.lower(): value for name, value in reversed(self.headers)}

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
        return [value for n, value in self.headers if n.lower() == key]

    @property
    def kind(self) -> str:
        """'event', 'response' or 'other' (from the first header, as Asterisk puts it first)."""
        if not self.headers:
            return "other"
        first = self.headers[0][0].lower()
        if first == "event":
            return "event"
        if first == "response":
            return "response"
        return "other"

    @property
    def is_event(self) -> bool:
        return self.kind == "event"

    @property
    def is_response(self) -> bool:
        return self.kind == "response"

    @property
    def name(self) -> str:
        """The event name or the response status ('Success', 'Error', 'Follows'...)."""
        return self.headers[0][1] if self.headers else ""

    @property
    def action_id(self) -> str | None:
        return self._first.get("actionid")

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


def _split_header(line: str) -> tuple[str, str] | None:
    name, sep, value = line.partition(":")
    if not sep:
        return None
    # Asterisk writes "Name: value"; tolerate "Name:value" from other servers.
    if value[:1] == " ":
        value = value[1:]
    return name, value


def parse_frame(frame: bytes) -> Message:
    """Decode one whole frame (without its terminating blank line) into a Message."""
    text = frame.decode("utf-8", errors="replace")
    if text.startswith("Response: Follows"):
        return _parse_follows(text)
    headers: list[tuple[str, str]] = []
    append = headers.append
    # Hot path (the bench wants >100k messages/s): inline of _split_header.
    for line in text.split("\r\n"):
        name, sep, value = line.partition(":")
        if sep:
            append((name, value[1:] if value[:1] == " " else value))
    return Message(headers)


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


class AmiParser:
    """Incremental parser: call :meth:`feed` with any chunks, get complete items back.

    Bytes are buffered and decoded only once a whole frame is in, so a chunk boundary inside
    a CRLF pair or inside a multi-byte UTF-8 character can never corrupt a message.
    """

    __slots__ = ("_buf", "_expect_banner")

    def __init__(self, expect_banner: bool = True) -> None:
        self._buf = bytearray()
        self._expect_banner = expect_banner

    @property
    def pending_bytes(self) -> int:
        return len(self._buf)

    def feed(self, data: bytes) -> list[AmiItem]:
        buf = self._buf
        buf += data
        out: list[AmiItem] = []
        start = 0
        if self._expect_banner:
            eol = buf.find(b"\r\n")
            if eol < 0:
                return out
            line = bytes(buf[:eol]).decode("utf-8", errors="replace")
            self._expect_banner = False
            if line.startswith(BANNER_PREFIX) or ":" not in line:
                out.append(Banner(line))
                start = eol + 2
        find = buf.find
        while True:
            # Asterisk may emit a stray blank line between frames; skip it.
            while buf[start:start + 2] == b"\r\n":
                start += 2
            end = find(FRAME_END, start)
            if end < 0:
                break
            if buf.startswith(FOLLOWS_START, start):
                marker = find(FOLLOWS_END_FRAME, start)
                if marker < 0:
                    break
                end = marker + len(FOLLOWS_END)
            out.append(parse_frame(bytes(buf[start:end])))
            start = end + 4
        if start:
            del buf[:start]
        return out


def parse_stream(data: bytes, expect_banner: bool = True) -> list[AmiItem]:
    """Parse a complete byte stream at once (tests, replays)."""
    return AmiParser(expect_banner).feed(data)


Fields = Mapping[str, "str | int | Sequence[str]"] | Iterable[tuple[str, str | int]]


def _pairs(fields: Fields) -> Iterator[tuple[str, str]]:
    items = fields.items() if isinstance(fields, Mapping) else fields
    for name, value in items:
        if isinstance(value, (list, tuple)):
            for item in value:
                yield name, str(item)
        else:
            yield name, str(value)


def encode_action(fields: Fields) -> bytes:
    """Encode an action from a mapping (list values repeat the header) or ordered pairs.

    CR or LF inside a name or value would let a value inject headers: refused.
    """
    parts: list[str] = []
    for name, value in _pairs(fields):
        if not name or any(c in name for c in "\r\n:") or "\r" in value or "\n" in value:
            raise ValueError(f"AMI header {name!r} has an illegal character")
        parts.append(f"{name}: {value}\r\n")
    if not parts:
        raise ValueError("empty AMI action")
    parts.append("\r\n")
    return "".join(parts).encode("utf-8")


def encode_message(message: Message) -> bytes:
    """Encode a message back to wire bytes (used by the simulator and the round-trip test)."""
    lines = [f"{name}: {value}\r\n" for name, value in message.headers]
    if message.body:
        lines.extend(f"{line}\n" for line in message.body)
        lines.append(FOLLOWS_END.decode() + "\r\n")
    lines.append("\r\n")
    return "".join(lines).encode("utf-8")
