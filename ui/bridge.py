"""BoardListener for the engine's threads, re-emitted as Qt signals on the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from callshop_pos.counter import BoardListener, BoothView, PbxLink
from printing.printer_state import PrinterViews


class ListenerBridge(QObject):
    """Pass this object to the engine as its BoardListener.

    The methods may be called from any thread; the signals are emitted from that thread and,
    since this object lives on the GUI thread, reach GUI-thread slots through the event queue
    (Qt's automatic connection), so widgets are only ever touched on the GUI thread.
    """

    boothChanged = Signal(object)  # BoothView
    pbxState = Signal(object, str)  # PbxLink, detail
    printerState = Signal(object, int)  # PrinterViews, waiting jobs
    databaseState = Signal(bool, str)  # reachable, why not

    def booth_changed(self, view: BoothView) -> None:
        self.boothChanged.emit(view)

    def pbx_state(self, state: PbxLink, detail: str) -> None:
        self.pbxState.emit(state, detail)

    def printer_state(self, printers: PrinterViews, waiting: int) -> None:
        self.printerState.emit(printers, waiting)

    def database_state(self, ok: bool, detail: str) -> None:
        self.databaseState.emit(ok, detail)


def _conforms(bridge: ListenerBridge) -> BoardListener:
    # Lets the type checker confirm the bridge satisfies the protocol.
    return bridge
