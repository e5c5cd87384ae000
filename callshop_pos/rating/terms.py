"""The rating rule's inputs (docs/ARCHITECTURE.md §4): a tariff's terms and one per-prefix rate.

Both are frozen so a rate captured for a live call cannot change under it, and validated on
construction so the rule itself never has to guard against a zero interval or a float price.
``RateRow`` uses ``__slots__`` because a rate deck holds hundreds of thousands of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from callshop_pos.money import MAX_PRECISION, ZERO

# The activation of a row that has always been active (e.g. a rate snapshot for a live call).
BEGINNING_OF_TIME = datetime.min.replace(tzinfo=UTC)


def _exact(name: str, value: Decimal | int) -> Decimal:
    # The common case first, in as few operations as possible: a deck builds hundreds of
    # thousands of rows, each with two prices, and all of them are plain finite Decimals.
    if type(value) is Decimal and value.is_finite() and not value < 0:
        return value
    # Defaults and callers may pass whole numbers; floats are refused because they are
    # already inexact by the time they get here.
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal, not {type(value).__name__}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"{name} must be finite, not {value}")
    if value < 0:
        raise ValueError(f"{name} must not be negative, not {value}")
    return value


def _whole(name: str, value: int, minimum: int) -> None:
    if type(value) is int and value >= minimum:  # the common case, without isinstance calls
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {value}")


@dataclass(frozen=True, slots=True)
class TariffTerms:
    """A tariff's call-level terms; the per-prefix prices are in :class:`RateRow`."""

    currency: str = "EUR"
    connect_fee: Decimal = ZERO
    free_seconds: int = 0
    grace_period: int = 0
    post_call_surcharge: Decimal = ZERO  # a fraction: 0.18 means +18 %
    precision: int = 2  # decimals of a call's cost
    round_up: bool = False  # True: always round up; False: half-up
    # The rule's integer form of these terms (rule._terms_form), computed on first use and
    # kept here because the terms are immutable; not part of equality, hash or repr.
    _fast: Any = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A frozen dataclass can only normalise its fields through object.__setattr__.
        object.__setattr__(self, "connect_fee", _exact("connect_fee", self.connect_fee))
        object.__setattr__(
            self, "post_call_surcharge", _exact("post_call_surcharge", self.post_call_surcharge)
        )
        _whole("free_seconds", self.free_seconds, 0)
        _whole("grace_period", self.grace_period, 0)
        _whole("precision", self.precision, 0)
        if self.precision > MAX_PRECISION:
            raise ValueError(f"precision must be at most {MAX_PRECISION}, not {self.precision}")


@dataclass(frozen=True, slots=True)
class RateRow:
    """One rate of a tariff or destination set: prices per minute for numbers under ``prefix``.

    ``activation`` and ``expiration`` are timezone-aware UTC datetimes; the row is active on
    ``activation <= t < expiration`` (no expiration: open-ended).
    """

    prefix: str
    area_name: str
    price_1: Decimal  # per minute, first interval
    price_n: Decimal  # per minute, next intervals
    interval_1: int = 60  # seconds
    interval_n: int = 60  # seconds
    forbidden: bool = False
    grace_enabled: bool = False
    activation: datetime = BEGINNING_OF_TIME
    expiration: datetime | None = None
    # The rule's precomputed integer form of this row under one tariff's terms (see
    # rule._priced); shared between rows with the same prices and intervals, so a deck costs
    # one pointer per row. Not part of equality, hash or repr.
    _priced: Any = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "price_1", _exact("price_1", self.price_1))
        object.__setattr__(self, "price_n", _exact("price_n", self.price_n))
        # Zero intervals would divide by zero in the rule; both must be whole seconds.
        _whole("interval_1", self.interval_1, 1)
        _whole("interval_n", self.interval_n, 1)

    def is_active(self, at: datetime) -> bool:
        """Whether this row prices calls at ``at`` (a timezone-aware datetime)."""
        return self.activation <= at and (self.expiration is None or at < self.expiration)


# A rate row's values in RateRow's field order: what bulk paths (a deck's import, an index
# loaded from the database) carry instead of RateRow objects.
RowValues = tuple[str, str, Decimal, Decimal, int, int, bool, bool, datetime, datetime | None]
# the rate columns, in RateRow's field order (its private memo of the pricing left out)
RATE_FIELDS = tuple(f.name for f in fields(RateRow) if not f.name.startswith("_"))


def row_values(row: RateRow) -> RowValues:
    return (
        row.prefix,
        row.area_name,
        row.price_1,
        row.price_n,
        row.interval_1,
        row.interval_n,
        row.forbidden,
        row.grace_enabled,
        row.activation,
        row.expiration,
    )


class Pricing(NamedTuple):
    """What the rule needs of a rate row to price a call under a tariff's terms: the prices
    and intervals and the grace flag. Rows with equal ones share a single Pricing (and one
    integer form per tariff, see rule.form_for), which keeps a big index small."""

    price_1: Decimal
    price_n: Decimal
    interval_1: int
    interval_n: int
    grace_enabled: bool


# RateRow's slot setters, bound once: see trusted_rate_row.
_new = object.__new__
(
    _set_prefix,
    _set_area_name,
    _set_price_1,
    _set_price_n,
    _set_interval_1,
    _set_interval_n,
    _set_forbidden,
    _set_grace_enabled,
    _set_activation,
    _set_expiration,
    _set_priced,
) = (
    RateRow.__dict__[name].__set__
    for name in (
        "prefix",
        "area_name",
        "price_1",
        "price_n",
        "interval_1",
        "interval_n",
        "forbidden",
        "grace_enabled",
        "activation",
        "expiration",
        "_priced",
    )
)


def trusted_rate_row(
    prefix: str,
    area_name: str,
    price_1: Decimal,
    price_n: Decimal,
    interval_1: int,
    interval_n: int,
    forbidden: bool,
    grace_enabled: bool,
    activation: datetime,
    expiration: datetime | None,
) -> RateRow:
    """A RateRow from values the caller has already validated exactly as ``__post_init__``
    would (finite non-negative Decimal prices, whole positive intervals), e.g. the cells of a
    deck that passed parse_deck's checks. Three times faster than the dataclass constructor,
    which matters at 250,000 rows; anything not proven valid must use ``RateRow(...)``."""
    row = _new(RateRow)
    _set_prefix(row, prefix)
    _set_area_name(row, area_name)
    _set_price_1(row, price_1)
    _set_price_n(row, price_n)
    _set_interval_1(row, interval_1)
    _set_interval_n(row, interval_n)
    _set_forbidden(row, forbidden)
    _set_grace_enabled(row, grace_enabled)
    _set_activation(row, activation)
    _set_expiration(row, expiration)
    _set_priced(row, None)
    return row
