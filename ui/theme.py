"""Colours, symbols and the stylesheet of the counter: one place to tune the look."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QColor, QFontDatabase
from PySide6.QtWidgets import QApplication

from callshop_pos.board import TileState

FONTS_DIR = Path(__file__).resolve().parents[1] / "resources" / "fonts"
FONT_FAMILY = "DejaVu Sans"


@dataclass(frozen=True)
class StateLook:
    band: QColor  # header band and state word: the strong colour seen across the room
    background: QColor  # tile body: a light tint of the same hue keeps text high-contrast
    symbol: str  # drawn with the bundled font, so no icon files are needed
    striped: bool = False


LOOKS: dict[TileState, StateLook] = {
    TileState.FREE: StateLook(QColor("#6b7280"), QColor("#ffffff"), "○"),
    TileState.PREPAID: StateLook(QColor("#1b7f3b"), QColor("#e6f4ea"), "●"),
    TileState.POSTPAID: StateLook(QColor("#0f6e5f"), QColor("#e0f2ef"), "◆"),
    TileState.RINGING: StateLook(QColor("#b45309"), QColor("#fff4d6"), "☎"),
    TileState.IN_CALL: StateLook(QColor("#1d4ed8"), QColor("#e3ecff"), "✆"),
    TileState.BLOCKED: StateLook(QColor("#b91c1c"), QColor("#fde8e8"), "✖"),
    TileState.UNREGISTERED: StateLook(QColor("#1f2937"), QColor("#e5e7eb"), "⚠"),
    TileState.PBX_OFFLINE: StateLook(QColor("#52525b"), QColor("#ececec"), "⚡", striped=True),
}

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
QPushButton[kind="soft"] { background: #ffffff; }
QPushButton[tile="true"] { padding: 4px 2px; font-size: 13px; }
QLineEdit, QSpinBox, QDateEdit, QComboBox { padding: 4px 6px; border: 1px solid #9ca3af;
              border-radius: 4px; background: white; }
QLineEdit[invalid="true"] { border: 2px solid #b91c1c; background: #fff5f5; }
QLabel#errorLabel { color: #b91c1c; font-weight: bold; }
QLabel#bigAmount { font-size: 22px; font-weight: bold; }
QStatusBar QLabel { padding: 0 8px; }
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
