"""The audit log: who changed what, written in the same transaction as the change itself."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from callshop_pos.db.models import AuditLog


def _jsonable(value: Any) -> Any:
    # Money stays exact in the log: a Decimal is written as its string, never a float.
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def audit(
    session: Session,
    action: str,
    object_type: str = "",
    object_id: int | None = None,
    user_id: int | None = None,
    **details: Any,
) -> AuditLog:
    """Add an audit row (e.g. ``rates.import``) to ``session``; it commits with the change,
    so a rolled-back change leaves no misleading log line."""
    row = AuditLog(
        action=action,
        object_type=object_type,
        object_id=object_id,
        user_id=user_id,
        details=json.dumps(details, default=_jsonable, sort_keys=True) if details else "",
    )
    session.add(row)
    return row
