"""The demo shop says it is one: a banner over the board and the way to the real set-up."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

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
        self.label = QLabel(self.tr("Demo shop — simulated booths, no real calls or money."))
        self.label.setObjectName("demoBannerText")
        self.button = QPushButton(self.tr("Set up the real shop…"))
        self.button.setObjectName("realShopButton")
        self.button.clicked.connect(self.explain)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)

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
