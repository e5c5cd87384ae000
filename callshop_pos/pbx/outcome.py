"""The outcome record the callshop dialplan's hangup handler writes to AstDB.

Format (one line, space separated): `booth=.. number=.. result=.. dialstatus=.. answered_ms=..
cause=.. peer=.. end=..`. The same text arrives live in UserEvent CallshopOutcome and, after a
reconnect, from `DBGetTree callshop_cdr` — so calls that ended while the app was away can be
closed from Asterisk's own numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PAIR = re.compile(r"(\w+)=(\S*)")

OUTCOME_FAMILY = "callshop_cdr"
BOOTH_FAMILY = "callshop_booth"

REFUSAL_RESULTS = ("booth-not-open", "auth-timeout", "denied")


@dataclass(frozen=True, slots=True)
class OutcomeRecord:
    booth: str
    number: str
    result: str  # route1 | route2 | booth-not-open | auth-timeout | denied:<reason>
    dial_status: str  # Dial's DIALSTATUS, empty when never dialed
    answered_ms: int | None
    cause: int | None
    peer: str
    end_epoch: float | None

    @property
    def refused(self) -> bool:
        return self.result.split(":", 1)[0] in REFUSAL_RESULTS

    @property
    def refusal_reason(self) -> str | None:
        return self.result if self.refused else None


def _int_or_none(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _legacy_fields(text: str) -> dict[str, str]:
    """The lab's first handler format: `booth,number,DIALSTATUS,ANSWEREDTIME(s),billsec,EPOCH,
    HANGUPCAUSE,DIALEDTIME,disposition` (recording t_hangup_handler_astdb)."""
    parts = text.split(",")
    parts += [""] * (9 - len(parts))
    answered = parts[3]
    return {
        "booth": parts[0],
        "number": parts[1],
        "result": "",
        "dialstatus": parts[2],
        "answered_ms": str(int(answered) * 1000) if answered.isdigit() else "",
        "cause": parts[6],
        "peer": "",
        "end": parts[5],
    }


def parse_outcome(text: str) -> OutcomeRecord:
    fields = dict(_PAIR.findall(text)) if "=" in text else _legacy_fields(text)
    end = _int_or_none(fields.get("end", ""))
    return OutcomeRecord(
        booth=fields.get("booth", ""),
        number=fields.get("number", ""),
        result=fields.get("result", ""),
        dial_status=fields.get("dialstatus", ""),
        answered_ms=_int_or_none(fields.get("answered_ms", "")),
        cause=_int_or_none(fields.get("cause", "")),
        peer=fields.get("peer", ""),
        end_epoch=float(end) if end is not None else None,
    )


def format_outcome(record: OutcomeRecord) -> str:
    """The exact text the dialplan writes (used by the simulator)."""
    answered = "" if record.answered_ms is None else str(record.answered_ms)
    cause = "" if record.cause is None else str(record.cause)
    end = "" if record.end_epoch is None else str(int(record.end_epoch))
    return (
        f"booth={record.booth} number={record.number} result={record.result} "
        f"dialstatus={record.dial_status} answered_ms={answered} cause={cause} "
        f"peer={record.peer} end={end}"
    )
