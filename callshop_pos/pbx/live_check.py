"""The periodic live-call check: close the live calls Asterisk no longer has (a Newchannel
whose Hangup never came would stay on its booth until the next reconnect)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from callshop_pos.pbx.ami_link import AmiLink
from callshop_pos.pbx.client import AmiError
from callshop_pos.pbx.clock import PbxClock
from callshop_pos.pbx.resync import alive_uniqueids
from callshop_pos.pbx.tracker import LiveCall
from callshop_pos.pbx.tracking import Tracking

log = logging.getLogger(__name__)

LIVE_CHECK_INTERVAL = 30.0  # seconds between two checks while connected


class LiveCheck:
    """Called by the poller only (its one thread): no lock of its own."""

    def __init__(
        self, link: AmiLink, tracking: Tracking, clock: PbxClock, say: Callable[[str], None]
    ) -> None:
        self._link = link
        self._tracking = tracking
        self._clock = clock
        self._say = say
        self.interval = LIVE_CHECK_INTERVAL
        self._next_check = 0.0

    def check(self) -> None:
        now = time.monotonic()
        if not self._link.connected or now < self._next_check:
            return
        self._next_check = now + self.interval
        seen = self._tracking.live_uniqueids()
        if not seen:
            return
        try:
            alive = alive_uniqueids(lambda fields: self._link.action(fields, 5.0))
        except AmiError as exc:
            log.warning("PBX live-call check: %s", exc)
            return
        if alive is None:
            return
        closed: list[LiveCall] = []
        self._tracking.run(
            lambda tracker: closed.extend(tracker.close_vanished(seen, alive, self._clock.now()))
        )
        for call in closed:
            self._say(f"{call.booth} {call.number}: gone from Asterisk, call closed")
