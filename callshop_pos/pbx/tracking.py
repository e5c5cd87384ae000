"""The call tracker behind its lock, and the effects its observer queues for after it.

The tracker is pure logic; its observer runs under the lock, so it only takes notes and
queues *effects* (policy calls, listener reports, jobs) that :meth:`Tracking.run` carries out
once the lock is released.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable

from callshop_pos.counter import CallPhase
from callshop_pos.pbx.protocol import Message
from callshop_pos.pbx.tracker import CallTracker, LiveCall, TrackerObserver

log = logging.getLogger(__name__)

Effect = Callable[[], None]


class Tracking:
    """Owns the :class:`CallTracker`, the booths it knows and the effects queued, under one
    lock (an RLock). Other parts' locks may be taken under it, never it under theirs, except
    the booth sync's (taken first)."""

    def __init__(self, observer: TrackerObserver, finish_grace: float) -> None:
        self._lock = threading.RLock()
        self._effects: list[Effect] = []
        self._known_booths: set[str] = set()
        self._tracker = CallTracker(
            observer, known_booths=self._known_booths, finish_grace=finish_grace
        )

    @property
    def known_booths(self) -> set[str]:
        """The booths followed, the set itself: for a lock-free membership test only (a
        set only grows, under the lock, and a probe of it is atomic)."""
        return self._known_booths

    def follows(self, msg: Message) -> bool:
        """Whether the tracker looks at ``msg`` (asked without the lock: its handlers are
        fixed when it is made)."""
        return self._tracker.follows(msg)

    def run(self, op: Callable[[CallTracker], None]) -> None:
        """Run ``op`` on the tracker under the lock; then, outside it, what the observer
        asked for (policy calls and listener reports must not run under the lock)."""
        with self._lock:
            op(self._tracker)
            effects, self._effects = self._effects, []
        for effect in effects:
            try:
                effect()
            except Exception:
                log.exception("PBX engine effect failed")

    def defer(self, effect: Effect) -> None:
        """From the observer only (under the lock, inside :meth:`run`)."""
        self._effects.append(effect)

    def add_booths(self, logins: Iterable[str]) -> set[str]:
        """Booths whose phones the tracker follows; returns all of them (a copy)."""
        with self._lock:
            self._known_booths.update(logins)
            return set(self._known_booths)

    def live_calls(self) -> dict[str, LiveCall]:
        """login -> its live call (a snapshot)."""
        with self._lock:
            return {c.booth: c for c in self._tracker.live_calls() if c.state != CallPhase.ENDED}

    def live_uniqueids(self) -> list[str]:
        """The booth Uniqueid of every call live here (not ended)."""
        with self._lock:
            return [
                c.booth_uniqueid for c in self._tracker.live_calls() if c.state != CallPhase.ENDED
            ]
