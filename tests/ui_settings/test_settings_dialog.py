"""The owner's settings dialog with real widgets on a real SQLite file: both checklists of the
source document walked in the dialog, then Start on the board for a booth made there; fields
checked as you type; refusals and deletes in use shown with the reason; screenshots."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton, QWidget
from sqlalchemy import select

from callshop_pos.board import TileState
from callshop_pos.counter import BoothMode, PbxLink
from callshop_pos.db.engine import Database, open_database
from callshop_pos.db.models import Account, AuditLog, Tariff
from callshop_pos.services import catalog
from callshop_pos.services.counter import CounterService
from ui.app import build_main_window
from ui.bridge import ListenerBridge
from ui.i18n import remove_language
from ui.main_window import MainWindow
from ui.settings.pages.object_page import FormPage, ObjectPage
from ui.settings.settings_dialog import PAGES, SettingsDialog
from ui.shop_services import ShopServices

SHOTS = Path("/tmp/shots")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "shop.db")
    yield database
    database.dispose()


def open_window(
    qtbot: Any, db: Database, language: str = "en"
) -> tuple[MainWindow, CounterService]:
    counter = CounterService(db)
    bridge = ListenerBridge()
    counter.add_listener(bridge)
    window = build_main_window(
        counter, bridge, user="owner", language=language, shop=ShopServices(db)
    )
    qtbot.addWidget(window)
    window.board.timer.stop()
    bridge.pbx_state(PbxLink.CONNECTED, "")
    return window, counter


def open_settings(qtbot: Any, window: MainWindow) -> SettingsDialog:
    action = window.findChild(QAction, "settingsAction")
    assert action is not None and action.shortcut().toString() == "Ctrl+,"
    action.trigger()
    dialog = window.settings_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def go(qtbot: Any, dialog: SettingsDialog, key: str) -> Any:
    page = dialog.open_page(key)
    page.loaded = False  # the visit reloads it
    dialog._show(dialog.list.currentRow())
    qtbot.waitUntil(lambda: page.loaded)
    return page


def field(page: FormPage, key: str) -> Any:
    return page.form.editors[key]


def fill(qtbot: Any, page: FormPage, values: dict[str, Any]) -> None:
    for key, value in values.items():
        editor = field(page, key)
        if isinstance(editor, QCheckBox):
            editor.setChecked(value)
        elif isinstance(editor, QComboBox):
            index = editor.findData(value)
            assert index >= 0, (key, value)
            editor.setCurrentIndex(index)
        else:
            assert isinstance(editor, QLineEdit)
            editor.selectAll()
            editor.del_()
            qtbot.keyClicks(editor, str(value))  # typed, as the owner does


def save(qtbot: Any, page: FormPage) -> None:
    assert page.save_button.isEnabled(), page.form.problems()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.status.text() in ("Saved.", "Сохранено.") or "'" in page.status.text()
    )
    assert page.status.text() == "Saved.", page.status.text()
    qtbot.waitUntil(lambda: page.loaded)


def add(qtbot: Any, dialog: SettingsDialog, key: str, values: dict[str, Any]) -> ObjectPage:
    page = go(qtbot, dialog, key)
    qtbot.mouseClick(page.buttons["add"], Qt.MouseButton.LeftButton)
    fill(qtbot, page, values)
    save(qtbot, page)
    return page


def walk_both_checklists(qtbot: Any, dialog: SettingsDialog) -> None:
    # the owner's checklist
    add(qtbot, dialog, "vendors", {"name": "Carrier A", "currency": "EUR", "balance": "500"})
    dialog.page("vendors").findChild(QPushButton, "openConnections").click()
    assert dialog.stack.currentWidget() is dialog.page("connections")
    for name in ("carrier-a", "carrier-a2"):
        add(
            qtbot,
            dialog,
            "connections",
            {"name": name, "vendor": "Carrier A", "host": "10.0.0.9:5060", "username": "shop"},
        )
    add(qtbot, dialog, "destination_sets", {"name": "A routes", "vendor": "Carrier A"})
    page = go(qtbot, dialog, "routing_groups")
    qtbot.mouseClick(page.buttons["add"], Qt.MouseButton.LeftButton)
    fill(qtbot, page, {"name": "Cheapest", "policy": "preference"})
    entries = page.form.entries
    for connection in ("carrier-a", "carrier-a2"):
        entries.connection.setCurrentIndex(entries.connection.findText(connection))
        entries.findChild(QPushButton, "addEntry").click()
    entries.list.setCurrentRow(0)
    qtbot.keyClick(entries.list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [e["connection"] for e in entries.list.entries()] == ["carrier-a2", "carrier-a"]
    save(qtbot, page)
    add(
        qtbot,
        dialog,
        "tariffs",
        {"name": "Wholesale", "kind": "wholesale", "average_call_duration": "150"},
    )
    page = go(qtbot, dialog, "customer")
    fill(qtbot, page, {"name": "My shop", "tariff": "Wholesale", "routing_group": "Cheapest"})
    save(qtbot, page)
    # the callshop's checklist
    add(qtbot, dialog, "tariffs", {"name": "Street", "connect_fee": "0.10", "precision": "2"})
    add(qtbot, dialog, "service_plans", {"name": "Prepaid", "tariff": "Street"})
    page = go(qtbot, dialog, "booths")
    for n in (1, 2):
        qtbot.mouseClick(page.buttons["add"], Qt.MouseButton.LeftButton)
        fill(
            qtbot,
            page,
            {"name": f"Booth {n}", "position": str(n), "voip_login": f"booth{n}"},
        )
        fill(qtbot, page, {"service_plan": "Prepaid"})
        page.findChild(QPushButton, "generatePassword").click()
        assert len(field(page, "voip_password").text()) >= 12
        save(qtbot, page)
    page = go(qtbot, dialog, "preferences")
    fill(qtbot, page, {"default_prepaid_amount": "5", "stop_locks": False})
    save(qtbot, page)


def test_both_checklists_in_the_dialog_then_start_on_the_board(qtbot, db):
    window, counter = open_window(qtbot, db)
    assert window.board.tiles() == []
    dialog = open_settings(qtbot, window)
    walk_both_checklists(qtbot, dialog)
    group = catalog.load(db, "routing_groups", "Cheapest")
    assert group is not None and group["policy"] == "preference"
    assert [e["connection"] for e in group["entries"]] == ["carrier-a2", "carrier-a"]
    assert catalog.load(db, "preferences")["default_prepaid_amount"] == "5"
    assert catalog.load(db, "tariffs", "Wholesale")["average_call_duration"] == 150
    dialog.findChild(QPushButton, "closeSettings").click()
    qtbot.waitUntil(lambda: len(window.board.tiles()) == 2)  # the board read again
    with db.read() as s:
        booth = s.scalar(select(Account).where(Account.name == "Booth 2"))
        assert booth.customer.name == "My shop" and len(booth.voip_password) >= 12
        booth_id = booth.id
    assert counter.start_defaults().prepaid_amount == Decimal(5)
    counter.start(booth_id, BoothMode.PREPAID, Decimal(5), Decimal(0))
    qtbot.waitUntil(lambda: window.board.tile(booth_id).text.state is TileState.PREPAID)
    with db.read() as s:
        actions = [r.action for r in s.scalars(select(AuditLog).order_by(AuditLog.id))]
    assert actions.count("settings.create") == 12 and "session.start" in actions[-2:]


def test_fields_are_checked_as_you_type_with_the_core_reason(qtbot, db):
    window, _ = open_window(qtbot, db)
    dialog = open_settings(qtbot, window)
    page = go(qtbot, dialog, "tariffs")
    fill(qtbot, page, {"name": "Street", "connect_fee": "0.1x"})
    error = page.form.errors["connect_fee"]
    assert error.isVisible() and error.text() == "not an amount: '0.1x'"
    assert "b91c1c" in field(page, "connect_fee").styleSheet()
    assert not page.save_button.isEnabled()
    fill(qtbot, page, {"connect_fee": "0.10", "precision": "9"})
    assert not page.form.errors["connect_fee"].isVisible()
    assert page.form.errors["precision"].text() == "must be 0-6, not 9"
    fill(qtbot, page, {"precision": "2"})
    assert page.save_button.isEnabled()
    fill(qtbot, page, {"name": ""})
    assert page.form.errors["name"].text() == "must not be empty"
    assert not page.save_button.isEnabled()
    assert catalog.names(db, "tariffs") == []  # nothing saved by typing


def test_refusals_and_deletes_in_use_show_the_reason(qtbot, db):
    window, _ = open_window(qtbot, db)
    dialog = open_settings(qtbot, window)
    walk_both_checklists(qtbot, dialog)
    before = catalog.rows(db, "booths")
    page = go(qtbot, dialog, "booths")
    qtbot.mouseClick(page.buttons["add"], Qt.MouseButton.LeftButton)
    fill(qtbot, page, {"name": "Booth 3", "voip_login": "booth1", "service_plan": "Prepaid"})
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "is used by booth" in page.status.text())
    assert page.status.text() == "voip login: 'booth1' is used by booth 'Booth 1'"
    assert catalog.rows(db, "booths") == before
    page = go(qtbot, dialog, "tariffs")
    page.confirm = lambda _text: True
    page.table.selectRow(next(i for i, r in enumerate(page.model.rows) if r["name"] == "Street"))
    qtbot.mouseClick(page.buttons["delete"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "is used by" in page.status.text())
    assert page.status.text() == "tariff 'Street' is used by service plan(s) 'Prepaid'"
    page = go(qtbot, dialog, "connections")
    page.confirm = lambda _text: True
    page.table.selectRow(0)
    qtbot.mouseClick(page.buttons["delete"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "is used by" in page.status.text())
    assert "routing group(s) 'Cheapest'" in page.status.text()
    assert len(catalog.rows(db, "connections")) == 2


def test_search_filters_as_you_type(qtbot, db):
    for n in range(1, 31):
        catalog.save(db, "vendors", {"name": f"Carrier {n:02d}"})
    window, _ = open_window(qtbot, db)
    dialog = open_settings(qtbot, window)
    page = go(qtbot, dialog, "vendors")
    assert page.proxy.rowCount() == 30
    qtbot.keyClicks(page.search, "rier 1")
    assert page.proxy.rowCount() == 10  # 10..19
    page.table.selectRow(0)
    assert page.form.editors["name"].text() == "Carrier 10"


def test_pbx_page_saves_the_address_and_exports_the_kit(qtbot, db, tmp_path):
    catalog.save(db, "tariffs", {"name": "T"})
    catalog.save(db, "service_plans", {"name": "P", "tariff": "T"})
    catalog.save(db, "booths", {"name": "B1", "voip_login": "b1", "service_plan": "P"})
    window, _ = open_window(qtbot, db)
    dialog = open_settings(qtbot, window)
    page = go(qtbot, dialog, "pbx")
    page.export_to(tmp_path / "kit")  # a booth without its VoIP password: the reason, no file
    qtbot.waitUntil(lambda: "nothing written" in page.result.toPlainText())
    assert "booth 'B1': voip_password is empty" in page.result.toPlainText()
    assert not (tmp_path / "kit").exists()
    catalog.save(db, "booths", {"name": "B1", "voip_password": "pw-1"}, original="B1")
    qtbot.keyClicks(page.host, "10.0.0.1")
    page.port.setValue(5039)
    qtbot.keyClicks(page.user, "callshop")
    qtbot.keyClicks(page.secret, "s3cret")
    assert page.save_button.isEnabled() and page.problem.text() == ""
    page.save_button.click()
    qtbot.waitUntil(lambda: page.result.toPlainText().startswith("Saved."))
    assert catalog.load(db, "shop")["pbx_url"] == "ami://callshop:s3cret@10.0.0.1:5039"
    page.export_to(tmp_path / "kit")
    qtbot.waitUntil(lambda: not page.result.toPlainText().startswith("Saved."))
    assert page.result.toPlainText().startswith("Written:"), page.result.toPlainText()
    manager = (tmp_path / "kit" / "manager.conf").read_text()
    assert "secret = s3cret" in manager
    assert "[b1]" in (tmp_path / "kit" / "pjsip_callshop.conf").read_text()


def test_pbx_test_says_exactly_what_is_wrong(qtbot, db):
    import socket

    with socket.socket() as probe:  # a port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    window, _ = open_window(qtbot, db)
    dialog = open_settings(qtbot, window)
    page = go(qtbot, dialog, "pbx")
    qtbot.keyClicks(page.host, "127.0.0.1")
    page.port.setValue(port)
    qtbot.keyClicks(page.user, "callshop")
    qtbot.keyClicks(page.secret, "x")
    page.test_button.click()
    qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=20000)
    text = page.result.toPlainText()
    assert text.startswith("Something is wrong:")
    assert f"AMI login to 127.0.0.1:{port}" in text


@pytest.mark.parametrize("language", ["en", "ru"])
def test_screenshots_of_every_page(qtbot, db, language):
    catalog.save(db, "vendors", {"name": "Carrier A", "balance": "500"})
    catalog.save(
        db, "connections", {"name": "carrier-a", "vendor": "Carrier A", "host": "10.0.0.9"}
    )
    catalog.save(db, "destination_sets", {"name": "A routes", "vendor": "Carrier A"})
    catalog.save(
        db,
        "routing_groups",
        {
            "name": "Cheapest",
            "entries": [{"destination_set": "A routes", "connection": "carrier-a"}],
        },
    )
    catalog.save(db, "tariffs", {"name": "Street", "connect_fee": "0.1"})
    catalog.save(db, "customer", {"name": "My shop", "tariff": "Street"})
    catalog.save(db, "service_plans", {"name": "Prepaid", "tariff": "Street"})
    catalog.save(db, "booths", {"name": "Booth 1", "voip_login": "b1", "service_plan": "Prepaid"})
    window, _ = open_window(qtbot, db, language)
    try:
        dialog = open_settings(qtbot, window)
        SHOTS.mkdir(parents=True, exist_ok=True)
        for key in PAGES:
            page: QWidget = go(qtbot, dialog, key)
            if isinstance(page, ObjectPage) and page.model.rows:
                page.table.selectRow(0)
            assert dialog.grab().save(str(SHOTS / f"settings-{language}-{key}.png"))
        if language == "ru":
            title = dialog.page("vendors").findChild(QLabel, "pageTitle")
            assert title.text() == "Поставщики"
            assert dialog.windowTitle() == "Настройки"
    finally:
        remove_language(window.translator)


def test_audit_rows_keep_old_and_new(qtbot, db):
    catalog.save(db, "vendors", {"name": "Carrier A", "balance": "500"})
    window, _ = open_window(qtbot, db)
    dialog = open_settings(qtbot, window)
    page = go(qtbot, dialog, "vendors")
    page.table.selectRow(0)
    fill(qtbot, page, {"balance": "450.5"})
    save(qtbot, page)
    with db.read() as s:
        row = s.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert row.action == "settings.update"
    assert json.loads(row.details)["changes"] == {"balance": ["500", "450.5"]}


def test_a_tariff_s_rates_open_from_its_page(qtbot, db):
    window, _counter = open_window(qtbot, db)
    dialog = open_settings(qtbot, window)
    page = go(qtbot, dialog, "tariffs")
    qtbot.mouseClick(page.buttons["add"], Qt.MouseButton.LeftButton)
    slot = page.findChild(QPushButton, "ratesSlot")
    assert not slot.isEnabled()  # a tariff not saved yet has no rates to edit
    fill(qtbot, page, {"name": "Street"})
    save(qtbot, page)
    page = go(qtbot, dialog, "tariffs")
    page.show_object("Street")
    assert slot.isEnabled() and slot.text() == "Rates of Street…"
    qtbot.mouseClick(slot, Qt.MouseButton.LeftButton)
    table = page.prices_window.findChild(QWidget, "priceTable")
    assert table is not None and table.info.name == "Street"
    with db.read() as s:
        assert table.store.owner_id == s.scalar(select(Tariff.id).where(Tariff.name == "Street"))
    assert table.wait_idle()
    page.prices_window.close()
