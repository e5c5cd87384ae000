"""The printer settings page, driven through its widgets with a pty as the printer."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGroupBox, QLabel
from serial.tools.list_ports_common import ListPortInfo

from printing.settings import PrinterSettings, SettingsError
from printing.status import PrinterStatus
from printing.test_page import ALPHABETS
from tests.printing.escpos_reader import read_paper
from ui.i18n import install_language, remove_language
from ui.settings import printer_page, printer_worker
from ui.settings.printer_page import PrinterSettingsPage
from ui.settings.printer_worker import CheckResult

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
PAPER_OUT = {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E}
COVER_OPEN = {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12}


def fake_port(device: str, description: str) -> ListPortInfo:
    info = ListPortInfo(device, skip_link_detection=True)
    info.description = description
    return info


@pytest.fixture(autouse=True)
def two_usb_ports(monkeypatch) -> None:
    # the test machine has no serial adapters; the page must list what pyserial reports
    ports = [
        fake_port("/dev/ttyUSB0", "USB-Serial Controller D"),
        fake_port("/dev/ttyS0", "ttyS0"),
    ]
    monkeypatch.setattr(printer_page.list_ports, "comports", lambda: ports)


@pytest.fixture
def page(qtbot) -> PrinterSettingsPage:
    widget = PrinterSettingsPage()
    qtbot.addWidget(widget)
    return widget


FULL = PrinterSettings(
    enabled=True,
    name="Counter",
    port="/dev/ttyUSB0",
    baudrate=19200,
    bytesize=7,
    parity="E",
    stopbits=1.5,
    flow_control="xonxoff",
    write_timeout=2.5,
    profile_name="epson-58mm-cp866",
    codec_override="cp1251",
    escpos_codepage=46,
    print_call_receipt=True,
    print_session_receipt=False,
    open_drawer=True,
    copies=2,
    language="ru",
)


def test_detected_ports_are_listed(page) -> None:
    items = [page.port_combo.itemText(i) for i in range(page.port_combo.count())]
    assert items == ["/dev/ttyS0", "/dev/ttyUSB0"]
    page.port_combo.setCurrentIndex(1)
    assert page.port_hint.text() == "USB-Serial Controller D"


def test_refresh_keeps_the_typed_port(page, monkeypatch, qtbot) -> None:
    page.port_combo.setEditText("socket://192.168.1.50:9100")
    monkeypatch.setattr(printer_page.list_ports, "comports", lambda: [])
    qtbot.mouseClick(page.refresh_button, printer_page.Qt.MouseButton.LeftButton)
    assert page.port_combo.count() == 0
    assert page.port_combo.currentText() == "socket://192.168.1.50:9100"
    assert "No serial ports found" in page.port_hint.text()


@pytest.mark.parametrize("settings", [PrinterSettings(), FULL], ids=["defaults", "full"])
def test_settings_round_trip_through_the_widgets(page, settings) -> None:
    page.set_settings(settings)
    assert page.settings() == settings
    assert not any(label.isVisibleTo(page) for label in page._errors.values())
    assert not any(label.text() for label in page._errors.values())


def test_typed_port_and_overrides(page, qtbot) -> None:
    page.set_settings(PrinterSettings(profile_name="epson-80mm-cp866"))
    page.port_combo.setEditText("/dev/pts/3")
    page.escpos_spin.setValue(7)
    assert page.settings().port == "/dev/pts/3"
    assert "code page cp866, ESC t 7" in page.effective_label.text()


def test_bad_baud_is_rejected_inline(page, qtbot) -> None:
    page.set_settings(FULL)
    with qtbot.waitSignal(page.changed):
        page.baud_combo.setEditText("12345")
    error = page._errors["baudrate"]
    assert error.isVisibleTo(page)
    assert error.text() == "12345 is not a baud rate a serial port supports"
    with pytest.raises(SettingsError) as info:
        page.settings()
    assert list(info.value.problems) == ["baudrate"]
    page.baud_combo.setEditText("38400")
    assert not error.isVisibleTo(page)
    assert page.settings().baudrate == 38400


def test_enabled_printer_needs_a_port(page) -> None:
    page.set_settings(PrinterSettings())
    page.port_combo.setEditText("")
    page.enabled_check.setChecked(True)
    assert page._errors["port"].isVisibleTo(page)
    with pytest.raises(ValueError, match="port"):
        page.settings()


def test_code_page_without_escpos_number_asks_for_it(page) -> None:
    page.codec_combo.setEditText("cp1251")
    assert page._errors["escpos_codepage"].isVisibleTo(page)
    page.escpos_spin.setValue(46)
    assert not page._errors["escpos_codepage"].isVisibleTo(page)
    assert page.settings().profile().escpos_codepage == 46


def test_test_print_runs_off_the_gui_thread(page, qtbot, pty_printer, monkeypatch) -> None:
    printer, port = pty_printer
    threads: list[threading.Thread] = []
    real = printer_worker.run_test_print

    inside, gate = threading.Event(), threading.Event()

    def stuck(*args, **kwargs):
        threads.append(threading.current_thread())
        inside.set()
        # A slow printer, held until the test lets it go: were the print on the GUI thread,
        # the click would wait here for a gate only that same thread opens (30 s: it ends).
        assert gate.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(printer_worker, "run_test_print", stuck)
    page.set_settings(
        PrinterSettings(port=port, profile_name="epson-58mm-cp866", language="ru", name="Counter")
    )
    try:
        qtbot.mouseClick(page.test_button, printer_page.Qt.MouseButton.LeftButton)
        assert inside.wait(10)  # the print has started, on another thread, and is held there
        assert page.is_checking() and not page.test_button.isEnabled()
        assert page.result_text() == "Printing test page…"
        # the GUI thread keeps handling events while the printer holds the check
        ticked: list[bool] = []
        QTimer.singleShot(0, lambda: ticked.append(True))
        qtbot.waitUntil(lambda: bool(ticked))
        assert page.is_checking() and page.result_text() == "Printing test page…"
    finally:
        gate.set()
    qtbot.waitUntil(lambda: not page.is_checking(), timeout=10_000)
    assert page.result_text() == "Printed test page"
    assert page.test_button.isEnabled()
    assert threads and threads[0] is not threading.main_thread()
    assert printer.requests[:4] == [1, 2, 3, 4]
    paper = read_paper(printer.wait_for(2000), "cp866")
    text = "".join(paper.lines)
    assert all(c in text for c in ALPHABETS["ru"].upper + ALPHABETS["ru"].lower)
    assert any("Counter" in line for line in paper.lines)


@pytest.mark.parametrize(
    ("status", "words"), [(PAPER_OUT, "Paper out"), (COVER_OPEN, "Cover open")]
)
def test_status_in_words(page, qtbot, pty_printer, status, words) -> None:
    printer, port = pty_printer
    printer.status = status
    page.set_settings(PrinterSettings(port=port))
    with qtbot.waitSignal(page.check_finished, timeout=10_000):
        qtbot.mouseClick(page.status_button, printer_page.Qt.MouseButton.LeftButton)
    assert page.result_text() == words
    # a test print is refused by the printer's state, and nothing is sent
    with qtbot.waitSignal(page.check_finished, timeout=10_000):
        qtbot.mouseClick(page.test_button, printer_page.Qt.MouseButton.LeftButton)
    assert page.result_text() == words
    assert printer.data() == b""


def test_silent_printer(page, qtbot, pty_printer) -> None:
    printer, port = pty_printer
    printer.answering = False
    page.set_settings(PrinterSettings(port=port))
    with qtbot.waitSignal(page.check_finished, timeout=10_000):
        qtbot.mouseClick(page.status_button, printer_page.Qt.MouseButton.LeftButton)
    assert page.result_text() == f"No answer from printer on {port}"


def test_missing_port(page, qtbot, tmp_path) -> None:
    port = str(tmp_path / "ttyUSB9")
    page.set_settings(PrinterSettings(port=port))
    with qtbot.waitSignal(page.check_finished, timeout=10_000):
        qtbot.mouseClick(page.status_button, printer_page.Qt.MouseButton.LeftButton)
    assert page.result_text().startswith(f"Printer not connected: Cannot open {port}: ")
    assert page.result_text().count("Cannot open") == 1  # the transport's words, once
    assert page.result_label.toolTip().startswith(f"Cannot open {port}: ")


def test_screenshot(page, qtbot) -> None:
    page.set_settings(FULL)
    page.baud_combo.setEditText("12345")  # show an inline error too
    assert "32 columns, code page cp1251, ESC t 46" in page.effective_label.text()
    page._show_result("Paper out", ok=False)  # how a check result looks
    page.resize(page.sizeHint().expandedTo(page.minimumSizeHint()))
    page.show()
    qtbot.waitExposed(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    assert page.grab().save(str(SCREENSHOTS / "printer_page.png"))


def test_russian_labels(qtbot) -> None:
    translator = install_language("ru")
    assert translator is not None
    try:
        page = PrinterSettingsPage()
        qtbot.addWidget(page)
        boxes = {box.title() for box in page.findChildren(QGroupBox)}
        assert boxes == {"Подключение", "Принтер", "Чеки", "Проверка принтера"}
        assert page.refresh_button.text() == "Обновить"
        assert page.test_button.text() == "Пробная печать"
        assert page.status_button.text() == "Проверить состояние"
        assert page.parity_combo.itemText(1) == "Чёт"
        assert page.timeout_spin.suffix() == " с"
        labels = {label.text() for label in page.findChildren(QLabel)}
        assert {"Последовательный порт:", "Скорость (бод):", "Язык чека:"} <= labels
        assert page.effective_label.text().startswith("ширина ")
        assert page.port_hint.text() == "Найдено последовательных портов: 2"
        page.set_settings(FULL)
        page.baud_combo.setEditText("12345")
        assert page._errors["baudrate"].text() == (
            "Скорость 12345 не поддерживается последовательным портом"
        )
        paper_out = PrinterStatus(online=False, paper_out=True, message="Paper out")
        assert page._describe(CheckResult("status", "/dev/ttyUSB0", paper_out)) == (
            "Нет бумаги",
            False,
        )
        silent = CheckResult("status", "/dev/ttyUSB0", PrinterStatus(False, answered=False))
        assert page._describe(silent) == ("Принтер не отвечает — порт /dev/ttyUSB0", False)
    finally:
        remove_language(translator)
    english = PrinterSettingsPage()
    qtbot.addWidget(english)
    assert english.refresh_button.text() == "Refresh"
