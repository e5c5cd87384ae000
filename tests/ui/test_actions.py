"""Start, quick postpaid, stop, top-up and extras through the dialogs, keyboard first."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from callshop_pos.counter import BoothMode
from tests.ui.fakes import in_call
from ui.dialogs.start_dialog import StartDialog
from ui.dialogs.stop_dialog import StopDialog


def _dialog(qtbot, window, cls):
    qtbot.waitUntil(lambda: isinstance(window.actions_.dialog, cls))
    return window.actions_.dialog


def test_start_dialog_keyboard_flow(qtbot, window, backend):
    tile = window.board.tile(102)
    qtbot.mouseClick(tile.start_stop, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, window, StartDialog)
    field = dialog.findChild(object, "amountField")
    assert field.text() == "10.00" and field.hasSelectedText()  # typing replaces the default
    qtbot.keyClicks(field, "25,5")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(backend.log))
    assert backend.log[0] == ("start", 102, BoothMode.PREPAID, Decimal("25.5"), Decimal("0.00"))
    assert isinstance(backend.log[0][3], Decimal)
    qtbot.waitUntil(lambda: tile.text.state == "prepaid")
    assert tile.start_stop.text() == "Stop"


def test_bad_amounts_block_ok_with_a_message(qtbot, window, backend):
    window.actions_.start(101)
    dialog = _dialog(qtbot, window, StartDialog)
    field = dialog.findChild(object, "amountField")
    error = dialog.findChild(object, "errorLabel")
    for text, words in (
        ("abc", "Not an amount"),
        ("-5", "negative"),
        ("0", "more than zero"),
        ("1.234", "decimal places"),
        ("", "Enter an amount"),
    ):
        field.setText(text)
        qtbot.mouseClick(dialog.findChild(object, "okButton"), Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        assert words in error.text()
        assert field.property("invalid") is True
    assert backend.log == []


def test_start_postpaid_in_dialog_uses_postpaid_limit(qtbot, window, backend):
    window.actions_.start(101)
    dialog = _dialog(qtbot, window, StartDialog)
    dialog.findChild(object, "modePostpaid").setChecked(True)
    assert dialog.findChild(object, "creditField").text() == "50.00"
    assert not dialog.findChild(object, "amountField").isEnabled()
    qtbot.keyClick(dialog.findChild(object, "creditField"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(backend.log))
    assert backend.log[0] == ("start", 101, BoothMode.POSTPAID, Decimal(0), Decimal("50.00"))


def test_quick_postpaid_one_click(qtbot, window, backend):
    tile = window.board.tile(104)
    qtbot.mouseClick(tile.postpaid, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(backend.log))
    assert backend.log[0] == ("start", 104, BoothMode.POSTPAID, Decimal(0), Decimal("50.00"))
    assert window.actions_.dialog is None
    qtbot.waitUntil(lambda: tile.text.state == "postpaid")
    assert not tile.postpaid.isVisible()


def test_start_error_is_shown(qtbot, window, backend):
    backend.fail_next = "start"
    window.actions_.quick_postpaid(101)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorBox") is not None)
    assert "refused by the test backend" in window.findChild(QMessageBox, "errorBox").text()


def _running(window, backend, account, **kw):
    view = replace(backend.views[account], **kw)
    backend.views[account] = view
    window.board.update_view(view)


def test_stop_prepaid_shows_lines_totals_and_refund(qtbot, window, backend):
    _running(window, backend, 101, mode=BoothMode.PREPAID, prepaid=Decimal("10.00"))
    qtbot.mouseClick(window.board.tile(101).start_stop, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, window, StopDialog)
    table = dialog.findChild(object, "summaryTable")
    assert table.rowCount() == 3  # two calls and the water
    assert table.item(0, 1).text() == "4930123456"
    assert table.item(0, 3).text() == "2:05"
    assert table.item(2, 1).text() == "Water"
    assert dialog.findChild(object, "totalValue").text() == "3.50 EUR"
    assert dialog.findChild(object, "paidValue").text() == "10.00 EUR"
    assert dialog.findChild(object, "refundValue").text() == "6.50 EUR"
    assert not dialog.findChild(object, "cashField").isVisibleTo(dialog)
    assert not dialog.findChild(object, "warningLabel").isVisibleTo(dialog)
    qtbot.mouseClick(dialog.findChild(object, "confirmStopButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.findChild(object, "resultLabel").isVisibleTo(dialog))
    assert backend.log[-1] == ("stop", 101, None)
    result = dialog.findChild(object, "resultLabel").text()
    assert "Receipt #42" in result and "6.50 EUR" in result
    assert not dialog.findChild(object, "openInvoiceButton").isVisibleTo(dialog)
    qtbot.waitUntil(lambda: window.board.tile(101).text.state == "free")


def test_stop_postpaid_computes_change_and_opens_invoice(qtbot, window, backend, tmp_path):
    _running(window, backend, 102, mode=BoothMode.POSTPAID)
    backend.invoice = b"%PDF-1.4 test"
    opened: list[Path] = []
    window.actions_.invoice_opener = lambda url: opened.append(Path(url.toLocalFile())) or True
    window.actions_.stop(102)
    dialog = _dialog(qtbot, window, StopDialog)
    assert dialog.findChild(object, "dueValue").text() == "3.50 EUR"
    cash = dialog.findChild(object, "cashField")
    assert cash.hasFocus() or dialog.focusWidget() is cash
    qtbot.keyClicks(cash, "2")
    assert "Short by 1.50 EUR" in dialog.findChild(object, "changeLabel").text()
    qtbot.keyClick(cash, Qt.Key.Key_Return)  # not enough: blocked
    assert "Not enough cash" in dialog.findChild(object, "errorLabel").text()
    assert not any(entry[0] == "stop" for entry in backend.log)
    cash.clear()
    qtbot.keyClicks(cash, "20")
    assert dialog.findChild(object, "changeLabel").text() == "Change 16.50 EUR"
    assert dialog.change_due() == Decimal("16.50")
    qtbot.keyClick(cash, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.findChild(object, "resultLabel").isVisibleTo(dialog))
    assert backend.log[-1] == ("stop", 102, Decimal("20"))
    assert "Give change: 16.50 EUR" in dialog.findChild(object, "resultLabel").text()
    button = dialog.findChild(object, "openInvoiceButton")
    assert button.isVisibleTo(dialog)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert opened and opened[0].read_bytes() == b"%PDF-1.4 test"
    opened[0].unlink()


def test_stop_warns_about_call_in_progress_and_shows_errors(qtbot, window, backend, clock):
    view = in_call(replace(backend.views[103], mode=BoothMode.POSTPAID), clock.now)
    backend.views[103] = view
    window.board.update_view(view)
    window.actions_.stop(103)
    dialog = _dialog(qtbot, window, StopDialog)
    assert dialog.findChild(object, "warningLabel").isVisibleTo(dialog)
    backend.fail_next = "stop"
    qtbot.mouseClick(dialog.findChild(object, "confirmStopButton"), Qt.MouseButton.LeftButton)
    error = dialog.findChild(object, "errorLabel")
    qtbot.waitUntil(lambda: error.isVisibleTo(dialog))
    assert "refused by the test backend" in error.text()
    assert dialog.findChild(object, "confirmStopButton").isEnabled()  # may try again


def test_topup_and_extra(qtbot, window, backend):
    _running(window, backend, 101, mode=BoothMode.PREPAID, prepaid=Decimal("5.00"))
    qtbot.mouseClick(window.board.tile(101).topup, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.actions_.dialog is not None)
    dialog = window.actions_.dialog
    assert dialog.findChild(object, "topupBalance").text() == "5.00 EUR"
    field = dialog.findChild(object, "topupAmountField")
    qtbot.keyClicks(field, "5")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.board.tile(101).text.balance == "10.00 EUR")
    assert backend.log[-1] == ("topup", 101, Decimal("5"))

    qtbot.mouseClick(window.board.tile(101).extra, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            window.actions_.dialog is not None
            and window.actions_.dialog.objectName() == "extraDialog"
        )
    )
    dialog = window.actions_.dialog
    qtbot.keyClicks(dialog.findChild(object, "extraDescription"), "Coffee")
    qtbot.keyClicks(dialog.findChild(object, "extraPrice"), "1.20")
    dialog.findChild(object, "extraQuantity").setValue(2)
    qtbot.keyClick(dialog.findChild(object, "extraPrice"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.board.tile(101).text.total == "2.40 EUR")
    assert backend.log[-1] == ("extra", 101, "Coffee", Decimal("1.20"), 2)
