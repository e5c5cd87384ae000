"""The shop's side of the PBX contract (docs/ARCHITECTURE.md §6), independent of the database.

:class:`PbxEngine` speaks AMI through an :class:`~callshop_pos.pbx.client.AmiClient`, follows
calls with a :class:`~callshop_pos.pbx.tracker.CallTracker` and asks a
:class:`~callshop_pos.pbx.policy.CallPolicy` for every decision: authorization, caps, billing
and booth state changes.

Threads (every :class:`EngineListener` callback comes from one of them, never the caller's):

* ``ami-io`` / ``ami-dispatch`` (the client): events are fed to the tracker in order on the
  dispatch thread, and the resync after each login runs there too, so the snapshot it reads
  is applied before any later event;
* ``pbx-auth-*`` (a small pool): ``policy.authorize`` + the Setvars, caps and hang-ups, so a
  slow policy never holds up the event stream (the dialplan waits only 3 s for a decision);
* ``pbx-record`` (one thread, FIFO): ``policy.record_call`` then ``DBDel`` of the outcome key,
  in that order, so a crash in between re-bills nothing (the policy is idempotent) and loses
  nothing (the key is still in AstDB for the next resync);
* ``pbx-poll``: ``policy.changes_since`` and ``tracker.tick`` every ``poll_interval``.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from callshop_pos.counter import CallPhase, Disposition, LiveCallView, PbxLink
from callshop_pos.db.outage import OutageLog, is_outage
from callshop_pos.pbx.client import (
    AUTH_FAILED_TEXT,
    ActionResult,
    AmiClient,
    AmiError,
)
from callshop_pos.pbx.outcome import BOOTH_FAMILY, OUTCOME_FAMILY
from callshop_pos.pbx.policy import BoothChange, CallPolicy, Decision
from callshop_pos.pbx.protocol import Fields, Message
from callshop_pos.pbx.resync import live_booth_calls, outcome_records
from callshop_pos.pbx.tracker import CallRecord, CallTracker, LiveCall, parse_timestamp

log = logging.getLogger(__name__)

# The dialplan's variables (resources/asterisk/extensions_callshop.conf, [callshop-final]).
VAR_ROUTE, VAR_ROUTE2 = "CALLSHOP_ROUTE", "CALLSHOP_ROUTE2"
VAR_CAP_MS, VAR_REASON, VAR_AUTH = "CALLSHOP_CAP_MS", "CALLSHOP_REASON", "CALLSHOP_AUTH"
TEST_CONTEXT = "callshop-test"
# Placeholders a route may carry for the dialed number: Setvar stores values literally, so
# the engine hands Asterisk finished dial strings.
NUMBER_PLACEHOLDERS = ("${N}", "${NUMBER}", "${EXTEN}")
MAX_BILLING_TRIES = 3  # then a record is set aside for the owner, not retried for ever


class EngineListener(Protocol):
    """What the engine reports. Called from the engine's own threads (see the module doc):
    a GUI must hop to its own thread, and no callback may block for long."""

    def pbx_state(self, state: PbxLink, detail: str) -> None: ...

    def live_call(self, login: str, call: LiveCallView | None) -> None:
        """The booth's call changed; None when it ended."""
        ...

    def call_recorded(self, login: str, record: CallRecord, is_new: bool) -> None: ...

    def registration(self, login: str, registered: bool) -> None: ...

    def log(self, line: str) -> None:
        """One human line per call event (``callshop-pos serve`` prints them)."""
        ...


class NullListener:
    def pbx_state(self, state: PbxLink, detail: str) -> None:
        pass

    def live_call(self, login: str, call: LiveCallView | None) -> None:
        pass

    def call_recorded(self, login: str, record: CallRecord, is_new: bool) -> None:
        pass

    def registration(self, login: str, registered: bool) -> None:
        pass

    def log(self, line: str) -> None:
        pass


ClientFactory = Callable[..., AmiClient]
"""Called with keyword arguments ``on_event``, ``on_state``, ``on_login``."""


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


def dial_string(route: str, number: str) -> str:
    for placeholder in NUMBER_PLACEHOLDERS:
        route = route.replace(placeholder, number)
    return route


def checked_decision(decision: Decision) -> Decision:
    """An approval the dialplan would refuse anyway (no cap, no route) is a refusal here, so
    the log and the booth show why."""
    if not decision.allowed:
        return decision
    if not decision.routes:
        return Decision(False, "no_route", rate=decision.rate, area_name=decision.area_name)
    if decision.cap_seconds is None or decision.cap_seconds < 1:
        return Decision(False, "no_funds", rate=decision.rate, area_name=decision.area_name)
    return decision


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
        self._auth_workers = auth_workers
        self._lock = threading.RLock()  # tracker + the dicts below
        self._emit_lock = threading.Lock()  # keeps live_call() reports in order
        self._known_booths: set[str] = set()
        self._tracker = CallTracker(
            _Observer(self), known_booths=self._known_booths, finish_grace=finish_grace
        )
        self._effects: list[Callable[[], None]] = []
        self._calls: dict[str, _CallInfo] = {}
        self._outcome_seen: set[str] = set()  # uids whose callshop_cdr key the dialplan wrote
        # record_call raised: (record, delete its AstDB key, tries so far)
        self._unrecorded: dict[str, tuple[CallRecord, bool, int]] = {}
        self._event_time = 0.0
        self._clock_offset = 0.0  # Asterisk's clock minus ours, from event Timestamps
        self._token: object | None = None
        self._ids = itertools.count(1)
        self._stop = threading.Event()
        self._client: AmiClient | None = None
        self._auth_pool: ThreadPoolExecutor | None = None
        self._recorder: ThreadPoolExecutor | None = None
        self._poller: threading.Thread | None = None
        self._last_retry = 0.0
        self.retry_interval = 5.0  # seconds between tries to bill a record that failed
        self._sync_lock = threading.Lock()  # the change token: poller vs resync
        self._unapplied: list[BoothChange] = []  # consumed, but the link failed meanwhile
        self._database = OutageLog(log, "PBX engine")  # one line when lost, one when back

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        if self._client is not None:
            return
        self._known_booths.update(self.policy.booth_logins())
        self._stop.clear()
        self._auth_pool = ThreadPoolExecutor(self._auth_workers, thread_name_prefix="pbx-auth")
        self._recorder = ThreadPoolExecutor(1, thread_name_prefix="pbx-record")
        hooks: dict[str, Any] = {
            "on_event": self._on_event,
            "on_state": self._on_state,
            "on_login": self._resync,
        }
        if isinstance(self._client_spec, str):
            self._client = AmiClient.from_url(self._client_spec, **self._client_options, **hooks)
        else:
            self._client = self._client_spec(**hooks)
        self._poller = threading.Thread(target=self._poll_loop, name="pbx-poll", daemon=True)
        self._poller.start()
        self._client.start()

    def stop(self) -> None:
        """Stop following the PBX. Live calls go on under the caps Asterisk enforces; their
        outcome records wait in AstDB for the next start."""
        self._stop.set()
        if self._poller is not None:
            self._poller.join(5)
            self._poller = None
        if self._client is not None:
            self._client.stop()
        for pool in (self._auth_pool, self._recorder):
            if pool is not None:
                pool.shutdown(wait=True)
        self._auth_pool = self._recorder = None
        self._client = None

    def __enter__(self) -> PbxEngine:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def client(self) -> AmiClient:
        if self._client is None:
            raise AmiError("PBX engine not started")
        return self._client

    @property
    def connected(self) -> bool:
        return self._client is not None and self._client.state is PbxLink.CONNECTED

    # ------------------------------------------------------------------ public helpers
    def live_calls(self) -> dict[str, LiveCall]:
        """login -> its live call (a snapshot)."""
        with self._lock:
            return {c.booth: c for c in self._tracker.live_calls() if c.state != CallPhase.ENDED}

    def hangup(self, login: str) -> bool:
        """Hang up the booth's live call; False when it has none."""
        call = self.live_calls().get(login)
        if call is None:
            return False
        result = self._action({"Action": "Hangup", "Channel": call.booth_uniqueid, "Cause": "16"})
        self._say(f"{login} {call.number}: hang-up requested ({result.message})")
        return result.ok

    def originate_test_call(self, login: str, number: str, seconds: int = 30) -> str:
        """A test call as if dialed at the booth (recording w3_final_originate_local): a Local
        channel into the booth dialplan, authorized and billed like any call. Returns the
        booth leg's Uniqueid (the ``;2`` half)."""
        channel_id = f"postest-{int(time.time())}-{next(self._ids)}"
        booth_leg = f"{channel_id}-2"
        result = self._action(
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
        if state is PbxLink.AUTH_FAILED and self._client is not None:
            c = self._client
            detail = f"{AUTH_FAILED_TEXT} (user {c.username!r} at {c.host}:{c.port})"
        self.listener.pbx_state(state, detail)

    def _on_event(self, msg: Message) -> None:
        stamp = parse_timestamp(msg)
        if stamp is not None:
            self._clock_offset = stamp - time.time()

        def feed(tracker: CallTracker) -> None:
            self._event_time = stamp if stamp is not None else self._pbx_clock()
            if msg.name == "UserEvent" and msg.get("UserEvent") == "CallshopOutcome":
                self._outcome_seen.add(msg.get("Uniqueid") or "")
            tracker.feed(msg)

        self._with_tracker(feed)

    # ------------------------------------------------------------------ tracker plumbing
    def _with_tracker(self, op: Callable[[CallTracker], None]) -> None:
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

    def _submit(self, pool: ThreadPoolExecutor | None, fn: Callable[..., None], *args: Any) -> None:
        if pool is None:
            return
        with contextlib.suppress(RuntimeError):  # shut down while stopping
            pool.submit(self._guarded, fn, *args)

    def _guarded(self, fn: Callable[..., None], *args: Any) -> None:
        try:
            fn(*args)
        except AmiError as exc:
            log.warning("PBX action failed: %s", exc)
        except Exception as exc:
            if is_outage(exc):
                self._database.lost(exc)
            else:
                log.exception("PBX engine job failed")

    def _action(self, fields: Fields, timeout: float | None = None) -> ActionResult:
        return self.client.action(fields, timeout)

    def _pbx_clock(self) -> float:
        return time.time() + self._clock_offset

    def _pbx_now(self) -> float:
        """Asterisk's clock now, from a Ping reply (caps are counted on Asterisk's clock)."""
        try:
            stamp = self._action({"Action": "Ping"}).response.get("Timestamp")
            return float(stamp) if stamp else self._pbx_clock()
        except (AmiError, ValueError):
            return self._pbx_clock()

    def _say(self, line: str) -> None:
        log.info("%s", line)
        self.listener.log(line)

    # ------------------------------------------------------------------ live calls
    def _call_updated(self, call: LiveCall) -> None:
        """Observer, under the lock."""
        uid = call.booth_uniqueid
        info = self._calls.get(uid)
        if info is None:
            info = self._calls[uid] = _CallInfo(call.booth, call)
        info.live, info.login = call, call.booth or info.login
        if call.state == CallPhase.ANSWERED and not info.answer_capped:
            info.answer_capped = True
            self._effects.append(
                lambda: self._submit(self._auth_pool, self._cap_call, uid, "answer")
            )
            self._effects.append(lambda: self._say(f"{info.login} {call.number}: answered"))
        self._effects.append(lambda: self._emit_view(uid))

    def _emit_view(self, uid: str) -> None:
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
                self.listener.live_call(info.login, view)

    def _view(self, info: _CallInfo) -> LiveCallView:
        live, decision = info.live, info.decision
        cap = info.cap_seconds
        if cap is None and decision is not None:
            cap = decision.cap_seconds
        return LiveCallView(
            number=live.number,
            phase=live.state,
            started_at=live.started_at if live.started_at is not None else self._pbx_clock(),
            answered_at=live.answered_at,
            rate=decision.rate if decision is not None else None,
            cap_seconds=cap,
        )

    # ------------------------------------------------------------------ authorization
    def _authorize_requested(self, booth: str, number: str, uid: str) -> None:
        """Observer, under the lock: decide on a worker, not on the event thread."""
        at = self._event_time
        self._effects.append(
            lambda: self._submit(self._auth_pool, self._authorize, booth, number, uid, at)
        )

    def _authorize(self, booth: str, number: str, uid: str, at: float) -> None:
        try:
            decision = checked_decision(self.policy.authorize(booth, number, at, uid))
        except Exception as exc:
            if is_outage(exc):
                self._database.lost(exc)
                decision = Decision(False, "database")  # fail closed, and say why
            else:
                log.exception("authorize failed for %s %s", booth, number)
                decision = Decision(False, "error")
        with self._lock:
            info = self._calls.get(uid)
            if info is not None:
                info.decision = decision
        pairs: list[tuple[str, str]] = []
        routes = [dial_string(r, number) for r in decision.routes[:2]]
        if decision.allowed:
            pairs.append((VAR_ROUTE, routes[0]))
            if len(routes) > 1:
                pairs.append((VAR_ROUTE2, routes[1]))
            pairs.append((VAR_CAP_MS, str(int(decision.cap_seconds or 0) * 1000)))
        if decision.reason:
            pairs.append((VAR_REASON, decision.reason))
        # All pipelined on one AMI session: Asterisk runs a session's actions in order, so the
        # approval lands last, and one round trip is all the dialplan waits for. A half-set
        # call cannot pass: the dialplan refuses without a route and a well-formed cap.
        pairs.append((VAR_AUTH, "1" if decision.allowed else "0"))
        futures = [
            self.client.send_action(
                {"Action": "Setvar", "Channel": uid, "Variable": var, "Value": value}
            )
            for var, value in pairs
        ]
        self._emit_view(uid)  # the rate is known now
        # The worker does not wait for Asterisk's replies: under a burst it must be free for
        # the next booth at once. The log line follows the last reply (they come in order).

        def report(_last: object) -> None:
            try:
                ok = all(f.result(0).ok for f in futures)
            except Exception:
                ok = False
            if decision.allowed and ok:
                self._say(
                    f"{booth} {number}: authorized, cap {decision.cap_seconds} s, "
                    f"via {' then '.join(routes)}"
                )
            else:
                self._say(f"{booth} {number}: refused ({decision.reason or 'variables not set'})")

        futures[-1].add_done_callback(report)

    # ------------------------------------------------------------------ caps
    def _cap_call(self, uid: str, why: str) -> None:
        """Re-set the exact cap of an answered call (at answer, after a top-up, resync)."""
        with self._lock:
            info = self._calls.get(uid)
            if info is None or info.live.answered_at is None or info.live.state == CallPhase.ENDED:
                return
            login, number, answered_at = info.login, info.live.number, info.live.answered_at
        if why == "answer":
            # on this PC's clock: what a Stop in any process bills a running call from
            self.policy.call_answered(uid, answered_at - self._clock_offset)
        now = self._pbx_now()
        cap = self.policy.live_cap(login, number, answered_at, now)
        if cap is None:
            return  # the policy has no opinion: the cap set at authorization stands
        if cap < 0.001:
            # AbsoluteTimeout 0 would be refused (recording s4): credit gone, hang up.
            self._action({"Action": "Hangup", "Channel": uid, "Cause": "16"})
            self._say(f"{login} {number}: no credit left ({why}), hung up")
            return
        # To the millisecond (Asterisk takes a fractional Timeout): every second paid for.
        result = self._action(
            {"Action": "AbsoluteTimeout", "Channel": uid, "Timeout": f"{cap:.3f}"}
        )
        if not result.ok:
            return  # the channel is gone
        with self._lock:
            if uid in self._calls:
                self._calls[uid].cap_seconds = round(now - answered_at + cap)
        self._emit_view(uid)
        self._say(f"{login} {number}: cap {cap:.3f} s from now ({why})")

    # ------------------------------------------------------------------ finished calls
    def _call_finished(self, record: CallRecord) -> None:
        """Observer, under the lock."""
        uid = record.booth_uniqueid
        has_key = uid in self._outcome_seen
        self._outcome_seen.discard(uid)
        info = self._calls.get(uid)
        if info is not None:
            info.finished = True
            self._effects.append(lambda: self._emit_view(uid))
        self._effects.append(lambda: self._submit(self._recorder, self._record, record, has_key))

    def _record(self, record: CallRecord, delete_key: bool, tries: int = 0) -> None:
        uid = record.booth_uniqueid
        try:
            is_new = self.policy.record_call(record)
        except Exception as exc:
            if is_outage(exc):
                self._database.lost(exc)  # not the record's fault: retried until it is back
            else:
                tries += 1
            if tries < MAX_BILLING_TRIES:
                # Keep the AstDB key: a later retry (or the next resync) bills from it.
                log.warning("cannot bill %s %s yet (try %d): %s", record.booth, uid, tries, exc)
                with self._lock:
                    self._unrecorded[uid] = (record, delete_key, tries)
                return
            self._set_aside(record, delete_key, tries, exc)
            return
        with self._lock:
            self._unrecorded.pop(uid, None)
        if delete_key:  # before the listener: a failing listener must not keep the key
            self._delete_outcome(uid)
        self.listener.call_recorded(record.booth, record, is_new)
        answered = record.disposition == Disposition.ANSWERED
        seconds = f" {record.billable_seconds} s" if answered else ""
        reason = f" ({record.refusal_reason})" if record.refusal_reason else ""
        self._say(
            f"{record.booth} {record.number}: ended {record.disposition}{seconds}"
            f"{reason}{'' if is_new else ' (already billed)'}"
        )

    def _set_aside(self, record: CallRecord, delete_key: bool, tries: int, exc: Exception) -> None:
        """Billing failed ``tries`` times: keep the record whole for the owner, stop retrying."""
        uid = record.booth_uniqueid
        log.error("call %s of %s set aside after %d tries", uid, record.booth, tries, exc_info=exc)
        try:
            self.policy.set_aside(record, f"{type(exc).__name__}: {exc}", tries)
        except Exception:
            log.exception("cannot set call %s aside: it stays in AstDB", uid)
            with self._lock:
                self._unrecorded.pop(uid, None)
            return
        with self._lock:
            self._unrecorded.pop(uid, None)
        if delete_key and uid:
            self._delete_outcome(uid)
        self._say(
            f"{record.booth} {record.number}: could not be billed, set aside for the "
            "owner (callshop-pos calls problems)"
        )

    def _delete_outcome(self, uid: str) -> None:
        """After the call is billed: a failure leaves the key for the next resync."""
        with self._lock:
            if uid in self._unrecorded:
                return  # not billed yet: the retry deletes it
        if self._client is not None:
            self._client.send_action({"Action": "DBDel", "Family": OUTCOME_FAMILY, "Key": uid})

    # ------------------------------------------------------------------ booth changes
    def _apply_change(self, change: BoothChange) -> None:
        login = change.login
        with self._lock:
            self._known_booths.add(login)
        self._put_state(login, change.is_open)
        call = self.live_calls().get(login)
        if call is None:
            return
        if change.hang_up_live_call:
            self._action({"Action": "Hangup", "Channel": call.booth_uniqueid, "Cause": "16"})
            self._say(f"{login} {call.number}: booth stopped, call hung up")
        elif call.state == CallPhase.ANSWERED:
            self._cap_call(call.booth_uniqueid, "booth changed")

    def _put_state(self, login: str, is_open: bool) -> None:
        self._action(
            {
                "Action": "DBPut",
                "Family": BOOTH_FAMILY,
                "Key": f"{login}/state",
                "Val": "open" if is_open else "closed",
            }
        )

    # ------------------------------------------------------------------ polling
    def _poll_loop(self) -> None:
        while not self._stop.wait(self.poll_interval):
            try:
                self._poll()
            except AmiError as exc:
                log.warning("PBX poll: %s", exc)
            except Exception as exc:
                if is_outage(exc):
                    self._database.lost(exc)
                else:
                    log.exception("PBX poll failed")
            else:
                if self.connected:  # the poll read the database only then
                    self._database.back()

    def _poll(self) -> None:
        # Changes are only consumed while connected: the resync after a reconnect reads those
        # that came meanwhile (a stop's hang-up must not be lost with the link).
        with self._sync_lock:
            if self.connected and self._token is not None:
                token, changes = self.policy.changes_since(self._token)
                self._token = token
                changes, self._unapplied = self._unapplied + changes, []
                for i, change in enumerate(changes):
                    try:
                        self._apply_change(change)
                    except AmiError:
                        # The link went while applying: the resync after the reconnect
                        # mirrors every state and carries out the hang-ups still due.
                        self._unapplied = changes[i:]
                        raise
        self._with_tracker(lambda tracker: tracker.tick(self._pbx_clock()))
        self._retry_unrecorded()
        self._check_live_calls()

    def _retry_unrecorded(self) -> None:
        now = time.monotonic()
        with self._lock:
            if not self._unrecorded or now - self._last_retry < self.retry_interval:
                return
            self._last_retry = now
            pending = list(self._unrecorded.values())
        for record, delete_key, tries in pending:
            self._submit(self._recorder, self._record, record, delete_key, tries)

    # ------------------------------------------------------------------ live-call check
    LIVE_CHECK_INTERVAL = 30.0  # seconds between two checks while connected
    _next_live_check = 0.0

    def _check_live_calls(self) -> None:
        """From the poller: close the live calls Asterisk no longer has (a Newchannel whose
        Hangup never came would stay on its booth until the next reconnect)."""
        from callshop_pos.pbx.resync import alive_uniqueids  # (kept beside its one use)

        now = time.monotonic()
        if not self.connected or now < self._next_live_check:
            return
        self._next_live_check = now + self.LIVE_CHECK_INTERVAL
        with self._lock:
            seen = [
                c.booth_uniqueid for c in self._tracker.live_calls() if c.state != CallPhase.ENDED
            ]
        if not seen:
            return
        try:
            alive = alive_uniqueids(lambda fields: self._action(fields, 5.0))
        except AmiError as exc:
            log.warning("PBX live-call check: %s", exc)
            return
        if alive is None:
            return
        closed: list[LiveCall] = []
        self._with_tracker(
            lambda tracker: closed.extend(tracker.close_vanished(seen, alive, self._pbx_clock()))
        )
        for call in closed:
            self._say(f"{call.booth} {call.number}: gone from Asterisk, call closed")

    # ------------------------------------------------------------------ resync
    def _resync(self) -> None:
        """After every login, on the dispatch thread (events wait until it is done)."""
        try:
            with self._sync_lock:
                self._do_resync()
        except AmiError as exc:
            # The link went again; the next login resyncs.
            self._say(f"PBX resync interrupted: {exc}")

    def _do_resync(self) -> None:
        policy = self.policy
        # Kept in _unapplied until carried out below, should this resync be cut short too.
        if self._token is not None:
            self._unapplied = self._unapplied + policy.changes_since(self._token)[1]
        pending = self._unapplied
        # The token is taken before the states are read: no change can fall in between.
        self._token, _ = policy.changes_since(None)
        states = policy.booth_states()
        with self._lock:
            self._known_booths.update(states)
            booths = set(self._known_booths)
        futures = [
            self.client.send_action(
                {
                    "Action": "DBPut",
                    "Family": BOOTH_FAMILY,
                    "Key": f"{login}/state",
                    "Val": "open" if is_open else "closed",
                }
            )
            for login, is_open in states.items()
        ]
        for future in futures:
            future.result(self.client.action_timeout + 1)

        # Live calls before outcome records: a channel gone from this list has already run
        # its hangup handler, so its record is in AstDB by the time we read it.
        calls = live_booth_calls(self._action, booths)
        now = self._pbx_now()
        alive = {c.uniqueid for c in calls}
        records = outcome_records(self._action)
        already_finished: list[str] = []
        recap: list[str] = []

        def apply(tracker: CallTracker) -> None:
            for c in calls:
                answered = None if c.answered_for is None else now - c.answered_for
                if not tracker.adopt(
                    c.uniqueid,
                    c.linkedid,
                    c.channel,
                    c.booth,
                    c.number,
                    now - c.age,
                    answered,
                    c.ringing,
                ):
                    info = self._calls.get(c.uniqueid)
                    if info is not None and info.live.state == CallPhase.ANSWERED:
                        recap.append(c.uniqueid)  # a top-up may have come meanwhile
            for uid, text in records:
                if tracker.is_finished(uid):
                    already_finished.append(uid)
                else:
                    self._outcome_seen.add(uid)
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

        self._with_tracker(apply)
        for uid in already_finished:
            # FIFO behind that call's own record job: deleted only once it is billed.
            self._submit(self._recorder, self._delete_outcome, uid)
        for uid in recap:
            self._submit(self._auth_pool, self._cap_call, uid, "resync")
        self._unapplied = []
        for change in pending:
            if change.hang_up_live_call and not states.get(change.login, False):
                self._submit(self._auth_pool, self._hangup_closed, change.login)
        self._say(
            f"PBX resync: {len(states)} booths, {len(calls)} live calls, "
            f"{len(records)} outcome records"
        )

    def _hangup_closed(self, login: str) -> None:
        call = self.live_calls().get(login)
        if call is not None:
            self._action({"Action": "Hangup", "Channel": call.booth_uniqueid, "Cause": "16"})
            self._say(f"{login} {call.number}: booth stopped while offline, call hung up")


class _Observer:
    """The tracker's observer: runs under the engine lock, so it only takes notes and queues
    effects for :meth:`PbxEngine._with_tracker` to run after the lock is released."""

    def __init__(self, engine: PbxEngine) -> None:
        self._engine = engine

    def on_authorize_request(self, booth: str, number: str, uniqueid: str, channel: str) -> None:
        self._engine._authorize_requested(booth, number, uniqueid)

    def on_call_updated(self, call: LiveCall) -> None:
        self._engine._call_updated(call)

    def on_call_finished(self, record: CallRecord) -> None:
        self._engine._call_finished(record)

    def on_booth_registration(self, booth: str, registered: bool) -> None:
        listener = self._engine.listener
        self._engine._effects.append(lambda: listener.registration(booth, registered))
