"""Replay a `.ami` recording through the parser and the call tracker."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from callshop_pos.pbx.outcome import OUTCOME_FAMILY
from callshop_pos.pbx.protocol import AmiParser, Message
from callshop_pos.pbx.recording import read_recording
from callshop_pos.pbx.tracker import CallRecord, CallTracker, NullObserver

OUTCOME_PREFIX = f"/{OUTCOME_FAMILY}/"


class _Collector(NullObserver):
    def __init__(self) -> None:
        self.records: list[CallRecord] = []

    def on_call_finished(self, record: CallRecord) -> None:
        self.records.append(record)


def replay_file(path: str | Path) -> list[CallRecord]:
    """The calls a recording shows, in the order they finished.

    Events carry no Timestamp in the lab recordings, so each event is stamped with the
    recorder's wall time of the chunk it arrived in.
    """
    collector = _Collector()
    tracker = CallTracker(collector)
    parser = AmiParser()
    for record in read_recording(path):
        if record.direction != "RECV":
            continue
        when = datetime.fromisoformat(record.time).timestamp()
        for item in parser.feed(record.data):
            if not isinstance(item, Message):
                continue
            tracker.feed(item, now=when)
            # Outcome records read back from AstDB close calls that ended unseen.
            key = item.get("Key") or ""
            if item.name == "DBGetTreeResponse" and key.startswith(OUTCOME_PREFIX):
                tracker.apply_outcome(key[len(OUTCOME_PREFIX) :], item.get("Val") or "", when)
    tracker.flush()
    return collector.records


def _iso(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds")


def call_to_json(record: CallRecord) -> dict[str, Any]:
    return {
        "booth": record.booth,
        "number": record.number,
        "disposition": record.disposition,
        "answered_at": _iso(record.answered_at),
        "billable_seconds": record.billable_seconds,
        "started_at": _iso(record.started_at),
        "ended_at": _iso(record.ended_at),
        "hangup_cause": record.hangup_cause,
        "peer": record.peer,
        "refusal_reason": record.refusal_reason,
        "dial_status": record.dial_status,
        "linkedid": record.linkedid,
        "booth_uniqueid": record.booth_uniqueid,
        "channel": record.channel,
        "billing_source": record.billing_source,
    }
