"""The booth sessions of a period, and the problems a reconciliation of it finds.

Sessions: start/stop, mode, calls, the bill, cash paid in (less change) and refunded, the
cashier — each figure a subquery grouped in SQL. Problems: calls billed outside a session, a
closed session whose cash or running calls total does not match its bill or its calls, a
session still open past closing time, the adjustments settled after a Stop, and the PBX
records set aside as unbillable (``services.problems``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import case, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from callshop_pos.db.models import Account, Adjustment, BoothSession, Call, Payment, User
from callshop_pos.db.types import Money
from callshop_pos.services import problems as pbx_problems
from callshop_pos.services.reports_period import Period

ZERO = Decimal(0)
OPEN_TOO_LONG = timedelta(hours=12)  # a session open longer is flagged (no closing time set)


@dataclass(frozen=True)
class SessionRow:
    id: int
    booth: str
    started_at: datetime
    stopped_at: datetime | None
    mode: str
    calls: int
    calls_total: Decimal
    extras_total: Decimal
    total: Decimal | None
    paid: Decimal  # cash in: prepayment, top-ups, payment, less change
    refunded: Decimal
    cashier: str


_starter = aliased(User)


def sessions_report(
    session: Session, period: Period, account_id: int | None = None
) -> list[SessionRow]:
    calls = (
        select(Call.session_id.label("sid"), func.count(Call.id).label("n"))
        .where(Call.session_id.is_not(None), Call.cost > 0)
        .group_by(Call.session_id)
        .subquery()
    )
    refund = Payment.kind == "refund"
    money = (
        select(
            Payment.session_id.label("sid"),
            func.sum(type_coerce(case((refund, 0), else_=Payment.amount), Money())).label("paid"),
            func.sum(type_coerce(case((refund, -Payment.amount), else_=0), Money())).label(
                "refunded"
            ),
        )
        .group_by(Payment.session_id)
        .subquery()
    )
    query = (
        select(BoothSession, Account.name, _starter.name, calls.c.n, money.c.paid, money.c.refunded)
        .join(Account, Account.id == BoothSession.account_id)
        .outerjoin(_starter, _starter.id == BoothSession.started_by)
        .outerjoin(calls, calls.c.sid == BoothSession.id)
        .outerjoin(money, money.c.sid == BoothSession.id)
        .where(BoothSession.started_at >= period.start, BoothSession.started_at < period.end)
        .order_by(BoothSession.started_at, BoothSession.id)
    )
    if account_id is not None:
        query = query.where(BoothSession.account_id == account_id)
    out = []
    for booth, name, cashier, n, paid, refunded in session.execute(query):
        out.append(
            SessionRow(
                booth.id,
                name,
                booth.started_at,
                booth.stopped_at,
                booth.mode,
                int(n or 0),
                booth.calls_total,
                booth.extras_total,
                booth.total,
                paid or ZERO,
                refunded or ZERO,
                cashier or "",
            )
        )
    return out


class ProblemKind(StrEnum):
    OUTSIDE_SESSION = "outside_session"  # a billed call with no session
    PAID_SHORT = "paid_short"  # a closed session took less cash than its bill
    CALLS_MISMATCH = "calls_mismatch"  # its running calls total differs from its calls
    OPEN_TOO_LONG = "open_too_long"
    ADJUSTMENT = "adjustment"  # settled after Stop (services.billing)
    UNBILLABLE = "unbillable"  # a PBX record set aside (services.problems)


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    at: datetime
    booth: str
    reference: str  # session #, call #, the PBX Uniqueid
    expected: Decimal | None = None
    actual: Decimal | None = None
    note: str = ""


def problems_report(session: Session, period: Period, now: datetime | None = None) -> list[Problem]:
    now = now or datetime.now(UTC)
    inside = (period.start, period.end)
    found: list[Problem] = []
    for call, name in session.execute(
        select(Call, Account.name)
        .outerjoin(Account, Account.id == Call.account_id)
        .where(
            Call.session_id.is_(None),
            Call.cost > 0,
            Call.started_at >= inside[0],
            Call.started_at < inside[1],
        )
    ):
        found.append(
            Problem(
                ProblemKind.OUTSIDE_SESSION,
                call.started_at,
                name or call.endpoint,
                f"call {call.id}",
                None,
                call.cost,
                call.number,
            )
        )
    found += _session_problems(session, period, now)
    for adj, name in session.execute(
        select(Adjustment, Account.name)
        .outerjoin(BoothSession, BoothSession.id == Adjustment.session_id)
        .outerjoin(Account, Account.id == BoothSession.account_id)
        .where(Adjustment.created_at >= inside[0], Adjustment.created_at < inside[1])
    ):
        found.append(
            Problem(
                ProblemKind.ADJUSTMENT,
                adj.created_at,
                name or "",
                f"call {adj.call_id}",
                adj.charged,
                adj.actual,
                adj.kind,
            )
        )
    for p in pbx_problems.open_problems(session):
        if inside[0] <= p.created_at < inside[1]:
            found.append(
                Problem(
                    ProblemKind.UNBILLABLE, p.created_at, "", p.booth_uniqueid, note=p.detail[:200]
                )
            )
    return sorted(found, key=lambda p: (p.at, p.kind))


def _session_problems(session: Session, period: Period, now: datetime) -> list[Problem]:
    calls = (
        select(Call.session_id.label("sid"), func.sum(Call.cost).label("cost"))
        .where(Call.session_id.is_not(None))
        .group_by(Call.session_id)
        .subquery()
    )
    cash = (
        select(Payment.session_id.label("sid"), func.sum(Payment.amount).label("net"))
        .group_by(Payment.session_id)
        .subquery()
    )
    found = []
    rows = session.execute(
        select(BoothSession, Account.name, calls.c.cost, cash.c.net)
        .join(Account, Account.id == BoothSession.account_id)
        .outerjoin(calls, calls.c.sid == BoothSession.id)
        .outerjoin(cash, cash.c.sid == BoothSession.id)
        .where(BoothSession.started_at >= period.start, BoothSession.started_at < period.end)
        .order_by(BoothSession.started_at)
    )
    for booth, name, cost, net in rows:
        ref = f"session {booth.id}"
        cost, net = cost or ZERO, net or ZERO
        if cost != booth.calls_total:
            found.append(
                Problem(
                    ProblemKind.CALLS_MISMATCH, booth.started_at, name, ref, cost, booth.calls_total
                )
            )
        if booth.stopped_at is None:
            if now - booth.started_at > OPEN_TOO_LONG:
                found.append(Problem(ProblemKind.OPEN_TOO_LONG, booth.started_at, name, ref))
        elif booth.total is not None and net < booth.total:
            found.append(
                Problem(ProblemKind.PAID_SHORT, booth.stopped_at, name, ref, booth.total, net)
            )
    return found
