"""The counter's main window: the board, the action bar, the shortcuts and the status bar."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar, QWidget

from callshop_pos.counter import BoothView, CounterBackend, PbxLink
from ui.board_widget import BoardWidget
from ui.booth_actions import BoothActions
from ui.booth_keys import KEYS
from ui.bridge import ListenerBridge
from ui.dialogs.calls_dialog import CallsDialog
from ui.dialogs.price_check import PriceCheckDialog
from ui.status_bar import StatusPanel
from ui.worker import Runner

Clock = Callable[[], float]


class MainWindow(QMainWindow):
    def __init__(
        self,
        backend: CounterBackend,
        bridge: ListenerBridge | None,
        *,
        user: str,
        clock: Clock = time.time,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Callshop POS — %1").replace("%1", user))
        self.resize(1280, 800)
        self.backend = backend
        self.runner = Runner(self)
        self.board = BoardWidget(clock, self)
        self.setCentralWidget(self.board)
        self.actions_ = BoothActions(backend, self.runner, self.board, self, clock)
        self.status = StatusPanel(self.statusBar(), user)
        self.runner.busyChanged.connect(self.status.set_busy)
        self.board.action.connect(self._tile_action)
        self.price_dialog: PriceCheckDialog | None = None
        self.calls_dialog: CallsDialog | None = None
        self._build_actions()
        if bridge is not None:
            self.connect_bridge(bridge)
        self.board.set_board(backend.board())
        self.board.setFocus()

    # -- wiring ---------------------------------------------------------------------------

    def connect_bridge(self, bridge: ListenerBridge) -> None:
        bridge.boothChanged.connect(self._booth_changed)
        bridge.pbxState.connect(self._pbx_state)
        bridge.printerState.connect(self.status.set_printer)

    def _booth_changed(self, view: BoothView) -> None:
        self.board.update_view(view)

    def _pbx_state(self, state: PbxLink, detail: str) -> None:
        self.board.set_pbx(state)
        self.status.set_pbx(state, detail)

    def _action(
        self,
        name: str,
        text: str,
        keys: list[QKeySequence | str],
        slot: Callable[[], None],
        toolbar: QToolBar | None,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
        # Window scope: the keys work wherever the focus is on the board, never in dialogs.
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        hint = QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text} ({hint})")
        self.addAction(action)
        if toolbar is not None:
            action.setIconText(f"{text}  [{hint}]")
            toolbar.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = QToolBar(self.tr("Actions"))
        bar.setObjectName("actionBar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.setStyleSheet("QToolButton { padding: 8px 12px; font-weight: bold; }")
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        on = self._on_selected
        self._action(
            "startAction", self.tr("Start"), ["S", "Return", "Enter"], on(self.start_selected), bar
        )
        self._action(
            "postpaidAction",
            self.tr("Postpaid"),
            ["P", "Shift+Return"],
            on(self.actions_.quick_postpaid),
            bar,
        )
        self._action("stopAction", self.tr("Stop"), ["X", "Delete"], on(self.actions_.stop), bar)
        self._action("topupAction", self.tr("Top-up"), ["T"], on(self.actions_.topup), bar)
        self._action("extraAction", self.tr("Add item"), ["E"], on(self.actions_.extra), bar)
        bar.addSeparator()
        self._action("priceAction", self.tr("Price check"), ["Ctrl+P"], self.open_price_check, bar)
        self._action("callsAction", self.tr("Today's calls"), ["Ctrl+L"], self.open_calls, bar)
        for index, key in enumerate(KEYS):
            self._action(
                f"boothKey{index + 1}",
                self.tr("Select booth %1").replace("%1", str(index + 1)),
                [QKeySequence(key)],
                self._select_position(index + 1),
                None,
            )
        for name, key, d_row, d_col in (
            ("left", Qt.Key.Key_Left, 0, -1),
            ("right", Qt.Key.Key_Right, 0, 1),
            ("up", Qt.Key.Key_Up, -1, 0),
            ("down", Qt.Key.Key_Down, 1, 0),
        ):
            self._action(
                f"move_{name}",
                name,
                [QKeySequence(key)],
                lambda r=d_row, c=d_col: self.board.move_selection(r, c),
                None,
            )

    def _on_selected(self, fn: Callable[[int], None]) -> Callable[[], None]:
        def run() -> None:
            if self.board.selected is not None:
                fn(self.board.selected)

        return run

    def _select_position(self, position: int) -> Callable[[], None]:
        def run() -> None:
            tile = self.board.tile_at_position(position)
            if tile is not None:
                self.board.select(tile.view.account_id)

        return run

    def start_selected(self, account_id: int) -> None:
        if self.board.tile(account_id).view.mode is not None:
            self.statusBar().showMessage(
                self.tr("This booth is running: press X to stop it."), 4000
            )
            return
        self.actions_.start(account_id)

    def _tile_action(self, name: str, account_id: int) -> None:
        self.board.select(account_id)
        handlers: dict[str, Callable[[int], None]] = {
            "start": self.actions_.start,
            "postpaid": self.actions_.quick_postpaid,
            "stop": self.actions_.stop,
            "topup": self.actions_.topup,
            "extra": self.actions_.extra,
        }
        handlers[name](account_id)

    # -- tools ----------------------------------------------------------------------------

    def _money_format(self) -> tuple[str, int]:
        tiles = self.board.tiles()
        if tiles:
            return tiles[0].view.currency, tiles[0].view.precision
        return "EUR", 2

    def open_price_check(self) -> PriceCheckDialog:
        if self.price_dialog is None:
            currency, precision = self._money_format()
            self.price_dialog = PriceCheckDialog(
                self.backend.quote, self.runner, currency, precision, self
            )
        self.price_dialog.show()
        self.price_dialog.raise_()
        self.price_dialog.activateWindow()
        self.price_dialog.number.setFocus()
        self.price_dialog.number.selectAll()
        return self.price_dialog

    def open_calls(self) -> CallsDialog:
        if self.calls_dialog is None:
            currency, precision = self._money_format()
            booths = [tile.view for tile in self.board.tiles()]
            self.calls_dialog = CallsDialog(
                self.backend, self.runner, booths, date.today(), currency, precision, self
            )
        self.calls_dialog.show()
        self.calls_dialog.raise_()
        self.calls_dialog.load()
        return self.calls_dialog

    def closeEvent(self, event: QCloseEvent) -> None:
        self.board.timer.stop()
        # A stop that is printing must finish; it is short and the sale is already saved.
        self.runner.wait_idle(10000)
        super().closeEvent(event)
