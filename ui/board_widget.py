"""The grid of booth tiles: reflows with the window and ticks every tile from one timer."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

from callshop_pos.counter import BoothView, PbxLink
from ui.tile import BASE_H, BASE_W, MIN_SCALE, TILE_MIN_HEIGHT, TILE_MIN_WIDTH, BoothTile
from ui.tile_text import TileLabels

# Four ticks a second keep the shown second within a quarter second of the PBX's answer time
# while costing little: a tile only repaints when its text actually changed.
TICK_MS = 250  # the first tick; then once a second, just after it turns
TICK_SLACK_MS = 15
SPACING = 10

Clock = Callable[[], float]


class _Grid(QWidget):
    """Places tiles by hand: a fixed-size grid is cheaper and more predictable than a layout."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles: list[BoothTile] = []
        self.columns = 1
        self._viewport_height = 0

    def set_viewport_height(self, height: int) -> None:
        self._viewport_height = height

    def reflow(self, width: int) -> None:
        count = len(self.tiles)
        if not count:
            self.setMinimumHeight(0)
            return
        columns, tile_w, tile_h = grid_for(count, width, self._viewport_height)
        rows = -(-count // columns)
        self.columns = columns
        for index, tile in enumerate(self.tiles):
            row, col = divmod(index, columns)
            tile.setGeometry(
                SPACING + col * (tile_w + SPACING),
                SPACING + row * (tile_h + SPACING),
                tile_w,
                tile_h,
            )
        self.setMinimumHeight(SPACING + rows * (tile_h + SPACING))


def grid_for(count: int, width: int, height: int) -> tuple[int, int, int]:
    """(columns, tile width, tile height) for ``count`` tiles in a ``width`` x ``height`` view.

    The whole view is used: of the column counts whose tiles all fit without scrolling, the
    one whose tiles are drawn biggest (their text scales with them) wins. When none fits at
    the smallest readable size, the tiles keep that size and the board scrolls.
    """
    best: tuple[float, int, int, int] | None = None
    for columns in range(1, count + 1):
        rows = -(-count // columns)
        tile_w = (width - SPACING * (columns + 1)) // columns
        tile_h = (height - SPACING * (rows + 1)) // rows
        if tile_w < TILE_MIN_WIDTH or tile_h < TILE_MIN_HEIGHT:
            continue
        scale = min(tile_w / BASE_W, tile_h / BASE_H)
        if best is None or scale > best[0]:
            best = (scale, columns, tile_w, tile_h)
    if best is not None and best[0] >= MIN_SCALE:
        return best[1], best[2], best[3]
    # Too many for the view: as many smallest tiles as fit across, scrolling down.
    columns = max(1, min(count, (width - SPACING) // (TILE_MIN_WIDTH + SPACING)))
    tile_w = max(TILE_MIN_WIDTH, (width - SPACING * (columns + 1)) // columns)
    return columns, tile_w, TILE_MIN_HEIGHT


class BoardWidget(QScrollArea):
    """Shows the booths. ``selected`` changes when a tile is clicked or a key picks one."""

    action = Signal(str, int)  # forwarded from the tiles
    selectionChanged = Signal(int)  # account id

    def __init__(self, clock: Clock = time.time, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("board")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._clock = clock
        self._grid = _Grid()
        self.setWidget(self._grid)
        self.viewport().installEventFilter(self)
        self._tiles: dict[int, BoothTile] = {}
        self._pbx = PbxLink.CONNECTING
        self._labels = TileLabels.current()
        self._selected: int | None = None
        # One single-shot timer for the whole board, re-armed for just after the next whole
        # second of the clock: timers and costs change once a second, so waking up more often
        # only burns CPU, and waking right after the change shows it at once.
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_timer)
        self.timer.start(TICK_MS)

    # -- content --------------------------------------------------------------------------

    def set_board(self, views: Sequence[BoothView]) -> None:
        for tile in self._tiles.values():
            tile.deleteLater()
        self._tiles.clear()
        now = self._clock()
        tiles = []
        for view in sorted(views, key=lambda v: v.position):
            tile = BoothTile(view, self._labels, self._grid)
            tile.set_view(view, self._pbx, now)
            tile.action.connect(self.action)
            tile.clicked.connect(self.select)
            tile.show()
            self._tiles[view.account_id] = tile
            tiles.append(tile)
        self._grid.tiles = tiles
        self._reflow()
        if tiles and (self._selected not in self._tiles):
            self._selected = None
            self.select(tiles[0].view.account_id)
        elif self._selected is not None:
            self._tiles[self._selected].set_selected(True)

    def update_view(self, view: BoothView) -> None:
        tile = self._tiles.get(view.account_id)
        if tile is None or tile.view.position != view.position:
            # A booth added or moved (here or on another counter): lay the board out again.
            views = {t.view.account_id: t.view for t in self._tiles.values()}
            views[view.account_id] = view
            self.set_board(list(views.values()))
            return
        tile.set_view(view, self._pbx, self._clock())

    def set_pbx(self, state: PbxLink) -> None:
        if state is self._pbx:
            return
        self._pbx = state
        now = self._clock()
        for tile in self._tiles.values():
            tile.set_view(tile.view, state, now)

    def retranslate(self) -> None:
        self._labels = TileLabels.current()
        now = self._clock()
        for tile in self._tiles.values():
            tile.set_labels(self._labels, now)

    def _on_timer(self) -> None:
        self.tick()
        fraction = self._clock() % 1.0
        self.timer.start(max(20, min(1000, round((1.0 - fraction) * 1000) + TICK_SLACK_MS)))

    def tick(self) -> int:
        """Advance every tile to the clock; returns how many changed (for tests and bench)."""
        now = self._clock()
        return sum(tile.refresh(now) for tile in self._tiles.values())

    # -- selection ------------------------------------------------------------------------

    @property
    def selected(self) -> int | None:
        return self._selected

    def tile(self, account_id: int) -> BoothTile:
        return self._tiles[account_id]

    def tiles(self) -> list[BoothTile]:
        return list(self._grid.tiles)

    def tile_at_position(self, position: int) -> BoothTile | None:
        for tile in self._grid.tiles:
            if tile.view.position == position:
                return tile
        return None

    def select(self, account_id: int) -> None:
        if account_id not in self._tiles:
            return
        if self._selected == account_id:
            return
        if self._selected in self._tiles:
            self._tiles[self._selected].set_selected(False)
        self._selected = account_id
        tile = self._tiles[account_id]
        tile.set_selected(True)
        self.ensureWidgetVisible(tile, 0, SPACING)
        self.selectionChanged.emit(account_id)

    def move_selection(self, d_row: int, d_col: int) -> None:
        tiles = self._grid.tiles
        if not tiles:
            return
        index = 0
        if self._selected in self._tiles:
            index = tiles.index(self._tiles[self._selected])
        target = index + d_row * self._grid.columns + d_col
        target = max(0, min(len(tiles) - 1, target))
        self.select(tiles[target].view.account_id)

    @property
    def columns(self) -> int:
        return self._grid.columns

    # -- geometry -------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.Resize:
            self._reflow()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reflow()

    def _reflow(self) -> None:
        viewport = self.viewport()
        self._grid.set_viewport_height(viewport.height())
        self._grid.reflow(viewport.width())
