"""Which session a booth call belongs to, and what is known of it before its bill comes.

The engine records every decision by the call's Uniqueid (:func:`record`) in the same unit of
work that starts a walk-in's session, and the answer time when the PBX reports it
(:func:`mark_answered`). Billing reads the session from here, never from a comparison of the
PBX's clock with this PC's. A Stop that cannot wait for Asterisk's record prices the call
from the same facts as the live meter (:func:`meter_cost`).
"""

from __future__ import annotations

import functools
import json
import threading
from dataclasses import asdict
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from callshop_pos.board import rate_row_of, terms_of
from callshop_pos.counter import RateSnapshot
from callshop_pos.db.models import Call, CallAuthorization
from callshop_pos.rating.rule import billed_seconds, call_cost

_DECIMALS = ("price_1", "price_n", "connect_fee", "post_call_surcharge")


@functools.lru_cache(maxsize=4096)
def dump_rate(rate: RateSnapshot | None) -> str:
    """The snapshot as stored (``rate_json``); a burst of calls shares a few rates, so equal
    snapshots are turned into text once."""
    if rate is None:
        return ""
    return json.dumps(
        {k: str(v) if isinstance(v, Decimal) else v for k, v in asdict(rate).items()},
        sort_keys=True,
    )


def load_rate(text: str) -> RateSnapshot | None:
    if not text:
        return None
    data = json.loads(text)
    for key in _DECIMALS:
        data[key] = Decimal(data[key])
    return RateSnapshot(**data)


def _insert_ignoring(dialect: str, table: type, key: str) -> Any:
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(table).on_conflict_do_nothing(index_elements=[key])


def insert_ignoring_conflict(
    session: Session, table: type, values: dict[str, object], key: str
) -> bool:
    """INSERT that does nothing when ``key`` is taken (another engine was first): True when
    this one inserted. On SQLite and PostgreSQL alike, with no exception and no traceback."""
    dialect = session.get_bind().dialect.name
    statement = (
        _insert_ignoring(dialect, table, key).values(**values).returning(getattr(table, key))
    )
    # RETURNING, not rowcount: psycopg reports -1 for an INSERT that did nothing
    return session.execute(statement).first() is not None


def values(
    uid: str,
    account_id: int,
    session_id: int | None,
    number: str,
    *,
    allowed: bool,
    reason: str | None,
    cap_seconds: int | None,
    rate: RateSnapshot | None,
    at: datetime,
) -> dict[str, object]:
    """One decision as a ``call_authorizations`` row (a refused call has no session)."""
    return {
        "booth_uniqueid": uid,
        "account_id": account_id,
        "session_id": session_id,
        "number": number[:40],
        "allowed": allowed,
        "reason": reason,
        "cap_seconds": cap_seconds,
        "rate_json": dump_rate(rate),
        "authorized_at": at,
    }


def record(session: Session, row: dict[str, object]) -> None:
    """Store a decision (:func:`values`) in ``session``'s unit of work, e.g. with the
    walk-in session it opened. The first decision on a Uniqueid stands."""
    insert_ignoring_conflict(session, CallAuthorization, row, "booth_uniqueid")


def insert_all(connection: Connection, rows: list[dict[str, object]]) -> None:
    """Store decisions (:func:`values`) with one Core INSERT and no ORM object: the
    authorization's hot path. The first decision on a Uniqueid stands."""
    statement = _INSERTS.get(connection.dialect.name)
    if statement is None:
        statement = _insert_ignoring(connection.dialect.name, CallAuthorization, "booth_uniqueid")
        _INSERTS[connection.dialect.name] = statement
    connection.execute(statement, rows)


_INSERTS: dict[str, Any] = {}  # dialect -> the INSERT, built once (building costs more)


def mark_answered(session: Session, uid: str, answered_at: datetime) -> None:
    session.execute(
        update(CallAuthorization)
        .where(CallAuthorization.booth_uniqueid == uid, CallAuthorization.answered_at.is_(None))
        .values(answered_at=answered_at)
    )


def unbilled(session: Session, session_id: int) -> list[CallAuthorization]:
    """Calls the session authorized whose bill has not come yet (live, or just ended)."""
    billed = select(Call.booth_uniqueid).where(
        Call.booth_uniqueid == CallAuthorization.booth_uniqueid
    )
    return list(
        session.scalars(
            select(CallAuthorization)
            .where(
                CallAuthorization.session_id == session_id,
                CallAuthorization.allowed,
                ~billed.exists(),
            )
            .order_by(CallAuthorization.authorized_at)
        )
    )


def meter_seconds(auth: CallAuthorization, now: datetime) -> int:
    """Whole seconds since the answer, floored like Asterisk's billsec (0 before an answer)."""
    if auth.answered_at is None:
        return 0
    return max(0, int((now - auth.answered_at).total_seconds()))


def meter_cost(rate: RateSnapshot, currency: str, seconds: int) -> tuple[int, Decimal]:
    """(billed seconds, price) of an answered call of ``seconds`` at a snapshot rate: the
    rating rule itself, exactly as the live meter and the final bill apply it."""
    terms, row = terms_of(rate, currency), rate_row_of(rate)
    return billed_seconds(terms, row, seconds), call_cost(terms, row, seconds, answered=True)


class Metered(NamedTuple):
    """A call still owed, priced by the live meter from its answer to a given moment."""

    rate: RateSnapshot
    seconds: int
    billed_seconds: int
    cost: Decimal


def metered(auth: CallAuthorization, currency: str, now: datetime) -> Metered | None:
    """What the live meter says the authorized call costs at ``now``; None when it was never
    answered (as far as anyone knows) or has no rate: it costs nothing until its record."""
    rate = load_rate(auth.rate_json)
    if rate is None or auth.answered_at is None:
        return None
    seconds = meter_seconds(auth, now)
    billed, cost = meter_cost(rate, currency, seconds)
    return Metered(rate, seconds, billed, cost)


class GroupWriter:
    """Stores decisions (:func:`values` rows) for many threads, committing together the ones
    that arrive while a commit is under way: 50 booths dialing at once cost a few commits,
    not 50. :meth:`write` returns once its row is committed (the answer may go to Asterisk
    then) and raises what the commit raised; a failed batch fails every row in it, none of
    them half-stored."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._cond = threading.Condition()
        self._queue: list[_Ticket] = []
        self._writing = False

    def write(self, row: dict[str, object]) -> None:
        self.write_all([row])

    def write_all(self, rows: list[dict[str, object]]) -> None:
        """Store ``rows`` (a burst decided together) in one commit, with whatever other
        threads wrote meanwhile; all of them or none."""
        ticket = _Ticket(rows)
        with self._cond:
            self._queue.append(ticket)
            while self._writing and not ticket.done:
                self._cond.wait()
            if not ticket.done:  # this thread commits the queue, its own rows included
                self._writing = True
                batch, self._queue = self._queue, []
        if not ticket.done:
            error: BaseException | None = None
            try:
                with self._engine.begin() as connection:
                    insert_all(connection, [row for t in batch for row in t.rows])
            except BaseException as exc:
                error = exc
            with self._cond:
                for t in batch:
                    t.done, t.error = True, error
                self._writing = False
                self._cond.notify_all()
        if ticket.error is not None:
            raise ticket.error


class _Ticket:
    __slots__ = ("done", "error", "rows")

    def __init__(self, rows: list[dict[str, object]]) -> None:
        self.rows = rows
        self.done = False
        self.error: BaseException | None = None
