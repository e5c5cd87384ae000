"""Table model of the day's calls (Vorta style: the owner replaces all rows with set_rows)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from callshop_pos.counter import CallRow
from ui.format import duration, money
from ui.refusal_words import refusal_text

_Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _tr(text: str) -> str:
    return QCoreApplication.translate("CallsTableModel", text)


class CallsTableModel(QAbstractTableModel):
    COLUMNS = ("time", "booth", "number", "destination", "duration", "status", "cost")

    def __init__(self, currency: str = "EUR", precision: int = 2) -> None:
        super().__init__()
        self._rows: list[CallRow] = []
        self.currency = currency
        self.precision = precision

    def set_rows(self, rows: Sequence[CallRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> CallRow:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            _tr("Time"),
            _tr("Booth"),
            _tr("Number"),
            _tr("Destination"),
            _tr("Duration"),
            _tr("Status"),
            _tr("Cost"),
        )[section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in ("duration", "cost"):
            return RIGHT
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == "time":
            return row.started_at.strftime("%H:%M:%S")
        if column == "booth":
            return row.booth_name
        if column == "number":
            return row.number
        if column == "destination":
            return row.area_name or ""
        if column == "duration":
            return duration(row.billable_seconds)
        if column == "status":
            return self.status_text(row)
        return money(row.cost, self.currency, self.precision)

    @classmethod
    def status_text(cls, row: CallRow) -> str:
        """ "refused: Not enough money left": a refused call says why."""
        text = cls.disposition_text(row.disposition)
        if row.refusal_reason:
            return _tr("%1: %2").replace("%1", text).replace("%2", refusal_text(row.refusal_reason))
        return text

    @staticmethod
    def disposition_text(disposition: str) -> str:
        words = {
            "ANSWERED": _tr("answered"),
            "NO ANSWER": _tr("no answer"),
            "BUSY": _tr("busy"),
            "FAILED": _tr("failed"),
            "CONGESTION": _tr("failed"),
            "REFUSED": _tr("refused"),
        }
        return words.get(disposition.upper(), disposition.lower())
