"""The status bar: PBX link, database link, printer and queue, busy work, the cashier's name."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QStatusBar

from callshop_pos.counter import PbxLink
from printing.printer_state import PrinterView
from ui.format import count
from ui.printer_words import printers_details, printers_words


def _tr(text: str) -> str:
    return QCoreApplication.translate("StatusPanel", text)


def pbx_words(state: PbxLink) -> tuple[str, str]:
    """(text, colour) for a PBX link state."""
    return {
        PbxLink.CONNECTED: (_tr("PBX connected"), "#1b7f3b"),
        PbxLink.CONNECTING: (_tr("PBX connecting…"), "#b45309"),
        PbxLink.AUTH_FAILED: (_tr("PBX login refused"), "#b91c1c"),
        PbxLink.UNREACHABLE: (_tr("PBX unreachable"), "#b91c1c"),
        PbxLink.DISCONNECTED: (_tr("PBX disconnected"), "#b91c1c"),
    }[state]


class ClickableLabel(QLabel):
    """A status label that opens something (the printer's opens the print queue)."""

    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class StatusPanel:
    """Owns the labels it adds to a QStatusBar."""

    def __init__(self, bar: QStatusBar, user: str) -> None:
        self.pbx = self._label(bar, "pbxStatus")
        self.database = self._label(bar, "databaseStatus")
        self.printer = ClickableLabel()
        self.printer.setObjectName("printerStatus")
        self.printer.setCursor(Qt.CursorShape.PointingHandCursor)
        bar.addWidget(self.printer)
        self.busy = self._label(bar, "busyLabel")
        self.user = self._label(bar, "userLabel", permanent=True)
        self.user.setText(_tr("Cashier: %1").replace("%1", user))
        self.set_pbx(PbxLink.CONNECTING, "")
        self.set_database(True, "")
        self._show_printer(_tr("Printer: unknown"), "", 0)
        self.set_busy(False)

    @staticmethod
    def _label(bar: QStatusBar, name: str, *, permanent: bool = False) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        (bar.addPermanentWidget if permanent else bar.addWidget)(label)
        return label

    def set_pbx(self, state: PbxLink, detail: str) -> None:
        text, colour = pbx_words(state)
        if detail and state is not PbxLink.CONNECTED:
            # Why the link is down is what the owner needs to fix it; the connected banner is
            # only noise, so it stays in the tooltip.
            shown = detail if len(detail) <= 48 else detail[:47] + "…"
            text = f"{text}: {shown}"
        self.pbx.setText(f"● {text}")
        self.pbx.setStyleSheet(f"color:{colour}; font-weight:bold;")
        self.pbx.setToolTip(detail)

    def set_database(self, ok: bool, detail: str) -> None:
        """Quiet while reachable (a small green dot); red, with the reason, when lost."""
        if ok:
            self.database.setText("● " + _tr("Database"))
            self.database.setStyleSheet("color:#1b7f3b;")
            self.database.setToolTip(_tr("Database connected"))
            return
        text = _tr("Database unreachable")
        shown = detail if len(detail) <= 48 else detail[:47] + "…"
        self.database.setText(f"● {text}: {shown}" if shown else f"● {text}")
        self.database.setStyleSheet("color:#b91c1c; font-weight:bold;")
        self.database.setToolTip(detail)

    def set_printer(self, printers: Sequence[PrinterView], waiting: int) -> None:
        """Each printer's state in words, the receipts waiting, the devices' own words in the
        tooltip."""
        self._show_printer(printers_words(printers), printers_details(printers), waiting)

    def _show_printer(self, text: str, details: str, waiting: int) -> None:
        shown = text
        if waiting:
            shown += "  " + count("StatusPanel", "(%n waiting)", waiting)
        self.printer.setText(shown)
        self.printer.setStyleSheet("color:#b45309; font-weight:bold;" if waiting else "")
        tip = _tr("Click to open the print queue")
        self.printer.setToolTip(f"{details}\n{tip}" if details else tip)

    def set_busy(self, busy: bool) -> None:
        self.busy.setText(_tr("Working…") if busy else "")
