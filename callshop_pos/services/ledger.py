"""The owner's picture of the two upper money levels over a period: the callshop customer's
balance with the system owner and what is owed to each vendor.

Billing moves the stored balances with every call (services/billing.py: the customer down
by the wholesale cost, the vendor up by its cost), so a balance at any moment is the stored
balance with the later calls' costs taken back. A period's opening and closing balances and
its movements are therefore one GROUP BY over the calls per party, by their start
(the index on ``calls.started_at``), never a loop over the calls in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    false,
    func,
    literal,
    select,
    true,
    type_coerce,
)
from sqlalchemy.orm import Session

from callshop_pos.db.models import Account, Call, Customer, Tariff, Vendor
from callshop_pos.db.types import Money


@dataclass(frozen=True)
class Balance:
    """One party's balance over a period: ``opening + movement == closing``. For the
    customer the calls' wholesale costs are debits (movement <= 0); for a vendor its costs
    are what the shop owes it (movement >= 0)."""

    kind: str  # "customer" | "vendor"
    id: int
    name: str
    currency: str
    opening: Decimal
    calls: int  # calls of the period that moved the balance
    movement: Decimal
    closing: Decimal
    now: Decimal  # the stored balance today


@dataclass(frozen=True)
class Ledger:
    since: datetime | None
    until: datetime | None
    customers: list[Balance]
    vendors: list[Balance]


def _sum(condition: ColumnElement[bool], amount: Any) -> ColumnElement[Decimal]:
    """SUM of ``amount`` over the grouped calls meeting ``condition``: exact (the scaled
    integers are summed by the database, then read back as Decimal), 0 when none."""
    picked = case((condition, amount), else_=literal(0))
    return type_coerce(func.coalesce(func.sum(picked), 0), Money())


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.count(case((condition, literal(1))))


def _after(at: datetime | None, *, none_is_all: bool) -> ColumnElement[bool]:
    """Calls started at or after ``at``; with ``at`` None, every call or none."""
    if at is None:
        return true() if none_is_all else false()
    return Call.started_at >= at


def _within(since: datetime | None, until: datetime | None) -> ColumnElement[bool]:
    return and_(
        Call.started_at >= since if since is not None else true(),
        Call.started_at < until if until is not None else true(),
    )


def ledger(
    session: Session, since: datetime | None = None, until: datetime | None = None
) -> Ledger:
    """Opening balance (at ``since``; None: before the first call), the calls' movements of
    [``since``, ``until``) and the closing balance (at ``until``; None: now), per callshop
    customer and per vendor. Raises ValueError when ``since`` is not before ``until``."""
    if since is not None and until is not None and since >= until:
        raise ValueError("the period's start must be before its end")
    return Ledger(since, until, _customers(session, since, until), _vendors(session, since, until))


def _customers(session: Session, since: datetime | None, until: datetime | None) -> list[Balance]:
    party = (
        select(
            Customer.id,
            Customer.name,
            Customer.balance,
            func.coalesce(Tariff.currency, "").label("currency"),
        )
        .outerjoin(Tariff, Tariff.id == Customer.tariff_id)
        .outerjoin(Account, Account.customer_id == Customer.id)
        .outerjoin(Call, and_(Call.account_id == Account.id, _after(since, none_is_all=True)))
        .group_by(Customer.id, Customer.name, Customer.balance, Tariff.currency)
        .order_by(Customer.name)
    )
    # the customer's balance went down by the costs: a balance earlier adds them back
    return _balances(session, "customer", party, Call.wholesale_cost, since, until, 1)


def _vendors(session: Session, since: datetime | None, until: datetime | None) -> list[Balance]:
    party = (
        select(Vendor.id, Vendor.name, Vendor.balance, Vendor.currency)
        .outerjoin(Call, and_(Call.vendor_id == Vendor.id, _after(since, none_is_all=True)))
        .group_by(Vendor.id, Vendor.name, Vendor.balance, Vendor.currency)
        .order_by(Vendor.name)
    )
    # what is owed to the vendor went up by its costs: a balance earlier takes them back
    return _balances(session, "vendor", party, Call.vendor_cost, since, until, -1)


def _balances(
    session: Session,
    kind: str,
    party: Select[*tuple[Any, ...]],
    cost: Any,
    since: datetime | None,
    until: datetime | None,
    sign: int,
) -> list[Balance]:
    """``party`` (id, name, balance, currency per party, its calls joined from ``since``)
    with the sums of ``cost`` from the period's start and from its end, in one query."""
    rows = session.execute(
        party.add_columns(
            _sum(_after(since, none_is_all=True), cost).label("from_start"),
            _sum(_after(until, none_is_all=False), cost).label("from_end"),
            _count(and_(_within(since, until), cost.is_not(None))).label("calls"),
        )
    ).all()
    return [
        Balance(
            kind=kind,
            id=r.id,
            name=r.name,
            currency=r.currency,
            opening=(opening := r.balance + sign * r.from_start),
            calls=int(r.calls),
            movement=(closing := r.balance + sign * r.from_end) - opening,
            closing=closing,
            now=r.balance,
        )
        for r in rows
    ]
