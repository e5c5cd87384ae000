"""pytest-qt fixtures for the counter UI: offscreen Qt, a small test backend, a fake clock."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QApplication

from callshop_pos.counter import PbxLink
from tests.ui.fakes import FakeClock, TestBackend
from ui.app import build_main_window
from ui.bridge import ListenerBridge
from ui.main_window import MainWindow


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def backend() -> TestBackend:
    return TestBackend(8)


@pytest.fixture
def bridge(qapp: QApplication) -> ListenerBridge:
    return ListenerBridge()


@pytest.fixture
def window(qtbot, backend, bridge, clock) -> MainWindow:
    win = build_main_window(backend, bridge, user="anna", language="en", clock=clock)
    qtbot.addWidget(win)
    win.board.timer.stop()  # tests advance the clock and tick by hand
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    bridge.pbx_state(PbxLink.CONNECTED, "")
    qtbot.waitUntil(lambda: win.board.tiles()[0].text.state != "pbx_offline")
    return win
