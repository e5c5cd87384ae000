"""The exact cap of an answered call, re-set on Asterisk at answer, after a top-up and after
a resync (``AbsoluteTimeout`` replaces the deadline, counted from that moment)."""

from __future__ import annotations

from collections.abc import Callable

from callshop_pos.pbx.ami_link import AmiLink
from callshop_pos.pbx.clock import PbxClock
from callshop_pos.pbx.live_views import LiveViews
from callshop_pos.pbx.policy import CallPolicy


class Caps:
    """Runs on the ``pbx-auth-*`` pool. Keeps no state of its own: the cap set goes into the
    call's note (:class:`LiveViews`)."""

    def __init__(
        self,
        policy: CallPolicy,
        link: AmiLink,
        clock: PbxClock,
        views: LiveViews,
        say: Callable[[str], None],
    ) -> None:
        self._policy = policy
        self._link = link
        self._clock = clock
        self._views = views
        self._say = say

    def cap(self, uid: str, why: str) -> None:
        """Re-set the exact cap of an answered call (at answer, after a top-up, resync)."""
        answered = self._views.answered(uid)
        if answered is None:
            return
        login, number, answered_at = answered
        if why == "answer":
            # on this PC's clock: what a Stop in any process bills a running call from
            self._policy.call_answered(uid, self._clock.to_local(answered_at))
        now = self._clock.ping(self._link.action)
        cap = self._policy.live_cap(login, number, answered_at, now)
        if cap is None:
            return  # the policy has no opinion: the cap set at authorization stands
        if cap < 0.001:
            # AbsoluteTimeout 0 would be refused (recording s4): credit gone, hang up.
            self._link.hang_up(uid)
            self._say(f"{login} {number}: no credit left ({why}), hung up")
            return
        # To the millisecond (Asterisk takes a fractional Timeout): every second paid for.
        result = self._link.action(
            {"Action": "AbsoluteTimeout", "Channel": uid, "Timeout": f"{cap:.3f}"}
        )
        if not result.ok:
            return  # the channel is gone
        self._views.capped(uid, round(now - answered_at + cap))
        self._views.emit(uid)
        self._say(f"{login} {number}: cap {cap:.3f} s from now ({why})")
