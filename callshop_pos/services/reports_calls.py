"""The calls browser of the reports: a period's calls with filters, a page at a time.

Pages are *keyset* pages: ordered by (start, id), the next page starts after the last row
seen, so page 500 of a year costs what page 1 costs (the index on ``calls.started_at``, or
``(account_id, started_at)`` for one booth). The totals of the same filter are one aggregate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session, aliased

from callshop_pos.db.models import Account, BoothSession, Call, User
from callshop_pos.services.reports import Figures, figures_of, money_sums
from callshop_pos.services.reports_period import Period

PAGE = 200
Key = tuple[datetime, int]  # (started_at, id) of the last row seen


@dataclass(frozen=True)
class CallFilter:
    period: Period
    account_id: int | None = None
    destination: str = ""  # digits: a prefix of the number; else part of the area name
    disposition: str = ""
    cashier_id: int | None = None  # who started the call's session


@dataclass(frozen=True)
class CallRow:
    id: int
    started_at: datetime
    booth: str
    number: str
    area: str
    disposition: str
    billable_seconds: int
    billed_seconds: int
    cost: Decimal
    wholesale: Decimal | None
    vendor: Decimal | None
    cashier: str
    session_id: int | None

    @property
    def key(self) -> Key:
        return (self.started_at, self.id)


@dataclass(frozen=True)
class CallPage:
    rows: list[CallRow]
    next_key: Key | None  # None: this was the last page


_cashier = aliased(User)


def _in_period(query: Select[*tuple[Any, ...]], f: CallFilter) -> Select[*tuple[Any, ...]]:
    return query.where(Call.started_at >= f.period.start, Call.started_at < f.period.end)


def _areas_like(session: Session, f: CallFilter, text: str) -> list[str]:
    """The period's area names containing ``text`` in any case and alphabet (Python's
    casefold: SQLite's lower() folds ASCII only), as in the price table's area filter."""
    wanted = text.casefold()
    names = session.scalars(_in_period(select(Call.area_name).distinct(), f))
    return [n for n in names if n and wanted in n.casefold()]


def _filtered(
    session: Session, query: Select[*tuple[Any, ...]], f: CallFilter
) -> Select[*tuple[Any, ...]]:
    query = _in_period(query, f)
    if f.account_id is not None:
        query = query.where(Call.account_id == f.account_id)
    text = f.destination.strip().lstrip("+")
    if text.isdigit():
        query = query.where(
            or_(
                Call.normalized.startswith(text, autoescape=True),
                Call.number.startswith(text, autoescape=True),
            )
        )
    elif text:
        query = query.where(Call.area_name.in_(_areas_like(session, f, text)))
    if f.disposition:
        query = query.where(Call.disposition == f.disposition)
    if f.cashier_id is not None:
        query = query.where(BoothSession.started_by == f.cashier_id)
    return query


def _joined(query: Select[*tuple[Any, ...]]) -> Select[*tuple[Any, ...]]:
    return (
        query.select_from(Call)
        .outerjoin(Account, Account.id == Call.account_id)
        .outerjoin(BoothSession, BoothSession.id == Call.session_id)
        .outerjoin(_cashier, _cashier.id == BoothSession.started_by)
    )


def calls_page(
    session: Session, f: CallFilter, after: Key | None = None, limit: int = PAGE
) -> CallPage:
    query = _filtered(
        session,
        _joined(
            select(
                Call.id,
                Call.started_at,
                Account.name,
                Call.endpoint,
                Call.number,
                Call.area_name,
                Call.disposition,
                Call.billable_seconds,
                Call.billed_seconds,
                Call.cost,
                Call.wholesale_cost,
                Call.vendor_cost,
                _cashier.name,
                Call.session_id,
            )
        ),
        f,
    )
    if after is not None:
        at, last_id = after
        query = query.where(
            or_(Call.started_at > at, and_(Call.started_at == at, Call.id > last_id))
        )
    rows = session.execute(query.order_by(Call.started_at, Call.id).limit(limit + 1)).all()
    page = [
        CallRow(
            r[0],
            r[1],
            r[2] or r[3],
            r[4],
            r[5] or "",
            r[6],
            r[7],
            r[8],
            r[9],
            r[10],
            r[11],
            r[12] or "",
            r[13],
        )
        for r in rows[:limit]
    ]
    more = len(rows) > limit
    return CallPage(page, page[-1].key if more and page else None)


def calls_totals(session: Session, f: CallFilter) -> Figures:
    """Count, billed time and money of every call the filter keeps (all dispositions)."""
    row = session.execute(_filtered(session, _joined(select(*money_sums())), f)).one()
    return figures_of("", row)
