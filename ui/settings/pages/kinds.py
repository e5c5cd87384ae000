"""The pages that add a part of their own to an object page: the booth's password generator,
the price list slot of tariffs and destination sets, the vendor's connections."""

from __future__ import annotations

from typing import Any, Literal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton, QVBoxLayout, QWidget

from callshop_pos.db.engine import Database
from callshop_pos.services import catalog
from ui.settings.pages.object_page import ObjectPage
from ui.settings.price_table import PriceTable
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
    """Tariffs and destination sets: the terms in the form; their rates/routes in a window
    of their own (:class:`ui.settings.price_table.PriceTable`, the full width for 10 columns)."""

    def __init__(self, db: Database, runner: Runner, kind_key: str, parent: QWidget) -> None:
        super().__init__(db, runner, kind_key, parent)
        self.table_kind: Literal["rates", "routes"] = "rates" if kind_key == "tariffs" else "routes"
        self.slot = QPushButton(self)
        self.slot.setObjectName(f"{self.table_kind}Slot")
        self.slot.clicked.connect(self.open_prices)
        self.extra.addWidget(self.slot)
        self.prices_window: QDialog | None = None
        self.on_shown(None)

    def on_shown(self, row: dict[str, Any] | None) -> None:
        if not hasattr(self, "slot"):
            return  # the first add() runs before the slot exists
        self.price_table_slot(row)

    def price_table_slot(self, row: dict[str, Any] | None) -> None:
        """The button to the object's rates/routes; a new object has none until it is saved."""
        self.owner_name = None if row is None else str(row["name"])
        if self.owner_name is None:
            self.slot.setText(self.tr("Save it first; then its prices can be edited."))
        elif self.table_kind == "rates":
            self.slot.setText(self.tr("Rates of %1…").replace("%1", self.owner_name))
        else:
            self.slot.setText(self.tr("Routes of %1…").replace("%1", self.owner_name))
        self.slot.setEnabled(self.owner_name is not None)

    def open_prices(self) -> PriceTable | None:
        """Open the price table of the object shown (returned for tests)."""
        if self.owner_name is None:
            return None
        owner_id = catalog.object_id(self.db, self.kind_key, self.owner_name)
        if owner_id is None:
            return None
        window = QDialog(self)
        window.setFont(self.font())
        window.setWindowTitle(self.slot.text().rstrip("…"))
        table = PriceTable(self.db, self.table_kind, owner_id, window)
        QVBoxLayout(window).addWidget(table)
        window.resize(1200, 700)
        window.finished.connect(lambda _result: table.wait_idle())
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        self.prices_window = window
        return table


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
