"""Steady dialogs: the Stop dialog's totals are updated in place, it cannot be closed while the
sale commits, and a background job whose widget is gone drops its callbacks."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QLabel, QWidget

from callshop_pos.counter import BoothMode, SessionSummary, StopResult, SummaryLine
from tests.ui.fakes import SUMMARY_CALLS, TestBackend, in_call
from ui.dialogs.stop_dialog import StopDialog
from ui.worker import Runner


class SlowStopBackend(TestBackend):
    """``stop`` waits for the test to let it commit (the cashier acts meanwhile)."""

    __test__ = False

    def __init__(self) -> None:
        super().__init__(8)
        self.release = threading.Event()
        self.entered = threading.Event()

    def stop(self, account_id: int, cash_received: Decimal | None = None) -> StopResult:
        self.entered.set()
        assert self.release.wait(30)
        return super().stop(account_id, cash_received)


def _summary(due: str, calls: list[SummaryLine] = SUMMARY_CALLS) -> SessionSummary:
    return SessionSummary(
        101,
        "Booth 1",
        BoothMode.POSTPAID,
        datetime(2024, 5, 1, 10, 0),
        calls,
        [],
        Decimal(due),
        Decimal(0),
        due=Decimal(due),
        refund=Decimal(0),
        currency="EUR",
    )


def test_stop_totals_are_updated_in_place_not_rebuilt(qtbot):
    # The flaky screenshot test read the *old* "dueValue" label (still awaiting deletion)
    # after the result came: there must be exactly one label of each name, showing the bill.
    dialog = StopDialog(_summary("3.00"), 2)
    qtbot.addWidget(dialog)
    before = dialog.findChild(QLabel, "dueValue")
    final = _summary("3.60")
    dialog.show_result(StopResult(final, Decimal(5), Decimal("1.40"), 7))
    dues = dialog.findChildren(QLabel, "dueValue")
    assert len(dues) == 1 and dues[0] is before
    assert dues[0].text() == "3.60 EUR"
    assert len(dialog.findChildren(QLabel, "totalValue")) == 1


def test_a_running_call_is_marked_in_progress_and_due_is_so_far(qtbot):
    running = SummaryLine(
        datetime(2024, 5, 1, 10, 20), "4930123456", "Germany", 95, Decimal("1.20"), provisional=True
    )
    dialog = StopDialog(_summary("4.20", [*SUMMARY_CALLS, running]), 2)
    qtbot.addWidget(dialog)
    table = dialog.findChild(object, "summaryTable")
    assert table.item(2, 3).text() == "1:35 · in progress"
    assert table.item(0, 3).text() == "2:05"  # a billed call is not marked
    captions = [label.text() for label in dialog.findChildren(QLabel)]
    assert "Due so far" in captions and "Due" not in captions
    # the final bill (Asterisk's record) is no longer provisional
    billed = replace(running, provisional=False, seconds=96)
    dialog.show_result(
        StopResult(_summary("4.20", [*SUMMARY_CALLS, billed]), Decimal("4.20"), Decimal(0), 8)
    )
    assert table.item(2, 3).text() == "1:36"
    captions = [label.text() for label in dialog.findChildren(QLabel) if label.isVisibleTo(dialog)]
    assert "Due" in captions and "Due so far" not in captions


def test_esc_while_stopping_keeps_the_dialog_and_shows_the_change(qtbot, clock):
    from ui.app import build_main_window

    backend = SlowStopBackend()
    view = in_call(replace(backend.views[102], mode=BoothMode.POSTPAID), clock.now)
    backend.views[102] = view
    window = build_main_window(backend, None, user="anna", language="en", clock=clock)
    qtbot.addWidget(window)
    window.board.timer.stop()
    window.show()
    window.actions_.stop(102)
    qtbot.waitUntil(lambda: isinstance(window.actions_.dialog, StopDialog))
    dialog = window.actions_.dialog
    cash = dialog.findChild(object, "cashField")
    qtbot.keyClicks(cash, "20")
    qtbot.keyClick(cash, Qt.Key.Key_Return)
    assert backend.entered.wait(10)
    assert not dialog.findChild(object, "confirmStopButton").isEnabled()  # "Stopping…"
    # The cashier presses Esc, then tries to close the window's dialog: nothing closes.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert dialog.isVisible() and window.actions_.dialog is dialog
    backend.release.set()
    result = dialog.findChild(object, "resultLabel")
    qtbot.waitUntil(lambda: result.isVisibleTo(dialog), timeout=10000)
    assert "Give change: 16.50 EUR" in result.text()
    qtbot.waitUntil(lambda: not window.board.tile(102).text.running)  # the tile followed
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # now it may go
    assert not dialog.isVisible()
    window.runner.wait_idle()


def test_a_job_whose_widget_is_gone_drops_its_callbacks(qtbot):
    runner = Runner()
    release = threading.Event()
    seen: list[object] = []

    class Owner(QWidget):
        def done(self, value: object) -> None:
            seen.append(("method", value, self.objectName()))  # would raise if deleted

    owner = Owner()
    other = QWidget()
    runner.submit(lambda: release.wait(10) and 1, owner.done, seen.append)
    runner.submit(
        lambda: release.wait(10) and 2, lambda v: seen.append(v), seen.append, owner=other
    )
    runner.submit(lambda: release.wait(10) and 3, lambda v: seen.append(v), seen.append)
    owner.deleteLater()
    other.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    release.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert seen == [3]  # only the job without an owner answered
