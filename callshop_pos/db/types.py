"""Column types: exact money and timezone-aware UTC timestamps on every backend."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect
from sqlalchemy.types import TypeDecorator

MONEY_DECIMALS = 6  # per-minute prices of rate decks go to 6 decimals
_SCALE = Decimal(10) ** MONEY_DECIMALS


class Money(TypeDecorator[Decimal]):
    """A Decimal stored as a scaled 64-bit integer (micro-units): exact, sortable, and never
    a float or SQLite REAL. A value with more than 6 decimals is refused, not rounded."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        amount = Decimal(value) if not isinstance(value, Decimal) else value
        scaled = amount * _SCALE
        if scaled != scaled.to_integral_value():
            raise ValueError(f"amount {amount} has more than {MONEY_DECIMALS} decimals")
        return int(scaled)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / _SCALE).normalize() + Decimal("0")

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
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)

    @property
    def python_type(self) -> type[datetime]:
        return datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
