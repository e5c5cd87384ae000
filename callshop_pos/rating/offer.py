"""A rate's price as the customer pays it: every term the rating rule charges for.

"0.05 per minute" alone hides the connect fee, the billing increments, free seconds, grace
and the surcharge; the price check and the CLI quote show all of them from this one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from callshop_pos.rating.rule import call_cost
from callshop_pos.rating.terms import RateRow, TariffTerms


@dataclass(frozen=True, slots=True)
class Offer:
    price_1: Decimal  # per minute, first interval
    price_n: Decimal  # per minute, next intervals
    interval_1: int  # seconds charged whole at the start
    interval_n: int  # then charged in steps of this many seconds
    connect_fee: Decimal  # charged once per answered, billed call
    free_seconds: int  # not billed at the start of every call
    grace_seconds: int  # a call this short is free altogether; 0: no grace for this rate
    surcharge: Decimal  # a fraction added to the whole cost: 0.18 is +18 %
    minute_cost: Decimal  # what an answered 60-second call costs, everything included


def offer(terms: TariffTerms, rate: RateRow) -> Offer:
    """Everything ``rate`` costs under ``terms``, for showing before a call."""
    return Offer(
        price_1=rate.price_1,
        price_n=rate.price_n,
        interval_1=rate.interval_1,
        interval_n=rate.interval_n,
        connect_fee=terms.connect_fee,
        free_seconds=terms.free_seconds,
        grace_seconds=terms.grace_period if rate.grace_enabled else 0,
        surcharge=terms.post_call_surcharge,
        minute_cost=call_cost(terms, rate, 60),
    )
