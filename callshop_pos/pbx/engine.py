"""The shop's side of the PBX contract (docs/ARCHITECTURE.md §6), independent of the database.

:class:`PbxEngine` speaks AMI through an :class:`~callshop_pos.pbx.client.AmiClient`, follows
calls with a :class:`~callshop_pos.pbx.tracker.CallTracker` and asks a
:class:`~callshop_pos.pbx.policy.CallPolicy` for every decision: authorization, caps, billing
and booth state changes. It is the composition of small parts, each owning its state:

* :class:`~callshop_pos.pbx.tracking.Tracking`: the tracker, the booths it knows, the effects
  its observer queues (one RLock);
* :class:`~callshop_pos.pbx.live_views.LiveViews`: the notes on each live call and the
  ``live_call`` reports (a lock for the notes, one that keeps the reports in order);
* :class:`~callshop_pos.pbx.authorizer.Authorizer` and :class:`~callshop_pos.pbx.caps.Caps`:
  the answers to the dialplan and the caps of answered calls (no state);
* :class:`~callshop_pos.pbx.billing_queue.BillingQueue`: finished calls billed in order,
  retried, set aside (one lock);
* :class:`~callshop_pos.pbx.booth_sync.BoothSync`: booth states in AstDB and the booth changes
  of any process (one lock: the change token);
* :class:`~callshop_pos.pbx.live_check.LiveCheck` (no lock: the poller's alone) and
  :class:`~callshop_pos.pbx.resyncer.Resyncer` (under the booth sync's lock).

Locks are taken in one order: booth sync, then tracking, then the notes or the billing
queue's; the report lock before the notes'. No part calls out (policy, listener, AMI) under a
lock but the booth sync, whose lock only orders the poller and the resync.

Threads (every :class:`EngineListener` callback comes from one of them, never the caller's):

* ``ami-io`` / ``ami-dispatch`` (the client): events are fed to the tracker in order on the
  dispatch thread, and the resync after each login runs there too, so the snapshot it reads
  is applied before any later event;
* ``pbx-authorize``: the authorizer's own queue and thread, fed by ``ami-io`` itself as it
  reads each announce (``_on_read``), ahead of the dispatch queue and the tracker: the
  requests queued meanwhile are decided together, up to ``MAX_BATCH`` at a time
  (``policy.authorize_many`` when the policy has it), each piece answered in one write
  before the next is decided, so a slow policy never holds up the event stream and a
  burst never waits behind other events, a resync or the tracker (the dialplan waits only
  3 s);
* ``pbx-auth-*`` (a small pool): caps and hang-ups;
* ``pbx-record`` (one thread, FIFO): ``policy.record_call`` then ``DBDel`` of the outcome key,
  in that order, so a crash in between re-bills nothing (the policy is idempotent) and loses
  nothing (the key is still in AstDB for the next resync);
* ``pbx-poll``: ``policy.changes_since`` and ``tracker.tick`` every ``poll_interval``.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from callshop_pos.counter import PbxLink
from callshop_pos.db.outage import OutageLog
from callshop_pos.pbx.ami_link import AmiLink
from callshop_pos.pbx.authorizer import Authorizer
from callshop_pos.pbx.billing_queue import BillingQueue
from callshop_pos.pbx.booth_sync import BoothSync
from callshop_pos.pbx.caps import Caps
from callshop_pos.pbx.client import AUTH_FAILED_TEXT, AmiClient, AmiError
from callshop_pos.pbx.clock import PbxClock
from callshop_pos.pbx.jobs import JobPool, guarded
from callshop_pos.pbx.listener import EngineListener, NullListener
from callshop_pos.pbx.live_check import LiveCheck
from callshop_pos.pbx.live_views import LiveViews
from callshop_pos.pbx.policy import CallPolicy
from callshop_pos.pbx.protocol import Message
from callshop_pos.pbx.resyncer import Resyncer
from callshop_pos.pbx.tracker import (
    CallRecord,
    CallTracker,
    LiveCall,
    authorize_request,
    parse_timestamp,
)
from callshop_pos.pbx.tracking import Tracking

__all__ = ["TEST_CONTEXT", "ClientFactory", "EngineListener", "NullListener", "PbxEngine"]

log = logging.getLogger(__name__)

TEST_CONTEXT = "callshop-test"

ClientFactory = Callable[..., AmiClient]
"""Called with keyword arguments ``on_event``, ``on_state``, ``on_login``."""


class PbxEngine:
    def __init__(
        self,
        client: str | ClientFactory,
        policy: CallPolicy,
        listener: EngineListener | None = None,
        *,
        poll_interval: float = 0.5,
        auth_workers: int = 8,
        client_options: Mapping[str, Any] | None = None,
        finish_grace: float = 3.0,
        test_context: str = TEST_CONTEXT,
    ) -> None:
        """``client``: an ``ami://USER:SECRET@HOST:PORT`` address (``client_options`` go to
        :class:`AmiClient`) or a factory returning an unstarted client."""
        self.policy = policy
        self.listener: EngineListener = listener or NullListener()
        self.poll_interval = poll_interval
        self.test_context = test_context
        self._client_spec = client
        self._client_options = dict(client_options or {})
        self._ids = itertools.count(1)
        self._stop = threading.Event()
        self._poller: threading.Thread | None = None
        self._database = OutageLog(log, "PBX engine")  # one line when lost, one when back
        say = self._say
        self._link = AmiLink()
        self._clock = PbxClock()
        self._auth_pool = JobPool(auth_workers, "pbx-auth", self._database)
        self._tracking = Tracking(_Observer(self), finish_grace)
        self._views = LiveViews(self.listener, self._clock)
        self._authorizer = Authorizer(policy, self._link, self._views, self._database, say)
        self._caps = Caps(policy, self._link, self._clock, self._views, say)
        self._billing = BillingQueue(policy, self.listener, self._link, self._database, say)
        self._booth_sync = BoothSync(
            policy, self._link, self._tracking, self._caps, self._auth_pool, say
        )
        self._live_check = LiveCheck(self._link, self._tracking, self._clock, say)
        self._resyncer = Resyncer(
            self._link,
            self._clock,
            self._tracking,
            self._views,
            self._billing,
            self._booth_sync,
            self._caps,
            self._auth_pool,
            say,
        )

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        if self._link.current is not None:
            return
        self._tracking.add_booths(self.policy.booth_logins())
        self._stop.clear()
        self._auth_pool.start()
        self._authorizer.start()
        self._billing.start()
        hooks: dict[str, Any] = {
            "on_event": self._on_event,
            "on_state": self._on_state,
            "on_login": self._resyncer.run,
        }
        if isinstance(self._client_spec, str):
            client = AmiClient.from_url(self._client_spec, **self._client_options, **hooks)
        else:
            client = self._client_spec(**hooks)
        client.on_read = self._on_read
        self._link.current = client
        self._poller = threading.Thread(target=self._poll_loop, name="pbx-poll", daemon=True)
        self._poller.start()
        client.start()

    def stop(self) -> None:
        """Stop following the PBX. Live calls go on under the caps Asterisk enforces; their
        outcome records wait in AstDB for the next start."""
        self._stop.set()
        if self._poller is not None:
            self._poller.join(5)
            self._poller = None
        if self._link.current is not None:
            self._link.current.stop()
        self._authorizer.stop()
        self._auth_pool.stop()
        self._billing.stop()
        self._link.current = None

    def __enter__(self) -> PbxEngine:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def client(self) -> AmiClient:
        return self._link.client

    @property
    def connected(self) -> bool:
        return self._link.connected

    @property
    def retry_interval(self) -> float:
        """Seconds between tries to bill a record that failed."""
        return self._billing.retry_interval

    @retry_interval.setter
    def retry_interval(self, seconds: float) -> None:
        self._billing.retry_interval = seconds

    @property
    def LIVE_CHECK_INTERVAL(self) -> float:
        """Seconds between two checks for calls Asterisk no longer has (30 s in the app)."""
        return self._live_check.interval

    @LIVE_CHECK_INTERVAL.setter
    def LIVE_CHECK_INTERVAL(self, seconds: float) -> None:
        self._live_check.interval = seconds

    # ------------------------------------------------------------------ public helpers
    def live_calls(self) -> dict[str, LiveCall]:
        """login -> its live call (a snapshot)."""
        return self._tracking.live_calls()

    def hangup(self, login: str) -> bool:
        """Hang up the booth's live call; False when it has none."""
        call = self.live_calls().get(login)
        if call is None:
            return False
        result = self._link.hang_up(call.booth_uniqueid)
        self._say(f"{login} {call.number}: hang-up requested ({result.message})")
        return result.ok

    def originate_test_call(self, login: str, number: str, seconds: int = 30) -> str:
        """A test call as if dialed at the booth (recording w3_final_originate_local): a Local
        channel into the booth dialplan, authorized and billed like any call. Returns the
        booth leg's Uniqueid (the ``;2`` half)."""
        channel_id = f"postest-{int(time.time())}-{next(self._ids)}"
        booth_leg = f"{channel_id}-2"
        result = self._link.action(
            [
                ("Action", "Originate"),
                ("Channel", f"Local/{number}@{self.test_context}"),
                ("Application", "Wait"),
                ("Data", str(seconds)),
                ("Variable", f"__BOOTH={login}"),
                ("CallerID", '"POS test" <pos>'),
                ("Async", "true"),
                ("ChannelId", channel_id),
                ("OtherChannelId", booth_leg),
            ]
        )
        if not result.ok:
            raise AmiError(f"Originate refused: {result.message}")
        self._say(f"{login} {number}: test call originated")
        return booth_leg

    # ------------------------------------------------------------------ AMI callbacks
    def _on_state(self, state: PbxLink, detail: str) -> None:
        c = self._link.current
        if state is PbxLink.AUTH_FAILED and c is not None:
            detail = f"{AUTH_FAILED_TEXT} (user {c.username!r} at {c.host}:{c.port})"
        self.listener.pbx_state(state, detail)

    def _on_read(self, msg: Message) -> None:
        """On the reading thread (``ami-io``), as each event is read: a booth's authorization
        request goes to the authorizer's lane at once, not after the events read before it
        have been through the dispatch queue and the tracker (the tracker's note of the call
        may then come after the decision: :class:`LiveViews` keeps the decision for it)."""
        request = authorize_request(msg, self._tracking.known_booths)
        if request is not None:
            stamp = parse_timestamp(msg)
            at = stamp if stamp is not None else self._clock.now()
            self._authorizer.request(request.booth, request.number, request.uniqueid, at)

    def _on_event(self, msg: Message) -> None:
        stamp = parse_timestamp(msg)
        if stamp is not None:
            self._clock.observe(stamp)
        if not self._tracking.follows(msg):
            return  # an event the tracker ignores takes no lock (the poller may hold it)

        def feed(tracker: CallTracker) -> None:
            if msg.name == "UserEvent" and msg.get("UserEvent") == "CallshopOutcome":
                self._billing.outcome_announced(msg.get("Uniqueid") or "")
            tracker.feed_stamped(msg, stamp)

        self._tracking.run(feed)

    def _say(self, line: str) -> None:
        log.info("%s", line)
        self.listener.log(line)

    # ------------------------------------------------------------------ polling
    def _poll_loop(self) -> None:
        while not self._stop.wait(self.poll_interval):
            polled = guarded(self._database, ("PBX poll", "PBX poll failed"), self._poll)
            if polled and self.connected:  # the poll read the database only then
                self._database.back()

    def _poll(self) -> None:
        self._booth_sync.poll()
        self._tracking.run(lambda tracker: tracker.tick(self._clock.now()))
        self._billing.retry_due()
        self._live_check.check()


class _Observer:
    """The tracker's observer: runs under the tracking lock, so it only takes notes and queues
    effects for :meth:`Tracking.run` to carry out after the lock is released."""

    def __init__(self, engine: PbxEngine) -> None:
        self._engine = engine

    def on_authorize_request(self, booth: str, number: str, uniqueid: str, channel: str) -> None:
        """Nothing to do: the request went to the authorizer's lane from the reading thread
        already (:meth:`PbxEngine._on_read`, the same checks as the tracker's), before this
        event reached the tracker."""

    def on_call_updated(self, call: LiveCall) -> None:
        e, uid = self._engine, call.booth_uniqueid
        answered_by = e._views.updated(call)
        if answered_by is not None:
            e._tracking.defer(lambda: e._auth_pool.submit(e._caps.cap, uid, "answer"))
            e._tracking.defer(lambda: e._say(f"{answered_by} {call.number}: answered"))
        e._tracking.defer(lambda: e._views.emit(uid))

    def on_call_finished(self, record: CallRecord) -> None:
        e, uid = self._engine, record.booth_uniqueid
        has_key = e._billing.take_outcome_key(uid)
        if e._views.finished(uid):
            e._tracking.defer(lambda: e._views.emit(uid))
        e._tracking.defer(lambda: e._billing.bill(record, has_key))

    def on_booth_registration(self, booth: str, registered: bool) -> None:
        listener = self._engine.listener
        self._engine._tracking.defer(lambda: listener.registration(booth, registered))
