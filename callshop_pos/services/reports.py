"""Revenue and margin of a period, per day, booth, destination and vendor, with the takings
that reconcile with the receipts (the owner's evening report, GUI, PDF, CSV and CLI alike).

Every figure is a GROUP BY in the database over the period's rows (the covering index of
migration 0009), never a loop over the calls in Python; money comes back exact (``Money``
columns are scaled integers, so SQL sums them exactly). The calls are read three times, not
five: per local hour (summed again in SQL per day and per hour of the day), per booth and
vendor (a few dozen rows, added up here per booth and per vendor), per destination; with
the takings they are independent *parts* that ``revenue_report_of`` runs on two read
connections at once (a year of 250,000 calls: about 0.5 s on SQLite with two free cores,
see tests/bench/bench_reports.py).

*Revenue* is the calls' retail price; *cost* what the minutes cost the shop (the owner's
wholesale price, or the vendor's when the call has no wholesale price); *margin* revenue less
cost. The *takings* are the session receipts' stored totals — the bill made by
``printing.totals`` at Stop, tax added on top and cash rounding included — so the report adds
up to the receipts in the drawer without a second money formula. Booths sort by position.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import Session

from callshop_pos.counter import Disposition
from callshop_pos.db.engine import Database
from callshop_pos.db.models import Account, BoothSession, Call, ExtraItem, Receipt, Vendor
from callshop_pos.services import sessions
from callshop_pos.services.reports_period import (
    Period,
    as_date,
    local_day,
    local_day_hour,
)

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


# --- the independent parts: each one or two GROUP BYs, on any session ---------------------


@dataclass(frozen=True)
class Parts:
    """The raw GROUP BY results the report is assembled from (small: a year is 8,760 hours)."""

    day_hour: tuple[dict[date, Figures], list[int]]  # calls per local day, talk s per hour
    day_takings: dict[date, Figures]  # takings and extras per local day
    booth_vendor: list[tuple[int | None, int | None, Figures]]  # account id, vendor id
    booth_takings: dict[int | None, Figures]
    destinations: list[Figures]


def calls_by_day_and_hour(
    session: Session, period: Period
) -> tuple[dict[date, Figures], list[int]]:
    """The answered calls per local day, and the seconds talked per local hour of the day
    (by each call's start: booth occupancy). The calls are read once for both: a GROUP BY
    per local hour of the period, summed again in SQL per day and per hour (one statement
    per UTC-offset segment, a few hundred rows back)."""
    days: dict[date, Figures] = {}
    hours = [0] * 24
    dialect = _dialect(session)
    for seg in period.segments():
        group, hour_text = local_day_hour(Call.started_at, seg.offset, dialect)
        bucket = hour_text.label("bucket")
        sums = [
            func.coalesce(func.sum(Call.billable_seconds), 0).label("talk"),
            *(column.label(f"s{i}") for i, column in enumerate(money_sums())),
        ]
        per_hour = (
            select(bucket, *sums)
            .where(
                Call.started_at >= seg.start,
                Call.started_at < seg.end,
                Call.disposition == Disposition.ANSWERED,
            )
            .group_by(group)
            .cte("per_hour")
        )
        again = [func.sum(per_hour.c[s.name]) for s in sums]
        day = func.substr(per_hour.c.bucket, 1, 10)
        hour = func.substr(per_hour.c.bucket, 12, 2)
        both = union_all(
            select(literal("d"), day, *again).group_by(day),
            select(literal("h"), hour, *again).group_by(hour),
        )
        for part, key, talk, *rest in session.execute(both):
            if part == "h":
                hours[int(key) % 24] += int(talk)
            else:
                at = as_date(key)
                days[at] = days.get(at, Figures("")) + figures_of("", rest)
    return days, hours


def takings_by_day(session: Session, period: Period) -> dict[date, Figures]:
    """The session receipts' totals and the extras sold, per local day."""
    out: dict[date, Figures] = {}
    dialect = _dialect(session)

    def add(day: object, more: Figures) -> None:
        key = as_date(day)
        out[key] = out.get(key, Figures("")) + more

    for seg in period.segments():
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
    return out


def calls_by_booth_and_vendor(
    session: Session, period: Period
) -> list[tuple[int | None, int | None, Figures]]:
    """The answered calls per (booth, vendor): the booths and the vendors both add up from
    it (a few dozen rows), so the calls are read once for both."""
    # ``account_id + 0``: not the column itself, so SQLite reads the period's range of the
    # covering index and sorts (a few hundred ms a year) rather than walking the booths'
    # index in order and reading every call row (three times slower); NULL stays NULL
    booth = (Call.account_id + 0).label("booth")
    rows = session.execute(
        select(booth, Call.vendor_id, *money_sums())
        .where(*_billed_calls(period))
        .group_by(booth, Call.vendor_id)
    )
    return [(account_id, vendor_id, figures_of("", sums)) for account_id, vendor_id, *sums in rows]


def takings_by_booth(session: Session, period: Period) -> dict[int | None, Figures]:
    out: dict[int | None, Figures] = {}

    def add(account_id: int | None, more: Figures) -> None:
        out[account_id] = out.get(account_id, Figures("")) + more

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
    return out


def by_destination(session: Session, period: Period) -> list[Figures]:
    area = func.coalesce(func.nullif(Call.area_name, ""), Call.prefix, "?")
    rows = session.execute(select(area, *money_sums()).where(*_billed_calls(period)).group_by(area))
    found = [figures_of(str(name), sums) for name, *sums in rows]
    return sorted(found, key=lambda f: (-f.revenue, f.key))


PART_QUERIES: dict[str, Callable[[Session, Period], Any]] = {
    # the longest first, so two workers finish together
    "day_hour": calls_by_day_and_hour,
    "booth_vendor": calls_by_booth_and_vendor,
    "destinations": by_destination,
    "booth_takings": takings_by_booth,
    "day_takings": takings_by_day,
}


def parts_of(session: Session, period: Period) -> Parts:
    return Parts(**{name: query(session, period) for name, query in PART_QUERIES.items()})


# --- the report ------------------------------------------------------------------------------


def revenue_report(session: Session, period: Period) -> RevenueReport:
    """The report from one session (one snapshot of the database)."""
    return assemble(session, period, parts_of(session, period))


def revenue_report_of(db: Database, period: Period, workers: int = 2) -> RevenueReport:
    """The same report with its independent GROUP BYs run at once on ``workers`` read
    connections (SQLite WAL readers run in parallel; a year is one pass per part). The
    parts read separate snapshots: when a call or receipt committed between them makes them
    disagree (their call counts or takings differ), the report is made again from one
    session, so what it shows always adds up."""
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="report") as pool:
        futures = {
            name: pool.submit(_on_own_session, db, query, period)
            for name, query in PART_QUERIES.items()
        }
        parts = Parts(**{name: f.result() for name, f in futures.items()})
    with db.read() as s:
        if not _consistent(parts):
            parts = parts_of(s, period)
        return assemble(s, period, parts)


def _on_own_session(db: Database, query: Callable[[Session, Period], Any], period: Period) -> Any:
    with db.read() as s:
        return query(s, period)


def _consistent(parts: Parts) -> bool:
    calls = {
        sum(f.calls for f in parts.day_hour[0].values()),
        sum(f.calls for _, _, f in parts.booth_vendor),
        sum(f.calls for f in parts.destinations),
    }
    takings = {
        total_of(parts.day_takings.values()).takings,
        total_of(parts.booth_takings.values()).takings,
    }
    return len(calls) == 1 and len(takings) == 1


def assemble(session: Session, period: Period, parts: Parts) -> RevenueReport:
    prefs = sessions.preferences(session)
    return RevenueReport(
        period=period,
        currency=prefs.currency,
        shop_name=prefs.shop_name,
        days=_days(period, parts),
        booths=_booths(session, parts),
        destinations=parts.destinations,
        vendors=_vendors(session, parts),
        talk_seconds_by_hour=parts.day_hour[1],
    )


def _days(period: Period, parts: Parts) -> list[Figures]:
    """Every local day of the period (days without a call too, for the chart)."""
    days: dict[date, Figures] = {d: Figures(d.isoformat()) for d in period.days()}
    for day, figures in parts.day_hour[0].items():
        days[day] = days[day] + figures
    for day, figures in parts.day_takings.items():
        days[day] = days[day] + figures
    return [days[d] for d in sorted(days)]


def _booths(session: Session, parts: Parts) -> list[Figures]:
    """The booths with anything in the period, by their position on the board."""
    figures: dict[int | None, Figures] = dict(parts.booth_takings)
    for account_id, _vendor_id, more in parts.booth_vendor:
        figures[account_id] = figures.get(account_id, Figures("")) + more
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


def _vendors(session: Session, parts: Parts) -> list[Figures]:
    ids = {v for _, v, _ in parts.booth_vendor if v is not None}
    names = (
        {i: n for i, n in session.execute(select(Vendor.id, Vendor.name).where(Vendor.id.in_(ids)))}
        if ids
        else {}
    )
    figures: dict[str, Figures] = {}
    for _account_id, vendor_id, more in parts.booth_vendor:
        name = names.get(vendor_id, NO_VENDOR) if vendor_id is not None else NO_VENDOR
        figures[name] = figures.get(name, Figures(name)) + replace(more, key=name)
    found = list(figures.values())
    return sorted(found, key=lambda f: (f.key == NO_VENDOR, f.key.casefold()))


def total_of(rows: Iterable[Figures], key: str = "") -> Figures:
    return sum(rows, Figures(key))
