"""How many rows an UPDATE or DELETE changed, typed (Session.execute says only "a Result")."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import UpdateBase


def rows_changed(session: Session, statement: UpdateBase) -> int:
    """Run ``statement`` in ``session``: the number of rows it matched (its cursor's rowcount).

    Not for an INSERT .. ON CONFLICT DO NOTHING: psycopg reports -1 there (use RETURNING)."""
    result = cast("CursorResult[Any]", session.execute(statement))
    return result.rowcount
