"""The Reports window on a real SQLite file with pytest-qt: periods, filters, fetchMore,
the chart widget painting, the PDF saved; screenshots EN/RU to /tmp/shots/reports_*.png."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from callshop_pos.services.reports_period import Preset
from tests.reports.conftest import DAY0, DAYS
from ui.i18n import install_language, remove_language
from ui.reports.window import ReportsWindow
from ui.worker import Runner

LONG = 20000
SHOTS = Path("/tmp/shots")


def _show_week(qtbot, win, runner) -> None:
    win.set_preset(Preset.WEEK)
    qtbot.mouseClick(win.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not runner.busy, timeout=LONG)


def test_week_revenue_table_chart_and_calls_fetch_more(qtbot, window):
    win, runner, made = window
    _show_week(qtbot, win, runner)
    assert win.loaded is not None
    assert win.revenue_table.rowCount() == DAYS + 1  # the days and the total
    answered = sum(1 for g in made if g.answered)
    assert win.revenue_table.item(DAYS, 1).text() == str(answered)
    win.chart.grab()  # paints
    assert win.chart.painted == DAYS
    win.chart_kind.setCurrentIndex(win.chart_kind.findData("hours"))
    win.chart.grab()
    assert win.chart.painted == 24
    # calls: the first page (200), then the rest as the view asks for more
    model = win.calls_model
    assert (
        model.rowCount() == min(200, len(made)) and f"{len(made)} calls" in win.calls_totals.text()
    )
    while model.canFetchMore():
        model.fetchMore()
        qtbot.waitUntil(lambda: not model.loading, timeout=LONG)
    assert model.rowCount() == len(made)
    assert len({r.id for r in model.rows}) == len(made)


def test_filters_reload_the_calls_and_their_totals(qtbot, window):
    win, runner, made = window
    _show_week(qtbot, win, runner)
    win.disposition_filter.setCurrentIndex(win.disposition_filter.findData("no_answer"))
    qtbot.waitUntil(lambda: not runner.busy, timeout=LONG)
    missed = sum(1 for g in made if not g.answered)
    assert win.calls_model.rowCount() == missed
    assert {r.disposition for r in win.calls_model.rows} == {"no_answer"}
    win.disposition_filter.setCurrentIndex(0)
    win.booth_filter.setCurrentIndex(win.booth_filter.findText("Booth 10"))
    qtbot.waitUntil(lambda: not runner.busy, timeout=LONG)
    assert {r.booth for r in win.calls_model.rows} == {"Booth 10"}
    assert win.calls_model.rowCount() == sum(1 for g in made if g.booth == "Booth 10")


def test_save_pdf_to_the_documents_folder(qtbot, window, tmp_path):
    win, runner, _ = window
    _show_week(qtbot, win, runner)
    qtbot.mouseClick(win.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.last_file is not None, timeout=LONG)
    assert win.last_file.parent == tmp_path / "docs" / "Callshop POS"
    assert win.last_file.read_bytes().startswith(b"%PDF") and win.open_button.isEnabled()


def test_minutes_and_money_in_russian_use_the_decimal_comma(qtbot, generated):
    db, made = generated
    answered = [g for g in made if g.answered]
    minutes = (Decimal(sum(g.seconds for g in answered)) / 60).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )
    revenue = sum((g.cost for g in answered), Decimal(0))
    installed = install_language("ru")
    try:
        runner = Runner()
        win = ReportsWindow(db, runner, DAY0 + timedelta(days=DAYS - 1))
        qtbot.addWidget(win)
        _show_week(qtbot, win, runner)
        # the locale's group separator (a no-break space) between the thousands
        total = [
            win.revenue_table.item(DAYS, c).text().replace("\N{NO-BREAK SPACE}", "") for c in (2, 3)
        ]
        assert total == [f"{minutes}".replace(".", ","), f"{revenue:.2f}".replace(".", ",")]
        runner.wait_idle()
    finally:
        remove_language(installed)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_screenshots(qtbot, generated, tmp_path, language):
    db, _ = generated
    installed = install_language(language) if language != "en" else None
    try:
        runner = Runner()
        win = ReportsWindow(db, runner, DAY0 + timedelta(days=DAYS - 1))
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
        _show_week(qtbot, win, runner)
        SHOTS.mkdir(parents=True, exist_ok=True)
        names = ("calls", "revenue", "balances", "sessions", "problems")
        for index, name in enumerate(names):
            win.tabs.setCurrentIndex(index)
            assert win.grab().save(str(SHOTS / f"reports_{name}_{language}.png"))
        runner.wait_idle()
    finally:
        if installed is not None:
            remove_language(installed)
