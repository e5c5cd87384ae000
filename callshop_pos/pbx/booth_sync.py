"""Booth state sync: each booth's open/closed state mirrored to AstDB, and the booth changes
of any process (started, topped up, stopped) carried out on the PBX.

Changes are read with the policy's change token, by the poller while the link is up and by
the resync after every login; the token and the changes consumed but not yet carried out are
this module's, under its own lock, which the resync holds from the token to the hang-ups.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping

from callshop_pos.counter import CallPhase
from callshop_pos.pbx.ami_link import AmiLink
from callshop_pos.pbx.caps import Caps
from callshop_pos.pbx.client import AmiError
from callshop_pos.pbx.jobs import JobPool
from callshop_pos.pbx.outcome import BOOTH_FAMILY
from callshop_pos.pbx.policy import BoothChange, CallPolicy
from callshop_pos.pbx.protocol import Fields
from callshop_pos.pbx.tracking import Tracking

Adopt = Callable[[Mapping[str, bool], set[str]], str]
"""The rest of a resync, given the booths' states and every booth known: returns its log line."""


def booth_state_put(login: str, is_open: bool) -> Fields:
    """The ``DBPut`` the dialplan reads before it even asks about a booth's call."""
    return {
        "Action": "DBPut",
        "Family": BOOTH_FAMILY,
        "Key": f"{login}/state",
        "Val": "open" if is_open else "closed",
    }


class BoothSync:
    def __init__(
        self,
        policy: CallPolicy,
        link: AmiLink,
        tracking: Tracking,
        caps: Caps,
        auth_pool: JobPool,
        say: Callable[[str], None],
    ) -> None:
        self._policy = policy
        self._link = link
        self._tracking = tracking
        self._caps = caps
        self._auth_pool = auth_pool
        self._say = say
        self._lock = threading.Lock()  # the change token: poller vs resync
        self._token: object | None = None
        self._unapplied: list[BoothChange] = []  # consumed, but the link failed meanwhile

    def poll(self) -> None:
        """From the poller. Changes are only consumed while connected: the resync after a
        reconnect reads those that came meanwhile (a stop's hang-up must not be lost with the
        link)."""
        with self._lock:
            if self._link.connected and self._token is not None:
                token, changes = self._policy.changes_since(self._token)
                self._token = token
                changes, self._unapplied = self._unapplied + changes, []
                for i, change in enumerate(changes):
                    try:
                        self.apply(change)
                    except AmiError:
                        # The link went while applying: the resync after the reconnect
                        # mirrors every state and carries out the hang-ups still due.
                        self._unapplied = changes[i:]
                        raise

    def apply(self, change: BoothChange) -> None:
        login = change.login
        self._tracking.add_booths((login,))
        self.put_state(login, change.is_open)
        call = self._tracking.live_calls().get(login)
        if call is None:
            return
        if change.hang_up_live_call:
            self._link.hang_up(call.booth_uniqueid)
            self._say(f"{login} {call.number}: booth stopped, call hung up")
        elif call.state == CallPhase.ANSWERED:
            self._caps.cap(call.booth_uniqueid, "booth changed")

    def put_state(self, login: str, is_open: bool) -> None:
        self._link.action(booth_state_put(login, is_open))

    def resync(self, adopt: Adopt) -> None:
        """After every login, on the dispatch thread: take the token, mirror every booth's
        state, run ``adopt`` (live calls, outcome records), then carry out the hang-ups a Stop
        asked for while the link was down. An :class:`AmiError` cuts it short; what was
        consumed is kept for the next one."""
        with self._lock:
            policy = self._policy
            # Kept in _unapplied until carried out below, should this resync be cut short too.
            if self._token is not None:
                self._unapplied = self._unapplied + policy.changes_since(self._token)[1]
            pending = self._unapplied
            # The token is taken before the states are read: no change can fall in between.
            self._token, _ = policy.changes_since(None)
            states = policy.booth_states()
            booths = self._tracking.add_booths(states)
            client = self._link.client
            futures = [
                client.send_action(booth_state_put(login, is_open))
                for login, is_open in states.items()
            ]
            for future in futures:
                future.result(client.action_timeout + 1)
            summary = adopt(states, booths)
            self._unapplied = []
            for change in pending:
                if change.hang_up_live_call and not states.get(change.login, False):
                    self._auth_pool.submit(self._hangup_closed, change.login)
            self._say(summary)

    def _hangup_closed(self, login: str) -> None:
        call = self._tracking.live_calls().get(login)
        if call is not None:
            self._link.hang_up(call.booth_uniqueid)
            self._say(f"{login} {call.number}: booth stopped while offline, call hung up")
