"""The pages that add a part of their own to an object page: the booth's password generator,
the price list slot of tariffs and destination sets, the vendor's connections."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from callshop_pos.db.engine import Database
from callshop_pos.services import catalog
from ui.settings.pages.object_page import ObjectPage
from ui.worker import Runner


class BoothPage(ObjectPage):
    def __init__(self, db: Database, runner: Runner, parent: QWidget) -> None:
        super().__init__(db, runner, "booths", parent)
        generate = QPushButton(self.tr("Generate"), self)
        generate.setObjectName("generatePassword")
        generate.clicked.connect(self.generate_password)
        self.form.add_beside("voip_password", generate)

    def generate_password(self) -> None:
        editor = self.form.editors["voip_password"]
        assert isinstance(editor, QLineEdit)
        editor.setEchoMode(QLineEdit.EchoMode.Normal)  # the owner types it into the phone
        editor.setText(catalog.new_voip_password())


class PriceListPage(ObjectPage):
    """Tariffs and destination sets: the terms in the form, the rates/routes table below.

    The table is ``ui.settings.price_table.PriceTable(db, kind, owner_id, parent)``, built
    apart; until it is wired in :meth:`price_table_slot` the slot shows a placeholder."""

    def __init__(self, db: Database, runner: Runner, kind_key: str, parent: QWidget) -> None:
        super().__init__(db, runner, kind_key, parent)
        self.table_kind = "rates" if kind_key == "tariffs" else "routes"
        self.slot = QLabel(self)
        self.slot.setObjectName(f"{self.table_kind}Slot")
        self.slot.setWordWrap(True)
        self.extra.addWidget(self.slot)
        self.on_shown(None)

    def on_shown(self, row: dict[str, Any] | None) -> None:
        if not hasattr(self, "slot"):
            return  # the first add() runs before the slot exists
        self.price_table_slot(row)

    def price_table_slot(self, row: dict[str, Any] | None) -> None:
        """PriceTable slot: the rates/routes of the object in the form (placeholder for now)."""
        if row is None:
            self.slot.setText(self.tr("Save it first; then its prices can be edited here."))
        elif self.table_kind == "rates":
            self.slot.setText(self.tr("Rates of this tariff: the rates table goes here."))
        else:
            self.slot.setText(
                self.tr("Routes of this destination set: the routes table goes here.")
            )


class VendorPage(ObjectPage):
    open_connections = Signal(str)  # the vendor's name: the dialog shows its connections

    def __init__(self, db: Database, runner: Runner, parent: QWidget) -> None:
        super().__init__(db, runner, "vendors", parent)
        button = QPushButton(self.tr("Open connections"), self)
        button.setObjectName("openConnections")
        button.clicked.connect(self._open)
        self.extra.addWidget(button)

    def _open(self) -> None:
        if self.original:
            self.open_connections.emit(self.original)
