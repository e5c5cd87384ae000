"""What Asterisk knows, read after every (re)login: live booth channels and outcome records.

Pure reading (AMI lists -> plain data); :mod:`callshop_pos.pbx.engine` applies it to the
tracker and the policy. Kept apart so the parsing is testable without threads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from callshop_pos.pbx.client import ActionResult
from callshop_pos.pbx.outcome import OUTCOME_FAMILY
from callshop_pos.pbx.protocol import Fields, Message
from callshop_pos.pbx.tracker import BOOTH_TECHS, endpoint_of

Action = Callable[[Fields], ActionResult]

STATE_RINGING = 5
STATE_UP = 6


@dataclass(frozen=True, slots=True)
class ChannelRow:
    """One CoreShowChannel line."""

    channel: str
    uniqueid: str
    linkedid: str
    state: int
    exten: str
    duration: int  # seconds since the channel was created

    @property
    def tech(self) -> str:
        return self.channel.partition("/")[0]


@dataclass(frozen=True, slots=True)
class LiveBoothCall:
    """A booth call alive in Asterisk right now."""

    uniqueid: str
    linkedid: str
    channel: str
    booth: str
    number: str
    age: int  # seconds since the booth channel was created
    answered_for: int | None  # seconds since answer (CDR(billsec)), None while not answered
    ringing: bool


def _hms(text: str) -> int:
    try:
        h, m, s = (int(x) for x in text.split(":"))
    except ValueError:
        return 0
    return h * 3600 + m * 60 + s


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(text or "")
    except ValueError:
        return default


def channel_rows(events: Sequence[Message]) -> list[ChannelRow]:
    return [
        ChannelRow(
            channel=e.get("Channel") or "",
            uniqueid=e.get("Uniqueid") or "",
            linkedid=e.get("Linkedid") or e.get("Uniqueid") or "",
            state=_int(e.get("ChannelState")),
            exten=e.get("Exten") or "",
            duration=_hms(e.get("Duration") or ""),
        )
        for e in events
        if e.name == "CoreShowChannel" and e.get("Uniqueid")
    ]


def alive_uniqueids(action: Action) -> set[str] | None:
    """The Uniqueid of every channel Asterisk has now; None unless the list is whole (an
    error, a cut-short or miscounted list must never make live calls look gone)."""
    result = action({"Action": "CoreShowChannels"})
    events = result.events
    if not result.ok or not events or events[-1].name != "CoreShowChannelsComplete":
        return None
    rows = [e for e in events if e.name == "CoreShowChannel"]
    count = events[-1].get("ListItems")
    if count is not None and count != str(len(rows)):
        return None
    return {e.get("Uniqueid") or "" for e in rows}


def _getvar(action: Action, uniqueid: str, variable: str) -> str:
    result = action({"Action": "Getvar", "Channel": uniqueid, "Variable": variable})
    return (result.response.get("Value") or "") if result.ok else ""


def live_booth_calls(action: Action, booths: set[str]) -> list[LiveBoothCall]:
    """Booth legs among the live channels: a booth's own SIP channel, or the `;2` half of a
    POS test call (a Local channel carrying BOOTH)."""
    rows = channel_rows(action({"Action": "CoreShowChannels"}).events)
    calls: list[LiveBoothCall] = []
    for row in rows:
        if row.uniqueid != row.linkedid and not row.channel.endswith(";2"):
            continue  # a vendor leg, or the `;1` half of a test call
        if row.tech in BOOTH_TECHS:
            booth = endpoint_of(row.channel)
            if booth not in booths:
                continue
        elif row.tech == "Local" and row.channel.endswith(";2"):
            booth = _getvar(action, row.uniqueid, "BOOTH")
            if not booth:
                continue
        else:
            continue
        number = _getvar(action, row.uniqueid, "CALLSHOP_NUMBER") or row.exten
        # The booth leg stays in Ring until answer (README of the recordings); the vendor leg
        # of the same call tells whether it rings.
        peers = [r for r in rows if r.linkedid == row.linkedid and r.uniqueid != row.uniqueid]
        answered_for: int | None = None
        if row.state == STATE_UP and any(p.state == STATE_UP for p in peers):
            answered_for = _int(_getvar(action, row.uniqueid, "CDR(billsec)"))
        ringing = any(p.state == STATE_RINGING for p in peers)
        calls.append(
            LiveBoothCall(
                row.uniqueid,
                row.linkedid,
                row.channel,
                booth,
                number,
                row.duration,
                answered_for,
                ringing,
            )
        )
    return calls


def outcome_records(action: Action) -> list[tuple[str, str]]:
    """(booth Uniqueid, outcome text) of every call the dialplan closed and nobody collected."""
    result = action({"Action": "DBGetTree", "Family": OUTCOME_FAMILY})
    prefix = f"/{OUTCOME_FAMILY}/"
    records = []
    for e in result.events:
        key = e.get("Key") or ""
        if e.name == "DBGetTreeResponse" and key.startswith(prefix):
            records.append((key[len(prefix) :], e.get("Val") or ""))
    return records
