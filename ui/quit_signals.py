"""SIGTERM / SIGINT at the counter: the counter ends, whatever is on screen (see
:class:`QuitOnSignals`; ``ui.app.main`` uses it)."""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from ui.main_window import MainWindow

log = logging.getLogger(__name__)


class QuitOnSignals:
    """SIGTERM and SIGINT (Ctrl+C) end the counter, whatever is on screen: the login, a
    dialog, the owner's PIN asked for quitting with booths running (the system is shutting
    down: nobody is there to answer). ``main`` then stops the runtime (the demo history's
    day closed, calls billed, the PBX link closed).

    The handler only notes the request (Python runs it between two bytecodes, anywhere in
    the main thread); a timer of the event loop, of whichever loop runs (the login dialog's
    own before ``app.exec``, where ``QApplication.quit`` does nothing), closes the dialogs
    and ends the main loop. A second signal while stopping is logged and changes nothing: the
    stop is short, and cut half-way it would leave the demo history's day open."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.requested = False
        self._looping = False
        self._previous: dict[int, Any] = {}
        self._wake: QTimer | None = None

    def install(self) -> None:
        """Take the signals over (the main thread only: elsewhere Python cannot)."""
        if threading.current_thread() is not threading.main_thread():
            return
        for sig in self.SIGNALS:
            self._previous[sig] = signal.getsignal(sig)
            signal.signal(sig, self._noted)

    def watch(self, app: QApplication) -> None:
        """From here on the event loops look at the request (and let Python run the
        handler: it runs only when the loop hands control back to Python)."""
        self._wake = QTimer()
        self._wake.timeout.connect(lambda: self._act(app))
        self._wake.start(200)

    def _noted(self, signum: int, _frame: object) -> None:
        name = signal.Signals(signum).name
        if self.requested:
            log.info("%s again: the counter is already quitting", name)
            return
        log.info("%s: the counter quits", name)
        self.requested = True

    def _act(self, app: QApplication) -> None:
        if not self.requested:
            return
        for widget in app.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()  # its exec() returns: the login's means Quit
            elif isinstance(widget, MainWindow):
                widget.quit_approved = True  # no owner's PIN, no shift warning
                widget.quit_warned = True
        if self._looping:  # every running loop ends with the main one
            app.exit(0)

    def exec(self, app: QApplication) -> int:
        """``app.exec()``, knowing it runs: an exit asked outside it would end the next
        loop at once (the next login dialog's, when main() runs again in one process)."""
        if self.requested:  # during the login
            return 0
        self._looping = True
        try:
            return app.exec()
        finally:
            self._looping = False

    def uninstall(self) -> None:
        if self._wake is not None:
            self._wake.stop()
            self._wake = None
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._previous.clear()
