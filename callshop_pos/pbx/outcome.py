"""The outcome record the callshop dialplan's hangup handler writes to AstDB.

Format (one line, space separated): `booth=.. number=.. result=.. dialstatus=.. answered_ms=..
cause=.. peer=.. start=.. end=..`; `start` and `end` are Asterisk's own epochs with
milliseconds (`${STRFTIME(,,%s.%3q)}` at the first line of [callshop-final] and in the hangup
handler). The same text arrives live in UserEvent CallshopOutcome and, after a reconnect, from
`DBGetTree callshop_cdr` — so calls that ended while the app was away are closed from
Asterisk's own numbers and times. Older records (no `start`, a whole-second `end=${EPOCH}`,
or the lab's comma-separated first format) still parse.

The answer time is not written by the dialplan: it is `end - answered_ms / 1000`, derived here
(`$[...]` in the handler would be evaluated, and log an error, even for unanswered calls whose
ANSWEREDTIME_MS is empty).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

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
    start_epoch: float | None = None

    @property
    def refused(self) -> bool:
        return self.result.split(":", 1)[0] in REFUSAL_RESULTS

    @property
    def refusal_reason(self) -> str | None:
        return self.result if self.refused else None

    @property
    def answer_epoch(self) -> float | None:
        """When the far end answered, from Asterisk's end time and ANSWEREDTIME_MS."""
        if not self.answered_ms or self.end_epoch is None:
            return None
        answer = self.end_epoch - self.answered_ms / 1000.0
        if self.start_epoch is not None:
            answer = max(answer, self.start_epoch)
        return round(answer, 3)


def _int_or_none(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _epoch_or_none(text: str) -> float | None:
    """`1733040000` or `1733040000.123` (exact to the millisecond), else None."""
    if not re.fullmatch(r"\d+(\.\d{1,6})?", text):
        return None
    try:
        return float(Decimal(text))
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
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
    return OutcomeRecord(
        booth=fields.get("booth", ""),
        number=fields.get("number", ""),
        result=fields.get("result", ""),
        dial_status=fields.get("dialstatus", ""),
        answered_ms=_int_or_none(fields.get("answered_ms", "")),
        cause=_int_or_none(fields.get("cause", "")),
        peer=fields.get("peer", ""),
        end_epoch=_epoch_or_none(fields.get("end", "")),
        start_epoch=_epoch_or_none(fields.get("start", "")),
    )


def _epoch_text(epoch: float | None) -> str:
    """Like `%s.%3q`: whole seconds, then the milliseconds truncated (not rounded)."""
    if epoch is None:
        return ""
    ms = round(epoch * 1_000_000) // 1000
    return f"{ms // 1000}.{ms % 1000:03d}"


def format_outcome(record: OutcomeRecord) -> str:
    """The exact text the dialplan writes (used by the simulator)."""
    answered = "" if record.answered_ms is None else str(record.answered_ms)
    cause = "" if record.cause is None else str(record.cause)
    return (
        f"booth={record.booth} number={record.number} result={record.result} "
        f"dialstatus={record.dial_status} answered_ms={answered} cause={cause} "
        f"peer={record.peer} start={_epoch_text(record.start_epoch)} "
        f"end={_epoch_text(record.end_epoch)}"
    )
