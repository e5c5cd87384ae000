"""Colours, symbols and the stylesheet of the counter: one place to tune the look."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFontDatabase
from PySide6.QtWidgets import QApplication

from callshop_pos.board import TileState
from callshop_pos.resources import resource_path

FONTS_DIR = resource_path("fonts")
FONT_FAMILY = "DejaVu Sans"


@dataclass(frozen=True)
class StateLook:
    band: QColor  # header band and state word: the strong colour seen across the room
    background: QColor  # tile body: a light tint of the same hue keeps text high-contrast
    symbol: str  # drawn with the bundled font, so no icon files are needed ("" = painted)
    striped: bool = False


# Each state its own hue (green prepaid and purple postpaid, not two greens) and its own
# symbol, so colour is never the only sign.
LOOKS: dict[TileState, StateLook] = {
    TileState.FREE: StateLook(QColor("#6b7280"), QColor("#ffffff"), "○"),
    # the padlock is painted (DejaVu has no lock glyph); the body is grey, not free's white
    TileState.LOCKED: StateLook(QColor("#7c2d12"), QColor("#e7e0dc"), ""),
    TileState.PREPAID: StateLook(QColor("#15803d"), QColor("#dcfce7"), "●"),
    TileState.POSTPAID: StateLook(QColor("#6d28d9"), QColor("#ede9fe"), "◆"),
    TileState.RINGING: StateLook(QColor("#b45309"), QColor("#fef3c7"), "☎"),
    TileState.IN_CALL: StateLook(QColor("#1d4ed8"), QColor("#dbeafe"), "✆"),
    TileState.BLOCKED: StateLook(QColor("#b91c1c"), QColor("#fde8e8"), "✖", striped=True),
    TileState.UNREGISTERED: StateLook(QColor("#1f2937"), QColor("#e5e7eb"), "⚠"),
    TileState.PBX_OFFLINE: StateLook(QColor("#52525b"), QColor("#ececec"), "⚡", striped=True),
}

# A prepaid call about to be cut for money: the balance row turns to this, white on red.
LOW_BALANCE = QColor("#c2410c")
REFUSED = QColor("#b91c1c")

SELECTED = QColor("#f59e0b")  # amber ring: visible on every state colour
TEXT = QColor("#111827")
MUTED = QColor("#4b5563")
NEGATIVE = QColor("#b91c1c")

STYLESHEET = """
QMainWindow, QDialog { background: #f3f4f6; }
QPushButton { padding: 6px 12px; border-radius: 6px; border: 1px solid #9ca3af;
              background: #ffffff; color: #111827; }
QPushButton:hover { background: #f9fafb; }
QPushButton:pressed { background: #e5e7eb; }
QPushButton:disabled { color: #9ca3af; background: #f3f4f6; }
QPushButton:default { border: 2px solid #1d4ed8; }
QPushButton[kind="start"] { background: #1b7f3b; color: white; border: none; font-weight: bold; }
QPushButton[kind="start"]:hover { background: #166a31; }
QPushButton[kind="stop"] { background: #b91c1c; color: white; border: none; font-weight: bold; }
QPushButton[kind="stop"]:hover { background: #991b1b; }
QPushButton[kind="start"]:disabled, QPushButton[kind="stop"]:disabled {
              background: #e5e7eb; color: #6b7280; border: 1px dashed #6b7280;
              font-weight: normal; }
QPushButton[kind="soft"] { background: #ffffff; }
QPushButton[tile="true"] { padding: 2px 2px; }  /* the tile sets its font to its size */
QLineEdit, QSpinBox, QDateEdit, QComboBox { padding: 4px 6px; border: 1px solid #9ca3af;
              border-radius: 4px; background: white; }
QLineEdit[invalid="true"] { border: 2px solid #b91c1c; background: #fff5f5; }
QLabel#errorLabel { color: #b91c1c; font-weight: bold; }
QLabel#bigAmount { font-size: 22px; font-weight: bold; }
QStatusBar QLabel { padding: 0 8px; }
QFrame#demoBanner { background: #fef3c7; border-bottom: 2px solid #b45309; }
QFrame#demoBanner QLabel { color: #7c2d12; font-size: 16px; font-weight: bold; }
"""


def load_fonts() -> None:
    """Register the bundled DejaVu fonts: same glyphs (☎ ✆ ⚡) on every counter PC."""
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        path = FONTS_DIR / name
        if path.exists():
            QFontDatabase.addApplicationFont(str(path))


def apply_theme(app: QApplication) -> None:
    load_fonts()
    font = app.font()
    font.setFamily(FONT_FAMILY)
    font.setPixelSize(14)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)
