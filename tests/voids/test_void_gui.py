"""Void receipt… in the print queue dialog (real widgets offscreen, a real SQLite shop): a
cashier is asked for the owner's PIN and refused without it; with it, the core voids from
her drawer."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import select

from callshop_pos.counter import BoothMode
from callshop_pos.db.models import Payment, Receipt
from callshop_pos.services import shifts, users
from callshop_pos.services.counter_actions import CounterActions
from callshop_pos.services.print_queue import PrintService
from callshop_pos.services.receipts import ReceiptService
from tests.shifts.conftest import booth
from tests.ui_users.conftest import OWNER_PIN, runner, shop_db  # noqa: F401
from ui.dialogs.print_queue_dialog import PrintQueueDialog
from ui.session_guard import Cashier, SessionGuard

D = Decimal


def _sale(db) -> Cashier:
    anna = next(u for u in users.login_users(db) if u.name == "Anna")
    shifts.open_new(db, anna.id, D("50"), by=anna.id)
    actions = CounterActions(db, receipts=ReceiptService(), bill_wait=0)
    b1 = booth(db, "booth1")
    actions.start(b1, BoothMode.POSTPAID, D("0"), D("0"), user_id=anna.id)
    actions.add_extra(b1, "water", D("2.50"), 1, user_id=anna.id)
    actions.stop(b1, D("2.50"), user_id=anna.id, cashier="Anna")
    return Cashier.of(anna)


def _dialog(qtbot, db, runner, cashier: Cashier) -> PrintQueueDialog:  # noqa: F811
    guard = SessionGuard(db, cashier, runner, idle_minutes=0)
    dialog = PrintQueueDialog(PrintService(db), runner, cashier.name, guard=guard)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _ask(qtbot, dialog: PrintQueueDialog, number: int, reason: str):
    dialog.void_button.click()
    box = dialog.void_box
    assert box is not None and box.isVisible()
    box.number_box.setValue(number)
    qtbot.keyClicks(box.reason_field, reason)
    prompt = []
    box.accepted.connect(lambda: prompt.append(dialog._guard.dialog))
    qtbot.keyClick(box.reason_field, Qt.Key.Key_Return)
    return prompt[0] if prompt else None


def _voided(db) -> list[Decimal]:
    with db.read() as s:
        return list(s.scalars(select(Payment.amount).where(Payment.kind == "void")))


def test_a_cashier_is_refused_without_the_owners_pin(qtbot, shop_db, runner):  # noqa: F811
    dialog = _dialog(qtbot, shop_db, runner, _sale(shop_db))
    assert dialog.void_button.isVisible() and dialog.void_button.text() == "Void receipt…"
    prompt = _ask(qtbot, dialog, 1, "wrong booth")
    assert prompt is not None and prompt.isVisible()
    assert prompt.findChild(QLabel, "loginTitle").text() == "This needs the owner's PIN"
    qtbot.keyClicks(prompt.pin, "0000")
    qtbot.keyClick(prompt.pin, Qt.Key.Key_Return)
    error = prompt.findChild(QLabel, "loginError")
    qtbot.waitUntil(error.isVisible)
    prompt.reject()
    runner.wait_idle()
    assert _voided(shop_db) == []
    with shop_db.read() as s:
        assert s.scalar(select(Receipt.voided_at)) is None


def test_the_owners_pin_voids_from_the_cashiers_drawer(qtbot, shop_db, runner):  # noqa: F811
    anna = _sale(shop_db)
    dialog = _dialog(qtbot, shop_db, runner, anna)
    prompt = _ask(qtbot, dialog, 1, "wrong booth")
    qtbot.keyClicks(prompt.pin, OWNER_PIN)
    qtbot.keyClick(prompt.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "voided" in dialog.status.text())
    assert dialog.status.text() == "Receipt 1 voided: 2.50 given back in cash."
    assert _voided(shop_db) == [D("-2.50")]
    x = shifts.x_report(shop_db, anna.id, by=anna.id, printing=False).report
    assert (x.voids, x.voided, x.expected) == (1, D("2.50"), D("50.00"))
    with shop_db.read() as s:
        olga = next(u.id for u in users.login_users(shop_db) if u.name == "Olga")
        assert s.scalar(select(Receipt.voided_by)) == olga
    # a second void is refused in the core's words
    prompt = _ask(qtbot, dialog, 1, "again")
    qtbot.keyClicks(prompt.pin, OWNER_PIN)
    qtbot.keyClick(prompt.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "already" in dialog.status.text())
    assert dialog.status.text() == "receipt 1 is already voided"


def test_the_void_dialog_speaks_russian(qtbot, shop_db, runner):  # noqa: F811
    from ui.i18n import install_language, remove_language

    translator = install_language("ru")
    try:
        dialog = _dialog(qtbot, shop_db, runner, Cashier(None, "Anna", "cashier"))
        assert dialog.void_button.text() == "Аннулировать чек…"
        box = dialog.ask_void()
        assert box.windowTitle() == "Аннулировать чек"
        assert box.findChild(QPushButton, "okButton").text() == "Аннулировать"
        box.reject()
    finally:
        remove_language(translator)
