"""The rates/routes table of the settings dialog: real widgets on a real SQLite file."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from sqlalchemy import select

from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import AuditLog, DestinationSet, Rate, Tariff
from callshop_pos.services.rates import create_tariff, store_rates
from tests.services.test_price_table import sample_deck
from ui.i18n import install_language, remove_language
from ui.settings import price_table as page
from ui.settings.price_table import PriceTable
from ui.theme import apply_theme

T0 = datetime(2025, 1, 1, tzinfo=UTC)
SHOTS = Path("/tmp/shots")


@pytest.fixture
def db(tmp_path) -> Database:
    database = open_database(tmp_path / "shop.db")
    with database.session() as s:
        tariff = create_tariff(s, "Retail", currency="EUR", precision=2)
        store_rates(s, tariff, sample_deck(1200))
    return database


def _tariff_id(db: Database) -> int:
    with db.read() as s:
        found = s.scalar(select(Tariff.id))
        assert found is not None
        return found


@pytest.fixture
def table(qtbot, db) -> Iterator[PriceTable]:
    widget = PriceTable(db, "rates", _tariff_id(db))
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    qtbot.waitUntil(lambda: widget.model.shown == "" and widget.model.total == 1200)
    assert widget.model.rowCount() == 500
    yield widget
    widget.wait_idle()


def _filter(qtbot, table: PriceTable, text: str) -> None:
    table.filter_edit.clear()
    qtbot.waitUntil(lambda: table.model.shown == "" and table.model.total == 1200)
    qtbot.keyClicks(table.filter_edit, text)
    # the last keystroke's query may wait for the debounce window to close
    qtbot.waitUntil(lambda: table.model.shown == text and table.model.total is not None)


def _price(db: Database, prefix: str) -> Decimal:
    with db.read() as s:
        rate = s.scalar(select(Rate).where(Rate.prefix == prefix))
        assert rate is not None
        return rate.price_1


def _audits(db: Database, action: str) -> list[dict]:
    with db.read() as s:
        rows = s.scalars(select(AuditLog).where(AuditLog.action == action)).all()
        return [json.loads(r.details) for r in rows]


def test_pages_come_with_fetch_more_as_the_view_scrolls(qtbot, table):
    assert table.count_label.text() == "1200 rows"
    table.view.scrollToBottom()
    qtbot.waitUntil(lambda: table.model.rowCount() == 1000)
    table.view.scrollToBottom()
    qtbot.waitUntil(lambda: table.model.rowCount() == 1200)
    assert not table.model.canFetchMore()
    prefixes = [table.model.row_at(i).row.prefix for i in range(1200)]
    assert prefixes == sorted(prefixes) and len(set(prefixes)) == 1200


def test_filter_as_you_type(qtbot, table):
    _filter(qtbot, table, "490")
    assert table.model.rowCount() == 10 and table.count_label.text() == "10 rows"
    _filter(qtbot, table, "germany")
    assert table.model.total == 400 and table.model.rowCount() == 400
    assert {table.model.row_at(i).row.area_name for i in range(400)} == {"Germany Mobile"}


def _edit_cell(qtbot, table: PriceTable, row: int, column: str, text: str) -> None:
    index = table.model.index(row, page.COLUMNS.index(column))
    table.view.setCurrentIndex(index)
    table.view.edit(index)
    editor = table.view.findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_inline_edit_saved_and_audited(qtbot, table, db):
    _filter(qtbot, table, "4902")
    _edit_cell(qtbot, table, 0, "price_1", "0,075")
    qtbot.waitUntil(lambda: table.status.text() == "Saved.")
    assert _price(db, "4902") == Decimal("0.075")
    shown = table.model.data(table.model.index(0, page.COLUMNS.index("price_1")))
    assert shown == "0.075 EUR"
    [entry] = _audits(db, "rates.edit")
    assert entry["old"] == {"price_1": "0.07"} and entry["new"] == {"price_1": "0.075"}
    with db.read() as s:
        assert s.scalar(select(Tariff.revision)) == 2  # the import, then the edit


def test_inline_edit_refused_shows_the_reason_and_saves_nothing(qtbot, table, db):
    _filter(qtbot, table, "4902")
    _edit_cell(qtbot, table, 0, "price_1", "-1")
    qtbot.waitUntil(table.error.isVisible)
    assert table.error.text() == "Not saved: price_1: negative price '-1'"
    _edit_cell(qtbot, table, 0, "prefix", "4903")
    qtbot.waitUntil(lambda: "already in the table" in table.error.text())
    assert _price(db, "4902") == Decimal("0.07")
    assert table.model.row_at(0).row.prefix == "4902"
    assert _audits(db, "rates.edit") == []


def test_a_checkbox_cell_saves_forbidden(qtbot, table, db):
    _filter(qtbot, table, "4902")
    index = table.model.index(0, page.COLUMNS.index("forbidden"))
    table.model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    qtbot.waitUntil(lambda: table.model.row_at(0).row.forbidden)
    with db.read() as s:
        assert s.scalar(select(Rate.forbidden).where(Rate.prefix == "4902")) is True


def test_add_through_the_dialog(qtbot, table, db):
    dialog = table.open_add()
    dialog.fields["prefix"].setText("3712")
    dialog.fields["area_name"].setText("Latvia")
    dialog.fields["price_1"].setText("abc")
    dialog.ok_button().click()
    qtbot.waitUntil(dialog.error.isVisible)
    assert dialog.error.text() == "price_1: bad number 'abc'" and dialog.isVisible()
    dialog.fields["price_1"].setText("0.2")
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: table.model.total == 1201)
    assert table.status.text() == "Added prefix 3712."
    assert _price(db, "3712") == Decimal("0.2")
    assert _audits(db, "rates.add")[0]["new"]["area_name"] == "Latvia"


def test_delete_the_selected_rows(qtbot, table, db):
    _filter(qtbot, table, "490")
    table.view.selectRow(0)
    table.view.selectionModel().select(
        table.model.index(1, 0),
        table.view.selectionModel().SelectionFlag.Select
        | table.view.selectionModel().SelectionFlag.Rows,
    )
    box = table.delete_selected()
    assert box is not None and box.text() == "Delete 2 rows?"
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: table.model.total == 8)
    with db.read() as s:
        assert s.scalar(select(Rate.id).where(Rate.prefix == "4900")) is None
    assert [r["prefix"] for r in _audits(db, "rates.delete")[0]["old"]] == ["4900", "4901"]


def test_bulk_change_on_the_filtered_rows_exact_to_the_cent(qtbot, table, db):
    _filter(qtbot, table, "490")
    dialog = table.open_change_prices()
    assert dialog.applies.text() == "Applies to the 10 rows shown — filter: 490"
    dialog.value.setText("7,5")
    dialog.ok_button().click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: table.status.text() == "Prices changed on 6 rows.")
    # 0.07 * 1.075 = 0.07525 -> 0.08; 0.05 -> 0.05375 -> 0.05 (two decimals, half-up)
    assert _price(db, "4902") == Decimal("0.08") and _price(db, "4900") == Decimal("0.05")
    assert _price(db, "100102") == Decimal("0.09")  # outside the filter: as it was
    dialog = table.open_change_prices()
    dialog.amount.setChecked(True)
    dialog.value.setText("-0.06")
    dialog.ok_button().click()
    qtbot.waitUntil(dialog.error.isVisible)
    assert "below zero" in dialog.error.text()
    assert _price(db, "4902") == Decimal("0.08")


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_import_shows_progress_then_the_new_rows(qtbot, table, tmp_path, monkeypatch):
    from callshop_pos.services import price_table as core

    monkeypatch.setattr(core, "_IMPORT_CHUNK", 100)
    deck = _write(
        tmp_path / "new.csv", "prefix,price_1\n" + "".join(f"{7000 + i},0.3\n" for i in range(700))
    )
    seen: list[tuple[str, int, int]] = []
    table._relay.progress.connect(lambda *p: seen.append(p))
    reports = []
    table.imported.connect(reports.append)
    table.import_file(deck)
    assert table.progress.isVisible() and table.cancel_button.isVisible()
    assert not table.import_button.isEnabled()
    qtbot.waitUntil(lambda: bool(reports))
    assert ("reading", 300, 700) in seen and ("storing", 0, 0) in seen
    assert not table.progress.isVisible() and table.import_button.isEnabled()
    assert (
        table.status.text() == "Imported new.csv: 700 added, 0 updated, 1200 removed, 700 in total."
    )
    qtbot.waitUntil(lambda: table.model.total == 700)


def test_import_cancelled_leaves_the_table_as_it_was(qtbot, table, db, tmp_path):
    fifo = tmp_path / "slow.csv"
    os.mkfifo(fifo)  # the import's read waits on it until this test writes the deck
    reports = []
    table.imported.connect(reports.append)
    table.import_file(fifo)
    assert table.progress.isVisible()
    table.cancel_button.click()
    assert table.status.text() == "Cancelling…"
    writer = threading.Thread(target=_write, args=(fifo, "prefix,price_1\n1,0.5\n"))
    writer.start()
    qtbot.waitUntil(lambda: bool(reports))
    writer.join()
    assert reports[0].cancelled and reports[0].stored is None
    assert table.status.text() == "Import cancelled: nothing changed."
    with db.read() as s:
        assert s.scalar(select(Rate.id).where(Rate.prefix == "1")) is None
        assert s.scalar(select(Tariff.revision)) == 1
    assert len(_audits(db, "rates.import")) == 1  # the fixture's own import only


def test_import_with_bad_lines_shows_the_report(qtbot, table, tmp_path):
    deck = _write(tmp_path / "bad.csv", "prefix,price_1\n4401,0.1\n44x,0.1\n4403,-2\n")
    reports = []
    table.imported.connect(reports.append)
    table.import_file(deck)
    qtbot.waitUntil(lambda: bool(reports))
    dialog = table.findChild(page.BadLinesDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.text.toPlainText() == (
        "line 3, column prefix: prefix must be digits only, not '44x'\n"
        "line 4, column price_1: negative price '-2'"
    )
    assert table.model.total == 1200


def test_export_then_reimport_gives_the_same_rows(qtbot, table, db, tmp_path):
    target = tmp_path / "out.csv"
    table.export_file(target)
    qtbot.waitUntil(lambda: table.status.text().startswith("Exported 1200 rows"))
    with db.session() as s:
        s.add(DestinationSet(name="Vendor A", precision=4))
    with db.read() as s:
        set_id = s.scalar(select(DestinationSet.id))
    assert set_id is not None
    routes = PriceTable(db, "routes", set_id)
    qtbot.addWidget(routes)
    reports = []
    routes.imported.connect(reports.append)
    routes.import_file(target)
    qtbot.waitUntil(lambda: bool(reports) and routes.model.total == 1200)
    assert [r.row for r in routes.store.page("", limit=2000)] == [
        r.row for r in table.store.page("", limit=2000)
    ]
    routes.wait_idle()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_screenshot(qtbot, db, language):
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app)
    translator = install_language(language) if language == "ru" else None
    try:
        widget = PriceTable(db, "rates", _tariff_id(db))
        qtbot.addWidget(widget)
        widget.resize(1400, 700)
        widget.show()
        qtbot.waitUntil(lambda: widget.model.shown == "" and widget.model.total == 1200)
        if language == "ru":
            assert widget.add_button.text() == "Добавить…"
            assert widget.count_label.text() == "1200 строк"
        SHOTS.mkdir(parents=True, exist_ok=True)
        assert widget.grab().save(str(SHOTS / f"pricetable_{language}.png"))
        dialog = widget.open_change_prices()
        qtbot.waitUntil(dialog.isVisible)
        assert dialog.grab().save(str(SHOTS / f"pricetable_change_{language}.png"))
        dialog.reject()
        widget.wait_idle()
    finally:
        if translator is not None:
            remove_language(translator)
