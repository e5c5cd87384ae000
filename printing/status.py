"""Real-time printer status through DLE EOT n (Epson ESC/POS)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

DLE_EOT = b"\x10\x04"

PRINTER = 1  # online/offline
OFFLINE_CAUSE = 2  # cover, paper end stop, error
ERROR_CAUSE = 3  # cutter, unrecoverable, auto-recoverable
PAPER_SENSOR = 4  # roll near end / end

# Every status byte has bit 1 and bit 4 set and bits 0 and 7 clear; anything else is noise.
_FIXED_MASK = 0x93
_FIXED_VALUE = 0x12

NO_ANSWER = "No answer from printer"


class StatusPort(Protocol):
    def write(self, data: bytes) -> None: ...
    def read(self, size: int, timeout: float | None = None) -> bytes: ...
    def discard_input(self) -> None: ...


@dataclass(frozen=True)
class PrinterStatus:
    online: bool
    cover_open: bool = False
    paper_out: bool = False
    paper_near_end: bool = False
    error: bool = False
    message: str = "Ready"
    answered: bool = True  # False: no (valid) reply to DLE EOT at all

    @property
    def ready(self) -> bool:
        """Can print now; paper near end is only a warning."""
        return self.online and not (self.cover_open or self.paper_out or self.error)


def request(n: int) -> bytes:
    return DLE_EOT + bytes([n])


def is_status_byte(b: int) -> bool:
    return b & _FIXED_MASK == _FIXED_VALUE


def parse_status(printer: int, offline: int, error: int, paper: int) -> PrinterStatus:
    """Combine the four DLE EOT replies into one status with a human message."""
    cover_open = bool(offline & 0x04)
    paper_out = bool(offline & 0x20) or bool(paper & 0x60)
    near_end = bool(paper & 0x0C)
    error_flag = bool(offline & 0x40) or bool(error & 0x6C)
    offline_flag = bool(printer & 0x08)
    problems: list[str] = []
    if paper_out:
        problems.append("Paper out")
    if cover_open:
        problems.append("Cover open")
    if error_flag:
        problems.append(_error_words(error))
    if offline_flag and not problems:
        problems.append("Offline")
    if not problems and near_end:
        problems.append("Paper near end")
    return PrinterStatus(
        online=not offline_flag,
        cover_open=cover_open,
        paper_out=paper_out,
        paper_near_end=near_end,
        error=error_flag,
        message=", ".join(problems) or "Ready",
    )


def _error_words(error: int) -> str:
    if error & 0x08:
        return "Cutter error"
    if error & 0x20:
        return "Unrecoverable printer error"
    if error & 0x40:
        return "Printer error (overheated?), recovers by itself"
    return "Printer error"


def query_status(port: StatusPort, timeout: float = 1.0) -> PrinterStatus:
    """Ask DLE EOT 1…4 one at a time (each answer is a single byte, only the order tells them
    apart). Real-time commands are answered even while the printer is offline."""
    port.discard_input()
    replies: list[int] = []
    for n in (PRINTER, OFFLINE_CAUSE, ERROR_CAUSE, PAPER_SENSOR):
        port.write(request(n))
        answer = port.read(1, timeout)
        if not answer or not is_status_byte(answer[0]):
            return PrinterStatus(online=False, message=NO_ANSWER, answered=False)
        replies.append(answer[0])
    return parse_status(*replies)
