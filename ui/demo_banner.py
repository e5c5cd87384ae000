"""The demo shop says it is one: a banner over the board and the way to the real set-up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from ui.format import count

README = Path(__file__).resolve().parents[1] / "README.md"

# The README's steps ("Setting up a real shop"); the commands are not translated.
SETUP_COMMAND = "callshop-pos setup apply myshop.toml"
EXPORT_COMMAND = "callshop-pos pbx export-config asterisk-conf/"
PBX_URL = 'pbx_url = "ami://callshop:SECRET@PBX-ADDRESS:5038"'


class DemoBanner(QFrame):
    """ "Demo shop — simulated booths" and a button that shows how to set up the real shop."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoBanner")
        self.box: QMessageBox | None = None
        self._history_done: Callable[[], bool] = lambda: True
        self.label = QLabel(self.tr("Demo shop — simulated booths, no real calls or money."))
        self.label.setObjectName("demoBannerText")
        self.label.setWordWrap(True)  # a long message takes two lines, never cut off
        self.button = QPushButton(self.tr("Set up the real shop…"))
        self.button.setObjectName("realShopButton")
        self.button.clicked.connect(self.explain)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)

    @property
    def making_history(self) -> bool:
        """The board shows the past sessions coming and going (none of them live)."""
        return not self._history_done()

    def show_history(
        self,
        done: Callable[[], bool],
        days: int,
        board: QWidget,
        progress: Callable[[], tuple[int, int, int] | None] = lambda: None,
    ) -> None:
        """While a new demo shop's past traffic is made (``done`` tells when it is, with its
        live booths on; ``progress``: days made, days to make, calls so far): the banner
        says so and the board waits, greyed out, so the past sessions coming and going are
        not taken for live ones, nor stopped by a click."""
        self._history_done = done
        if done():
            return
        normal = self.label.text()
        making = count(
            "DemoBanner",
            "Demo shop — making %n day(s) of past traffic for the reports; "
            "the booths start when it is done…",
            days,
        )
        self.label.setText(making)
        board.setEnabled(False)
        timer = QTimer(self)
        timer.setObjectName("historyTimer")

        def check() -> None:
            if done():
                timer.stop()
                self.label.setText(normal)
                board.setEnabled(True)
                return
            made = progress()
            if made is not None:
                day, of, calls = made
                so_far = count("DemoBanner", "day %1 of %2, %n call(s) so far", calls)
                so_far = so_far.replace("%1", str(min(day + 1, of))).replace("%2", str(of))
                self.label.setText(f"{making} ({so_far})")

        timer.timeout.connect(check)
        timer.start(500)

    def steps(self) -> str:
        return (
            self.tr(
                "1. Write your shop's set-up file (start from resources/sample/demo.toml) "
                "and apply it:"
            )
            + f"\n      {SETUP_COMMAND}\n"
            + self.tr("2. Export the Asterisk configuration and install it on the PBX:")
            + f"\n      {EXPORT_COMMAND}\n"
            + self.tr("3. Put the PBX address in the [shop] table and apply the file again:")
            + f"\n      {PBX_URL}\n\n"
            + self.tr("Then scripts/run opens the real shop instead of this demo.")
        )

    def explain(self) -> QMessageBox:
        """Opened (not exec()'d): the demo board keeps running behind it."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Set up the real shop"),
            self.tr(
                "This is the demo shop: its booths and calls are simulated "
                "and it keeps its own database."
            ),
            parent=self.window(),
        )
        box.setObjectName("realShopBox")
        box.setInformativeText(self.steps())
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        if README.exists():
            readme = box.addButton(self.tr("Open the README"), QMessageBox.ButtonRole.ActionRole)
            readme.setObjectName("openReadmeButton")
            readme.clicked.connect(
                lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(README)))
            )
        self.box = box
        box.open()
        return box
