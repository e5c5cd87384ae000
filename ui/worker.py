"""Runs slow backend calls off the GUI thread and hands the outcome back on it.

Like Anki's background operations: the job never touches widgets; the callbacks run on the
GUI thread because the relay QObject lives there and the signal is queued across threads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    """Lives on the GUI thread; its slots run there because the signals cross threads queued."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        parent: QObject,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        finish: Callable[[_Relay], None],
    ) -> None:
        super().__init__(parent)
        self._on_done = on_done
        self._on_error = on_error
        self._finish = finish
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_error)

    @Slot(object)
    def _deliver_done(self, value: object) -> None:
        self._finish(self)
        self._on_done(value)

    @Slot(object)
    def _deliver_error(self, exc: BaseException) -> None:
        self._finish(self)
        self._on_error(exc)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:  # handed to the GUI, which decides how to show it
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)


class Runner(QObject):
    """``submit(fn, on_done, on_error)``; ``busy`` tells the UI when to show a busy state."""

    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._relays: set[_Relay] = set()

    @property
    def busy(self) -> bool:
        return bool(self._relays)

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        relay = _Relay(self, on_done, on_error, self._finished)
        self._relays.add(relay)
        if len(self._relays) == 1:
            self.busyChanged.emit(True)
        self._pool.start(_Job(fn, relay))

    def _finished(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        relay.deleteLater()
        if not self._relays:
            self.busyChanged.emit(False)

    def wait_idle(self, msecs: int = 30000) -> bool:
        """Tests and shutdown: wait for running jobs (their callbacks still need the loop)."""
        return self._pool.waitForDone(msecs)
