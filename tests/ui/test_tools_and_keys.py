"""Price check, the calls list, booth keys and shortcuts, the Russian translation."""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from callshop_pos.counter import BoothMode, PbxLink
from tests.ui.fakes import TestBackend
from ui.app import build_main_window
from ui.booth_keys import key_label
from ui.dialogs.start_dialog import StartDialog
from ui.dialogs.stop_dialog import StopDialog
from ui.i18n import TRANSLATIONS_DIR, read_ts, remove_language

UI_DIR = Path(__file__).resolve().parents[2] / "ui"
FORMAT_FIELD = re.compile(r"\{\w*\}")


def test_price_check_updates_as_you_type(qtbot, window, backend):
    dialog = window.open_price_check()
    number = dialog.findChild(object, "quoteNumber")
    qtbot.keyClicks(number, "4930")
    qtbot.keyClicks(dialog.findChild(object, "quoteAmount"), "6")
    # Debounced: one question after the typing pauses, not one per key.
    qtbot.waitUntil(lambda: "Germany" in dialog.findChild(object, "quoteDestination").text())
    assert [e for e in backend.log if e[0] == "quote"] == [("quote", "4930", Decimal("6"))]
    assert dialog.findChild(object, "quotePrice").text() == "0.60 EUR per minute"
    assert dialog.findChild(object, "quoteMinutes").text() == "10:00 for 6.00 EUR"
    number.clear()
    qtbot.keyClicks(number, "999")
    qtbot.waitUntil(
        lambda: dialog.findChild(object, "quoteDestination").text() == "No price for this number"
    )


def test_calls_list_filters_by_booth(qtbot, window, backend):
    dialog = window.open_calls()
    table = dialog.findChild(object, "callsTable")
    qtbot.waitUntil(lambda: table.model().rowCount() == 2)
    model = table.model()
    assert model.index(0, 2).data() == "4930123456"
    assert model.index(0, 6).data() == "1.80 EUR"
    assert model.index(1, 5).data() == "no answer"
    assert "revenue 1.80 EUR" in dialog.findChild(object, "callsTotals").text()
    combo = dialog.findChild(object, "callsBooth")
    combo.setCurrentIndex(combo.findData(101))
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert backend.log[-1][2] == 101


def test_booth_keys_select_and_are_shown():
    assert [key_label(p) for p in (1, 9, 10, 11, 22, 23)] == ["1", "9", "0", "F1", "F12", ""]


def _press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier):
    # Window shortcuts only fire in the active window; earlier tests may leave another one.
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.board, key, modifier)


def test_shortcuts(qtbot, window, backend):
    board = window.board
    _press(qtbot, window, Qt.Key.Key_3)
    assert board.selected == 103
    assert board.tile(103).text.key == "3"
    _press(qtbot, window, Qt.Key.Key_Right)
    assert board.selected == 104
    _press(qtbot, window, Qt.Key.Key_S)
    dialog = window.actions_.dialog
    assert isinstance(dialog, StartDialog)
    dialog.reject()
    qtbot.waitUntil(lambda: window.actions_.dialog is None)
    _press(qtbot, window, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: bool(backend.log))
    assert backend.log[-1][:3] == ("start", 104, BoothMode.POSTPAID)
    qtbot.waitUntil(lambda: bool(board.tile(104).text.running))
    _press(qtbot, window, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: isinstance(window.actions_.dialog, StopDialog))
    window.actions_.dialog.reject()
    qtbot.waitUntil(lambda: window.actions_.dialog is None)
    _press(qtbot, window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert window.price_dialog is not None and window.price_dialog.isVisible()
    window.price_dialog.hide()
    _press(qtbot, window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.calls_dialog is not None and window.calls_dialog.isVisible()


def test_function_keys_reach_booths_past_ten(qtbot, clock):
    win = build_main_window(TestBackend(24), None, user="u", language="en", clock=clock)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    _press(qtbot, win, Qt.Key.Key_F2)
    assert win.board.selected == 112
    assert win.board.tile(112).text.key == "F2"
    _press(qtbot, win, Qt.Key.Key_0)
    assert win.board.selected == 110
    assert win.board.tile(123).text.key == ""


def test_russian_translation_changes_visible_strings(qtbot, clock):
    backend = TestBackend(4)
    backend.views[102] = replace(backend.views[102], mode=BoothMode.PREPAID, prepaid=Decimal(10))
    win = build_main_window(backend, None, user="Анна", language="ru", clock=clock)
    qtbot.addWidget(win)
    try:
        assert win.board.tile(101).start_stop.text() == "Старт"
        assert win.board.tile(102).start_stop.text() == "Стоп"
        assert win.board.tile(101).text.state_word == "АТС недоступна"  # no PBX link yet
        win.board.set_pbx(PbxLink.CONNECTED)
        assert win.board.tile(101).text.state_word == "Свободна"
        assert win.findChild(object, "userLabel").text() == "Кассир: Анна"
        assert win.findChild(object, "startAction").text() == "Старт"
    finally:
        remove_language(win.translator)
    assert QCoreApplication.translate("BoothTile", "Free") == "Free"


def _contexts_of_helpers(tree: ast.Module) -> dict[str, str]:
    """Module-level helpers like ``def _tr(text): return QCoreApplication.translate("X", text)``."""
    helpers = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "translate"
                    and call.args
                    and isinstance(call.args[0], ast.Constant)
                ):
                    helpers[node.name] = call.args[0].value
    return helpers


def _strings_in_source() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for path in UI_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        helpers = _contexts_of_helpers(tree)
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            for call in ast.walk(cls):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "tr"
                    and call.args
                    and isinstance(call.args[0], ast.Constant)
                ):
                    found.add((cls.name, call.args[0].value))
        for call in ast.walk(tree):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id in helpers
                and call.args
                and isinstance(call.args[0], ast.Constant)
                and isinstance(call.args[0].value, str)
            ):
                found.add((helpers[call.func.id], call.args[0].value))
    return found


def test_every_ui_string_has_a_russian_translation():
    table = read_ts(TRANSLATIONS_DIR / "callshop_ru.ts")
    strings = _strings_in_source()
    assert len(strings) > 100
    missing = sorted(s for s in strings if s not in table)
    assert missing == []
    for (_context, source), text in table.items():
        assert source.count("%1") == text.count("%1"), source
        assert source.count("%2") == text.count("%2"), source
        # str.format fields ("{port}") must survive translation, or .format() fails or drops them
        assert sorted(FORMAT_FIELD.findall(source)) == sorted(FORMAT_FIELD.findall(text)), source


def test_printer_settings_strings_are_covered():
    contexts = {context for context, _source in _strings_in_source()}
    assert {"PrinterSettingsPage", "PrinterSettingsDialog"} <= contexts
