"""The rating rule of DESIGN §4: billed seconds, the cost of a call, the longest affordable call.

The billing, the live tile meter and the PBX cap all call these three functions, so they can
never disagree by a cent or a second. All arithmetic is exact: sums and products run in a
Decimal context that raises instead of rounding (``money.EXACT``), and the single division
(prices are per minute, calls in seconds) is an exact quotient and remainder.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from callshop_pos.money import EXACT as _EXACT
from callshop_pos.money import ZERO, parse_money, quantize_quotient
from callshop_pos.rating.terms import RateRow, TariffTerms

_SIXTY = 60
_SETTLE_STEPS = 4


def _check_seconds(seconds: int) -> None:
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise TypeError(f"seconds must be an int, not {type(seconds).__name__}")
    if seconds < 0:
        raise ValueError(f"seconds must not be negative, not {seconds}")


def _in_grace(terms: TariffTerms, rate: RateRow, seconds: int) -> bool:
    return rate.grace_enabled and seconds <= terms.grace_period


def billed_seconds(terms: TariffTerms, rate: RateRow, seconds: int) -> int:
    """The seconds a call of ``seconds`` answered seconds is charged for (0: free/nothing)."""
    _check_seconds(seconds)
    return _billed(terms, rate, seconds)


def _billed(terms: TariffTerms, rate: RateRow, seconds: int) -> int:
    if _in_grace(terms, rate, seconds):
        return 0
    billable = seconds - terms.free_seconds
    if billable <= 0:
        return 0
    # The first interval is charged whole; the rest is rounded up to whole next intervals.
    next_intervals = -(-max(0, billable - rate.interval_1) // rate.interval_n)
    return rate.interval_1 + next_intervals * rate.interval_n


def _surcharged(terms: TariffTerms, sixtieths: Decimal) -> Decimal:
    return _EXACT.multiply(sixtieths, _EXACT.add(1, terms.post_call_surcharge))


def _sixtieths_for_billed(terms: TariffTerms, rate: RateRow, billed: int) -> Decimal:
    """60 × the raw cost (before surcharge and rounding) of ``billed`` seconds."""
    total = _EXACT.multiply(terms.connect_fee, _SIXTY)
    if billed > 0:
        # billed >= interval_1 whenever it is positive, so the next part is never negative.
        total = _EXACT.add(total, _EXACT.multiply(rate.price_1, rate.interval_1))
        total = _EXACT.add(total, _EXACT.multiply(rate.price_n, billed - rate.interval_1))
    return total


def call_cost(terms: TariffTerms, rate: RateRow, seconds: int, answered: bool = True) -> Decimal:
    """What a call of ``seconds`` answered seconds costs, rounded to the tariff's precision."""
    _check_seconds(seconds)
    if not answered or _in_grace(terms, rate, seconds):
        return quantize_quotient(ZERO, 1, terms.precision)
    sixtieths = _sixtieths_for_billed(terms, rate, _billed(terms, rate, seconds))
    return quantize_quotient(
        _surcharged(terms, sixtieths), _SIXTY, terms.precision, terms.round_up
    )


def _most_next_intervals(terms: TariffTerms, rate: RateRow, balance: Decimal) -> int | None:
    """The largest k >= 0 such that interval_1 + k·interval_n billed seconds cost <= balance.

    -1 when even the first interval is too dear, None when every k is affordable.

    With u = 10^-precision, the cost in units is round((a + b·k) / 60) where
    a = 60·u⁻¹·(connect_fee + price_1·interval_1/60)·(1+s) and b = u⁻¹·price_n·interval_n·(1+s).
    For a balance of B whole units (rounded down), half-up rounding gives
    round(x) <= B  <=>  x < B + 1/2, and always-up rounding gives round(x) <= B  <=>  x <= B.
    Both are linear in k; an exact quotient and remainder solve them without any rounding.
    """
    scale = terms.precision
    first = _surcharged(terms, _sixtieths_for_billed(terms, rate, rate.interval_1))
    a = first.scaleb(scale, _EXACT)
    b = _surcharged(terms, _EXACT.multiply(rate.price_n, rate.interval_n)).scaleb(scale, _EXACT)
    units = balance.scaleb(scale, _EXACT).to_integral_value(ROUND_FLOOR, _EXACT)
    limit = _EXACT.multiply(units, _SIXTY)  # always up: a + b·k <= 60·B
    if not terms.round_up:
        limit = _EXACT.add(limit, _SIXTY // 2)  # half-up: a + b·k < 60·B + 30
    if a > limit or (a == limit and not terms.round_up):
        return -1
    if not b:
        return None
    steps, remainder = _EXACT.divmod(_EXACT.subtract(limit, a), b)
    if not remainder and not terms.round_up:
        # Strict "<": a step that lands exactly on the limit is one step too many.
        steps = _EXACT.subtract(steps, 1)
    return int(steps)


def _affordable(terms: TariffTerms, rate: RateRow, seconds: int, balance: Decimal) -> bool:
    return call_cost(terms, rate, seconds) <= balance


def max_seconds(terms: TariffTerms, rate: RateRow, balance: Decimal | int) -> int | None:
    """The longest answered call (whole seconds) whose cost is at most ``balance``.

    None when the call may last forever (time costs nothing and what it does cost is
    affordable). 0 both when a zero-second call is the most the balance buys and when not even
    that is affordable: callers refuse a call whose cap is under one second.
    Constant time: solved from the interval arithmetic, then checked against
    :func:`call_cost` at the edge.
    """
    balance = parse_money(balance)  # refuses floats and NaN, accepts Decimal and int
    grace_end = terms.grace_period if rate.grace_enabled else -1  # last free second
    free_end = terms.free_seconds  # last second that costs only the connect fee
    k = _most_next_intervals(terms, rate, balance)
    if k is None:
        return None if balance >= 0 else 0
    if k >= 0:
        # The k-th next interval ends at this second; one more second starts interval k+1.
        longest = free_end + rate.interval_1 + k * rate.interval_n
    elif _affordable(terms, rate, free_end, balance) and free_end > grace_end:
        longest = free_end  # only the connect fee is affordable
    elif balance >= 0:
        longest = grace_end  # only the grace period (if any) is affordable
    else:
        return 0  # a debt buys nothing, not even free seconds
    longest = max(longest, grace_end, 0)
    return _settle(terms, rate, balance, longest)


def _settle(terms: TariffTerms, rate: RateRow, balance: Decimal, seconds: int) -> int:
    """Confirm the computed edge with the rule itself: cost(d) <= B < cost(d + 1).

    The algebra above should land exactly on the edge; a few corrective steps keep the
    answer equal to the definition should the two ever drift apart, and anything more is a
    bug that must fail loudly rather than become a linear scan or a wrong PBX cap.
    """
    for _ in range(_SETTLE_STEPS):
        if _affordable(terms, rate, seconds + 1, balance):
            seconds += 1
        elif seconds > 0 and not _affordable(terms, rate, seconds, balance):
            seconds -= 1
        else:
            return seconds
    raise ArithmeticError(f"max_seconds did not settle near {seconds}s for {rate.prefix!r}")
