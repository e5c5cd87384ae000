"""Runs slow work off the GUI thread and hands the outcome back on it: the UI's one
background-job helper (the board's actions, the dialogs, the printer checks).

Like Anki's background operations: the job never touches widgets; the callbacks run on the
GUI thread because the relay QObject lives there and the signal is queued across threads.

A job belongs to a widget (its ``owner``; by default the object whose method ``on_done`` is):
when that widget is gone by the time the answer comes (a dialog closed and deleted), the
callbacks are dropped instead of running on a deleted C++ object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


def alive(obj: QObject | None) -> bool:
    """Whether a Qt object still exists (None counts: a job without an owner)."""
    return obj is None or shiboken6.isValid(obj)


def _owner_of(callback: Callable[..., Any]) -> QObject | None:
    """The QObject a bound-method callback belongs to (None for plain functions/lambdas)."""
    target = getattr(callback, "__self__", None)
    return target if isinstance(target, QObject) else None


class _Relay(QObject):
    """Lives on the GUI thread; its slots run there because the signals cross threads queued."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        parent: QObject,
        on_done: Callable[[Any], object],
        on_error: Callable[[BaseException], object],
        owner: QObject | None,
        finish: Callable[[_Relay], None],
    ) -> None:
        super().__init__(parent)
        self._on_done = on_done
        self._on_error = on_error
        self._owner = owner
        self._finish = finish
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_error)

    def owner_alive(self) -> bool:
        return alive(self._owner)

    @Slot(object)
    def _deliver_done(self, value: object) -> None:
        self._finish(self)
        if self.owner_alive():
            self._on_done(value)

    @Slot(object)
    def _deliver_error(self, exc: BaseException) -> None:
        self._finish(self)
        if self.owner_alive():
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
    """``submit(fn, on_done, on_error, owner=...)``; ``busy`` tells the UI when to show a busy
    state. ``pool`` may be a pool of its own (one thread: jobs run one at a time, in order)."""

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
        on_done: Callable[[Any], object],
        on_error: Callable[[BaseException], object],
        owner: QObject | None = None,
    ) -> None:
        """Run ``fn`` on the pool; then ``on_done(result)`` or ``on_error(exc)`` on the GUI
        thread, unless ``owner`` (default: ``on_done``'s object, if a QObject) was deleted."""
        relay = _Relay(self, on_done, on_error, owner or _owner_of(on_done), self._finished)
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
