"""What the PBX engine asks of the shop's data (implemented over the database elsewhere).

The engine (``callshop_pos.pbx.engine``) speaks AMI; a :class:`CallPolicy` decides. Keeping
the two apart lets the engine be tested against the simulator with an in-memory policy and the
database policy be tested without a PBX.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from callshop_pos.counter import RateSnapshot
from callshop_pos.pbx.tracker import CallRecord


@dataclass(frozen=True)
class Decision:
    """The answer to one booth call's authorization request."""

    allowed: bool
    reason: str | None = None  # when refused: "closed", "no_rate", "forbidden", "no_funds", ...
    routes: Sequence[str] = ()  # Dial() strings in the order to try, e.g. "PJSIP/${N}@vendor1"
    cap_seconds: int | None = None  # the longest the call may last; None only when refused
    rate: RateSnapshot | None = None  # the sell rate, for the live meter
    area_name: str = ""


@dataclass(frozen=True)
class BoothChange:
    """A booth whose session was started, topped up or stopped (by any process)."""

    login: str  # the booth's VoIP login = the PBX endpoint
    is_open: bool
    hang_up_live_call: bool = False  # stopped, and the preferences say hang up a live call


class CallPolicy(Protocol):
    def booth_logins(self) -> list[str]: ...

    def booth_states(self) -> dict[str, bool]:
        """login -> open (session started and not blocked), to mirror into AstDB."""
        ...

    def authorize(self, login: str, number: str, at: float, uid: str = "") -> Decision:
        """The decision on the call with Uniqueid ``uid``, recorded with the session it is
        taken for (the call is billed to that session)."""
        ...

    def call_answered(self, uid: str, answered_at: float) -> None:
        """The PBX answered (``answered_at`` on this PC's clock)."""
        ...

    def live_cap(self, login: str, number: str, answered_at: float, now: float) -> float | None:
        """Seconds (to the millisecond) the live call may still last from ``now``."""
        ...

    def record_call(self, record: CallRecord) -> bool:
        """Bill a finished call; idempotent by the booth leg's Uniqueid. True if new."""
        ...

    def set_aside(self, record: CallRecord, error: str, tries: int) -> None:
        """Keep a record that cannot be billed for the owner (no more retries)."""
        ...

    def changes_since(self, token: object) -> tuple[object, list[BoothChange]]:
        """Booth changes after ``token`` (None: the initial token, no changes)."""
        ...
