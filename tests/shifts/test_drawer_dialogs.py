"""Pay in…, Pay out…, Reprint Z… and Refund… as real Qt widgets (offscreen, pytest-qt) over a
real SQLite file: the movement lands in the cashier's shift and its X report, a refusal (no
open shift, a bad amount) shows in the dialog and changes nothing, the Z reprint's print job
and PDF read COPY, and the owner's refund (her PIN asked of a cashier) prints its slip."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from decimal import Decimal

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QListWidget, QPushButton
from sqlalchemy import select

from callshop_pos.db.models import CashMovement, Payment, PrintJob
from callshop_pos.services import shifts, users
from tests.printing.escpos_reader import read_paper
from tests.ui_users.conftest import OWNER_PIN, make_window, runner, shop_db  # noqa: F401
from tests.voids.day import one_sale
from ui.dialogs.drawer_dialogs import CashMovementDialog, ReprintZDialog
from ui.dialogs.refund_dialog import RefundDialog
from ui.i18n import install_language, remove_language
from ui.session_guard import Cashier, SessionGuard

from .conftest import enable_printer

D = Decimal
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _movements(db) -> list[tuple[str, Decimal, str]]:
    with db.read() as s:
        rows = s.execute(select(CashMovement.kind, CashMovement.amount, CashMovement.reason))
        return [tuple(r) for r in rows]


def _move(qtbot, dialog: CashMovementDialog, amount: str, reason: str, own: bool = True) -> None:
    """Type the amount and the reason, then Enter (``own``: the test closes the dialog; the
    main window's deletes itself when closed)."""
    if own:
        qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.findChild(QLineEdit, "cashAmount"), amount)
    reason_field = dialog.findChild(QLineEdit, "cashReason")
    reason_field.setText(reason)  # QTest types Latin-1 only: a Russian reason is set
    qtbot.keyClick(reason_field, Qt.Key.Key_Return)


def test_pay_in_and_pay_out_land_in_the_shift_and_the_x_report(qtbot, db, staff, runner):  # noqa: F811
    shifts.open_new(db, staff.anna, D("50"), by=staff.anna)
    paying_in = CashMovementDialog(db, runner, staff.anna, pay_in=True, currency="EUR")
    _move(qtbot, paying_in, "20", "change from the bank")
    qtbot.waitUntil(lambda: paying_in.movement_id is not None)
    assert paying_in.done_text() == "Paid in 20.00 EUR."
    paying_out = CashMovementDialog(db, runner, staff.anna, pay_in=False, currency="EUR")
    _move(qtbot, paying_out, "7,25", "bread")  # a comma is a decimal mark too
    qtbot.waitUntil(lambda: paying_out.movement_id is not None)
    assert not paying_out.isVisible()
    assert _movements(db) == [
        ("pay_in", D("20"), "change from the bank"),
        ("pay_out", D("-7.25"), "bread"),
    ]
    x = shifts.x_report(db, staff.anna, by=staff.anna, printing=False).report
    kinds = {m.kind: (m.count, m.amount) for m in x.movements}
    assert kinds["pay_in"] == (1, D("20")) and kinds["pay_out"] == (1, D("-7.25"))
    assert x.expected == D("62.75")


def test_without_an_open_shift_the_core_refuses_in_the_dialog(qtbot, db, staff, runner):  # noqa: F811
    dialog = CashMovementDialog(db, runner, staff.anna, pay_in=False)
    _move(qtbot, dialog, "5", "taxi")
    error = dialog.findChild(QLabel, "cashError")
    qtbot.waitUntil(error.isVisible)
    assert error.text().startswith("open a shift first")
    assert "\n" not in error.text()
    assert dialog.isVisible() and dialog.movement_id is None
    assert dialog.findChild(QPushButton, "cashOkButton").isEnabled()  # may try again
    assert _movements(db) == []


@pytest.mark.parametrize(
    ("amount", "reason", "says"),
    [
        ("abc", "taxi", "Not an amount"),
        ("0", "taxi", "more than zero"),
        ("1.005", "taxi", "at most 2 decimal places"),
        ("5", "   ", "needs a reason"),
    ],
)
def test_bad_input_is_one_line_and_records_nothing(qtbot, db, staff, runner, amount, reason, says):  # noqa: F811
    shifts.open_new(db, staff.anna, D("50"), by=staff.anna)
    dialog = CashMovementDialog(db, runner, staff.anna, pay_in=True)
    _move(qtbot, dialog, amount, reason)
    error = dialog.findChild(QLabel, "cashError")
    qtbot.waitUntil(error.isVisible)
    assert says in error.text() and "\n" not in error.text()
    runner.wait_idle()
    assert _movements(db) == [] and dialog.movement_id is None


def test_pay_out_speaks_russian_with_a_comma(qtbot, db, staff, runner):  # noqa: F811
    shifts.open_new(db, staff.anna, D("50"), by=staff.anna)
    translator = install_language("ru")
    try:
        dialog = CashMovementDialog(db, runner, staff.anna, pay_in=False, currency="EUR")
        assert dialog.windowTitle() == "Выплата"
        assert dialog.findChild(QPushButton, "cashOkButton").text() == "Выплата"
        _move(qtbot, dialog, "3,50", "хлеб")
        qtbot.waitUntil(lambda: dialog.movement_id is not None)
        assert dialog.done_text() == "Выплачено 3,50\xa0€."
    finally:
        remove_language(translator)
    assert _movements(db) == [("pay_out", D("-3.50"), "хлеб")]


def test_reprint_z_queues_a_copy_and_saves_its_pdf(qtbot, db, staff, runner):  # noqa: F811
    enable_printer(db)
    shifts.open_new(db, staff.anna, D("10"), by=staff.anna)
    shifts.move_cash(db, staff.anna, D("-4"), "taxi")
    first = shifts.close(db, staff.anna, shifts.parse_counted("5x1,1x1"), by=staff.anna)
    shifts.open_new(db, staff.anna, D("0"), by=staff.anna)
    shifts.close(db, staff.anna, (), by=staff.anna)
    dialog = ReprintZDialog(db, runner, staff.anna, "EUR")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded)
    listing = dialog.findChild(QListWidget, "zList")
    assert [listing.item(i).text().split(" — ")[0] for i in range(listing.count())] == [
        "Z 2",
        "Z 1",
    ]
    listing.setCurrentRow(1)
    dialog.findChild(QPushButton, "zReprintButton").click()
    qtbot.waitUntil(lambda: dialog.printed is not None)
    assert dialog.printed.report.z_number == 1
    status = dialog.findChild(QLabel, "zStatus").text()
    assert status.startswith("A copy of Z report 1 is queued for the printer.")
    with db.read() as s:
        original = s.get(PrintJob, first.job_id)
        copy = s.get(PrintJob, dialog.printed.job_id)
        assert (copy.kind, copy.reference) == ("z_report", "Z1")
        original_lines = read_paper(original.payload, "cp858").lines
        copy_lines = read_paper(copy.payload, "cp858").lines
    assert any("COPY" in line for line in copy_lines)
    assert not any("COPY" in line for line in original_lines)
    assert [x for x in copy_lines if "Expected" in x] == [
        x for x in original_lines if "Expected" in x
    ]
    assert dialog.pdf is not None
    text = "\n".join(page.extract_text() for page in PdfReader(dialog.pdf).pages)
    assert "COPY" in text and "Z REPORT #1" in text
    assert dialog.findChild(QPushButton, "zOpenPdfButton").isEnabled()


def test_reprint_z_says_when_no_shift_was_closed(qtbot, db, staff, runner):  # noqa: F811
    dialog = ReprintZDialog(db, runner, staff.anna)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.findChild(QLabel, "zEmpty").isVisible()
    assert not dialog.findChild(QPushButton, "zReprintButton").isEnabled()


# --- the owner's refund ---------------------------------------------------------------------


def _staff_of(db) -> dict[str, Cashier]:
    return {u.name: Cashier.of(u) for u in users.login_users(db)}


def _refund_dialog(qtbot, db, runner, cashier: Cashier) -> RefundDialog:  # noqa: F811
    guard = SessionGuard(db, cashier, runner, idle_minutes=0)
    dialog = RefundDialog(guard, runner, "EUR")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded)
    return dialog


def _refunds(db) -> list[Decimal]:
    with db.read() as s:
        return list(s.scalars(select(Payment.amount).where(Payment.kind == "refund")))


def _sold(db) -> dict[str, Cashier]:
    """Anna's sale (receipt 1, 2.50 held), her drawer open with 50 (52.50 after the sale)."""
    from callshop_pos.services.counter_actions import CounterActions
    from callshop_pos.services.receipts import ReceiptService
    from tests.shifts.conftest import Staff

    people = _staff_of(db)
    ids = Staff(people["Anna"].id, people["Anna"].id, people["Olga"].id)
    enable_printer(db)
    one_sale(db, CounterActions(db, receipts=ReceiptService(), bill_wait=0), ids)
    return people


def test_a_cashier_refunds_with_the_owners_pin_and_the_slip_prints(qtbot, shop_db, runner):  # noqa: F811
    people = _sold(shop_db)
    dialog = _refund_dialog(qtbot, shop_db, runner, people["Anna"])
    listing = dialog.findChild(QListWidget, "refundList")
    assert listing.count() == 1
    assert listing.item(0).text().startswith("Receipt 1 · Booth 1 · ")
    assert listing.item(0).text().endswith("paid 2.50 EUR, can give back 2.50 EUR")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "refundAmount"), "1,00")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "refundReason"), "line cut")
    # a wrong PIN: refused, nothing given back, the button is back
    prompt = dialog.submit()
    assert prompt is not None and prompt.isVisible()
    assert prompt.findChild(QLabel, "loginTitle").text() == "This needs the owner's PIN"
    qtbot.keyClicks(prompt.pin, "0000")
    qtbot.keyClick(prompt.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(prompt.findChild(QLabel, "loginError").isVisible)
    prompt.reject()
    assert dialog.findChild(QPushButton, "refundButton").isEnabled()
    runner.wait_idle()
    assert _refunds(shop_db) == []
    # the owner's PIN: 1.00 leaves Anna's drawer, the slip is queued
    prompt = dialog.submit()
    qtbot.keyClicks(prompt.pin, OWNER_PIN)
    qtbot.keyClick(prompt.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.refunded is not None)
    status = dialog.findChild(QLabel, "refundStatus").text()
    assert status == "Receipt 1: 1.00 EUR given back in cash, 1.50 EUR left to give back."
    assert _refunds(shop_db) == [D("-1.00")]
    x = shifts.x_report(shop_db, people["Anna"].id, by=people["Anna"].id, printing=False).report
    assert (x.refunds, x.refunded, x.expected) == (1, D("1.00"), D("51.50"))
    with shop_db.read() as s:
        job = s.get(PrintJob, dialog.refunded.job_id)
        assert (job.kind, job.reference) == ("refund_slip", "R1")
        lines = read_paper(job.payload, "cp858").lines
    assert any("*** REFUND ***" in line for line in lines)
    assert any(line.startswith("Refunded by") and line.endswith("Olga") for line in lines)
    assert any("line cut" in line for line in lines)
    qtbot.waitUntil(lambda: "1.50 EUR" in listing.item(0).text())  # the list is read again


def test_more_than_the_session_holds_is_refused_in_the_dialog(qtbot, shop_db, runner):  # noqa: F811
    people = _sold(shop_db)
    dialog = _refund_dialog(qtbot, shop_db, runner, people["Olga"])  # the owner: no PIN
    qtbot.keyClicks(dialog.findChild(QLineEdit, "refundAmount"), "3")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "refundReason"), "too much")
    assert dialog.submit() is None
    error = dialog.findChild(QLabel, "refundError")
    qtbot.waitUntil(error.isVisible)
    assert error.text() == "session #1 holds only 2.50: 3.00 is too much"
    assert _refunds(shop_db) == []
    assert dialog.findChild(QPushButton, "refundButton").isEnabled()


def test_the_refund_dialog_speaks_russian(qtbot, shop_db, runner):  # noqa: F811
    translator = install_language("ru")
    try:
        dialog = _refund_dialog(qtbot, shop_db, runner, _staff_of(shop_db)["Olga"])
        assert dialog.windowTitle() == "Возврат"
        assert dialog.findChild(QLabel, "refundEmpty").isVisible()
        assert dialog.findChild(QLabel, "refundEmpty").text().startswith("Нет завершённых")
    finally:
        remove_language(translator)


# --- the Shop menu --------------------------------------------------------------------------


def test_the_shop_menu_opens_the_drawer_dialogs_by_their_keys(qtbot, make_window, shop_db):  # noqa: F811
    window = make_window("Anna")
    anna = _staff_of(shop_db)["Anna"]
    shifts.open_new(shop_db, anna.id, D("50"), by=anna.id)
    keys = {}
    for name in ("payInAction", "payOutAction", "reprintZAction", "refundAction"):
        action = window.findChild(QAction, name)
        assert action is not None and action.isEnabled()
        keys[name] = action.shortcut().toString()
    assert keys == {
        "payInAction": "Ctrl+Shift+I",
        "payOutAction": "Ctrl+Shift+O",
        "reprintZAction": "Ctrl+Shift+Z",
        "refundAction": "Ctrl+Shift+R",
    }
    every = [a.shortcut() for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
    assert len(every) == len({k.toString() for k in every})  # no key does two things
    window.raise_()  # window shortcuts fire in the active window only
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.board, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | SHIFT)
    dialog = window.findChild(CashMovementDialog, "payOutDialog")
    assert dialog is not None and dialog.isVisible()
    _move(qtbot, dialog, "4.50", "taxi", own=False)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Paid out 4.50 EUR.")
    assert _movements(shop_db) == [("pay_out", D("-4.50"), "taxi")]
    reprint = window.reprint_z()
    assert isinstance(reprint, ReprintZDialog)
    qtbot.waitUntil(lambda: reprint.loaded)
    reprint.reject()
    refund = window.refund()
    assert isinstance(refund, RefundDialog)
    qtbot.waitUntil(lambda: refund.loaded)
    refund.reject()


def test_the_drawer_menu_speaks_russian(qtbot, make_window):  # noqa: F811
    window = make_window("Anna", language="ru")
    texts = [
        window.findChild(QAction, name).text()
        for name in ("payInAction", "payOutAction", "reprintZAction", "refundAction")
    ]
    assert texts == ["Внесение…", "Выплата…", "Повторить Z-отчёт…", "Возврат…"]
