"""Which key selects which booth: 1-9, 0 for the tenth, then F1-F12 (22 booths).

Booths past 22 have no key of their own; the arrow keys reach every tile. Ctrl+P and Ctrl+L
are the counter's other shortcuts, so no F-key is taken twice.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

_DIGITS = [
    Qt.Key.Key_1,
    Qt.Key.Key_2,
    Qt.Key.Key_3,
    Qt.Key.Key_4,
    Qt.Key.Key_5,
    Qt.Key.Key_6,
    Qt.Key.Key_7,
    Qt.Key.Key_8,
    Qt.Key.Key_9,
    Qt.Key.Key_0,
]
_FKEYS = [getattr(Qt.Key, f"Key_F{i}") for i in range(1, 13)]
KEYS: list[Qt.Key] = _DIGITS + _FKEYS


def key_for_position(position: int) -> Qt.Key | None:
    if 1 <= position <= len(KEYS):
        return KEYS[position - 1]
    return None


def key_label(position: int) -> str:
    """What the tile's key badge says (empty when the booth has no key)."""
    if 1 <= position <= 9:
        return str(position)
    if position == 10:
        return "0"
    if 11 <= position <= 22:
        return f"F{position - 10}"
    return ""
