"""A small bar chart of our own (QPainter): revenue per day, top destinations, occupancy by
hour. QtCharts is not in PySide6-Essentials and would add ~100 MB to the install for three
bar charts; this draws them in a hundred lines, readable from 2 m (big labels, few ticks)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR = QColor(41, 107, 179)
AXIS = QColor(120, 120, 120)


class BarChart(QWidget):
    """``set_data(title, labels, values, horizontal=False)``; values are what is drawn (a
    picture of exact figures: floats are fine here)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.labels: list[str] = []
        self.values: list[float] = []
        self.horizontal = False
        self.painted = 0  # bars drawn by the last paint (tests look at it)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF(), 11))
        self.setFont(font)

    def sizeHint(self) -> QSize:
        return QSize(640, 300)

    def set_data(
        self, title: str, labels: Sequence[str], values: Sequence[float], horizontal: bool = False
    ) -> None:
        self.title, self.labels, self.values = title, list(labels), [max(0.0, v) for v in values]
        self.horizontal = horizontal
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        metrics = p.fontMetrics()
        line = metrics.height()
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(self.palette().text().color())
        p.drawText(
            QRectF(8, 4, self.width() - 16, line + 4), Qt.AlignmentFlag.AlignLeft, self.title
        )
        p.setFont(self.font())
        area = QRectF(8, line + 12, self.width() - 16, self.height() - line - 20)
        self.painted = 0
        top = max(self.values, default=0.0)
        if not self.values or top <= 0:
            p.end()
            return
        if self.horizontal:
            self._horizontal(p, area, top, line)
        else:
            self._vertical(p, area, top, line)
        p.end()

    def _vertical(self, p: QPainter, area: QRectF, top: float, line: int) -> None:
        n = len(self.values)
        plot = area.adjusted(0, line + 4, 0, -(line + 4))
        step = plot.width() / n
        every = max(1, int(n * p.fontMetrics().horizontalAdvance("00-00 ") / plot.width()) + 1)
        p.setPen(AXIS)
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.drawText(
            QRectF(area.left(), area.top(), area.width(), line),
            Qt.AlignmentFlag.AlignRight,
            f"{top:,.2f}".rstrip("0").rstrip("."),
        )
        for i, (label, value) in enumerate(zip(self.labels, self.values, strict=False)):
            h = plot.height() * value / top
            bar = QRectF(plot.left() + i * step + step * 0.15, plot.bottom() - h, step * 0.7, h)
            p.fillRect(bar, BAR)
            self.painted += 1
            if i % every == 0:
                p.setPen(self.palette().text().color())
                p.drawText(
                    QRectF(plot.left() + i * step - step, plot.bottom() + 2, step * 3, line),
                    Qt.AlignmentFlag.AlignHCenter,
                    label,
                )

    def _horizontal(self, p: QPainter, area: QRectF, top: float, line: int) -> None:
        n = len(self.values)
        widest = max(p.fontMetrics().horizontalAdvance(x) for x in self.labels) + 8
        names = min(float(widest), area.width() * 0.4)
        step = area.height() / n
        value_w = p.fontMetrics().horizontalAdvance("000,000.00")
        width = area.width() - names - value_w
        for i, (label, value) in enumerate(zip(self.labels, self.values, strict=False)):
            y = area.top() + i * step
            p.setPen(self.palette().text().color())
            elided = p.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, int(names) - 8)
            p.drawText(
                QRectF(area.left(), y, names - 8, step),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                elided,
            )
            bar = QRectF(area.left() + names, y + step * 0.15, width * value / top, step * 0.7)
            p.fillRect(bar, BAR)
            self.painted += 1
            p.drawText(
                QRectF(bar.right() + 4, y, value_w, step),
                Qt.AlignmentFlag.AlignVCenter,
                f"{value:.2f}",
            )
