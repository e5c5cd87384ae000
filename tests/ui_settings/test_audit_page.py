"""The settings' "Audit log" page with real widgets on a real SQLite file: the rows the app
writes appear newest first with their changes as "field: old → new", the filters ask the
database, older pages come as the owner scrolls, and nothing on the page can change the log."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QDateEdit, QLineEdit, QPlainTextEdit
from sqlalchemy import func, select

from callshop_pos.counter import BoothMode
from callshop_pos.db.models import Account, AuditLog, User
from callshop_pos.services import audit_log, catalog
from callshop_pos.services.audit import audit
from tests.ui_settings.test_settings_dialog import db, fill, go, open_settings, open_window, save
from ui.i18n import remove_language
from ui.settings.pages.audit_page import AuditPage
from ui.settings.settings_dialog import PAGES

__all__ = ["db"]  # the real SQLite file fixture


def shown(page: AuditPage, column: int) -> list[str]:
    model = page.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def settled(qtbot, page: AuditPage, change) -> None:
    """Do ``change`` (a filter set) and wait until the page shows its answer."""
    page.loaded = False
    change()
    qtbot.waitUntil(lambda: page.loaded and not page.model.pending)


def booth_shop(db) -> int:
    catalog.save(db, "tariffs", {"name": "Street"})
    catalog.save(db, "service_plans", {"name": "Prepaid", "tariff": "Street"})
    catalog.save(db, "booths", {"name": "Booth 1", "voip_login": "b1", "service_plan": "Prepaid"})
    with db.read() as s:
        return s.scalar(select(Account.id))


def test_changes_appear_newest_first_with_old_and_new(qtbot, db):
    with db.session() as s:
        s.add_all([User(name="Olga", role="owner"), User(name="Ivan")])
    with db.read() as s:
        olga = s.scalar(select(User.id).where(User.name == "Olga"))
    catalog.save(db, "vendors", {"name": "Carrier A", "balance": "500"}, user_id=olga)
    booth = booth_shop(db)
    window, counter = open_window(qtbot, db)
    counter.start(booth, BoothMode.PREPAID, Decimal(5), Decimal(0))
    dialog = open_settings(qtbot, window)
    page = go(qtbot, dialog, "vendors")
    page.table.selectRow(0)
    fill(qtbot, page, {"balance": "450.5"})
    save(qtbot, page)
    assert PAGES[-1] == "audit" and dialog.list.item(len(PAGES) - 1).text() == "Audit log"
    page = go(qtbot, dialog, "audit")
    assert isinstance(page, AuditPage)
    qtbot.waitUntil(lambda: not page.model.pending)
    assert shown(page, 2)[:2] == ["Changed", "Booth started"]
    assert shown(page, 2)[-1] == "Created" and shown(page, 1)[-1] == "Olga"
    assert shown(page, 3)[0] == "Vendors · Carrier A"
    page.table.selectRow(0)
    assert page.details.toPlainText() == "Changed Carrier A\nBalance: 500 → 450.5"
    page.table.selectRow(1)
    assert "Prepaid: 5" in page.details.toPlainText().splitlines()
    # the filters, each asked of the database
    action = page.action.findText("Booth started")
    settled(qtbot, page, lambda: page.action.setCurrentIndex(action))
    assert shown(page, 2) == ["Booth started"]
    settled(qtbot, page, lambda: page.action.setCurrentIndex(0))  # All
    settled(qtbot, page, lambda: page.user.setCurrentIndex(page.user.findText("Olga")))
    assert shown(page, 3) == ["Vendors · Carrier A"]
    settled(qtbot, page, lambda: page.user.setCurrentIndex(page.user.findText("Ivan")))
    assert shown(page, 0) == [] and page.status.text() == "Rows shown: 0"
    settled(qtbot, page, lambda: page.user.setCurrentIndex(0))
    settled(qtbot, page, lambda: qtbot.keyClicks(page.search, "carrier"))  # as you type
    assert shown(page, 2) == ["Changed", "Created"]
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() > 2)
    settled(qtbot, page, lambda: page.period.setCurrentIndex(page.period.findData("yesterday")))
    assert shown(page, 0) == []
    settled(qtbot, page, lambda: page.period.setCurrentIndex(page.period.findData("today")))
    with db.read() as s:
        assert page.model.rowCount() == s.scalar(select(func.count()).select_from(AuditLog))


def test_a_custom_period_that_ends_before_it_starts_says_so(qtbot, db):
    catalog.save(db, "vendors", {"name": "Carrier A"})
    window, _ = open_window(qtbot, db)
    page = go(qtbot, open_settings(qtbot, window), "audit")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    settled(qtbot, page, lambda: page.period.setCurrentIndex(page.period.findData("custom")))
    assert page.first.isVisible() and page.last.isVisible()
    assert page.model.rowCount() == 1  # today .. today
    settled(qtbot, page, lambda: page.first.setDate(QDate.currentDate().addDays(1)))
    assert page.status.text().startswith("the period ends (") and page.model.rowCount() == 0
    settled(qtbot, page, lambda: page.first.setDate(QDate.currentDate().addDays(-7)))
    assert page.model.rowCount() == 1 and page.status.text() == "Rows shown: 1"


def test_older_pages_come_as_the_owner_scrolls(qtbot, db):
    rows = 2 * audit_log.PAGE_ROWS + 50
    with db.session() as s:
        for n in range(rows):
            audit(s, "session.topup", "booth_session", n, amount=str(n))
    window, _ = open_window(qtbot, db)
    page = go(qtbot, open_settings(qtbot, window), "audit")
    qtbot.waitUntil(lambda: not page.model.pending)
    assert page.model.rowCount() == audit_log.PAGE_ROWS and page.model.canFetchMore()
    assert page.status.text() == "Rows shown: 200 (scroll down for older ones)"
    for expected in (2 * audit_log.PAGE_ROWS, rows):
        page.table.scrollToBottom()  # the view asks the model for more
        qtbot.waitUntil(lambda expected=expected: page.model.rowCount() == expected)
    qtbot.waitUntil(lambda: not page.model.pending)
    assert not page.model.canFetchMore() and page.status.text() == f"Rows shown: {rows}"
    amounts = [page.model.entry(r).changes[0].new for r in range(rows)]
    assert amounts == [str(n) for n in reversed(range(rows))]  # newest first, none twice


def test_nothing_on_the_page_can_change_the_log(qtbot, db):
    catalog.save(db, "vendors", {"name": "Carrier A"})
    window, _ = open_window(qtbot, db)
    page = go(qtbot, open_settings(qtbot, window), "audit")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    model = page.model
    for column in range(model.columnCount()):
        index = model.index(0, column)
        assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
        assert not model.setData(index, "forged")
    assert page.table.editTriggers() == page.table.EditTrigger.NoEditTriggers
    buttons = [b.text().lower() for b in page.findChildren(QAbstractButton)]
    actions = [a.text().lower() for a in page.findChildren(QAction)] + [
        a.text().lower() for a in page.actions()
    ]
    assert not [t for t in buttons + actions if "delete" in t or "edit" in t or "save" in t]
    assert page.findChild(QPlainTextEdit, "auditDetails").isReadOnly()
    typed = [
        e
        for e in page.findChildren(QLineEdit)
        if not e.isReadOnly() and not isinstance(e.parent(), QDateEdit)
    ]
    assert typed == [page.search]  # the only thing to type in is the search
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(AuditLog)) == 1
        assert s.scalar(select(AuditLog.action)) == "settings.create"


def test_actions_and_changes_in_russian(qtbot, db):
    catalog.save(db, "vendors", {"name": "Carrier A", "balance": "500"})
    catalog.save(db, "vendors", {"name": "Carrier A", "balance": "7"}, original="Carrier A")
    window, _ = open_window(qtbot, db, "ru")
    try:
        page = go(qtbot, open_settings(qtbot, window), "audit")
        qtbot.waitUntil(lambda: page.model.rowCount() == 2)
        assert shown(page, 2) == ["Изменено", "Создано"]
        page.table.selectRow(0)
        assert page.details.toPlainText().splitlines()[1] == "Баланс: 500 → 7"
        assert page.model.headerData(0, Qt.Orientation.Horizontal) == "Время"
    finally:
        remove_language(window.translator)
