"""Column types: exact money and timezone-aware UTC timestamps on every backend (the
conversions themselves are db/codecs.py's, shared with the read-only SQLite path)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect
from sqlalchemy.types import TypeDecorator

from callshop_pos.db.codecs import (
    MONEY_DECIMALS,
    money_from_int,
    money_to_int,
    utc_aware,
    utc_naive,
)

__all__ = ["MONEY_DECIMALS", "Money", "UTCDateTime", "utcnow"]


class Money(TypeDecorator[Decimal]):
    """A Decimal stored as a scaled 64-bit integer (micro-units): exact, sortable, and never
    a float or SQLite REAL. A value with more than 6 decimals is refused, not rounded."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        return None if value is None else money_to_int(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else money_from_int(value)

    def process_literal_param(self, value: Any, dialect: Dialect) -> str:
        return str(self.process_bind_param(value, dialect))

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal


class UTCDateTime(TypeDecorator[datetime]):
    """Stored naive in UTC, returned timezone-aware (UTC). Naive input is taken as UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else utc_naive(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else utc_aware(value)

    @property
    def python_type(self) -> type[datetime]:
        return datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
