"""One booth tile: painted text (cheap to repaint) over a row of real buttons."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from callshop_pos.board import TileState
from callshop_pos.counter import BoothView, PbxLink
from ui import theme
from ui.tile_text import TileLabels, TileText, tile_text

# The tile is drawn for BASE_W x BASE_H and scaled to its size: the board gives the tiles the
# whole screen and every line grows with them, so the key figures read from 2 m.
BASE_W = 250
BASE_H = 200
MIN_SCALE = 0.75
MAX_SCALE = 2.4
TILE_MIN_WIDTH = round(BASE_W * MIN_SCALE)
TILE_MIN_HEIGHT = round(BASE_H * MIN_SCALE)
BAND = 30  # base height of the coloured band with the booth's name
BUTTONS = 32  # base height of the button row
PAD = 10
RADIUS = 10.0
# base pixel sizes (at scale 1); key figures are the biggest
TITLE_PX = 17
KEY_PX = 14
STATE_PX = 20
NUMBER_PX = 17
AREA_PX = 15
FIGURE_PX = 30  # call timer and live cost
MONEY_PX = 24  # money left
LABEL_PX = 16
TOTAL_PX = 15
BUTTON_PX = 15
BUTTON_MIN_PX = 12  # below this a button word is hard to read: drop "+ Item" first
# body rows (base heights): state, number/note, timer/cost, money left, session total
ROWS = (24, 20, 36, 28, 18)


@cache
def _font(pixels: int, bold: bool = False) -> QFont:
    # Shared by every tile; built after the QApplication exists (a QFont needs it).
    font = QFont(theme.FONT_FAMILY)
    font.setPixelSize(max(8, pixels))
    font.setBold(bold)
    return font


def tile_scale(width: int, height: int) -> float:
    """How much bigger than the base design a tile of this size is drawn."""
    return max(MIN_SCALE, min(MAX_SCALE, width / BASE_W, height / BASE_H))


def fitted(
    pixels: int, bold: bool, texts: tuple[str, ...], room: float, floor: float = 0.6
) -> QFont:
    """The font of ``pixels`` (shrunk, down to ``floor`` of it) in which ``texts`` side by
    side with a gap take at most ``room``: an hour-long call with a three-digit cost still
    fits on one line."""
    size = pixels
    lowest = max(8, int(pixels * floor))
    while size > lowest:
        metrics = QFontMetrics(_font(size, bold))
        gap = size if len(texts) > 1 else 0  # a clear gap: "2:31   1.80 EUR"
        if sum(metrics.horizontalAdvance(t) for t in texts) + gap <= room:
            break
        size -= 1
    return _font(size, bold)


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
        self._scale = 1.0
        self._extra_wanted = False
        self._build_buttons()

    # -- building -------------------------------------------------------------------------

    def _button(self, name: str, kind: str, action: str) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.setProperty("kind", kind)
        button.setProperty("tile", True)  # compact padding: the tile sets the font size
        # Keys go to the board, not to whichever button was clicked last.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: self._on_button(action))
        return button

    def _build_buttons(self) -> None:
        self.start_stop = self._button("startStopButton", "start", "start_stop")
        self.postpaid = self._button("postpaidButton", "soft", "postpaid")
        self.topup = self._button("topupButton", "soft", "topup")
        self.extra = self._button("extraButton", "soft", "extra")
        self._row = QHBoxLayout()
        self._row.setSpacing(6)
        self._row.addWidget(self.start_stop, 3)
        for button in (self.postpaid, self.topup, self.extra):
            self._row.addWidget(button, 2)
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(PAD, 0, PAD, PAD)
        self._outer.addStretch(1)
        self._outer.addLayout(self._row)
        self._fit_buttons()

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

    @property
    def scale(self) -> float:
        return self._scale

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
            text.running,
            text.prepaid,
            text.state,
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
        # an out-of-order booth cannot be started (the owner's switch), only stopped
        out_of_order = text.state is TileState.BLOCKED
        self.postpaid.setVisible(not text.running and not out_of_order)
        self.start_stop.setEnabled(text.running or not out_of_order)
        self.postpaid.setEnabled(not out_of_order)
        self.topup.setVisible(text.prepaid)
        self._extra_wanted = text.running
        self._fit_buttons()

    def _fit_buttons(self) -> None:
        """Button height and words follow the tile's size; the words always fit. On a narrow
        tile "+ Item" gives its room to Top-up (the toolbar's Add item [E] still does it)."""
        s = self._scale
        self._outer.setContentsMargins(PAD, 0, PAD, round(PAD * s * 0.8))
        height = max(26, min(60, round(BUTTONS * s)))
        wanted = round(BUTTON_PX * s)
        for with_extra in (True, False) if self._extra_wanted else (False,):
            self.extra.setVisible(with_extra)
            fonts = self._button_fonts(wanted)
            if min(f.pixelSize() for _b, f in fonts) >= min(wanted, BUTTON_MIN_PX):
                break
        for button, font in fonts:
            button.setFont(font)
            button.setFixedHeight(height)
        self._outer.activate()  # share the row out now, not at the next layout pass

    def _button_fonts(self, wanted: int) -> list[tuple[QPushButton, QFont]]:
        shown = [
            (b, 3 if b is self.start_stop else 2)
            for b in (self.start_stop, self.postpaid, self.topup, self.extra)
            if not b.isHidden()
        ]
        room = self.width() - 2 * PAD - self._row.spacing() * max(0, len(shown) - 1)
        stretch = sum(weight for _b, weight in shown) or 1
        return [
            # less the button's own padding and border
            (b, fitted(wanted, True, (b.text(),), room * weight / stretch - 8, 0.6))
            for b, weight in shown
        ]

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._scale = tile_scale(self.width(), self.height())
        self._fit_buttons()
        super().resizeEvent(event)

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
        band = BAND * self._scale
        self._paint_band(p, box, band, look.band, text)
        self._paint_body(p, box.adjusted(0, band, 0, 0), look, text)
        if self._selected:
            ring = QPen(theme.SELECTED, 5)
        elif text.low_balance:
            ring = QPen(theme.LOW_BALANCE, 4)
        else:
            ring = QPen(look.band, 1.5)
        p.setPen(ring)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(box, RADIUS, RADIUS)
        p.end()
        probe = BoothTile.paint_probe
        if probe is not None:
            probe(self)

    def _paint_band(
        self, p: QPainter, box: QRectF, height: float, band: QColor, text: TileText
    ) -> None:
        s = self._scale
        top = QPainterPath()
        band_box = QRectF(box.left(), box.top(), box.width(), height + RADIUS)
        top.addRoundedRect(band_box, RADIUS, RADIUS)
        p.save()
        p.setClipRect(QRectF(box.left(), box.top(), box.width(), height))
        p.fillPath(top, band)
        p.restore()
        p.setPen(QColor("white"))
        inner = QRectF(box.left() + PAD, box.top(), box.width() - 2 * PAD, height)
        key_w = 0.0
        if text.key:
            p.setFont(_font(round(KEY_PX * s), True))
            key_w = max(30.0 * s, p.fontMetrics().horizontalAdvance(text.key) + 14.0 * s)
            margin = 5 * s
            badge = QRectF(inner.right() - key_w, inner.top() + margin, key_w, height - 2 * margin)
            p.setBrush(QColor("white"))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawRoundedRect(badge, 5, 5)
            p.setPen(band)
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, text.key)
            p.setPen(QColor("white"))
        p.setFont(_font(round(TITLE_PX * s), True))
        title = f"{text.position}  {text.title}"
        room = int(inner.width() - key_w - 8)
        elided = p.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, room)
        p.drawText(inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided)

    def _paint_body(self, p: QPainter, body: QRectF, look: theme.StateLook, text: TileText) -> None:
        s = self._scale
        left = body.left() + PAD
        width = body.width() - 2 * PAD
        # The rows share the height above the buttons, so a tall tile spreads them out.
        buttons_top = (
            self.start_stop.geometry().top()
            if self.start_stop.isVisible()
            else (body.bottom() - BUTTONS * s)
        )
        unit = (buttons_top - body.top() - 4 * s) / sum(ROWS)
        rows: list[QRectF] = []
        y = body.top() + 2 * s
        for base in ROWS:
            rows.append(QRectF(left, y, width, base * unit))
            y += base * unit
        state_row, info_row, figure_row, money_row, total_row = rows
        left_al = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        right_al = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

        def draw(
            rect: QRectF, font: QFont, colour: QColor, value: str, align: Qt.AlignmentFlag = left_al
        ) -> None:
            p.setFont(font)
            p.setPen(colour)
            shown = p.fontMetrics().elidedText(
                value, Qt.TextElideMode.ElideRight, int(rect.width())
            )
            p.drawText(rect, align, shown)

        # state: symbol (or a painted padlock) and the word, in the state's strong colour
        word_rect = QRectF(state_row)
        if text.state is TileState.LOCKED:
            size = STATE_PX * s * 0.9
            _padlock(
                p, QRectF(left, state_row.center().y() - size / 2, size * 0.8, size), look.band
            )
            word_rect.setLeft(left + size * 0.8 + 8 * s)
            word = text.state_word
        else:
            word = f"{look.symbol}  {text.state_word}"
        # shrunk a little rather than cut: "Phone unregistered" in Russian is long
        state_font = fitted(round(STATE_PX * s), True, (word,), word_rect.width(), 0.75)
        draw(word_rect, state_font, look.band, word)

        if text.number:
            # the number, and its destination after it in grey
            number_font = _font(round(NUMBER_PX * s), True)
            p.setFont(number_font)
            number_w = min(width, p.fontMetrics().horizontalAdvance(text.number + "  "))
            draw(info_row, number_font, theme.TEXT, text.number)
            if text.area:
                draw(
                    info_row.adjusted(number_w, 0, 0, 0),
                    _font(round(AREA_PX * s)),
                    theme.MUTED,
                    text.area,
                )
        elif text.note:
            colour = theme.REFUSED if text.alert else theme.MUTED
            draw(info_row, _font(round(NUMBER_PX * s), text.alert), colour, text.note)

        if text.cost:
            big = fitted(round(FIGURE_PX * s), True, (text.timer, text.cost), width)
            draw(figure_row, big, theme.TEXT, text.timer)
            draw(figure_row, big, theme.TEXT, text.cost, right_al)
        elif text.timer:  # ringing: "dialing 0:12"
            draw(figure_row, _font(round(NUMBER_PX * s), True), theme.TEXT, text.timer)
        elif text.note_detail:  # why the last call was refused
            draw(
                figure_row,
                fitted(round(NUMBER_PX * s), True, (text.note_detail,), width),
                theme.REFUSED,
                text.note_detail,
            )

        if text.balance:
            self._paint_balance(p, money_row, text)
        if text.total:
            self._pair(
                p,
                total_row,
                self._labels.total,
                text.total,
                theme.TEXT,
                _font(round(TOTAL_PX * s)),
                _font(round(TOTAL_PX * s), True),
            )

    def _paint_balance(self, p: QPainter, row: QRectF, text: TileText) -> None:
        s = self._scale
        value_font = _font(round(MONEY_PX * s), True)
        if text.low_balance:
            # About to be cut for money: white on orange-red, the talk time first.
            box = row.adjusted(-PAD * 0.5, 1, PAD * 0.5, -1)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(theme.LOW_BALANCE)
            p.drawRoundedRect(box, 6, 6)
            label = "⚠ " + text.low_balance
            font = fitted(round(MONEY_PX * s), True, (label, text.balance), row.width(), 0.5)
            self.balance_label_shown = label
            self._pair(
                p,
                row,
                label,
                text.balance,
                QColor("white"),
                font,
                font,
                label_colour=QColor("white"),
            )
            return
        colour = theme.NEGATIVE if text.balance_negative else theme.TEXT
        p.setFont(value_font)
        room = int(row.width() - p.fontMetrics().horizontalAdvance(text.balance) - 8)
        label_font = _font(round(LABEL_PX * s), True)
        metrics = QFontMetrics(label_font)
        label = balance_label(
            self._labels.left,
            text.talk_left,
            lambda words: metrics.horizontalAdvance(words) <= room,
        )
        self.balance_label_shown = label
        self._pair(p, row, label, text.balance, colour, label_font, value_font)

    def _pair(
        self,
        p: QPainter,
        rect: QRectF,
        label: str,
        value: str,
        colour: QColor,
        label_font: QFont,
        value_font: QFont,
        label_colour: QColor = theme.MUTED,
    ) -> None:
        p.setFont(value_font)
        p.setPen(colour)
        value_w = p.fontMetrics().horizontalAdvance(value)
        p.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, value)
        p.setFont(label_font)
        p.setPen(label_colour)
        room = int(rect.width() - value_w - 8)
        shown = p.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, room)
        p.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)


def _padlock(p: QPainter, rect: QRectF, colour: QColor) -> None:
    """A padlock (the bundled font has no lock glyph): a shackle arc over a body."""
    p.save()
    body = QRectF(
        rect.left(), rect.top() + rect.height() * 0.42, rect.width(), rect.height() * 0.58
    )
    shackle = QRectF(
        rect.left() + rect.width() * 0.18, rect.top(), rect.width() * 0.64, rect.height() * 0.8
    )
    pen = QPen(colour, max(2.0, rect.width() * 0.16))
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawArc(shackle, 0, 180 * 16)
    middle = shackle.center().y()
    p.drawLine(QPointF(shackle.left(), middle), QPointF(shackle.left(), body.top()))
    p.drawLine(QPointF(shackle.right(), middle), QPointF(shackle.right(), body.top()))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    p.drawRoundedRect(body, 2, 2)
    p.restore()
