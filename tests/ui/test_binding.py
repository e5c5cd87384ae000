"""The Qt binding itself: PySide6 6.12.0 dropped a reference to None on every Qt call that
returns nothing, and Python 3.11 aborts ("deallocating None") after a few thousand of them.
pyproject.toml excludes that release; this test catches any binding that does the same."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication


def test_qt_calls_keep_the_reference_count_of_none(qapp: QApplication) -> None:
    before = sys.getrefcount(None)
    for _ in range(2000):
        qapp.processEvents()
    # other threads may hold or drop a few references meanwhile; a leak is one per call
    assert sys.getrefcount(None) > before - 100
