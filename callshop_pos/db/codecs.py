"""How a value is stored, one home for each conversion: exact money as scaled integers and
UTC times as naive timestamps (and, in SQLite, as the text SQLAlchemy writes).

Plain functions, no SQLAlchemy: db/types.py's ``Money`` and ``UTCDateTime`` call them, and so
does the read-only SQLite path (db/sqlite_read.py), which decodes the driver's raw values
without SQLAlchemy. A column's *codec* is one of the names below; db/core_read.py maps each to
its SQLAlchemy type, :data:`DECODE` and :data:`ENCODE` to the functions for SQLite's raw values.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Final

MONEY_DECIMALS = 6  # per-minute prices of rate decks go to 6 decimals
_SCALE = Decimal(10) ** MONEY_DECIMALS
_ZERO = Decimal("0")

# the codecs a column can have
MONEY: Final = "money"  # Decimal <-> scaled 64-bit integer (micro-units)
UTC_TIME: Final = "utc"  # aware datetime <-> naive UTC (SQLite: text)
INT: Final = "int"
TEXT: Final = "text"
BOOL: Final = "bool"
CODECS: Final = (MONEY, UTC_TIME, INT, TEXT, BOOL)


def money_to_int(value: Any) -> int:
    """An amount as stored: micro-units. More than 6 decimals is refused, not rounded."""
    amount = Decimal(value) if not isinstance(value, Decimal) else value
    scaled = amount * _SCALE
    if scaled != scaled.to_integral_value():
        raise ValueError(f"amount {amount} has more than {MONEY_DECIMALS} decimals")
    return int(scaled)


def money_from_int(value: Any) -> Decimal:
    """A stored amount (micro-units) as the exact Decimal, without trailing zeros."""
    return (Decimal(int(value)) / _SCALE).normalize() + _ZERO


def utc_naive(value: datetime) -> datetime:
    """A time as stored: naive, in UTC (a naive time is taken as UTC already)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None)


def utc_aware(value: datetime) -> datetime:
    """A stored (naive, UTC) time as an aware UTC datetime."""
    return value.replace(tzinfo=UTC)


def utc_text(value: datetime) -> str:
    """A time as SQLite holds it: the text SQLAlchemy's SQLite dialect writes for the naive
    UTC time (``YYYY-MM-DD HH:MM:SS.ffffff``; tests/db/test_read_queries.py holds it to that)."""
    v = utc_naive(value)
    return (
        f"{v.year:04d}-{v.month:02d}-{v.day:02d} "
        f"{v.hour:02d}:{v.minute:02d}:{v.second:02d}.{v.microsecond:06d}"
    )


def utc_from_text(value: str) -> datetime:
    """SQLite's text of a time as an aware UTC datetime, parsed as SQLAlchemy parses it."""
    return utc_aware(datetime.fromisoformat(value))


def boolean(value: Any) -> bool:
    """A stored flag (SQLite: 0/1) as a bool, as SQLAlchemy's Boolean reads it."""
    return bool(value)


# SQLite's raw values <-> Python, per codec (None: the value as the driver gives it)
DECODE: Final[dict[str, Callable[[Any], Any] | None]] = {
    MONEY: money_from_int,
    UTC_TIME: utc_from_text,
    INT: None,
    TEXT: None,
    BOOL: boolean,
}
ENCODE: Final[dict[str, Callable[[Any], Any] | None]] = {
    MONEY: money_to_int,
    UTC_TIME: utc_text,
    INT: None,
    TEXT: None,
    BOOL: int,
}
