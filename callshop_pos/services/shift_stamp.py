"""Which drawer a cash movement belongs to: the open shift of the cashier who made it.

Called inside the movement's own unit of work (sessions.py, shifts.py), so the payment and
its shift commit together. A movement by a known cashier without an open shift is refused,
as a real till refuses a sale before the drawer is opened; one made with no cashier at all
(a scripted ``booth stop`` without a login) belongs to no shift.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from callshop_pos.counter import CounterError
from callshop_pos.db.models import Receipt, Shift

NO_SHIFT = "open a shift first (Shop → Open shift…)"


def open_shift(session: Session, user_id: int, *, lock: str = "share") -> Shift | None:
    """``lock="share"``: ``FOR SHARE`` on PostgreSQL, so a Z report closing the shift
    (``lock="update"``, ``FOR UPDATE``) waits for this movement's commit, or this movement
    waits and finds the shift closed; ``"none"`` for a plain read."""
    query = select(Shift).where(Shift.user_id == user_id, Shift.closed_at.is_(None))
    if lock != "none":
        query = query.with_for_update(read=lock == "share")
    return session.scalar(query)


def shift_of(session: Session, user_id: int | None) -> int | None:
    """The id of ``user_id``'s open shift; None with no cashier; refused when she has none."""
    if user_id is None:
        return None
    shift = open_shift(session, user_id)
    if shift is None:
        raise CounterError(NO_SHIFT)
    return shift.id


def stamp_receipt(session: Session, number: int | None, user_id: int | None) -> None:
    """The receipt a cashier's Stop just issued counts in her shift's X and Z reports."""
    if number is None or user_id is None:
        return
    session.execute(
        update(Receipt)
        .where(Receipt.number == number)
        .values(shift_id=shift_of(session, user_id))
        .execution_options(synchronize_session=False)
    )
