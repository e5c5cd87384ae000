"""The answer to the dialplan's question about one booth call: the policy's decision, sent
back as channel variables (resources/asterisk/extensions_callshop.conf, [callshop-final])."""

from __future__ import annotations

import logging
from collections.abc import Callable

from callshop_pos.db.outage import OutageLog, is_outage
from callshop_pos.pbx.ami_link import AmiLink
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


class Authorizer:
    """Runs on the ``pbx-auth-*`` pool, never on the event thread. Keeps no state of its own:
    the decision goes into the call's note (:class:`LiveViews`) and to Asterisk."""

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

    def authorize(self, booth: str, number: str, uid: str, at: float) -> None:
        decision = self._decide(booth, number, uid, at)
        self._views.decided(uid, decision)
        routes = [dial_string(r, number) for r in decision.routes[:2]]
        # One write of all the Setvars on one AMI session: Asterisk runs a session's actions
        # in order, so the approval lands last, and one round trip is all the dialplan waits
        # for; no lock is held while Asterisk answers. A half-set call cannot pass: the
        # dialplan refuses without a route and a well-formed cap.
        futures = self._link.client.send_actions(setvars(uid, decision, routes))
        self._views.emit(uid)  # the rate is known now
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

    def _decide(self, booth: str, number: str, uid: str, at: float) -> Decision:
        try:
            return checked_decision(self._policy.authorize(booth, number, at, uid))
        except Exception as exc:
            if is_outage(exc):
                self._database.lost(exc)
                return Decision(False, "database")  # fail closed, and say why
            log.exception("authorize failed for %s %s", booth, number)
            return Decision(False, "error")
