"""Revenue and margin of a period, per day, booth, destination and vendor, with the takings
that reconcile with the receipts (the owner's evening report, GUI, PDF, CSV and CLI alike).

Every figure is a GROUP BY in the database over the period's rows (the indexes of migration
0009), never a loop over the calls in Python; money comes back exact (``Money`` columns are
scaled integers, so SQL sums them exactly).

*Revenue* is the calls' retail price; *cost* what the minutes cost the shop (the owner's
wholesale price, or the vendor's when the call has no wholesale price); *margin* revenue less
cost. The *takings* are the session receipts' stored totals — the bill made by
``printing.totals`` at Stop, tax added on top and cash rounding included — so the report adds
up to the receipts in the drawer without a second money formula. Booths sort by position.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callshop_pos.counter import Disposition
from callshop_pos.db.models import Account, BoothSession, Call, ExtraItem, Receipt, Vendor
from callshop_pos.services import sessions
from callshop_pos.services.reports_period import Period, as_date, local_day, local_hour

ZERO = Decimal(0)
NO_VENDOR = "—"


@dataclass(frozen=True)
class Figures:
    """One line of the revenue report (``takings``/``extras``: days and booths only)."""

    key: str
    calls: int = 0
    billed_seconds: int = 0
    revenue: Decimal = ZERO
    wholesale: Decimal = ZERO
    vendor: Decimal = ZERO
    cost: Decimal = ZERO
    extras: Decimal = ZERO
    takings: Decimal = ZERO

    @property
    def billed_minutes(self) -> Decimal:
        return (Decimal(self.billed_seconds) / 60).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def margin(self) -> Decimal:
        return self.revenue - self.cost

    @property
    def margin_percent(self) -> Decimal | None:
        if not self.revenue:
            return None
        return (self.margin * 100 / self.revenue).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def __add__(self, other: Figures) -> Figures:
        return replace(
            self,
            calls=self.calls + other.calls,
            billed_seconds=self.billed_seconds + other.billed_seconds,
            revenue=self.revenue + other.revenue,
            wholesale=self.wholesale + other.wholesale,
            vendor=self.vendor + other.vendor,
            cost=self.cost + other.cost,
            extras=self.extras + other.extras,
            takings=self.takings + other.takings,
        )


@dataclass(frozen=True)
class RevenueReport:
    period: Period
    currency: str
    shop_name: str
    days: list[Figures]  # every day of the period, key = ISO date
    booths: list[Figures]  # by position
    destinations: list[Figures]  # by revenue, highest first
    vendors: list[Figures]
    talk_seconds_by_hour: list[int] = field(default_factory=lambda: [0] * 24)  # local hour

    @property
    def total(self) -> Figures:
        return total_of(self.days)

    def top_destinations(self, n: int = 10) -> list[Figures]:
        return self.destinations[:n]


def money_sums() -> tuple[Any, ...]:
    shop_cost = func.coalesce(Call.wholesale_cost, Call.vendor_cost, ZERO)
    return (
        func.count(Call.id),
        func.coalesce(func.sum(Call.billed_seconds), 0),
        func.coalesce(func.sum(Call.cost), ZERO),
        func.coalesce(func.sum(func.coalesce(Call.wholesale_cost, ZERO)), ZERO),
        func.coalesce(func.sum(func.coalesce(Call.vendor_cost, ZERO)), ZERO),
        func.coalesce(func.sum(shop_cost), ZERO),
    )


def figures_of(key: str, row: Any) -> Figures:
    calls, seconds, revenue, wholesale, vendor, cost = row
    return Figures(key, int(calls), int(seconds), revenue, wholesale, vendor, cost)


def _billed_calls(period: Period) -> Any:
    return (
        Call.started_at >= period.start,
        Call.started_at < period.end,
        Call.disposition == Disposition.ANSWERED,
    )


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def revenue_report(session: Session, period: Period) -> RevenueReport:
    prefs = sessions.preferences(session)
    return RevenueReport(
        period=period,
        currency=prefs.currency,
        shop_name=prefs.shop_name,
        days=by_day(session, period),
        booths=by_booth(session, period),
        destinations=by_destination(session, period),
        vendors=by_vendor(session, period),
        talk_seconds_by_hour=talk_by_hour(session, period),
    )


def by_day(session: Session, period: Period) -> list[Figures]:
    """Every local day of the period (days without a call too, for the chart)."""
    days: dict[date, Figures] = {d: Figures(d.isoformat()) for d in period.days()}
    dialect = _dialect(session)

    def add(day: object, more: Figures) -> None:
        key = as_date(day)
        days[key] = days[key] + replace(more, key=days[key].key)

    for seg in period.segments():
        bucket = local_day(Call.started_at, seg.offset, dialect)
        rows = session.execute(
            select(bucket, *money_sums())
            .where(
                Call.started_at >= seg.start,
                Call.started_at < seg.end,
                Call.disposition == Disposition.ANSWERED,
            )
            .group_by(bucket)
        )
        for day, *sums in rows:
            add(day, figures_of("", sums))
        receipt_day = local_day(Receipt.created_at, seg.offset, dialect)
        for day, takings in session.execute(
            select(receipt_day, func.sum(Receipt.total))
            .where(
                Receipt.kind == "session",
                Receipt.voided_at.is_(None),  # a voided receipt's money went back
                Receipt.created_at >= seg.start,
                Receipt.created_at < seg.end,
            )
            .group_by(receipt_day)
        ):
            add(day, Figures("", takings=takings))
        extra_day = local_day(ExtraItem.created_at, seg.offset, dialect)
        for day, extras in session.execute(
            select(extra_day, func.sum(ExtraItem.amount))
            .where(ExtraItem.created_at >= seg.start, ExtraItem.created_at < seg.end)
            .group_by(extra_day)
        ):
            add(day, Figures("", extras=extras))
    return [days[d] for d in sorted(days)]


def by_booth(session: Session, period: Period) -> list[Figures]:
    """The booths with anything in the period, by their position on the board."""
    figures: dict[int | None, Figures] = {}

    def add(account_id: int | None, more: Figures) -> None:
        figures[account_id] = figures.get(account_id, Figures("")) + more

    for account_id, *sums in session.execute(
        select(Call.account_id, *money_sums())
        .where(*_billed_calls(period))
        .group_by(Call.account_id)
    ):
        add(account_id, figures_of("", sums))
    for account_id, takings in session.execute(
        select(BoothSession.account_id, func.sum(Receipt.total))
        .join(BoothSession, BoothSession.id == Receipt.session_id)
        .where(
            Receipt.kind == "session",
            Receipt.voided_at.is_(None),
            Receipt.created_at >= period.start,
            Receipt.created_at < period.end,
        )
        .group_by(BoothSession.account_id)
    ):
        add(account_id, Figures("", takings=takings))
    for account_id, extras in session.execute(
        select(BoothSession.account_id, func.sum(ExtraItem.amount))
        .join(BoothSession, BoothSession.id == ExtraItem.session_id)
        .where(ExtraItem.created_at >= period.start, ExtraItem.created_at < period.end)
        .group_by(BoothSession.account_id)
    ):
        add(account_id, Figures("", extras=extras))
    return _in_booth_order(session, figures)


def _in_booth_order(session: Session, figures: dict[int | None, Figures]) -> list[Figures]:
    ids = [i for i in figures if i is not None]
    booths = (
        session.execute(
            select(Account.id, Account.name)
            .where(Account.id.in_(ids))
            .order_by(Account.position, Account.name, Account.id)
        ).all()
        if ids
        else []
    )
    out = [replace(figures[i], key=name) for i, name in booths]
    if None in figures:
        out.append(replace(figures[None], key="?"))
    return out


def by_destination(session: Session, period: Period) -> list[Figures]:
    area = func.coalesce(func.nullif(Call.area_name, ""), Call.prefix, "?")
    rows = session.execute(select(area, *money_sums()).where(*_billed_calls(period)).group_by(area))
    found = [figures_of(str(name), sums) for name, *sums in rows]
    return sorted(found, key=lambda f: (-f.revenue, f.key))


def by_vendor(session: Session, period: Period) -> list[Figures]:
    rows = session.execute(
        select(Vendor.name, *money_sums())
        .select_from(Call)
        .outerjoin(Vendor, Vendor.id == Call.vendor_id)
        .where(*_billed_calls(period))
        .group_by(Vendor.name)
    )
    found = [figures_of(name or NO_VENDOR, sums) for name, *sums in rows]
    return sorted(found, key=lambda f: (f.key == NO_VENDOR, f.key.casefold()))


def talk_by_hour(session: Session, period: Period) -> list[int]:
    """Seconds talked per local hour of the day (by each call's start): booth occupancy."""
    hours = [0] * 24
    dialect = _dialect(session)
    for seg in period.segments():
        hour = local_hour(Call.started_at, seg.offset, dialect)
        for h, seconds in session.execute(
            select(hour, func.sum(Call.billable_seconds))
            .where(
                Call.started_at >= seg.start,
                Call.started_at < seg.end,
                Call.disposition == Disposition.ANSWERED,
            )
            .group_by(hour)
        ):
            hours[int(h) % 24] += int(seconds or 0)
    return hours


def total_of(rows: Iterable[Figures], key: str = "") -> Figures:
    return sum(rows, Figures(key))
