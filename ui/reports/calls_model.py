"""The calls browser's table model: one keyset page at a time, the next one fetched off the
GUI thread when the view scrolls to the end (Qt's canFetchMore/fetchMore)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from callshop_pos.services.reports_calls import CallPage, CallRow, Key
from ui.format import number

Index = QModelIndex | QPersistentModelIndex
Fetch = Callable[[Key | None], CallPage]


class CallsModel(QAbstractTableModel):
    def __init__(self, submit: Callable[..., None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._submit = submit  # Runner.submit
        self._fetch: Fetch | None = None
        self.rows: list[CallRow] = []
        self._next: Key | None = None
        self.loading = False
        self.headers = [
            self.tr("Start"),
            self.tr("Booth"),
            self.tr("Number"),
            self.tr("Destination"),
            self.tr("Result"),
            self.tr("Seconds"),
            self.tr("Price"),
            self.tr("Cashier"),
        ]
        self.results = {
            "answered": self.tr("answered"),
            "no_answer": self.tr("no answer"),
            "busy": self.tr("busy"),
            "failed": self.tr("failed"),
            "congestion": self.tr("congestion"),
            "cancelled": self.tr("cancelled"),
        }

    def reset(self, first: CallPage, fetch: Fetch) -> None:
        self.beginResetModel()
        self.rows, self._next, self._fetch, self.loading = (
            list(first.rows),
            first.next_key,
            fetch,
            False,
        )
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (5, 6):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        values = (
            f"{row.started_at.astimezone():%Y-%m-%d %H:%M}",
            row.booth,
            row.number,
            row.area,
            self.results.get(row.disposition, row.disposition),
            str(row.billable_seconds),
            number(row.cost),
            row.cashier,
        )
        return values[col]

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._next is not None and not self.loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._fetch is None:
            return
        fetch, key = self._fetch, self._next
        self.loading = True
        self._submit(
            lambda: fetch(key), lambda page: self._more(fetch, page), self._failed, owner=self
        )

    def _more(self, fetch: Fetch, page: CallPage) -> None:
        if fetch is not self._fetch:  # the filter changed meanwhile: an old answer
            return
        self.loading = False
        if page.rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self.rows += page.rows
            self.endInsertRows()
        self._next = page.next_key

    def _failed(self, _exc: BaseException) -> None:
        self.loading = False
