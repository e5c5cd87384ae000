"""The printer settings dialog saves into the shop's database and keeps bad input."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from callshop_pos.db.engine import open_database
from callshop_pos.services.printer_config import load_printer_settings, save_printer_settings
from printing.settings import PrinterSettings
from ui.settings.printer_dialog import PrinterSettingsDialog


def test_saved_settings_come_back_from_the_database(tmp_path, qtbot):
    db = open_database(tmp_path / "shop.db")
    assert load_printer_settings(db) == PrinterSettings()  # printing off until set up
    start = PrinterSettings(
        enabled=True,
        port="/dev/ttyUSB0",
        baudrate=19200,
        profile_name="epson-58mm-cp866",
        language="ru",
    )
    dialog = PrinterSettingsDialog(start, lambda s: save_printer_settings(db, s))
    qtbot.addWidget(dialog)
    dialog.page.name_edit.setText("Counter printer")
    dialog.findChild(QDialogButtonBox, "printerDialogButtons").button(
        QDialogButtonBox.StandardButton.Save
    ).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    again = open_database(tmp_path / "shop.db")  # as the app will read it at the next start
    saved = load_printer_settings(again)
    assert saved.name == "Counter printer" and saved.baudrate == 19200
    assert saved.profile_name == "epson-58mm-cp866" and saved.enabled


def test_a_failing_save_keeps_the_dialog_open(qtbot, monkeypatch):
    def broken(_settings: PrinterSettings) -> None:
        raise OSError("database is locked")

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    dialog = PrinterSettingsDialog(PrinterSettings(), broken)
    qtbot.addWidget(dialog)
    dialog.findChild(QDialogButtonBox, "printerDialogButtons").button(
        QDialogButtonBox.StandardButton.Save
    ).click()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert shown and "database is locked" in shown[0]
