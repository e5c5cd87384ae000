"""Receipt layout model and its fitting into fixed-width printer lines.

A layout says *what* to print; ``physical_lines`` decides how each element is cut into lines
no wider than the paper. The plain-text renderer and the ESC/POS encoder share it, so the
screen preview and the paper agree. The encoder fits the text *after* transliteration
(``transform``), because "Щ" becoming "Shch" makes a line longer.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Text:
    line: str
    bold: bool = False
    double_width: bool = False
    double_height: bool = False
    align: Align = Align.LEFT


@dataclass(frozen=True)
class Columns:
    """Left text and right-aligned right text on one line; the left side gives way.

    ``double_width`` is a wish: on paper too narrow for the pair at double width it prints
    at normal width, so the same stored layout fits any printer it is reprinted on."""

    left: str
    right: str
    bold: bool = False
    double_width: bool = False
    double_height: bool = False
    wrap: bool = True  # False: truncate the left text instead of wrapping it


@dataclass(frozen=True)
class Rule:
    char: str = "-"


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    partial: bool = True
    feed: int = 0  # motion units fed past the cutting position (GS V 65/66 n)


@dataclass(frozen=True)
class DrawerKick:
    pin: int = 0  # 0 = connector pin 2, 1 = pin 5
    on_ms: int = 50
    off_ms: int = 500


Element = Text | Columns | Rule | Feed | Cut | DrawerKick
Layout = list[Element]


@dataclass(frozen=True)
class PrintLine:
    """One line as it lands on paper; ``text`` never exceeds the width in its cell size."""

    text: str
    bold: bool = False
    double_width: bool = False
    double_height: bool = False
    align: Align = Align.LEFT


Control = Feed | Cut | DrawerKick
Transform = Callable[[str], str]

TRUNCATION_MARK = "~"  # present in every code page we support, unlike "…"
# Keeps words together when a line wraps ("0.05 connect fee"); printed as a plain space.
NO_BREAK_SPACE = "\N{NO-BREAK SPACE}"


def _identity(text: str) -> str:
    return text


def wrap(text: str, width: int) -> list[str]:
    if width <= 0:
        return []
    lines = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]
    return [line.replace(NO_BREAK_SPACE, " ") for line in lines]


def _truncate(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)] + TRUNCATION_MARK if width > 0 else ""


def fit_columns(left: str, right: str, width: int, *, wrap_left: bool = True) -> list[str]:
    right = right.strip()
    left = left.rstrip()
    room = width - len(right) - 1 if right else width
    # A tiny left column would wrap one letter per line; put a long right value under it.
    if room < min(len(left), 8):
        lines = wrap(left, width) if left else []
        return lines + [r.rjust(width) for r in wrap(right, width)]
    if len(left) <= room:
        return [left + " " * (width - len(left) - len(right)) + right]
    if not wrap_left:
        cut = _truncate(left, room)
        return [cut + " " * (width - len(cut) - len(right)) + right]
    parts = wrap(left, room)
    first = parts[0] + " " * (width - len(parts[0]) - len(right)) + right
    # continuation lines may use the full width: the right column is already printed
    rest = wrap(" ".join(parts[1:]), width) if len(parts) > 1 else []
    return [first, *rest]


def physical_lines(
    layout: Sequence[Element], width: int, transform: Transform = _identity
) -> list[PrintLine | Control]:
    out: list[PrintLine | Control] = []
    for el in layout:
        if isinstance(el, Text):
            cells = width // 2 if el.double_width else width
            for piece in wrap(transform(el.line), cells):
                out.append(PrintLine(piece, el.bold, el.double_width, el.double_height, el.align))
        elif isinstance(el, Columns):
            left, right = transform(el.left), transform(el.right)
            double = el.double_width
            lines = fit_columns(left, right, width // 2 if double else width, wrap_left=el.wrap)
            if double and len(lines) > 1:
                # a double-width pair (the TOTAL) that needs two lines on this paper prints at
                # normal width instead: a label and its amount on separate lines is misread
                single = fit_columns(left, right, width, wrap_left=el.wrap)
                if len(single) == 1:
                    lines, double = single, False
            out.extend(PrintLine(line, el.bold, double, el.double_height) for line in lines)
        elif isinstance(el, Rule):
            out.append(PrintLine((transform(el.char) or "-")[0] * width))
        else:
            out.append(el)
    return out


def render_text(layout: Sequence[Element], width: int) -> str:
    """Plain-text preview (``callshop-pos receipt show``); emphasis is not shown."""
    rows: list[str] = []
    for item in physical_lines(layout, width):
        if isinstance(item, PrintLine):
            # plain text cannot show double width, so align the characters as typed
            pad = width - len(item.text)
            if item.align is Align.CENTER:
                rows.append((" " * (pad // 2) + item.text).rstrip())
            elif item.align is Align.RIGHT:
                rows.append(" " * pad + item.text)
            else:
                rows.append(item.text.rstrip())
        elif isinstance(item, Feed):
            rows.extend([""] * item.lines)
        elif isinstance(item, Cut):
            rows.append("=" * width)
    return "\n".join(rows) + "\n"
