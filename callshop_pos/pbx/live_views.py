"""The engine's notes on each live booth call, and the live-call reports made from them.

A note joins what the tracker saw (a copy of its :class:`LiveCall`) with what the engine
decided (the authorization, the exact cap set at answer); :meth:`LiveViews.emit` turns it into
the :class:`LiveCallView` the listener gets, in order, and one ``None`` when the call ended.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from callshop_pos.counter import CallPhase, LiveCallView
from callshop_pos.pbx.clock import PbxClock
from callshop_pos.pbx.listener import EngineListener
from callshop_pos.pbx.policy import Decision
from callshop_pos.pbx.tracker import LiveCall

# Decisions held for a tracker's note still to come, at most (far more than booths).
EARLY_MAX = 256


@dataclass(slots=True)
class _CallInfo:
    """The engine's notes on one live booth call (by booth Uniqueid)."""

    login: str
    live: LiveCall
    decision: Decision | None = None
    cap_seconds: int | None = None  # counted from the answer, once set at answer
    answer_capped: bool = False
    finished: bool = False
    announced_end: bool = False


class LiveViews:
    """Notes by booth Uniqueid, under their own lock; :meth:`emit` keeps the listener's
    ``live_call`` reports in order under a second one (taken first, never inside the other)."""

    def __init__(self, listener: EngineListener, clock: PbxClock) -> None:
        self._listener = listener
        self._clock = clock
        self._lock = threading.Lock()  # the notes
        self._emit_lock = threading.Lock()  # keeps live_call() reports in order
        self._calls: dict[str, _CallInfo] = {}
        # Decisions that came before the tracker's note of their call (the authorizer is fed
        # from the reading thread, the tracker through the dispatch queue): kept for the
        # note, oldest dropped past EARLY_MAX (a call that never gets a note, e.g. one
        # finished already, leaves its decision here until then).
        self._early: dict[str, Decision] = {}

    def updated(self, call: LiveCall) -> str | None:
        """The tracker's news of a call. The booth's login when the call has just been
        answered (once per call: its cap is to be set now), else None."""
        uid = call.booth_uniqueid
        with self._lock:
            info = self._calls.get(uid)
            if info is None:
                info = self._calls[uid] = _CallInfo(call.booth, call, self._early.pop(uid, None))
            info.live, info.login = call, call.booth or info.login
            if call.state == CallPhase.ANSWERED and not info.answer_capped:
                info.answer_capped = True
                return info.login
            return None

    def finished(self, uid: str) -> bool:
        """The call was billed off: True when it had a note (its end is to be reported)."""
        with self._lock:
            info = self._calls.get(uid)
            if info is None:
                return False
            info.finished = True
            return True

    def decided(self, uid: str, decision: Decision) -> None:
        """The authorizer's decision on the call, before or after the tracker's first news
        of it (:meth:`updated`): either way the call's views carry it."""
        with self._lock:
            info = self._calls.get(uid)
            if info is not None:
                info.decision = decision
                return
            early = self._early
            early[uid] = decision
            if len(early) > EARLY_MAX:
                del early[next(iter(early))]

    def answered(self, uid: str) -> tuple[str, str, float] | None:
        """(login, number, answered at on Asterisk's clock) of a call answered and not ended."""
        with self._lock:
            info = self._calls.get(uid)
            if info is None or info.live.answered_at is None or info.live.state == CallPhase.ENDED:
                return None
            return info.login, info.live.number, info.live.answered_at

    def is_answered(self, uid: str) -> bool:
        with self._lock:
            info = self._calls.get(uid)
            return info is not None and info.live.state == CallPhase.ANSWERED

    def capped(self, uid: str, seconds: int) -> None:
        """The cap now set on the call, counted from its answer."""
        with self._lock:
            if uid in self._calls:
                self._calls[uid].cap_seconds = seconds

    def emit(self, uid: str) -> None:
        """Report the call's view to the listener (None once, when it ended)."""
        with self._emit_lock:
            with self._lock:
                info = self._calls.get(uid)
                if info is None:
                    return
                if info.finished or info.live.state == CallPhase.ENDED:
                    if info.finished:
                        del self._calls[uid]
                    if info.announced_end:
                        return
                    info.announced_end = True
                    view = None
                else:
                    view = self._view(info)
            if info.login:
                self._listener.live_call(info.login, view)

    def _view(self, info: _CallInfo) -> LiveCallView:
        live, decision = info.live, info.decision
        cap = info.cap_seconds
        if cap is None and decision is not None:
            cap = decision.cap_seconds
        return LiveCallView(
            number=live.number,
            phase=live.state,
            started_at=live.started_at if live.started_at is not None else self._clock.now(),
            answered_at=live.answered_at,
            rate=decision.rate if decision is not None else None,
            cap_seconds=cap,
        )
