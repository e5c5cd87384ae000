"""The Stop dialog keeps QDialog's own ``result()`` (its result label has a name of its own)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QDialog, QLabel

from callshop_pos.counter import StopResult
from tests.ui.test_steady_dialogs import _summary
from ui.dialogs.stop_dialog import StopDialog


def test_the_stop_dialog_answers_qdialog_result_after_the_sale(qtbot):
    dialog = StopDialog(_summary("3.60"), 2)
    qtbot.addWidget(dialog)
    dialog.show_result(StopResult(_summary("3.60"), Decimal(5), Decimal("1.40"), 7))
    label = dialog.findChild(QLabel, "resultLabel")
    assert label is dialog.result_label and "Give change: 1.40 EUR" in label.text()
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted.value
