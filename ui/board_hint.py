"""What a blank board (no booths) shows instead of nothing: what to do, and the button that
opens the set-up assistant."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

HINT_PX = 24  # read from 2 m


class BoardHint(QWidget):
    assistant = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardHint")
        text = QLabel(
            self.tr(
                "No booths yet. The set-up assistant adds your shop, prices and booths in a "
                "few steps."
            ),
            self,
        )
        text.setObjectName("boardHintText")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setStyleSheet(f"font-size: {HINT_PX}px;")
        self.button = QPushButton(self.tr("Open the set-up assistant…"), self)
        self.button.setObjectName("boardHintButton")
        self.button.setStyleSheet(f"font-size: {HINT_PX}px; padding: 12px 32px;")
        self.button.clicked.connect(self.assistant)
        column = QVBoxLayout(self)
        column.addStretch(1)
        column.addWidget(text)
        column.addWidget(self.button, 0, Qt.AlignmentFlag.AlignCenter)
        column.addStretch(1)
