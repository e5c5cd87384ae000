"""A small ESC/POS encoder for the layout model (Epson command set)."""

from __future__ import annotations

from collections.abc import Sequence

from printing.layout import Align, Cut, DrawerKick, Element, Feed, PrintLine, physical_lines
from printing.profiles import PrinterProfile

ESC = b"\x1b"
GS = b"\x1d"
LF = b"\n"

INIT = ESC + b"@"
_ALIGN = {Align.LEFT: 0, Align.CENTER: 1, Align.RIGHT: 2}


def select_code_page(n: int) -> bytes:
    return ESC + b"t" + bytes([n])


def bold(on: bool) -> bytes:
    return ESC + b"E" + bytes([1 if on else 0])


def char_size(double_width: bool, double_height: bool) -> bytes:
    return GS + b"!" + bytes([(0x10 if double_width else 0) | (0x01 if double_height else 0)])


def align(a: Align) -> bytes:
    return ESC + b"a" + bytes([_ALIGN[a]])


def feed(lines: int) -> bytes:
    # ESC d takes one byte; split very long feeds instead of wrapping around
    out = b""
    while lines > 0:
        step = min(lines, 255)
        out += ESC + b"d" + bytes([step])
        lines -= step
    return out


def cut(partial: bool = True, feed_units: int = 0) -> bytes:
    """GS V function B: feed to the cutter (+ n units), then cut."""
    return GS + b"V" + bytes([66 if partial else 65, max(0, min(feed_units, 255))])


def drawer_kick(pin: int = 0, on_ms: int = 50, off_ms: int = 500) -> bytes:
    def units(ms: int) -> int:
        return max(1, min(255, ms // 2))  # the pulse times are in 2 ms units

    return ESC + b"p" + bytes([pin & 1, units(on_ms), units(off_ms)])


class _State:
    """Tracks the printer's mode so each setting is sent only when it changes."""

    def __init__(self) -> None:
        self.bold = False
        self.size = (False, False)
        self.align = Align.LEFT

    def apply(self, line: PrintLine) -> bytes:
        out = b""
        if line.align is not self.align:
            out += align(line.align)
            self.align = line.align
        if line.bold != self.bold:
            out += bold(line.bold)
            self.bold = line.bold
        size = (line.double_width, line.double_height)
        if size != self.size:
            out += char_size(*size)
            self.size = size
        return out


def encode_layout(layout: Sequence[Element], profile: PrinterProfile) -> bytes:
    """Complete job bytes: init and code page first, so each receipt stands on its own
    even after a previous job was cut short or another program changed the settings."""
    out = bytearray(INIT + select_code_page(profile.escpos_codepage))
    state = _State()
    for item in physical_lines(layout, profile.width_chars, profile.prepare):
        if isinstance(item, PrintLine):
            out += state.apply(item)
            out += item.text.encode(profile.codec) + LF
        elif isinstance(item, Feed):
            out += feed(item.lines)
        elif isinstance(item, Cut):
            out += cut(item.partial, item.feed)
        elif isinstance(item, DrawerKick):
            out += drawer_kick(item.pin, item.on_ms, item.off_ms)
    return bytes(out)
