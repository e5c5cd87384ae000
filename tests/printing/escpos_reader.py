"""Test helper: interpret ESC/POS bytes like a printer, to check what would land on paper."""

from __future__ import annotations

from dataclasses import dataclass, field

# command prefix -> number of parameter bytes
_COMMANDS = {
    b"\x1b@": 0,
    b"\x1bt": 1,
    b"\x1bE": 1,
    b"\x1b!": 1,
    b"\x1ba": 1,
    b"\x1bd": 1,
    b"\x1dV": 2,
    b"\x1bp": 3,
    b"\x1d!": 1,
}


@dataclass
class Paper:
    lines: list[str] = field(default_factory=list)
    cells: list[int] = field(default_factory=list)  # printed width of each line in columns
    code_pages: list[int] = field(default_factory=list)
    cuts: int = 0
    kicks: int = 0


def read_paper(data: bytes, codec: str) -> Paper:
    paper = Paper()
    double_width = False
    line = bytearray()
    i = 0
    while i < len(data):
        two = data[i : i + 2]
        if two in _COMMANDS:
            n = _COMMANDS[two]
            args = data[i + 2 : i + 2 + n]
            assert len(args) == n, f"truncated command {two!r} at {i}"
            if two == b"\x1bt":
                paper.code_pages.append(args[0])
            elif two == b"\x1d!":
                double_width = bool(args[0] & 0x10)
            elif two == b"\x1dV":
                paper.cuts += 1
            elif two == b"\x1bp":
                paper.kicks += 1
            i += 2 + n
            continue
        assert data[i] >= 0x20 or data[i] == 0x0A, f"unknown control byte {data[i]:#x} at {i}"
        if data[i] == 0x0A:
            text = line.decode(codec)
            paper.lines.append(text)
            paper.cells.append(len(text) * (2 if double_width else 1))
            line.clear()
        else:
            line.append(data[i])
        i += 1
    assert not line, "text left without a line feed"
    return paper
