from __future__ import annotations

import pytest

from printing.status import NO_ANSWER, parse_status, query_status

OK = 0x12  # the fixed bits of every status byte


@pytest.mark.parametrize(
    ("replies", "message", "ready"),
    [
        ((OK, OK, OK, OK), "Ready", True),
        ((OK | 0x08, OK | 0x20, OK, OK | 0x60), "Paper out", False),
        ((OK | 0x08, OK | 0x04, OK, OK), "Cover open", False),
        ((OK | 0x08, OK, OK, OK), "Offline", False),
        ((OK, OK, OK, OK | 0x0C), "Paper near end", True),
        ((OK | 0x08, OK | 0x40, OK | 0x08, OK), "Cutter error", False),
        ((OK | 0x08, OK | 0x24, OK, OK | 0x6C), "Paper out, Cover open", False),
    ],
)
def test_parse_status(replies: tuple[int, int, int, int], message: str, ready: bool) -> None:
    status = parse_status(*replies)
    assert status.message == message
    assert status.ready is ready


class ScriptedPort:
    def __init__(self, answers: dict[int, bytes]) -> None:
        self.answers = answers
        self.sent: list[bytes] = []
        self._next = b""

    def write(self, data: bytes) -> None:
        self.sent.append(data)
        self._next = self.answers.get(data[2], b"")

    def read(self, size: int, timeout: float | None = None) -> bytes:
        out, self._next = self._next[:size], b""
        return out

    def discard_input(self) -> None:
        self._next = b""


def test_query_asks_the_four_statuses_in_order() -> None:
    port = ScriptedPort({1: bytes([OK]), 2: bytes([OK]), 3: bytes([OK]), 4: bytes([OK | 0x0C])})
    status = query_status(port)
    assert port.sent == [b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x03", b"\x10\x04\x04"]
    assert status.paper_near_end and status.ready


def test_silence_or_garbage_means_no_answer() -> None:
    assert query_status(ScriptedPort({})).message == NO_ANSWER
    garbage = ScriptedPort({1: b"\xff", 2: bytes([OK]), 3: bytes([OK]), 4: bytes([OK])})
    status = query_status(garbage)
    assert status.message == NO_ANSWER
    assert not status.ready
