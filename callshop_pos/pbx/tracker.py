"""Call tracker: turns AMI events into live booth calls and finished call records.

Pure logic, no I/O: feed it :class:`~callshop_pos.pbx.protocol.Message` events (in order) and
it calls the observer. Legs are keyed by Uniqueid, calls by the booth leg's Uniqueid and by
Linkedid. The final bill comes from Asterisk's own numbers (Cdr, else the dialplan's outcome
record) and each call is reported finished exactly once, whatever duplicates arrive later.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from callshop_pos.counter import CallPhase, Disposition
from callshop_pos.pbx.outcome import OutcomeRecord, parse_outcome
from callshop_pos.pbx.protocol import Message

# Dial's DIALSTATUS -> our disposition. CHANUNAVAIL (no route reachable) is a plain failure.
DIAL_STATUS_DISPOSITION = {
    "ANSWER": Disposition.ANSWERED,
    "BUSY": Disposition.BUSY,
    "NOANSWER": Disposition.NO_ANSWER,
    "CONGESTION": Disposition.CONGESTION,
    "CANCEL": Disposition.CANCELLED,
    "CHANUNAVAIL": Disposition.FAILED,
    "DONTCALL": Disposition.FAILED,
    "TORTURE": Disposition.FAILED,
    "INVALIDARGS": Disposition.FAILED,
}
CDR_DISPOSITION = {
    "ANSWERED": Disposition.ANSWERED,
    "BUSY": Disposition.BUSY,
    "NO ANSWER": Disposition.NO_ANSWER,
    "CONGESTION": Disposition.CONGESTION,
    "FAILED": Disposition.FAILED,
}

# Channel technologies a booth phone can use; Local/ legs belong to test calls.
BOOTH_TECHS = ("PJSIP", "SIP", "IAX2")
# Asterisk's Uniqueids are ~25 characters ("pbx-1700000000.42"); more is not Asterisk.
MAX_UNIQUEID = 64
MAX_FIELD = 128  # a booth login or a dialed number

log = logging.getLogger(__name__)


def sane(value: str, limit: int = MAX_UNIQUEID) -> bool:
    """A non-empty value of at most ``limit`` characters without control characters."""
    return 0 < len(value) <= limit and value.isprintable()


def endpoint_of(channel: str) -> str:
    """`PJSIP/booth1-00000042` -> `booth1` (the endpoint, i.e. the booth's name)."""
    _, _, rest = channel.partition("/")
    name, _, _ = rest.rpartition("-")
    return name or rest


def parse_timestamp(msg: Message) -> float | None:
    raw = msg.get("Timestamp")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        return None


def absurd_authorize(
    booth: str, number: str, linkedid: str, known_booths: Container[str] | None
) -> str:
    """Why an authorization request cannot be from our dialplan ('' when it can)."""
    if not sane(booth, MAX_FIELD):
        return f"bad booth {booth[:80]!r}"
    if known_booths is not None and booth not in known_booths:
        return f"unknown booth {booth!r}"
    if not sane(number, MAX_FIELD):
        return f"bad number {number[:80]!r}"
    if linkedid and not sane(linkedid):
        return f"bad Linkedid {linkedid[:80]!r}"
    return ""


class AuthorizeRequest(NamedTuple):
    booth: str
    number: str
    uniqueid: str


def authorize_request(msg: Message, known_booths: Container[str] | None) -> AuthorizeRequest | None:
    """The request of a ``UserEvent CallshopAuthorize`` that the tracker would pass on to its
    observer (:meth:`CallTracker.feed`), else None (the tracker says why when it is fed the
    event): the same checks, no state, so the reading thread may hand the request to the
    authorizer before the tracker sees the event."""
    if not msg.is_event or msg.name_key != "userevent":
        return None
    if msg.get("UserEvent") != "CallshopAuthorize":
        return None
    uid = msg.get("Uniqueid") or ""
    if not sane(uid):
        return None
    booth, number = msg.get("Booth") or "", msg.get("Number") or ""
    if absurd_authorize(booth, number, msg.get("Linkedid") or "", known_booths):
        return None
    return AuthorizeRequest(booth, number, uid)


@dataclass(slots=True)
class Leg:
    uniqueid: str
    channel: str
    linkedid: str
    hung_up: bool = False
    cause: int | None = None


@dataclass(slots=True)
class LiveCall:
    """Snapshot of a booth call in progress (copied out to observers)."""

    linkedid: str
    booth_uniqueid: str
    booth: str
    channel: str
    number: str
    state: CallPhase = CallPhase.DIALING
    started_at: float | None = None
    answered_at: float | None = None
    ended_at: float | None = None
    peer: str = ""
    dial_status: str = ""
    refusal_reason: str | None = None
    hangup_cause: int | None = None
    failovers: int = 0


@dataclass(frozen=True, slots=True)
class CallRecord:
    """A finished booth call, billed from Asterisk's own numbers."""

    linkedid: str
    booth_uniqueid: str
    booth: str
    channel: str
    number: str
    started_at: float | None  # epoch seconds (Asterisk Timestamp when available)
    answered_at: float | None
    ended_at: float | None
    billable_seconds: int
    disposition: Disposition
    hangup_cause: int | None
    peer: str  # the connection dialed last, e.g. PJSIP/vendor-0000005c
    refusal_reason: str | None
    dial_status: str
    billing_source: str  # "cdr", "outcome" or "events" (what the seconds came from)


class TrackerObserver(Protocol):
    def on_authorize_request(
        self, booth: str, number: str, uniqueid: str, channel: str
    ) -> None: ...

    def on_call_updated(self, call: LiveCall) -> None: ...

    def on_call_finished(self, record: CallRecord) -> None: ...

    def on_booth_registration(self, booth: str, registered: bool) -> None: ...


class NullObserver:
    """Observer that ignores everything; subclass and override what you need."""

    def on_authorize_request(self, booth: str, number: str, uniqueid: str, channel: str) -> None:
        pass

    def on_call_updated(self, call: LiveCall) -> None:
        pass

    def on_call_finished(self, record: CallRecord) -> None:
        pass

    def on_booth_registration(self, booth: str, registered: bool) -> None:
        pass


@dataclass(slots=True)
class _Call:
    live: LiveCall
    cdrs: list[Message] = field(default_factory=list)
    outcome: OutcomeRecord | None = None
    number_from_dialplan: bool = False
    finished: bool = False


_REGISTERED = {"reachable", "registered", "nonqualified", "created", "updated", "ok"}
_UNREGISTERED = {"unreachable", "unregistered", "removed", "rejected", "unknown"}


class CallTracker:
    """Feed AMI events with :meth:`feed`; call :meth:`tick` now and then (grace timeouts)."""

    def __init__(
        self,
        observer: TrackerObserver | None = None,
        clock: Callable[[], float] = time.time,
        known_booths: set[str] | None = None,
        finish_grace: float = 3.0,
    ) -> None:
        self.observer: TrackerObserver = observer or NullObserver()
        self._clock = clock
        self._known_booths = known_booths
        # An answered call whose Cdr is late is closed from the outcome record after this.
        self.finish_grace = finish_grace
        self._legs: dict[str, Leg] = {}
        self._calls: dict[str, _Call] = {}  # by booth leg Uniqueid
        self._by_linkedid: dict[str, str] = {}
        self._finished_ids: set[str] = set()
        self._registration: dict[str, bool] = {}
        self._handlers: dict[str, Callable[[Message, float], None]] = {
            "newchannel": self._on_newchannel,
            "dialbegin": self._on_dialbegin,
            "dialstate": self._on_dialstate,
            "dialend": self._on_dialend,
            "hangup": self._on_hangup,
            "cdr": self._on_cdr,
            "userevent": self._on_userevent,
            "varset": self._on_varset,
            "contactstatus": self._on_contactstatus,
            "peerstatus": self._on_peerstatus,
        }

    # ------------------------------------------------------------------ public API
    def follows(self, msg: Message) -> bool:
        """Whether :meth:`feed` would look at ``msg`` at all (most of Asterisk's events,
        Newexten, Newstate, RTCP..., it ignores): a lock-free question, the same answer
        for the life of the tracker."""
        return msg.is_event and msg.name_key in self._handlers

    def feed(self, msg: Message, now: float | None = None) -> None:
        if msg.is_event and msg.name_key in self._handlers:
            self.feed_stamped(msg, parse_timestamp(msg), now)

    def feed_stamped(self, msg: Message, stamp: float | None, now: float | None = None) -> None:
        """:meth:`feed` with the message's Timestamp already read (``parse_timestamp(msg)``,
        which a caller that read it first passes on rather than have it read twice)."""
        handler = self._handlers.get(msg.name_key) if msg.is_event else None
        if handler is None:
            return
        # Asterisk's own clock wins (timestampevents=yes); else the caller's, else ours.
        if stamp is None:
            stamp = now if now is not None else self._clock()
        handler(msg, stamp)

    def tick(self, now: float | None = None) -> None:
        """Close ended calls whose Cdr never came (cdr_manager off, or events lost)."""
        now = self._clock() if now is None else now
        for call in list(self._calls.values()):
            ended = call.live.ended_at
            if ended is not None and now - ended >= self.finish_grace:
                self._finish(call)

    def flush(self) -> None:
        """Close every ended call with what is known (end of a replay)."""
        for call in list(self._calls.values()):
            if call.live.ended_at is not None:
                self._finish(call)

    def live_calls(self) -> list[LiveCall]:
        return [dataclasses.replace(c.live) for c in self._calls.values()]

    def call_for(self, uniqueid_or_linkedid: str) -> LiveCall | None:
        call = self._lookup(uniqueid_or_linkedid)
        return dataclasses.replace(call.live) if call else None

    def booth_registration(self) -> dict[str, bool]:
        return dict(self._registration)

    def is_finished(self, booth_uniqueid: str) -> bool:
        return booth_uniqueid in self._finished_ids

    def adopt(
        self,
        booth_uniqueid: str,
        linkedid: str,
        channel: str,
        booth: str,
        number: str,
        started_at: float | None,
        answered_at: float | None = None,
        ringing: bool = False,
    ) -> bool:
        """A booth call found alive by CoreShowChannels after a (re)connect.

        Its earlier events were never seen (app restarted mid-call), so later events must find
        it here. Returns False when the call is already known or finished.
        """
        if not sane(booth_uniqueid):
            return False
        if booth_uniqueid in self._calls or booth_uniqueid in self._finished_ids:
            return False
        self._legs.setdefault(booth_uniqueid, Leg(booth_uniqueid, channel, linkedid))
        call = self._new_call(booth_uniqueid, linkedid, channel, booth, started_at)
        self._set_number(call, number)
        if answered_at is not None:
            call.live.answered_at = answered_at
            call.live.dial_status = "ANSWER"
            call.live.state = CallPhase.ANSWERED
        elif ringing:
            call.live.state = CallPhase.RINGING
        self._updated(call)
        return True

    def close_vanished(self, seen: Iterable[str], alive: set[str], now: float) -> list[LiveCall]:
        """Close the live calls of ``seen`` (booth Uniqueids live here *before* Asterisk was
        asked for its channels) that are not among its ``alive`` channels: their Hangup never
        came. Closed as that Hangup would have (a late Cdr still bills them); returned."""
        closed: list[LiveCall] = []
        for uid in seen:
            call = self._calls.get(uid)
            if uid in alive or call is None or call.finished or call.live.ended_at is not None:
                continue
            self._on_hangup(Message([("Event", "Hangup"), ("Uniqueid", uid), ("Cause", "0")]), now)
            closed.append(dataclasses.replace(call.live))
        return closed

    def apply_outcome(self, booth_uniqueid: str, text: str, now: float | None = None) -> None:
        """An outcome record fetched from AstDB (DBGetTree after a reconnect)."""
        if not sane(booth_uniqueid):
            log.warning("AMI outcome record ignored: bad Uniqueid %r", booth_uniqueid[:80])
            return
        if booth_uniqueid in self._finished_ids:
            return
        outcome = parse_outcome(text)
        call = self._calls.get(booth_uniqueid)
        if call is None:
            call = self._new_call(booth_uniqueid, booth_uniqueid, "", outcome.booth, None)
            call.live.number = outcome.number
        call.outcome = outcome
        when = now if now is not None else self._clock()
        # Asterisk's own times (the record's start/end, answer = end - ANSWEREDTIME_MS) win
        # over anything estimated while the app was away.
        if outcome.start_epoch is not None:
            call.live.started_at = outcome.start_epoch
        if outcome.end_epoch is not None:
            call.live.ended_at, call.live.state = outcome.end_epoch, CallPhase.ENDED
        if outcome.answer_epoch is not None:
            call.live.answered_at = outcome.answer_epoch
        self._absorb_outcome(call, outcome, when, live_event=False)
        self._finish(call)

    # ------------------------------------------------------------------ event handlers
    def _on_newchannel(self, msg: Message, when: float) -> None:
        uid = msg.get("Uniqueid") or ""
        channel = msg.get("Channel") or ""
        linkedid = msg.get("Linkedid") or uid
        if not sane(uid) or not sane(linkedid):
            return
        self._legs[uid] = Leg(uid, channel, linkedid)
        if uid != linkedid or uid in self._calls or uid in self._finished_ids:
            return
        tech = channel.partition("/")[0]
        if tech not in BOOTH_TECHS:
            return  # Local/ test calls become calls at their CallshopAuthorize
        booth = endpoint_of(channel)
        if self._known_booths is not None and booth not in self._known_booths:
            return
        call = self._new_call(uid, linkedid, channel, booth, when)
        call.live.number = msg.get("Exten") or ""
        self._updated(call)

    def _on_dialbegin(self, msg: Message, when: float) -> None:
        call = self._calls.get(msg.get("Uniqueid") or "")
        if call is None or call.finished:
            return
        call.live.peer = msg.get("DestChannel") or call.live.peer
        if call.live.state not in (CallPhase.ANSWERED, CallPhase.ENDED):
            call.live.state = CallPhase.DIALING
        self._updated(call)

    def _on_dialstate(self, msg: Message, when: float) -> None:
        call = self._calls.get(msg.get("Uniqueid") or "")
        if call is None or call.finished:
            return
        status = msg.get("DialStatus") or ""
        if status in ("RINGING", "PROCEEDING") and call.live.state == CallPhase.DIALING:
            call.live.state = CallPhase.RINGING
            self._updated(call)

    def _on_dialend(self, msg: Message, when: float) -> None:
        call = self._calls.get(msg.get("Uniqueid") or "")
        if call is None or call.finished:
            return
        status = (msg.get("DialStatus") or "").upper()
        call.live.dial_status = status
        call.live.peer = msg.get("DestChannel") or call.live.peer
        if status == "ANSWER" and call.live.answered_at is None:
            call.live.answered_at = when
            call.live.state = CallPhase.ANSWERED
        self._updated(call)

    def _on_hangup(self, msg: Message, when: float) -> None:
        uid = msg.get("Uniqueid") or ""
        leg = self._legs.get(uid)
        cause = _int(msg.get("Cause"))
        if leg is not None:
            leg.hung_up = True
            leg.cause = cause
        call = self._calls.get(uid)
        if call is None or call.finished or call.live.ended_at is not None:
            return
        call.live.ended_at = when
        call.live.hangup_cause = cause
        call.live.state = CallPhase.ENDED
        self._updated(call)
        self._try_finish(call)

    def _on_cdr(self, msg: Message, when: float) -> None:
        call = self._calls.get(msg.get("UniqueID") or "")
        if call is None or call.finished:
            return
        call.cdrs.append(msg)
        if not call.live.number:
            call.live.number = msg.get("Destination") or ""
        self._try_finish(call)

    def _on_userevent(self, msg: Message, when: float) -> None:
        kind = msg.get("UserEvent") or ""
        # The channel's own Uniqueid comes first; the body repeats it (see the README).
        uid = msg.get("Uniqueid") or ""
        if kind in ("CallshopAuthorize", "CallshopOutcome") and not sane(uid):
            # A call row needs its Uniqueid: without one this is not our dialplan speaking.
            log.warning("AMI %s ignored: bad Uniqueid %r", kind, uid[:80])
            return
        if kind == "CallshopAuthorize":
            self._on_authorize(msg, uid, when)
            return
        call = self._calls.get(uid)
        if call is None or call.finished:
            return
        if kind == "CallshopRefused":
            reason = msg.get("Reason") or "refused"
            detail = msg.get("Detail")
            call.live.refusal_reason = f"{reason}:{detail}" if detail else reason
            self._set_number(call, msg.get("Number"))
            self._updated(call)
        elif kind == "CallshopFailover":
            call.live.failovers += 1
            self._updated(call)
        elif kind == "CallshopOutcome":
            outcome = parse_outcome(msg.get("Outcome") or "")
            call.outcome = outcome
            self._absorb_outcome(call, outcome, when)
            self._try_finish(call)

    def _on_authorize(self, msg: Message, uid: str, when: float) -> None:
        booth = msg.get("Booth") or ""
        number = msg.get("Number") or ""
        channel = msg.get("Channel") or ""
        linkedid = msg.get("Linkedid") or ""
        problem = absurd_authorize(booth, number, linkedid, self._known_booths)
        if problem:
            # No decision: the dialplan refuses the call when its wait runs out.
            log.warning("AMI CallshopAuthorize %s ignored: %s", uid, problem)
            return
        call = self._calls.get(uid)
        if call is None and uid not in self._finished_ids:
            leg = self._legs.get(uid)
            linkedid = msg.get("Linkedid") or (leg.linkedid if leg else uid)
            call = self._new_call(uid, linkedid, channel, booth, when)
        if call is not None and not call.finished:
            call.live.booth = booth or call.live.booth
            self._set_number(call, number)
            self._updated(call)
        self.observer.on_authorize_request(booth, number, uid, channel)

    def _on_varset(self, msg: Message, when: float) -> None:
        call = self._calls.get(msg.get("Uniqueid") or "")
        if call is None or call.finished:
            return
        variable = msg.get("Variable") or ""
        if variable == "CALLSHOP_NUMBER":
            self._set_number(call, msg.get("Value"))

    def _on_contactstatus(self, msg: Message, when: float) -> None:
        booth = msg.get("EndpointName") or msg.get("AOR") or ""
        self._registration_changed(booth, (msg.get("ContactStatus") or "").lower())

    def _on_peerstatus(self, msg: Message, when: float) -> None:
        peer = msg.get("Peer") or ""
        status = (msg.get("PeerStatus") or "").lower()
        self._registration_changed(peer.partition("/")[2] or peer, status)

    # ------------------------------------------------------------------ internals
    def _registration_changed(self, booth: str, status: str) -> None:
        if not booth:
            return
        if self._known_booths is not None and booth not in self._known_booths:
            return
        if status in _REGISTERED:
            registered = True
        elif status in _UNREGISTERED:
            registered = False
        else:
            return
        # PeerStatus and ContactStatus both report one change: tell the observer once.
        if self._registration.get(booth) is registered:
            return
        self._registration[booth] = registered
        self.observer.on_booth_registration(booth, registered)

    def _new_call(
        self, uid: str, linkedid: str, channel: str, booth: str, when: float | None
    ) -> _Call:
        call = _Call(LiveCall(linkedid, uid, booth, channel, "", started_at=when))
        self._calls[uid] = call
        self._by_linkedid[linkedid] = uid
        return call

    def _lookup(self, key: str) -> _Call | None:
        call = self._calls.get(key)
        if call is None and key in self._by_linkedid:
            call = self._calls.get(self._by_linkedid[key])
        return call

    def _set_number(self, call: _Call, number: str | None) -> None:
        # The callshop context's own ${EXTEN} beats the raw dialed digits (lab prefixes etc.).
        if number:
            call.live.number = number
            call.number_from_dialplan = True

    def _absorb_outcome(
        self, call: _Call, outcome: OutcomeRecord, when: float, live_event: bool = True
    ) -> None:
        live = call.live
        if outcome.booth and not live.booth:
            live.booth = outcome.booth
        if outcome.number and not call.number_from_dialplan:
            self._set_number(call, outcome.number)
        if outcome.refusal_reason and not live.refusal_reason:
            live.refusal_reason = outcome.refusal_reason
        if outcome.dial_status and not live.dial_status:
            live.dial_status = outcome.dial_status
        if outcome.peer and not live.peer:
            live.peer = outcome.peer
        if live.hangup_cause is None:
            live.hangup_cause = outcome.cause
        if live.ended_at is None:
            # The handler runs at hangup: the record means the booth leg is gone. Live, the
            # event time is finer than the record's whole-second EPOCH.
            use_epoch = not live_event and outcome.end_epoch is not None
            live.ended_at = outcome.end_epoch if use_epoch else when
            live.state = CallPhase.ENDED
        if live.answered_at is None and outcome.answered_ms and live.ended_at is not None:
            live.answered_at = live.ended_at - outcome.answered_ms / 1000.0
        if live.started_at is None:
            live.started_at = outcome.start_epoch

    def _answered(self, call: _Call) -> bool:
        return call.live.dial_status == "ANSWER" or call.live.answered_at is not None

    def _billing_cdr(self, call: _Call) -> Message | None:
        """The Cdr that bills the call: the first real one wins.

        Later Cdrs with the same UniqueID (a 0-second one from endbeforehexten=no, the
        dialplan's own Hangup() one, the failed first route of a failover) never replace it.
        """
        answered = [c for c in call.cdrs if (c.get("Disposition") or "") == "ANSWERED"]
        dialed = [c for c in answered if c.get("DestinationChannel")]
        if dialed:
            return dialed[0]
        if answered:
            return max(answered, key=lambda c: _int(c.get("BillableSeconds")) or 0)
        return call.cdrs[0] if call.cdrs else None

    def _try_finish(self, call: _Call) -> None:
        if call.finished or call.live.ended_at is None:
            return
        if self._answered(call) and not call.live.refusal_reason:
            # Only an ANSWERED Cdr can bill an answered call; the outcome record waits for
            # tick()/flush() in case the Cdr is merely late.
            if any((c.get("Disposition") or "") == "ANSWERED" for c in call.cdrs):
                self._finish(call)
            return
        if call.cdrs or call.outcome is not None:
            self._finish(call)

    def _finish(self, call: _Call) -> None:
        if call.finished:
            return
        call.finished = True
        live = call.live
        billable, source = self._billable(call)
        record = CallRecord(
            linkedid=live.linkedid,
            booth_uniqueid=live.booth_uniqueid,
            booth=live.booth,
            channel=live.channel,
            number=live.number,
            started_at=live.started_at,
            answered_at=live.answered_at if billable or self._answered(call) else None,
            ended_at=live.ended_at,
            billable_seconds=billable,
            disposition=self._disposition(call),
            hangup_cause=live.hangup_cause,
            peer=live.peer,
            refusal_reason=live.refusal_reason,
            dial_status=live.dial_status,
            billing_source=source,
        )
        del self._calls[live.booth_uniqueid]
        self._by_linkedid.pop(live.linkedid, None)
        self._finished_ids.add(live.booth_uniqueid)
        self.observer.on_call_finished(record)

    def _billable(self, call: _Call) -> tuple[int, str]:
        if call.live.refusal_reason:
            return 0, "events"
        cdr = self._billing_cdr(call)
        if cdr is not None and (cdr.get("Disposition") == "ANSWERED" or not self._answered(call)):
            return _int(cdr.get("BillableSeconds")) or 0, "cdr"
        if call.outcome is not None and (call.outcome.answered_ms or not self._answered(call)):
            # ANSWEREDTIME_MS rounded down, like Cdr BillableSeconds.
            return (call.outcome.answered_ms or 0) // 1000, "outcome"
        live = call.live
        if live.answered_at is not None and live.ended_at is not None:
            return max(0, int(live.ended_at - live.answered_at)), "events"
        return 0, "events"

    def _disposition(self, call: _Call) -> Disposition:
        live = call.live
        if live.refusal_reason:
            return Disposition.REFUSED
        if live.dial_status in DIAL_STATUS_DISPOSITION:
            return DIAL_STATUS_DISPOSITION[live.dial_status]
        cdr = self._billing_cdr(call)
        if cdr is not None:
            return CDR_DISPOSITION.get((cdr.get("Disposition") or "").upper(), Disposition.FAILED)
        return Disposition.ANSWERED if live.answered_at is not None else Disposition.FAILED

    def _updated(self, call: _Call) -> None:
        self.observer.on_call_updated(dataclasses.replace(call.live))


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return None
