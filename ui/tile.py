"""One booth tile: painted text (cheap to repaint) over a row of real buttons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from callshop_pos.board import TileState
from callshop_pos.counter import BoothView, PbxLink
from ui import theme
from ui.tile_text import TileLabels, TileText, tile_text

TILE_MIN_WIDTH = 240
TILE_MIN_HEIGHT = 228
BAND = 34
PAD = 10
RADIUS = 10.0


def _font(pixels: int, *, bold: bool = False) -> QFont:
    font = QFont(theme.FONT_FAMILY)
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


@dataclass(frozen=True)
class _Fonts:
    title: QFont
    key: QFont
    state: QFont
    number: QFont
    small: QFont
    big: QFont
    money: QFont


@cache
def _fonts() -> _Fonts:
    # Built once, after the QApplication exists (a QFont needs it), shared by every tile.
    return _Fonts(
        title=_font(16, bold=True),
        key=_font(13, bold=True),
        state=_font(14, bold=True),
        number=_font(17, bold=True),
        small=_font(13),
        big=_font(22, bold=True),
        money=_font(14, bold=True),
    )


def balance_label(left: str, talk_left: str, fits: Callable[[str], bool]) -> str:
    """The words beside the balance: "Left · talk 14:59" when there is room, else the talk
    time alone. On a narrow tile in Russian ("Остаток · ещё 14:59") the pair would be cut
    mid-number; during a call the time still bought is what the customer asks about, and the
    amount on the right, in its place under the session total, still reads as the balance."""
    if not talk_left:
        return left
    both = f"{left} · {talk_left}"
    return both if fits(both) else talk_left


class BoothTile(QWidget):
    """Shows one booth; emits ``action(name, account_id)`` for its buttons."""

    action = Signal(str, int)  # "start", "postpaid", "stop", "topup", "extra"
    clicked = Signal(int)

    # The label last painted beside the balance (tests check it reads in full).
    balance_label_shown = ""

    # The benchmark hooks this to time event → pixels; None costs nothing.
    paint_probe: Callable[[BoothTile], None] | None = None

    def __init__(self, view: BoothView, labels: TileLabels, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"tile_{view.position}")
        self.setMinimumSize(TILE_MIN_WIDTH, TILE_MIN_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # The tile paints every pixel of itself, so Qt need not clear it first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._view = view
        self._labels = labels
        self._pbx = PbxLink.CONNECTED
        self._text: TileText | None = None
        self._selected = False
        self._fonts = _fonts()
        self._build_buttons()

    # -- building -------------------------------------------------------------------------

    def _button(self, name: str, kind: str, action: str) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.setProperty("kind", kind)
        button.setProperty("tile", True)  # compact padding: three buttons share ~230 px
        # Keys go to the board, not to whichever button was clicked last.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumHeight(34)
        button.clicked.connect(lambda: self._on_button(action))
        return button

    def _build_buttons(self) -> None:
        self.start_stop = self._button("startStopButton", "start", "start_stop")
        self.postpaid = self._button("postpaidButton", "soft", "postpaid")
        self.topup = self._button("topupButton", "soft", "topup")
        self.extra = self._button("extraButton", "soft", "extra")
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(self.start_stop, 3)
        for button in (self.postpaid, self.topup, self.extra):
            row.addWidget(button, 2)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(PAD, 0, PAD, PAD)
        outer.addStretch(1)
        outer.addLayout(row)

    def _on_button(self, action: str) -> None:
        if action == "start_stop":
            action = "stop" if self._view.mode is not None else "start"
        self.action.emit(action, self._view.account_id)

    # -- state ----------------------------------------------------------------------------

    @property
    def view(self) -> BoothView:
        return self._view

    @property
    def text(self) -> TileText | None:
        return self._text

    def set_view(self, view: BoothView, pbx: PbxLink, now: float) -> None:
        self._view = view
        self._pbx = pbx
        self.refresh(now)

    def set_labels(self, labels: TileLabels, now: float) -> None:
        self._labels = labels
        self._text = None  # force the buttons to pick up the new words
        self.refresh(now)

    def set_selected(self, selected: bool) -> None:
        if selected != self._selected:
            self._selected = selected
            self.update()

    def refresh(self, now: float) -> bool:
        """Recompute the text; repaint only if it changed. Returns whether it did."""
        text = tile_text(self._view, self._pbx, now, self._labels)
        if text == self._text:
            return False
        old = self._text
        self._text = text
        if old is None or (old.running, old.prepaid, old.state) != (
            text.running, text.prepaid, text.state
        ):
            self._update_buttons(text)
        self.update()
        return True

    def _update_buttons(self, text: TileText) -> None:
        labels = self._labels
        self.start_stop.setText(labels.stop if text.running else labels.start)
        self.start_stop.setProperty("kind", "stop" if text.running else "start")
        # A dynamic property only restyles after a re-polish.
        self.start_stop.style().unpolish(self.start_stop)
        self.start_stop.style().polish(self.start_stop)
        self.postpaid.setText(labels.postpaid)
        self.topup.setText(labels.topup)
        self.extra.setText(labels.extra)
        self.postpaid.setVisible(not text.running)
        # an out-of-order booth cannot be started (the owner's switch), only stopped
        out_of_order = text.state is TileState.BLOCKED
        self.start_stop.setEnabled(text.running or not out_of_order)
        self.postpaid.setEnabled(not out_of_order)
        self.topup.setVisible(text.prepaid)
        self.extra.setVisible(text.running)

    # -- input & painting -----------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit(self._view.account_id)
        super().mousePressEvent(event)

    def paintEvent(self, event: object) -> None:
        text = self._text
        if text is None:
            return
        look = theme.LOOKS[text.state]
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        parent = self.parentWidget()
        p.fillRect(self.rect(), parent.palette().window() if parent else QColor("#f3f4f6"))
        box = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        path = QPainterPath()
        path.addRoundedRect(box, RADIUS, RADIUS)
        p.fillPath(path, look.background)
        if look.striped:
            # Diagonal hatching says "nothing here is live" even from across the room.
            p.fillPath(path, QBrush(QColor(0, 0, 0, 28), Qt.BrushStyle.BDiagPattern))
        self._paint_band(p, box, look.band, text)
        self._paint_body(p, box, look, text)
        ring = QPen(theme.SELECTED if self._selected else look.band, 4 if self._selected else 1.5)
        p.setPen(ring)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(box, RADIUS, RADIUS)
        p.end()
        probe = BoothTile.paint_probe
        if probe is not None:
            probe(self)

    def _paint_band(self, p: QPainter, box: QRectF, band: QColor, text: TileText) -> None:
        top = QPainterPath()
        band_box = QRectF(box.left(), box.top(), box.width(), BAND + RADIUS)
        top.addRoundedRect(band_box, RADIUS, RADIUS)
        p.save()
        p.setClipRect(QRectF(box.left(), box.top(), box.width(), BAND))
        p.fillPath(top, band)
        p.restore()
        p.setPen(QColor("white"))
        inner = QRectF(box.left() + PAD, box.top(), box.width() - 2 * PAD, BAND)
        key_w = 0.0
        if text.key:
            p.setFont(self._fonts.key)
            key_w = max(30.0, p.fontMetrics().horizontalAdvance(text.key) + 14.0)
            badge = QRectF(inner.right() - key_w, inner.top() + 6, key_w, BAND - 12)
            p.setBrush(QColor("white"))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawRoundedRect(badge, 5, 5)
            p.setPen(band)
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, text.key)
            p.setPen(QColor("white"))
        p.setFont(self._fonts.title)
        title = f"{text.position}  {text.title}"
        room = int(inner.width() - key_w - 8)
        elided = p.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, room)
        p.drawText(inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided)

    def _paint_body(self, p: QPainter, box: QRectF, look: theme.StateLook, text: TileText) -> None:
        left = box.left() + PAD
        width = box.width() - 2 * PAD
        y = box.top() + BAND + 4
        left_al = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        right_al = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

        def line(height: float, font: QFont, colour: QColor, s: str, al: Qt.AlignmentFlag) -> None:
            p.setFont(font)
            p.setPen(colour)
            shown = p.fontMetrics().elidedText(s, Qt.TextElideMode.ElideRight, int(width))
            p.drawText(QRectF(left, y, width, height), al, shown)

        line(22, self._fonts.state, look.band, f"{look.symbol}  {text.state_word}", left_al)
        y += 22
        line(22, self._fonts.number, theme.TEXT, text.number, left_al)
        y += 22
        line(18, self._fonts.small, theme.MUTED, text.area, left_al)
        y += 20
        # Timer left, live cost right, both big: the two things a customer asks about.
        p.setPen(theme.TEXT)
        big = self._fonts.big
        if text.cost:
            # An hour-long call with a three-digit cost does not fit side by side at 22 px.
            metrics = QFontMetrics(big)
            needed = metrics.horizontalAdvance(text.timer) + metrics.horizontalAdvance(text.cost)
            if needed + 12 > width:
                big = self._fonts.number
        p.setFont(big if text.cost else self._fonts.small)
        p.drawText(QRectF(left, y, width, 28), left_al, text.timer)
        p.setFont(big)
        p.drawText(QRectF(left, y, width, 28), right_al, text.cost)
        y += 30
        if text.total:
            self._pair(p, left, y, width, self._labels.total, text.total, theme.TEXT)
        y += 20
        if text.balance:
            colour = theme.NEGATIVE if text.balance_negative else theme.TEXT
            p.setFont(self._fonts.money)
            room = int(width - p.fontMetrics().horizontalAdvance(text.balance) - 8)
            small = QFontMetrics(self._fonts.small)
            label = balance_label(self._labels.left, text.talk_left,
                                  lambda s: small.horizontalAdvance(s) <= room)
            self.balance_label_shown = label
            self._pair(p, left, y, width, label, text.balance, colour)

    def _pair(
        self,
        p: QPainter,
        left: float,
        y: float,
        width: float,
        label: str,
        value: str,
        colour: QColor,
    ) -> None:
        rect = QRectF(left, y, width, 20)
        p.setFont(self._fonts.money)
        p.setPen(colour)
        value_w = p.fontMetrics().horizontalAdvance(value)
        p.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, value)
        p.setFont(self._fonts.small)
        p.setPen(theme.MUTED)
        room = int(width - value_w - 8)
        shown = p.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, room)
        p.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
