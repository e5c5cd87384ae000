"""The period of a report: local days (today, yesterday, this week, this month, custom), and
how SQL buckets a UTC timestamp into the shop's local day and hour.

The database keeps UTC. A local day is a UTC range whose offset may change inside the period
(daylight saving time), so the period is cut into *segments* of one UTC offset: within one,
local time is ``utc + offset`` exactly and SQL can group by it; a report runs its GROUP BY
once per segment (one for most periods, two or three over a year) and adds the buckets up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Any

from sqlalchemy import Date, cast, func, literal
from sqlalchemy.sql.elements import ColumnElement


class Preset(StrEnum):
    TODAY = "today"
    YESTERDAY = "yesterday"
    WEEK = "week"  # Monday to today
    MONTH = "month"  # the 1st to today
    CUSTOM = "custom"


class BadPeriod(ValueError):
    """A period that ends before it starts (said in one line)."""


def local_midnight(day: date) -> datetime:
    """The start of the shop's local ``day``, as an aware UTC instant."""
    return datetime.combine(day, time.min).astimezone().astimezone(UTC)


@dataclass(frozen=True)
class Segment:
    """A UTC range [start, end) with one local UTC offset (seconds)."""

    start: datetime
    end: datetime
    offset: int


@dataclass(frozen=True)
class Period:
    first: date  # local days, both included
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise BadPeriod(f"the period ends ({self.last}) before it starts ({self.first})")

    @property
    def start(self) -> datetime:
        return local_midnight(self.first)

    @property
    def end(self) -> datetime:
        return local_midnight(self.last + timedelta(days=1))

    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]

    def segments(self) -> list[Segment]:
        """The period cut where the local UTC offset changes (found to the second)."""
        cuts = [self.start]
        for day in [*self.days()[1:], self.last + timedelta(days=1)]:
            at = local_midnight(day)
            if _offset(at) != _offset(cuts[-1]):
                cuts.append(_change_between(cuts[-1], at))
        cuts.append(self.end)
        return [Segment(a, b, _offset(a)) for a, b in pairwise(cuts) if a < b]

    def label(self) -> str:
        return (
            self.first.isoformat()
            if self.first == self.last
            else (f"{self.first.isoformat()} – {self.last.isoformat()}")
        )


def period_of(
    preset: Preset | str,
    today: date | None = None,
    first: date | None = None,
    last: date | None = None,
) -> Period:
    """The local days a preset means (``custom``: ``first``..``last``)."""
    today = today or datetime.now().astimezone().date()
    match Preset(preset):
        case Preset.TODAY:
            return Period(today, today)
        case Preset.YESTERDAY:
            day = today - timedelta(days=1)
            return Period(day, day)
        case Preset.WEEK:
            return Period(today - timedelta(days=today.weekday()), today)
        case Preset.MONTH:
            return Period(today.replace(day=1), today)
        case Preset.CUSTOM:
            return Period(first or today, last or first or today)


def _offset(at: datetime) -> int:
    delta = at.astimezone().utcoffset()
    return int(delta.total_seconds()) if delta is not None else 0


def _change_between(low: datetime, high: datetime) -> datetime:
    """The first instant in (low, high] with high's offset (low has another one)."""
    target = _offset(high)
    while high - low > timedelta(seconds=1):
        mid = low + (high - low) / 2
        if _offset(mid) == target:
            high = mid
        else:
            low = mid
    return high.replace(microsecond=0)


# --- SQL: a UTC column as a local day / hour within one segment ---------------------------


def local_day(column: Any, offset: int, dialect: str) -> ColumnElement[Any]:
    if dialect == "sqlite":
        return func.date(column, f"{offset:+d} seconds")
    return cast(column + literal(timedelta(seconds=offset)), Date)


def local_day_hour(column: Any, offset: int, dialect: str) -> tuple[Any, ColumnElement[Any]]:
    """(what to GROUP BY, the local day and hour of a group as text ``YYYY-MM-DD HH``).

    On SQLite with a whole-hour offset the calls are grouped by their UTC hour, the text's
    first 13 characters (a UTC hour is then one local hour), and only each group's hour is
    shifted: no date function for each of a year's calls (a third of the query's time)."""
    if dialect == "sqlite":
        if offset % 3600 == 0:
            utc_hour = func.substr(column, 1, 13)
            shifted = func.strftime("%Y-%m-%d %H", utc_hour.concat(":00"), f"{offset:+d} seconds")
            return utc_hour, shifted
        local = func.strftime("%Y-%m-%d %H", column, f"{offset:+d} seconds")
        return local, local
    local = func.to_char(column + literal(timedelta(seconds=offset)), "YYYY-MM-DD HH24")
    return local, local


def as_date(value: object) -> date:
    """A local_day() result: SQLite gives text, PostgreSQL a date."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))
