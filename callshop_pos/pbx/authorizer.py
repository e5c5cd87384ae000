"""The answer to the dialplan's question about one booth call: the policy's decision, sent
back as channel variables (resources/asterisk/extensions_callshop.conf, [callshop-final])."""

from __future__ import annotations

import functools
import logging
import queue
import threading
from collections.abc import Callable, Sequence
from typing import NamedTuple, Protocol, runtime_checkable

from callshop_pos.db.outage import OutageLog, is_outage
from callshop_pos.pbx.ami_link import AmiLink
from callshop_pos.pbx.jobs import guarded
from callshop_pos.pbx.live_views import LiveViews
from callshop_pos.pbx.policy import CallPolicy, Decision
from callshop_pos.pbx.protocol import Fields

log = logging.getLogger(__name__)

# The dialplan's variables.
VAR_ROUTE, VAR_ROUTE2 = "CALLSHOP_ROUTE", "CALLSHOP_ROUTE2"
VAR_CAP_MS, VAR_REASON, VAR_AUTH = "CALLSHOP_CAP_MS", "CALLSHOP_REASON", "CALLSHOP_AUTH"
# Placeholders a route may carry for the dialed number: Setvar stores values literally, so
# the engine hands Asterisk finished dial strings.
NUMBER_PLACEHOLDERS = ("${N}", "${NUMBER}", "${EXTEN}")


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


def decision_variables(decision: Decision, routes: list[str]) -> list[tuple[str, str]]:
    """The Setvars of a decision, ``CALLSHOP_AUTH`` last."""
    pairs: list[tuple[str, str]] = []
    if decision.allowed:
        pairs.append((VAR_ROUTE, routes[0]))
        if len(routes) > 1:
            pairs.append((VAR_ROUTE2, routes[1]))
        pairs.append((VAR_CAP_MS, str(int(decision.cap_seconds or 0) * 1000)))
    if decision.reason:
        pairs.append((VAR_REASON, decision.reason))
    pairs.append((VAR_AUTH, "1" if decision.allowed else "0"))
    return pairs


def setvars(uid: str, decision: Decision, routes: list[str]) -> list[Fields]:
    """The decision's actions on the channel with Uniqueid ``uid``, in the order sent."""
    return [
        {"Action": "Setvar", "Channel": uid, "Variable": var, "Value": value}
        for var, value in decision_variables(decision, routes)
    ]


class AuthRequest(NamedTuple):
    """One booth call's authorization request, as the dialplan announced it."""

    login: str
    number: str
    uid: str
    at: float  # Asterisk's time of the request


@runtime_checkable
class BatchPolicy(Protocol):
    """A policy that decides a burst of requests at once (one read, one commit), each
    decision the one its ``authorize`` would take."""

    def authorize_many(self, requests: Sequence[AuthRequest]) -> list[Decision]: ...


# Requests decided, committed and sent together at most. A burst of every booth at once goes
# out in pieces of this size, each sent as soon as it is committed, so Asterisk (another
# process) runs a piece's Setvars while the next is decided. Each piece costs a commit and a
# write, and its replies and the calls' next events come back while the next piece is
# decided, on the same interpreter: pieces of 16 left the 100th booth of a burst waiting
# ~30 ms (p99), pieces of 32 ~22 ms, with the first answers out as soon
# (tests/bench/bench_authorize.py; a 100-booth burst decided whole takes ~6 ms).
MAX_BATCH = 32


class Authorizer:
    """The authorization lane: requests go into a queue of their own straight from the
    reading thread (never behind the dispatch queue, the tracker, the other events' reports
    or the caps' jobs) and one thread,
    ``pbx-authorize``, decides what has queued up together, up to :data:`MAX_BATCH` at a
    time: a burst of booths costs a policy read and a commit per piece, not one each (under
    the GIL one thread beats several), and each piece is answered before the next is decided.
    Keeps no state but the queue: the decision goes into the call's note
    (:class:`LiveViews`) and to Asterisk."""

    def __init__(
        self,
        policy: CallPolicy,
        link: AmiLink,
        views: LiveViews,
        database: OutageLog,
        say: Callable[[str], None],
    ) -> None:
        self._policy = policy
        self._link = link
        self._views = views
        self._database = database
        self._say = say
        self._queue: queue.SimpleQueue[AuthRequest | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="pbx-authorize", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Decides what is queued already, then stops; later requests are dropped."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(10)

    def request(self, booth: str, number: str, uid: str, at: float) -> None:
        """Queue a request (any thread; never blocks). Dropped while not started."""
        if self._thread is not None:
            self._queue.put(AuthRequest(booth, number, uid, at))

    def authorize(self, booth: str, number: str, uid: str, at: float) -> None:
        """Decide one request in the caller's thread and answer Asterisk."""
        self._answer([AuthRequest(booth, number, uid, at)])

    def _loop(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch, stopping = [first], False
            while len(batch) < MAX_BATCH:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stopping = True
                    break
                batch.append(more)
            guarded(
                self._database, ("PBX action failed", "PBX engine job failed"), self._answer, batch
            )
            if stopping:
                return

    def _answer(self, batch: list[AuthRequest]) -> None:
        decisions = self._decide_all(batch)
        groups: list[list[Fields]] = []
        answers: list[tuple[AuthRequest, Decision, list[str]]] = []
        for request, decision in zip(batch, decisions, strict=True):
            self._views.decided(request.uid, decision)
            routes = [dial_string(r, request.number) for r in decision.routes[:2]]
            groups.append(setvars(request.uid, decision, routes))
            answers.append((request, decision, routes))
        # One write of all the Setvars on one AMI session: Asterisk runs a session's actions
        # in order, so each call's approval lands after its route and cap, and one round
        # trip is all the dialplan waits for; no lock is held while Asterisk answers. A
        # half-set call cannot pass: the dialplan refuses without a route and a cap. The
        # replies are not waited for (the thread must be free for the next burst at once),
        # only counted: a call's log line follows its last one.
        self._link.client.send_groups(groups, functools.partial(self._report, answers))
        for request in batch:
            self._views.emit(request.uid)  # the rate is known now

    def _report(
        self,
        answers: list[tuple[AuthRequest, Decision, list[str]]],
        index: int,
        error: str | None,
    ) -> None:
        request, decision, routes = answers[index]
        call = f"{request.login} {request.number}"
        if decision.allowed and error is None:
            self._say(
                f"{call}: authorized, cap {decision.cap_seconds} s, via {' then '.join(routes)}"
            )
        else:
            self._say(f"{call}: refused ({decision.reason or 'variables not set'})")

    def _decide_all(self, batch: list[AuthRequest]) -> list[Decision]:
        policy = self._policy
        if len(batch) > 1 and isinstance(policy, BatchPolicy):
            try:
                return [checked_decision(d) for d in policy.authorize_many(batch)]
            except Exception as exc:
                if is_outage(exc):
                    self._database.lost(exc)
                    return [Decision(False, "database")] * len(batch)  # fail closed, say why
                log.exception("authorize failed for a burst of %d calls", len(batch))
                # one by one, so that one bad request refuses only its own call
        return [self._decide(r.login, r.number, r.uid, r.at) for r in batch]

    def _decide(self, booth: str, number: str, uid: str, at: float) -> Decision:
        try:
            return checked_decision(self._policy.authorize(booth, number, at, uid))
        except Exception as exc:
            if is_outage(exc):
                self._database.lost(exc)
                return Decision(False, "database")  # fail closed, and say why
            log.exception("authorize failed for %s %s", booth, number)
            return Decision(False, "error")
