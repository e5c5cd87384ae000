"""The fast integer rule against ARCHITECTURE.md §4.2 transcribed plainly (Fractions, no shortcuts).

rule.py prices calls with precomputed scaled integers; this file restates the rule as the
design document words it, with exact Fractions and a binary search for the longest call,
and requires both to agree on every random tariff, rate, duration and balance.
"""

from decimal import Decimal as D
from fractions import Fraction
from math import ceil, floor

from hypothesis import given, settings
from hypothesis import strategies as st

from callshop_pos.rating.rule import (
    billed_seconds,
    call_cost,
    max_seconds,
    price_call,
    talk_time,
)
from callshop_pos.rating.terms import RateRow, TariffTerms


def decimals(max_units: int, places: int) -> st.SearchStrategy[D]:
    return st.integers(0, max_units).map(lambda n: D(n).scaleb(-places))


terms_st = st.builds(
    TariffTerms,
    connect_fee=st.one_of(st.just(D(0)), decimals(300, 2), decimals(10**7, 6)),
    free_seconds=st.one_of(st.just(0), st.integers(0, 90)),
    grace_period=st.one_of(st.just(0), st.integers(0, 60)),
    post_call_surcharge=st.one_of(st.just(D(0)), decimals(500, 3), decimals(10**6, 7)),
    precision=st.integers(0, 6),
    round_up=st.booleans(),
)
rate_st = st.builds(
    RateRow,
    prefix=st.just("1"),
    area_name=st.just("x"),
    price_1=st.one_of(st.just(D(0)), decimals(300_000, 4), decimals(10**9, 8)),
    price_n=st.one_of(st.just(D(0)), decimals(300_000, 4), decimals(50, 5), st.just(D("1E+2"))),
    interval_1=st.sampled_from([1, 6, 30, 60, 61, 120]) | st.integers(1, 300),
    interval_n=st.sampled_from([1, 6, 30, 60]) | st.integers(1, 300),
    grace_enabled=st.booleans(),
)
balance_st = st.one_of(
    decimals(10_000, 2),
    decimals(100_000, 5),
    st.integers(-500, 0).map(lambda n: D(n).scaleb(-2)),
    st.integers(0, 10**12).map(lambda n: D(n).scaleb(-3)),
)
HUGE = 10**12


def ref_billed(t: TariffTerms, r: RateRow, d: int) -> int:
    if r.grace_enabled and d <= t.grace_period:
        return 0
    b = d - t.free_seconds
    if b <= 0:
        return 0
    return r.interval_1 + ceil(Fraction(max(0, b - r.interval_1), r.interval_n)) * r.interval_n


def ref_cost(t: TariffTerms, r: RateRow, d: int, answered: bool = True) -> D:
    if not answered or (r.grace_enabled and d <= t.grace_period):
        raw = Fraction(0)
    else:
        billed = ref_billed(t, r, d)
        raw = Fraction(t.connect_fee)
        if billed > 0:
            raw += Fraction(r.price_1) * r.interval_1 / 60
        raw += Fraction(r.price_n) * max(0, billed - r.interval_1) / 60
    total = raw * (1 + Fraction(t.post_call_surcharge)) * 10**t.precision
    units = ceil(total) if t.round_up else floor(total + Fraction(1, 2))
    return D(units).scaleb(-t.precision)


def ref_max_seconds(t: TariffTerms, r: RateRow, balance: D) -> int | None:
    """The largest d with cost(d) <= B, by binary search (cost never decreases with d)."""
    if ref_cost(t, r, 0) > balance:
        return 0
    if ref_cost(t, r, HUGE) <= balance:
        return None  # within any realistic duration, time costs nothing more
    low, high = 0, HUGE  # cost(low) <= B < cost(high)
    while high - low > 1:
        mid = (low + high) // 2
        if ref_cost(t, r, mid) <= balance:
            low = mid
        else:
            high = mid
    return low


@settings(max_examples=400)
@given(terms_st, rate_st, st.integers(0, 100_000), st.booleans())
def test_cost_and_billed_seconds_equal_the_reference(terms, rate, seconds, answered):
    expected = ref_cost(terms, rate, seconds, answered)
    got = call_cost(terms, rate, seconds, answered)
    assert got == expected
    assert got.as_tuple() == expected.as_tuple()  # same digits and exponent, not just value
    assert billed_seconds(terms, rate, seconds) == ref_billed(terms, rate, seconds)


@settings(max_examples=400)
@given(terms_st, rate_st, balance_st)
def test_max_seconds_equals_the_reference(terms, rate, balance):
    expected = ref_max_seconds(terms, rate, balance)
    got = max_seconds(terms, rate, balance)
    if expected is None:
        # The reference cannot search forever: "unbounded" must mean time costs nothing.
        assert got is None or got >= HUGE
    else:
        assert got == expected


@settings(max_examples=200)
@given(
    terms_st,
    rate_st,
    st.none() | st.integers(0, 20_000),
    st.none() | balance_st,
    st.none() | st.integers(0, 20_000),
)
def test_price_call_is_the_three_functions_at_once(terms, rate, seconds, balance, limit):
    billed, cost, *talk = price_call(terms, rate, seconds, balance, limit)
    if seconds is None:
        assert billed is None and cost is None
    else:
        assert billed == billed_seconds(terms, rate, seconds)
        assert cost == call_cost(terms, rate, seconds)
        assert cost is not None and cost.as_tuple() == call_cost(terms, rate, seconds).as_tuple()
    if balance is None:
        assert talk == [None, False]
    else:
        assert tuple(talk) == talk_time(terms, rate, balance, limit)
        if limit is None:
            assert talk == [max_seconds(terms, rate, balance), False]


def test_the_same_row_under_two_tariffs_is_priced_by_each():
    rate = RateRow("1", "x", D("0.60"), D("0.60"))
    plain, fee = TariffTerms(), TariffTerms(connect_fee=D("1"))
    for _ in range(2):  # the row's cached integer form must follow the terms it is used with
        assert call_cost(plain, rate, 60) == D("0.60")
        assert call_cost(fee, rate, 60) == D("1.60")
