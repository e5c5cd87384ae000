"""The owner's settings: a page list on the left (big, readable from the counter), one page
per object of the source document on the right, in the order of its two checklists."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from callshop_pos.db.engine import Database
from callshop_pos.errors import describe
from callshop_pos.services.printer_config import load_printer_settings, save_printer_settings
from ui.settings.pages.audit_page import AuditPage
from ui.settings.pages.kinds import BoothPage, PriceListPage, VendorPage
from ui.settings.pages.object_page import FormPage, ObjectPage, SinglePage
from ui.settings.pages.pbx_page import PbxPage
from ui.settings.pages.users_page import UsersPage
from ui.settings.pages.words import page_title
from ui.settings.printer_page import PrinterSettingsPage
from ui.worker import Runner

PAGES = (
    "vendors",
    "connections",
    "destination_sets",
    "routing_groups",
    "tariffs",
    "customer",
    "service_plans",
    "booths",
    "preferences",
    "shop",
    "pbx",
    "printer",
    "users",
    "audit",
)
PAGE_FONT_POINTS = 16
BODY_FONT_POINTS = 12


class PrinterHolder(QWidget):
    """The existing printer settings page with its own Save."""

    def __init__(self, db: Database, runner: Runner, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("page_printer")
        self.db = db
        self.runner = runner
        self.loaded = False
        self.page = PrinterSettingsPage(self)
        self.status = QLabel(self)
        self.status.setObjectName("status_printer")
        save = QPushButton(self.tr("Save"), self)
        save.setObjectName("save_printer")
        save.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(save)
        column = QVBoxLayout(self)
        column.addWidget(self.page, 1)
        column.addLayout(row)

    def load(self) -> None:
        db = self.db
        self.runner.submit(lambda: load_printer_settings(db), self._loaded, self._failed)

    def _loaded(self, settings: object) -> None:
        self.page.set_settings(settings)  # type: ignore[arg-type]
        self.loaded = True

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(describe(exc))

    def save(self) -> None:
        try:
            settings = self.page.settings()
        except ValueError as exc:  # the page has marked the fields in red
            self.status.setText(str(exc))
            return
        db = self.db
        self.runner.submit(
            lambda: save_printer_settings(db, settings),
            lambda _: self.status.setText(self.tr("Saved.")),
            self._failed,
        )


class SettingsDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.resize(1200, 760)
        self.db = db
        self.runner = Runner(self)
        body = QFont(self.font())
        body.setPointSize(max(body.pointSize(), BODY_FONT_POINTS))  # readable at the counter
        self.setFont(body)
        self.list = QListWidget(self)
        self.list.setObjectName("settingsPages")
        font = QFont(self.list.font())
        font.setPointSize(PAGE_FONT_POINTS)
        self.list.setFont(font)
        self.stack = QStackedWidget(self)
        self.pages: dict[str, QWidget] = {}
        for key in PAGES:
            page = self._page(key)
            self.pages[key] = page
            self.stack.addWidget(page)
            self.list.addItem(page_title(key))
            if isinstance(page, FormPage):
                page.changed.connect(self._changed)
        vendors = self.pages["vendors"]
        assert isinstance(vendors, VendorPage)
        vendors.open_connections.connect(self.show_connections_of)
        close = QPushButton(self.tr("Close"), self)
        close.setObjectName("closeSettings")
        close.clicked.connect(self.accept)
        right = QVBoxLayout()
        right.addWidget(self.stack, 1)
        right.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        row = QHBoxLayout(self)
        row.addWidget(self.list)
        row.addLayout(right, 1)
        # the longest title whole, in any language (Russian ones are long)
        self.list.setFixedWidth(self.list.sizeHintForColumn(0) + 2 * self.list.frameWidth() + 24)
        self.list.currentRowChanged.connect(self._show)
        self.list.setCurrentRow(0)

    def _page(self, key: str) -> QWidget:
        db, runner = self.db, self.runner
        if key == "vendors":
            return VendorPage(db, runner, self)
        if key == "booths":
            return BoothPage(db, runner, self)
        if key in ("tariffs", "destination_sets"):
            return PriceListPage(db, runner, key, self)
        if key in ("customer", "shop", "preferences"):
            return SinglePage(db, runner, key, self)
        if key == "pbx":
            return PbxPage(db, runner, self)
        if key == "printer":
            return PrinterHolder(db, runner, self)
        if key == "audit":
            return AuditPage(db, runner, self)
        if key == "users":
            return UsersPage(db, runner, self)
        return ObjectPage(db, runner, key, self)

    def page(self, key: str) -> QWidget:
        return self.pages[key]

    def open_page(self, key: str) -> QWidget:
        self.list.setCurrentRow(PAGES.index(key))
        return self.pages[key]

    def _show(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        page = self.stack.currentWidget()
        load = getattr(page, "load", None)
        if load is not None:
            load()  # each visit reads afresh: another page (or counter) may have changed it

    def _changed(self) -> None:
        for page in self.pages.values():
            if page is not self.stack.currentWidget() and hasattr(page, "loaded"):
                page.loaded = False

    def show_connections_of(self, vendor: str) -> None:
        page = self.open_page("connections")
        assert isinstance(page, ObjectPage)
        page.search.setText(vendor)
