"""PBX records the app could not bill, set aside for the owner instead of retried for ever.

The record is kept whole (as JSON) with the error and the number of tries, so nothing is
lost: ``callshop-pos pbx problems`` lists them and the status bar counts them.
"""

from __future__ import annotations

import dataclasses
import json
import math

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callshop_pos.db.models import PbxProblem
from callshop_pos.pbx.tracker import CallRecord


def _plain(value: object) -> object:
    # nan/inf are not JSON: keep them as text, they are the evidence
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    return value


def set_aside(session: Session, record: CallRecord, error: str, tries: int) -> PbxProblem:
    data = {k: _plain(v) for k, v in dataclasses.asdict(record).items()}
    problem = PbxProblem(
        booth_uniqueid=record.booth_uniqueid[:64],
        kind="unbillable",
        detail=error[:2000],
        record_json=json.dumps(data, sort_keys=True),
        tries=tries,
    )
    session.add(problem)
    return problem


def open_problems(session: Session) -> list[PbxProblem]:
    return list(
        session.scalars(
            select(PbxProblem).where(PbxProblem.resolved_at.is_(None)).order_by(PbxProblem.id)
        )
    )


def count_open(session: Session) -> int:
    return int(
        session.scalar(select(func.count(PbxProblem.id)).where(PbxProblem.resolved_at.is_(None)))
        or 0
    )
