"""The daily report: pick a day, get its PDF (made off the GUI thread, opened in the viewer)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from callshop_pos.errors import describe
from ui.dialogs.common import day_of, open_pdf
from ui.shop_services import ShopServices
from ui.worker import Runner


class DailyReportDialog(QDialog):
    def __init__(
        self, shop: ShopServices, runner: Runner, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dailyReportDialog")
        self.setWindowTitle(self.tr("Daily report"))
        self._shop = shop
        self._runner = runner
        self.last_pdf: Path | None = None
        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setObjectName("reportDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.make_button = QPushButton(self.tr("Make PDF"))
        self.make_button.setObjectName("makeReportButton")
        self.make_button.setDefault(True)
        buttons.addButton(self.make_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.make_button.clicked.connect(self.make)
        form = QFormLayout()
        form.addRow(self.tr("Day"), self.date)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def day(self) -> date:
        return day_of(self.date.date())

    def make(self) -> None:
        day, shop = self.day(), self._shop
        self.make_button.setEnabled(False)  # one report at a time; a double click is one PDF
        self.status.setText(self.tr("Making the PDF…"))
        self._runner.submit(lambda: shop.daily_report(day), self._done, self._failed)

    def _done(self, path: Path) -> None:
        self.last_pdf = path
        self.make_button.setEnabled(True)
        self.status.setText("")
        if open_pdf(self, path):
            self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.make_button.setEnabled(True)
        self.status.setText(self.tr("No PDF: %1").replace("%1", describe(exc)))
