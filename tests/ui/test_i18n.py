"""The Russian UI through Qt's own tools: the .ts compiled by lrelease, loaded by
QTranslator.load, plural forms right, money in the language's format."""

from __future__ import annotations

import ast
import logging
import shutil
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QObject, QTranslator, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QStatusBar

from callshop_pos import resources
from printing.printer_state import PrinterState, PrinterView
from ui import i18n
from ui.app import build_main_window
from ui.format import count, money, rate_price
from ui.i18n import TRANSLATIONS_DIR, TsTranslator, install_language, remove_language
from ui.status_bar import StatusPanel

UI_DIR = Path(i18n.__file__).parent
TS = TRANSLATIONS_DIR / "callshop_ru.ts"


@pytest.fixture
def russian(qapp):
    translator = install_language("ru")
    yield translator
    remove_language(translator)


def _calls(n: int) -> str:
    return QCoreApplication.translate("CallsDialog", "%n call(s)", None, n)


def test_russian_is_loaded_from_a_compiled_qm(russian):
    assert type(russian) is QTranslator  # Qt's own, not the .ts reader
    assert not russian.isEmpty()
    assert russian.filePath().endswith("callshop_ru.qm")
    assert QCoreApplication.translate("App", "No printer") == "Принтер не настроен"


def test_russian_plurals(russian):
    assert [_calls(n) for n in (1, 2, 5, 11, 21, 22, 25)] == [
        "1 звонок",
        "2 звонка",
        "5 звонков",
        "11 звонков",
        "21 звонок",
        "22 звонка",
        "25 звонков",
    ]
    assert count("StatusPanel", "(%n waiting)", 3) == "(3 чека ждут печати)"


def test_english_counts_without_a_translator(qapp):
    assert count("CallsDialog", "%n call(s)", 1) == "1 call"
    assert count("CallsDialog", "%n call(s)", 5) == "5 calls"


def test_money_in_the_language_format(qapp, russian):
    assert money(Decimal("12.5"), "EUR") == "12,50\xa0€"
    assert money(Decimal("-1234.567"), "EUR") == "-1\xa0234,57\xa0€"
    assert money(Decimal("7"), "XAF", 0) == "7\xa0XAF"


def test_money_in_english_keeps_its_columns(qapp):
    assert money(Decimal("1234.5"), "EUR") == "1\u202f234.50 EUR"
    assert rate_price(Decimal("0.035"), "EUR") == "0.035 EUR"


def test_a_price_per_minute_keeps_its_digits_in_russian(qapp, russian):
    assert rate_price(Decimal("0.035"), "EUR") == "0,035\xa0€"
    assert rate_price(Decimal("0.1"), "EUR") == "0,10\xa0€"


def test_status_bar_shows_the_russian_plural(qtbot, russian):
    bar = QStatusBar()
    qtbot.addWidget(bar)
    panel = StatusPanel(bar, "anna")
    paper_out = (PrinterView("receipt", PrinterState.PAPER_OUT, "Paper out", 2),)
    panel.set_printer(paper_out, 2)
    assert panel.printer.text() == "Нет бумаги  (2 чека ждут печати)"
    panel.set_printer(paper_out, 5)
    assert panel.printer.text() == "Нет бумаги  (5 чеков ждут печати)"


def test_a_missing_qm_is_compiled_on_first_run(qapp, tmp_path, monkeypatch):
    shutil.copy(TS, tmp_path / TS.name)
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path)
    monkeypatch.setattr(i18n, "user_cache_dir", lambda _name: str(tmp_path / "cache"))
    translator = install_language("ru")
    try:
        assert (tmp_path / "callshop_ru.qm").is_file()
        assert type(translator) is QTranslator
        assert _calls(2) == "2 звонка"
    finally:
        remove_language(translator)


def test_without_lrelease_the_ts_is_read_with_a_warning(qapp, tmp_path, monkeypatch, caplog):
    shutil.copy(TS, tmp_path / TS.name)
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path)
    monkeypatch.setattr(i18n, "user_cache_dir", lambda _name: str(tmp_path / "cache"))
    monkeypatch.setattr(resources, "find_lrelease", lambda: None)
    with caplog.at_level(logging.WARNING, logger="ui.i18n"):
        translator = install_language("ru")
    try:
        assert isinstance(translator, TsTranslator)
        assert "lrelease not found" in caplog.text
        assert [_calls(n) for n in (1, 3, 7)] == ["1 звонок", "3 звонка", "7 звонков"]
        assert not (tmp_path / "callshop_ru.qm").exists()
    finally:
        remove_language(translator)


def _counted_strings() -> set[tuple[str, str]]:
    """(context, source) of every ``count("Context", "source", n)`` in ui/."""
    found = set()
    for path in UI_DIR.rglob("*.py"):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Name)
                and call.func.id == "count"
                and len(call.args) == 3
                and all(isinstance(a, ast.Constant) for a in call.args[:2])
            ):
                found.add((call.args[0].value, call.args[1].value))
    return found


def test_every_counted_string_has_the_three_russian_plural_forms():
    counted = _counted_strings()
    assert {("CallsDialog", "%n call(s)"), ("StatusPanel", "(%n waiting)")} <= counted
    numerus: dict[tuple[str, str], list[str]] = {}
    for context in ET.parse(TS).getroot().iter("context"):
        for message in context.iter("message"):
            if message.get("numerus") == "yes":
                key = (context.findtext("name", ""), message.findtext("source", ""))
                numerus[key] = [f.text or "" for f in message.iter("numerusform")]
    missing = sorted(counted - numerus.keys())
    assert missing == []
    for key, forms in numerus.items():
        assert len(forms) == 3 and all("%n" in form for form in forms), key


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_log_folder_in_the_russian_shop_menu(
    qtbot, qapp, backend, bridge, clock, tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    window = build_main_window(backend, bridge, user="anna", language="ru", clock=clock)
    qtbot.addWidget(window)
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    try:
        action = window.findChild(QAction, "openLogFolderAction")
        assert action is not None and action.text() == "Открыть папку журнала"
        action.trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
        remove_language(window.translator)
    folder = tmp_path / "state" / "callshop-pos" / "log"
    assert [url.toLocalFile() for url in catcher.urls] == [str(folder)]
    assert folder.is_dir()
