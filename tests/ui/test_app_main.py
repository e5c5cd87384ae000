"""``ui.app.main``, the real application: a demo run in-process and start-up errors."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from callshop_pos.counter import PbxLink
from callshop_pos.runtime import build_runtime
from printing.printer_state import PrinterState, PrinterView
from ui.app import main, wire_printer
from ui.bridge import ListenerBridge
from ui.dialogs.login_dialog import LoginDialog
from ui.i18n import install_language, remove_language
from ui.main_window import MainWindow
from ui.printer_words import job_error_words, printers_words, state_words


def _main_window(app: QApplication) -> MainWindow | None:
    for widget in app.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            return widget
    return None


def test_demo_run_shows_live_booths_and_quits_cleanly(qapp, tmp_path):
    seen: dict[str, object] = {}

    def look() -> None:
        login = next(
            (w for w in qapp.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible()),
            None,
        )
        if login is not None:  # the demo's users are on its hint; --user selected Cashier
            seen["hint"] = login.hint.text()
            seen["selected"] = login.chosen()
            login.pin.setText("1111")
            login.try_login()
            QTimer.singleShot(100, look)
            return
        window = _main_window(qapp)
        if window is None or window.board.tiles()[0].text is None:
            QTimer.singleShot(100, look)
            return
        # The engine's link state reached the status bar through the counter and the bridge.
        if "PBX connected" not in window.status.pbx.text():
            QTimer.singleShot(100, look)
            return
        seen["title"] = window.windowTitle()
        seen["tiles"] = len(window.board.tiles())
        seen["printer"] = window.status.printer.text()
        seen["running"] = sum(1 for t in window.board.tiles() if t.text and t.text.running)
        seen["pbx"] = window.board._pbx
        # exit(), not quit(): a GUI quit() also leaves a request behind that would end the
        # next test's event loop at once.
        qapp.exit(0)

    QTimer.singleShot(100, look)
    safety = QTimer()  # never hang the suite; stopped so it cannot end a later test's loop
    safety.setSingleShot(True)
    safety.timeout.connect(lambda: qapp.exit(3))
    safety.start(20000)
    try:
        code = main(
            [
                "callshop-pos",
                "--demo",
                "--db",
                str(tmp_path / "demo.db"),
                "--user",
                "Cashier",
                "--demo-history",
                "0",
            ]
        )
    finally:
        safety.stop()
    assert code == 0
    assert seen["hint"] == "Demo shop: Owner — 0000, Cashier — 1111"
    assert seen["selected"] == "Cashier"
    assert seen["title"] == "Callshop POS — Cashier — demo"
    assert seen["tiles"] == 8
    assert seen["running"] == 5  # the demo shop starts five booths the first time
    assert seen["pbx"] is PbxLink.CONNECTED
    assert seen["printer"]  # "No printer" until a print service is configured


def test_unreadable_database_is_one_line_in_a_box_and_exit_1(qapp, tmp_path):
    bad = tmp_path / "shop.db"
    bad.write_bytes(b"this is not an SQLite database, just some text" * 100)
    shown: list[str] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, close_box)
            return
        shown.append(box.text())
        box.done(0)

    QTimer.singleShot(50, close_box)
    assert main(["callshop-pos", "--db", str(bad)]) == 1
    assert len(shown) == 1
    text = shown[0]
    assert text.startswith("The counter cannot start: database")
    assert "not a database" in text and "\n" not in text and "Traceback" not in text


def test_start_up_error_speaks_russian_when_asked(qapp, tmp_path):
    shown: list[str] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, close_box)
            return
        shown.append(box.text())
        box.done(0)

    QTimer.singleShot(50, close_box)
    missing = tmp_path / "no" / "such" / "folder" / "shop.db"
    assert main(["callshop-pos", "--db", str(missing), "--language", "ru"]) == 1
    assert shown and shown[0].startswith("Касса не может запуститься: ")
    assert "folder does not exist" in shown[0]


def test_every_printer_state_has_its_words_in_both_languages(qapp):
    english = {state: state_words(state) for state in PrinterState}
    assert english[PrinterState.OFFLINE] == "Printer offline"
    assert len(set(english.values())) == len(PrinterState)  # no two states read alike
    translator = install_language("ru")
    try:
        russian = {state: state_words(state) for state in PrinterState}
        several = (
            PrinterView("receipt", PrinterState.READY),
            PrinterView("kitchen", PrinterState.STOPPED),
        )
        assert printers_words(several) == "receipt: Принтер готов; kitchen: Принтер остановлен"
    finally:
        remove_language(translator)
    assert russian[PrinterState.OFFLINE] == "Принтер не в сети"
    assert russian[PrinterState.PAPER_OUT] == "Нет бумаги"
    untranslated = [state for state in PrinterState if russian[state] == english[state]]
    assert untranslated == []
    assert len(set(russian.values())) == len(PrinterState)


def test_a_job_error_reads_as_its_state(qapp):
    assert job_error_words("Cannot open /dev/ttyUSB0: [Errno 2] No such file") == (
        "Printer not connected"
    )
    assert job_error_words("Paper out, Cover open") == "Paper out"
    assert job_error_words("") == ""


def test_the_real_print_service_reaches_the_status_bar(qapp, qtbot, tmp_path):
    runtime = build_runtime(tmp_path / "demo.db", demo=True, demo_traffic=False)
    try:
        assert runtime.printing is not None  # callshop_pos.services.print_queue
        bridge = ListenerBridge()
        seen: list[tuple[object, int]] = []
        bridge.printerState.connect(lambda printers, waiting: seen.append((printers, waiting)))
        wire_printer(runtime, bridge)
        runtime.printing.start()
        qtbot.waitUntil(lambda: bool(seen))
        # The demo shop sets up no printer: the service says so, and nothing waits.
        assert seen[-1] == ((PrinterView("receipt", PrinterState.NO_PRINTER),), 0)
    finally:
        runtime.stop()
