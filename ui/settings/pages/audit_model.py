"""The audit log as a read-only table model that grows page by page (``fetchMore``): the log
grows for years, so only what the owner scrolls to is read. The model never reads the
database itself: it asks its ``fetcher`` (the page, which reads on a worker thread) and is
given the rows with :meth:`append`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from callshop_pos.services.audit_log import AuditEntry, Cursor, cursor
from ui.settings.pages.audit_words import action_name, change_line, object_name

Index = QModelIndex | QPersistentModelIndex
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def _tr(text: str) -> str:
    return QCoreApplication.translate("AuditTableModel", text)


class AuditTableModel(QAbstractTableModel):
    COLUMNS = ("time", "user", "action", "object", "details")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.entries: list[AuditEntry] = []
        self.complete = True  # no older rows to read
        self.pending = False  # a page is being read
        self.fetcher: Callable[[Cursor | None], None] | None = None

    # --- filling -------------------------------------------------------------------------

    def reset(self) -> None:
        """Empty, waiting for the first page of a new filter."""
        self.beginResetModel()
        self.entries = []
        self.complete = False
        self.pending = True
        self.endResetModel()

    def append(self, entries: Sequence[AuditEntry], *, complete: bool) -> None:
        self.pending = False
        self.complete = complete
        if entries:
            first = len(self.entries)
            self.beginInsertRows(QModelIndex(), first, first + len(entries) - 1)
            self.entries.extend(entries)
            self.endInsertRows()

    def failed(self) -> None:
        self.pending = False

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self.complete and not self.pending

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self.fetcher is None:
            return
        self.pending = True
        self.fetcher(cursor(self.entries[-1]) if self.entries else None)

    # --- reading -------------------------------------------------------------------------

    def entry(self, row: int) -> AuditEntry:
        return self.entries[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # never editable

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        return False  # the log cannot be edited from the app

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        e = self.entries[index.row()]
        column = self.COLUMNS[index.column()]
        if column == "time":
            return e.at.astimezone().strftime(TIME_FORMAT)
        if column == "user":
            return e.user or "—"
        if column == "action":
            return action_name(e.action)
        if column == "object":
            what = object_name(e.object_type) if e.object_type else ""
            return " · ".join(part for part in (what, e.name) if part) or "—"
        return "; ".join(change_line(c) for c in e.changes)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (_tr("Time"), _tr("User"), _tr("Action"), _tr("Object"), _tr("Details"))[section]
