"""Text for money and durations, the same everywhere on the counter."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def money(amount: Decimal, currency: str, precision: int = 2) -> str:
    """``1 234.50 EUR``: fixed decimals so columns of money line up when right-aligned."""
    quantum = Decimal(1).scaleb(-precision)
    value = amount.quantize(quantum, rounding=ROUND_HALF_UP)
    # A thin no-break space groups thousands without letting the amount wrap.
    text = f"{value:,.{precision}f}".replace(",", "\u202f")
    return f"{text} {currency}"


def duration(seconds: int) -> str:
    """``4:05`` under an hour, ``1:02:03`` above: what a call timer looks like."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
