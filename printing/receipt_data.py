"""Plain input records for receipts, invoices and reports.

The app fills these from its database; the printing package never reads the database itself,
so everything a document shows must be in here. Money is always ``Decimal``.
Datetimes are printed as given: convert the database's UTC values to the shop's local time
before building these records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from callshop_pos.counter import BoothMode


@dataclass(frozen=True)
class ShopHeader:
    name: str
    address: str = ""
    tax_id: str = ""
    phone: str = ""
    footer: str = ""  # the shop's own last words on a receipt (Wi-Fi code, opening hours)


@dataclass(frozen=True)
class CallLine:
    """A billed call with each part of its price (ARCHITECTURE.md §4.2): a customer can recompute
    ``cost``: billed time, the per-minute price of the first and of the next intervals,
    the connect fee and the post-call surcharge (a fraction: 0.18 is +18 %)."""

    started_at: datetime
    number: str
    area: str
    duration_seconds: int  # talk time
    billed_seconds: int
    cost: Decimal
    price_1: Decimal  # per minute, the first interval
    price_n: Decimal  # per minute, the next intervals
    interval_1: int = 60  # seconds
    interval_n: int = 60
    connect_fee: Decimal = Decimal(0)
    surcharge: Decimal = Decimal(0)


@dataclass(frozen=True)
class ExtraItem:
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class CallReceiptData:
    shop: ShopHeader
    receipt_no: str
    printed_at: datetime
    cashier: str
    booth: str
    call: CallLine
    mode: BoothMode
    balance_left: Decimal | None
    currency: str


@dataclass(frozen=True)
class SessionReceiptData:
    shop: ShopHeader
    receipt_no: str
    printed_at: datetime
    cashier: str
    booth: str
    mode: BoothMode
    started_at: datetime
    ended_at: datetime
    calls: list[CallLine] = field(default_factory=list)
    extras: list[ExtraItem] = field(default_factory=list)
    prepaid: Decimal = Decimal(0)
    topups: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    currency: str = ""
    # What Stop recorded (BoothSession.refund / .change); None while the session is open,
    # when nothing has been given back yet. Never recomputed: a receipt must not print a
    # refund the shop did not give.
    refund: Decimal | None = None
    change: Decimal | None = None


@dataclass(frozen=True)
class TaxSettings:
    """``rate`` is a fraction (0.20 for 20 %); ``inclusive`` means prices already contain it."""

    rate: Decimal = Decimal(0)
    inclusive: bool = True
    label: str = "VAT"


@dataclass(frozen=True)
class CashRounding:
    """Round the cash total to the smallest coin in circulation; 0 disables rounding."""

    smallest_coin: Decimal = Decimal(0)


@dataclass(frozen=True)
class BoothTotals:
    """One booth's day: closed sessions, answered calls, billed time and retail revenue."""

    booth: str
    sessions: int
    calls: int
    billed_seconds: int
    revenue: Decimal


@dataclass(frozen=True)
class DestinationTotals:
    """Revenue (retail) against cost (what the shop pays for the minutes) per area."""

    area: str
    calls: int
    billed_seconds: int
    revenue: Decimal
    cost: Decimal

    @property
    def margin(self) -> Decimal:
        return self.revenue - self.cost


@dataclass(frozen=True)
class DailyReportData:
    shop: ShopHeader
    day: date
    generated_at: datetime
    currency: str
    booths: list[BoothTotals] = field(default_factory=list)
    destinations: list[DestinationTotals] = field(default_factory=list)
