"""The resync after every login, on the dispatch thread (events wait until it is done): what
Asterisk knows (:mod:`callshop_pos.pbx.resync` reads it) applied to the tracker."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from callshop_pos.counter import CallPhase
from callshop_pos.pbx.ami_link import AmiLink
from callshop_pos.pbx.billing_queue import BillingQueue
from callshop_pos.pbx.booth_sync import BoothSync
from callshop_pos.pbx.caps import Caps
from callshop_pos.pbx.client import AmiError
from callshop_pos.pbx.clock import PbxClock
from callshop_pos.pbx.jobs import JobPool
from callshop_pos.pbx.live_views import LiveViews
from callshop_pos.pbx.protocol import Message
from callshop_pos.pbx.resync import live_booth_calls, outcome_records
from callshop_pos.pbx.tracker import CallTracker
from callshop_pos.pbx.tracking import Tracking


class Resyncer:
    """Keeps no state of its own: the booth sync holds its lock around the whole resync."""

    def __init__(
        self,
        link: AmiLink,
        clock: PbxClock,
        tracking: Tracking,
        views: LiveViews,
        billing: BillingQueue,
        booth_sync: BoothSync,
        caps: Caps,
        auth_pool: JobPool,
        say: Callable[[str], None],
    ) -> None:
        self._link = link
        self._clock = clock
        self._tracking = tracking
        self._views = views
        self._billing = billing
        self._booth_sync = booth_sync
        self._caps = caps
        self._auth_pool = auth_pool
        self._say = say

    def run(self) -> None:
        """The client's after-login hook."""
        try:
            self._booth_sync.resync(self._adopt)
        except AmiError as exc:
            # The link went again; the next login resyncs.
            self._say(f"PBX resync interrupted: {exc}")

    def _adopt(self, states: Mapping[str, bool], booths: set[str]) -> str:
        action = self._link.action
        # Live calls before outcome records: a channel gone from this list has already run
        # its hangup handler, so its record is in AstDB by the time we read it.
        calls = live_booth_calls(action, booths)
        now = self._clock.ping(action)
        alive = {c.uniqueid for c in calls}
        records = outcome_records(action)
        already_finished: list[str] = []
        recap: list[str] = []

        def apply(tracker: CallTracker) -> None:
            for c in calls:
                answered = None if c.answered_for is None else now - c.answered_for
                adopted = tracker.adopt(
                    c.uniqueid,
                    c.linkedid,
                    c.channel,
                    c.booth,
                    c.number,
                    now - c.age,
                    answered,
                    c.ringing,
                )
                if not adopted and self._views.is_answered(c.uniqueid):
                    recap.append(c.uniqueid)  # known already: a top-up may have come meanwhile
            for uid, text in records:
                if tracker.is_finished(uid):
                    already_finished.append(uid)
                else:
                    self._billing.outcome_announced(uid)
                    tracker.apply_outcome(uid, text, now)
            for live in tracker.live_calls():
                if live.booth_uniqueid not in alive and live.state != CallPhase.ENDED:
                    # Gone without an outcome record (not our dialplan): close it with what
                    # is known rather than leave it live for ever.
                    tracker.feed(
                        Message(
                            [
                                ("Event", "Hangup"),
                                ("Timestamp", f"{now:.6f}"),
                                ("Uniqueid", live.booth_uniqueid),
                                ("Cause", "0"),
                            ]
                        )
                    )

        self._tracking.run(apply)
        for uid in already_finished:
            self._billing.delete_when_billed(uid)
        for uid in recap:
            self._auth_pool.submit(self._caps.cap, uid, "resync")
        return (
            f"PBX resync: {len(states)} booths, {len(calls)} live calls, "
            f"{len(records)} outcome records"
        )
