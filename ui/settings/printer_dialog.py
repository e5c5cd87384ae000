"""The owner's printer settings dialog: the settings page with Save and Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QVBoxLayout, QWidget

from printing.settings import PrinterSettings, SettingsError
from ui.settings.printer_page import PrinterSettingsPage


class PrinterSettingsDialog(QDialog):
    """``save`` is called with the new settings; an exception from it keeps the dialog open
    with the reason shown, so nothing typed is lost."""

    def __init__(
        self,
        settings: PrinterSettings,
        save: Callable[[PrinterSettings], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Receipt printer"))
        self._save = save
        self.page = PrinterSettingsPage(self)
        self.page.set_settings(settings)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName("printerDialogButtons")
        # the standard buttons' own words are only translated with Qt's qtbase catalogue
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        try:
            settings = self.page.settings()
        except SettingsError as exc:
            # the page has worded each problem in the UI language and marked its field
            reasons = "\n".join(exc.problems.values())
            QMessageBox.warning(
                self,
                self.tr("Receipt printer"),
                self.tr("Correct the settings marked in red.") + "\n\n" + reasons,
            )
            return
        try:
            self._save(settings)
        except ValueError as exc:  # SettingsError too: the saver's own words
            QMessageBox.warning(self, self.tr("Receipt printer"), str(exc))
            return
        except Exception as exc:  # saving failed: say so, keep what was typed
            QMessageBox.critical(
                self,
                self.tr("Receipt printer"),
                self.tr("Could not save: %1").replace("%1", str(exc)),
            )
            return
        self.accept()
