"""Number, money and duration formatting shared by receipts and PDFs."""

from __future__ import annotations

from decimal import Decimal

from callshop_pos.money import format_money
from printing.totals import quantum


def money(amount: Decimal, currency: str = "", decimals: int = 2, mark: str = ".") -> str:
    """The core's money text (half-up to the currency's decimals) on paper, with the
    language's decimal mark ("12,50 EUR" in Russian)."""
    return format_money(amount, decimals, currency or None).replace(".", mark)


def price(amount: Decimal, decimals: int = 2, max_decimals: int = 4, mark: str = ".") -> str:
    """A per-minute price keeps up to ``max_decimals`` (0.035 must not print as 0.04)."""
    q = amount.quantize(quantum(max_decimals)).normalize()
    exponent = q.as_tuple().exponent
    shown = max(decimals, -exponent if isinstance(exponent, int) else decimals)
    return f"{amount.quantize(quantum(min(shown, max_decimals))):f}".replace(".", mark)


def quantity(q: Decimal) -> str:
    text = f"{q.normalize():f}"
    return text


def duration(seconds: int) -> str:
    """m:ss, minutes unbounded (a 2-hour call is 120:00)."""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    return f"{minutes}:{secs:02d}"


def percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}"
