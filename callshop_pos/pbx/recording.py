"""Reader for the `.ami` recording format (one header line, then exactly N raw bytes)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from callshop_pos.errors import CallshopError

_HEADER = re.compile(rb"^### (\S+) \+([0-9.]+)s (RECV|SEND|NOTE) (\d+)$")


@dataclass(frozen=True, slots=True)
class Record:
    time: str  # ISO-8601 wall time as written by the recorder
    offset: float  # seconds since the start of the capture
    direction: str  # RECV (from Asterisk), SEND (from the client) or NOTE
    data: bytes


class RecordingError(CallshopError, ValueError):
    pass


def iter_records(data: bytes) -> Iterator[Record]:
    pos = 0
    size = len(data)
    while pos < size:
        eol = data.find(b"\n", pos)
        if eol < 0:
            raise RecordingError(f"truncated record header at byte {pos}")
        match = _HEADER.match(data[pos:eol])
        if match is None:
            raise RecordingError(f"bad record header at byte {pos}: {data[pos:eol][:80]!r}")
        length = int(match.group(4))
        body = data[eol + 1 : eol + 1 + length]
        if len(body) != length:
            raise RecordingError(f"record at byte {pos} is cut short")
        yield Record(match.group(1).decode(), float(match.group(2)), match.group(3).decode(), body)
        pos = eol + 1 + length


def read_recording(path: str | Path) -> list[Record]:
    return list(iter_records(Path(path).read_bytes()))


def received_bytes(path: str | Path) -> bytes:
    """Everything Asterisk sent in one session, concatenated."""
    return b"".join(r.data for r in read_recording(path) if r.direction == "RECV")
