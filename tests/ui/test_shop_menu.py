"""The shop menu and the calls list's PDFs, on the real window over the real core.

The real shop (tests/ui/real_shop.py): a SQLite file, the CounterService with receipts, the
PBX engine on the Asterisk simulator and, where the test needs it, the real PrintService whose
printer is set up on a port that does not exist, so every receipt waits in the queue.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import select

from callshop_pos.counter import BoothMode, PbxLink
from callshop_pos.db.models import BoothSession, PrintJob
from callshop_pos.services.language import saved_language
from callshop_pos.services.printer_config import load_printer_settings
from printing.jobs import JobStatus
from printing.settings import PrinterSettings
from tests.services.test_receipts import open_booth
from tests.ui.fakes import TestBackend, in_call
from tests.ui.real_shop import RealShop, real_shop
from tests.ui.test_tools_and_keys import _strings_in_source
from ui.dialogs.calls_dialog import CallsDialog
from ui.i18n import TRANSLATIONS_DIR, install_language, read_ts, remove_language
from ui.theme import apply_theme
from ui.tile import TILE_MIN_HEIGHT, TILE_MIN_WIDTH, BoothTile, balance_label
from ui.tile_text import TileLabels

LONG = 20000  # ms; every wait ends as soon as the thing happens


@pytest.fixture
def opened(monkeypatch) -> list[Path]:
    """The PDFs handed to the desktop's viewer (none is started in the tests)."""
    paths: list[Path] = []

    def open_url(url: QUrl) -> bool:
        paths.append(Path(url.toLocalFile()))
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    return paths


def _pdf_text(path: Path) -> str:
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _jobs(shop: RealShop) -> list[PrintJob]:
    with shop.db.read() as s:
        return list(s.scalars(select(PrintJob).order_by(PrintJob.id)))


def _cell(dialog, row: int, column: int) -> str:
    item = dialog.table.item(row, column)
    return item.text() if item is not None else ""


# --- printer settings ------------------------------------------------------------------------


def test_printer_settings_save_to_the_database_and_reload_the_service(qtbot, tmp_path):
    with real_shop(tmp_path / "shop.db", qtbot, printing=True) as shop:
        window = shop.window
        qtbot.waitUntil(lambda: window.status.printer.text() == "No printer", timeout=LONG)
        window.findChild(object, "printerSettingsAction").trigger()
        dialog = window.printer_dialog
        assert dialog is not None and dialog.isVisible()
        port = str(tmp_path / "ttyUSB7")  # not plugged in
        dialog.page.set_settings(PrinterSettings(enabled=True, port=port, baudrate=19200))
        dialog.findChild(QDialogButtonBox, "printerDialogButtons").button(
            QDialogButtonBox.StandardButton.Save
        ).click()
        qtbot.waitUntil(lambda: window.printer_dialog is None, timeout=LONG)

        saved = load_printer_settings(shop.db)
        assert saved.enabled and saved.port == port and saved.baudrate == 19200
        # The service reloaded (on the Runner): it runs a worker for the new printer, which
        # does not open the port while idle, so it is "ready" until a receipt has to go out.
        qtbot.waitUntil(lambda: window.status.printer.text() == "Printer ready", timeout=LONG)
        assert shop.printing is not None
        assert shop.printing.settings()["receipt"].port == port


# --- the print queue -------------------------------------------------------------------------


def test_print_queue_lists_cancels_and_reprints(qtbot, tmp_path):
    missing = str(tmp_path / "ttyUSB9")
    with real_shop(
        tmp_path / "shop.db", qtbot, receipts=True, printing=True, printer_port=missing
    ) as shop:
        window = shop.window
        booth = open_booth(shop.db, "booth2", calls=(("0049301234", 125),), extras=())
        number = shop.counter.stop(booth).receipt_number
        assert number == 1
        qtbot.waitUntil(lambda: "(1 waiting)" in window.status.printer.text(), timeout=LONG)

        # The printer's words in the status bar open the queue.
        qtbot.mouseClick(window.status.printer, Qt.MouseButton.LeftButton)
        dialog = window.print_queue_dialog
        assert dialog is not None and dialog.isVisible()
        # The dialog follows the service's reports; wait for a failed attempt to show.
        qtbot.waitUntil(
            lambda: dialog.table.rowCount() == 1 and _cell(dialog, 0, 5) != "", timeout=LONG
        )
        assert _cell(dialog, 0, 1) == "Session receipt"
        assert _cell(dialog, 0, 2) == "1"
        assert int(_cell(dialog, 0, 3)) >= 1
        assert _cell(dialog, 0, 4) == "waiting"
        assert _cell(dialog, 0, 5) == "Printer not connected"
        assert missing in dialog.table.item(0, 5).toolTip()  # the raw error, for the owner

        dialog.table.selectRow(0)
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=LONG)
        assert dialog.empty.isVisible()
        assert [j.status for j in _jobs(shop)] == [JobStatus.CANCELLED.value]
        qtbot.waitUntil(lambda: "waiting" not in window.status.printer.text(), timeout=LONG)

        qtbot.mouseClick(dialog.reprint_button, Qt.MouseButton.LeftButton)
        box = dialog.reprint_box
        assert box is not None and box.isVisible()
        box.setIntValue(number)
        box.accept()
        # The list may follow the printer's report of the new job before the reprint's own
        # answer sets the status: wait for both, each is its own update.
        qtbot.waitUntil(
            lambda: (
                dialog.status.text() == "A copy of receipt 1 is queued."
                and dialog.table.rowCount() == 1
            ),
            timeout=LONG,
        )
        assert _cell(dialog, 0, 1) == "Session receipt (copy)"
        assert _cell(dialog, 0, 2) == "1"
        original, copy = _jobs(shop)
        assert copy.copy_of == original.id and copy.status == JobStatus.PENDING.value

        # A receipt that does not exist is said in words; nothing is queued.
        dialog.reprint(99)
        qtbot.waitUntil(
            lambda: "99" in dialog.status.text() and ":" in dialog.status.text(), timeout=LONG
        )
        assert dialog.status.text() == "No copy of receipt 99: no receipt number 99"
        assert len(_jobs(shop)) == 2


def test_without_a_print_service_the_queue_is_not_offered(qtbot, tmp_path):
    with real_shop(tmp_path / "shop.db", qtbot) as shop:
        window = shop.window
        assert not window.findChild(object, "printQueueAction").isEnabled()
        assert window.open_print_queue() is None
        assert window.findChild(object, "printerSettingsAction").isEnabled()


# --- PDFs from the calls list and the menu ---------------------------------------------------


def _select_call(qtbot, dialog: CallsDialog, booth_name: str) -> None:
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=LONG)
    for row in range(dialog.model.rowCount()):
        if dialog.model.row_at(row).booth_name == booth_name:
            dialog.table.selectRow(row)
            return
    raise AssertionError(f"no call of {booth_name}")


def _calls_dialog_on(qtbot, shop: RealShop) -> CallsDialog:
    dialog = shop.window.open_calls()
    # The calls were placed an hour ago: on the day they were made (after midnight too).
    started = datetime.now(UTC) - timedelta(minutes=55)
    day = started.astimezone().date()
    if dialog.day() != day:
        dialog.date.setDate(day)
    return dialog


def test_calls_list_makes_the_session_report_and_the_invoice(qtbot, tmp_path, opened):
    with real_shop(tmp_path / "shop.db", qtbot, receipts=True) as shop:
        walkin = open_booth(
            shop.db, "walkin", BoothMode.POSTPAID, "0", calls=(("0074951234567", 61),), extras=()
        )
        result = shop.counter.stop(walkin, Decimal("5"))
        total = f"{result.summary.total:.2f}"
        prepaid = open_booth(shop.db, "booth1", calls=(("0049301234", 125),), extras=())
        shop.counter.stop(prepaid)

        dialog = _calls_dialog_on(qtbot, shop)
        assert dialog.report_button.isVisible() and not dialog.report_button.isEnabled()
        _select_call(qtbot, dialog, "Walk-in")
        assert dialog.report_button.isEnabled() and dialog.invoice_button.isEnabled()

        qtbot.mouseClick(dialog.report_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(opened) == 1, timeout=LONG)
        report = _pdf_text(opened[0])
        assert "Walk-in" in report and total in report and "0074951234567" in report

        qtbot.mouseClick(dialog.invoice_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(opened) == 2, timeout=LONG)
        invoice = _pdf_text(opened[1])
        assert f"Invoice {result.receipt_number}" in invoice
        assert "Walk-in" in invoice and total in invoice

        # A prepaid session has its report but no invoice.
        _select_call(qtbot, dialog, "Booth 1")
        assert dialog.report_button.isEnabled() and not dialog.invoice_button.isEnabled()
        with shop.db.read() as s:
            assert (
                s.scalar(
                    select(BoothSession.mode).where(
                        BoothSession.id == dialog.selected_call().session_id
                    )
                )
                == "prepaid"
            )


def test_reports_from_the_menu_open_on_today(qtbot, tmp_path):
    with real_shop(tmp_path / "shop.db", qtbot, receipts=True) as shop:
        shop.counter.stop(open_booth(shop.db, "booth3", calls=(("0049301234", 125),), extras=()))
        shop.window.findChild(object, "reportsAction").trigger()
        window = shop.window.reports_window
        assert window is not None and window.isVisible()
        qtbot.waitUntil(lambda: window.loaded is not None, timeout=LONG)
        assert [f.key for f in window.loaded.revenue.booths] == ["Booth 3"]
        assert window.loaded.revenue.period.first == window.today


def test_a_missing_pdf_viewer_says_where_the_file_is(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: False)
    with real_shop(tmp_path / "shop.db", qtbot, receipts=True) as shop:
        shop.counter.stop(open_booth(shop.db, "booth1", calls=(("0049301234", 60),), extras=()))
        dialog = _calls_dialog_on(qtbot, shop)
        _select_call(qtbot, dialog, "Booth 1")
        qtbot.mouseClick(dialog.report_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.last_pdf is not None, timeout=LONG)
        box = dialog.findChild(QMessageBox, "infoBox")
        assert box is not None and str(dialog.last_pdf) in box.text()
        assert dialog.last_pdf.read_bytes().startswith(b"%PDF")
        box.done(0)


# --- language ---------------------------------------------------------------------------------


def test_language_menu_saves_the_preference_for_the_next_start(qtbot, tmp_path):
    with real_shop(tmp_path / "shop.db", qtbot) as shop:
        window = shop.window
        english = window.findChild(object, "language_en")
        russian = window.findChild(object, "language_ru")
        assert english.isChecked() and not russian.isChecked()
        assert russian.text() == "Русский"  # each language named in itself
        russian.trigger()
        qtbot.waitUntil(lambda: window.language_box is not None, timeout=LONG)
        assert saved_language(shop.db) == "ru"
        assert "next time the counter starts" in window.language_box.text()
        assert russian.isChecked() and not english.isChecked()
        # The window keeps its words until the next start.
        assert window.findChild(object, "startAction").text() == "Start"
        window.language_box.done(0)


def test_the_menu_speaks_russian(qtbot, tmp_path):
    with real_shop(tmp_path / "shop.db", qtbot, language="ru") as shop:
        window = shop.window
        assert window.findChild(object, "printQueueAction").text() == "Очередь печати…"
        assert window.findChild(object, "language_ru").isChecked()
        assert window.findChild(object, "quitAction").text() == "Выход"


def test_quit_closes_the_window(qtbot, tmp_path):
    with real_shop(tmp_path / "shop.db", qtbot) as shop:
        shop.window.findChild(object, "quitAction").trigger()
        qtbot.waitUntil(lambda: not shop.window.isVisible(), timeout=LONG)


# --- narrow tiles and translations ------------------------------------------------------------


def test_balance_label_drops_the_word_before_the_talk_time():
    assert balance_label("Left", "talk 1:00", lambda _s: True) == "Left · talk 1:00"
    assert balance_label("Остаток", "ещё 14:59", lambda s: len(s) < 12) == "ещё 14:59"
    assert balance_label("Left", "", lambda _s: False) == "Left"


@pytest.mark.parametrize(
    ("width", "shown"),
    [
        (TILE_MIN_WIDTH, "ещё 14:59"),  # "Остаток · ещё 14:59" was cut to "Остаток · ещё 1…"
        (480, "Остаток · ещё 14:59"),
    ],
)
def test_talk_time_reads_in_full_on_a_russian_tile(qtbot, qapp, clock, width, shown):
    apply_theme(qapp)
    translator = install_language("ru")
    try:
        labels = TileLabels.current()
    finally:
        remove_language(translator)
    view = in_call(
        replace(TestBackend(1).views[101], mode=BoothMode.PREPAID, prepaid=Decimal(10)), clock.now
    )
    tile = BoothTile(view, labels)
    qtbot.addWidget(tile)
    tile.resize(width, TILE_MIN_HEIGHT)
    clock.advance(61)
    tile.set_view(view, PbxLink.CONNECTED, clock.now)
    tile.grab()  # paints
    assert tile.text is not None and tile.text.balance == "8.80 EUR"
    assert tile.balance_label_shown == shown


def test_every_new_string_has_a_russian_entry():
    table = read_ts(TRANSLATIONS_DIR / "callshop_ru.ts")
    strings = _strings_in_source()
    for context in ("PrintQueueDialog", "ReportsWindow"):
        mine = {s for s in strings if s[0] == context}
        assert mine and all(s in table for s in mine)
    for source in ("Session report (PDF)", "Invoice (PDF)"):
        assert ("CallsDialog", source) in table
    for source in ("Printer settings…", "Print queue…", "Reports…", "Language", "Quit"):
        assert ("MainWindow", source) in table
