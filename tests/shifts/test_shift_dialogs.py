"""The shift dialogs as real Qt widgets (offscreen, pytest-qt) over a real SQLite file: the
float opens the shift, the counted cash closes it with the Z report, in English and Russian."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QSpinBox

from callshop_pos.services import shifts
from ui.dialogs.shift_dialogs import CloseShiftDialog, OpenShiftDialog
from ui.i18n import install_language, remove_language
from ui.worker import Runner

D = Decimal


@pytest.fixture
def runner(qapp):
    runner = Runner()
    yield runner
    runner.wait_idle()


def test_open_then_close_the_shift_with_the_counted_cash(qtbot, db, staff, runner):
    opening = OpenShiftDialog(db, runner, staff.anna)
    qtbot.addWidget(opening)
    opening.show()
    field = opening.findChild(QLineEdit, "shiftFloat")
    field.clear()
    qtbot.keyClicks(field, "25.50")
    opening.findChild(QPushButton, "shiftOpenButton").click()
    qtbot.waitUntil(lambda: opening.shift_id is not None)
    info = shifts.current(db, staff.anna)
    assert info is not None and info.starting_float == D("25.50")

    closing = CloseShiftDialog(db, runner, staff.anna, staff.anna, "EUR")
    qtbot.addWidget(closing)
    closing.show()
    closing.findChild(QSpinBox, "count_20").setValue(1)
    closing.findChild(QSpinBox, "count_5").setValue(1)
    closing.findChild(QSpinBox, "count_0.50").setValue(1)
    assert "25.50" in closing.findChild(QLabel, "countedTotal").text()
    closing.findChild(QPushButton, "shiftCloseButton").click()
    qtbot.waitUntil(lambda: closing.report is not None)
    assert closing.report.difference == 0 and closing.report.z_number == 1
    assert closing.pdf is not None and closing.pdf.read_bytes().startswith(b"%PDF")
    assert closing.findChild(QLabel, "zResult").isVisible()
    assert shifts.current(db, staff.anna) is None


def test_a_refusal_shows_in_the_dialog_and_in_russian(qtbot, db, staff, runner):
    translator = install_language("ru")
    try:
        closing = CloseShiftDialog(db, runner, staff.anna, staff.anna, "EUR")
        qtbot.addWidget(closing)
        closing.show()
        assert closing.windowTitle() == "Закрыть смену (Z)"
        closing.findChild(QPushButton, "shiftCloseButton").click()
        error = closing.findChild(QLabel, "shiftCloseError")
        qtbot.waitUntil(error.isVisible)
        assert error.text() == "no open shift"
        assert closing.report is None
    finally:
        remove_language(translator)
