"""Every boundary of the rating rule (ARCHITECTURE.md §4.2 and §4.3), with hand-computed figures.

The base rate is 0.60/min for a first interval of 30 s (0.30) and 0.30/min for 6 s next
intervals (0.03 each), so costs can be checked by eye.
"""

from decimal import Decimal as D

import pytest

from callshop_pos.rating.rule import billed_seconds, call_cost, max_seconds
from callshop_pos.rating.terms import RateRow, TariffTerms

BASE = RateRow("49", "Germany", D("0.60"), D("0.30"), interval_1=30, interval_n=6)
GRACE = RateRow("49", "Germany", D("0.60"), D("0.30"), 30, 6, grace_enabled=True)
PLAIN = TariffTerms()


def test_unanswered_costs_nothing_even_with_a_connect_fee():
    terms = TariffTerms(connect_fee=D("0.50"))
    assert call_cost(terms, BASE, 125, answered=False) == 0
    assert call_cost(terms, BASE, 0, answered=False) == 0


@pytest.mark.parametrize(
    ("rate", "seconds", "billed", "cost"),
    [
        (GRACE, 0, 0, "0"),
        (GRACE, 10, 0, "0"),  # d = grace: free, connect fee included
        (GRACE, 11, 30, "0.35"),  # d = grace + 1: the whole call is billed
        (BASE, 10, 30, "0.35"),  # grace period, but not enabled on this rate
        (BASE, 0, 0, "0.05"),  # an answered 0 s call still pays the connect fee
    ],
)
def test_grace_period_edges(rate, seconds, billed, cost):
    terms = TariffTerms(grace_period=10, connect_fee=D("0.05"))
    assert billed_seconds(terms, rate, seconds) == billed
    assert call_cost(terms, rate, seconds) == D(cost)


@pytest.mark.parametrize(
    ("seconds", "billed", "cost"),
    [
        (0, 0, "0.05"),
        (5, 0, "0.05"),  # d = free seconds: connect fee only
        (6, 30, "0.35"),  # one billable second buys the whole first interval
        (35, 30, "0.35"),  # b = interval_1
        (36, 36, "0.38"),  # b = interval_1 + 1
    ],
)
def test_free_seconds_edges(seconds, billed, cost):
    terms = TariffTerms(free_seconds=5, connect_fee=D("0.05"))
    assert billed_seconds(terms, BASE, seconds) == billed
    assert call_cost(terms, BASE, seconds) == D(cost)


def test_free_seconds_longer_than_grace():
    terms = TariffTerms(free_seconds=20, grace_period=10, connect_fee=D("0.05"))
    assert call_cost(terms, GRACE, 10) == 0
    assert call_cost(terms, GRACE, 11) == D("0.05")
    assert call_cost(terms, GRACE, 20) == D("0.05")
    assert call_cost(terms, GRACE, 21) == D("0.35")


def test_grace_longer_than_free_seconds_counts_free_seconds_after_it():
    terms = TariffTerms(free_seconds=5, grace_period=40)
    assert call_cost(terms, GRACE, 40) == 0
    # 41 s: b = 36 -> 30 + 6 billed.
    assert billed_seconds(terms, GRACE, 41) == 36
    assert call_cost(terms, GRACE, 41) == D("0.33")


@pytest.mark.parametrize(
    ("seconds", "billed", "cost"),
    [
        (1, 30, "0.30"),
        (30, 30, "0.30"),  # d = interval_1
        (31, 36, "0.33"),  # d = interval_1 + 1
        (36, 36, "0.33"),  # end of the first next interval
        (37, 42, "0.36"),  # one second into the second next interval
        (42, 42, "0.36"),
        (43, 48, "0.39"),
        (3600, 3600, "18.15"),  # 0.30 + 595 × 0.03
    ],
)
def test_interval_edges(seconds, billed, cost):
    assert billed_seconds(PLAIN, BASE, seconds) == billed
    assert call_cost(PLAIN, BASE, seconds) == D(cost)


def test_first_interval_shorter_than_next():
    rate = RateRow("1", "US", D("0.06"), D("0.12"), interval_1=1, interval_n=60)
    assert billed_seconds(PLAIN, rate, 1) == 1
    assert billed_seconds(PLAIN, rate, 2) == 61
    assert call_cost(PLAIN, rate, 1) == D("0.00")  # 0.001 rounds to 0.00
    assert call_cost(PLAIN, rate, 2) == D("0.12")  # 0.001 + 0.12 = 0.121


def test_connect_fee_is_added_once():
    terms = TariffTerms(connect_fee=D("0.10"))
    assert call_cost(terms, BASE, 1) == D("0.40")
    assert call_cost(terms, BASE, 37) == D("0.46")


@pytest.mark.parametrize(
    ("seconds", "round_up", "cost"),
    [
        (30, False, "0.35"),  # 0.30 × 1.18 = 0.354
        (30, True, "0.36"),
        (36, False, "0.39"),  # 0.33 × 1.18 = 0.3894
        (48, False, "0.46"),  # 0.39 × 1.18 = 0.4602
        (48, True, "0.47"),
    ],
)
def test_post_call_surcharge(seconds, round_up, cost):
    terms = TariffTerms(post_call_surcharge=D("0.18"), round_up=round_up)
    assert call_cost(terms, BASE, seconds) == D(cost)


def test_surcharge_applies_to_the_connect_fee_too():
    terms = TariffTerms(connect_fee=D("1"), post_call_surcharge=D("0.18"))
    assert call_cost(terms, BASE, 0) == D("1.18")


# 100 s at 0.1234/min per second: 0.205666…
SECONDLY = RateRow("7", "Russia", D("0.1234"), D("0.1234"), interval_1=1, interval_n=1)


@pytest.mark.parametrize(
    ("precision", "half_up", "up"),
    [
        (0, "0", "1"),
        (1, "0.2", "0.3"),
        (2, "0.21", "0.21"),
        (3, "0.206", "0.206"),
        (4, "0.2057", "0.2057"),
    ],
)
def test_precision_and_rounding_mode(precision, half_up, up):
    for round_up, expected in ((False, half_up), (True, up)):
        cost = call_cost(TariffTerms(precision=precision, round_up=round_up), SECONDLY, 100)
        assert cost == D(expected)
        assert cost.as_tuple().exponent == -precision  # printed with the tariff's decimals


def test_half_up_rounds_an_exact_half_up():
    rate = RateRow("1", "x", D("0.30"), D("0.30"), interval_1=1, interval_n=1)
    assert call_cost(PLAIN, rate, 1) == D("0.01")  # exactly 0.005, not banker's 0.00
    assert call_cost(TariffTerms(round_up=True), rate, 1) == D("0.01")


def test_round_up_leaves_exact_amounts_alone():
    assert call_cost(TariffTerms(round_up=True), BASE, 30) == D("0.30")


@pytest.mark.parametrize("seconds", [-1, True, 1.5])
def test_bad_seconds_are_refused(seconds):
    with pytest.raises((ValueError, TypeError)):
        call_cost(PLAIN, BASE, seconds)


# --- max_seconds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("balance", "expected"),
    [
        ("0.29", 0),  # a zero-second call is all it buys
        ("0.30", 30),  # a cost of exactly the balance is allowed
        ("0.32", 30),
        ("0.33", 36),
        ("100", 19968),  # 0.30 + 3323 × 0.03 = 99.99
        ("-1", 0),
    ],
)
def test_max_seconds_on_interval_edges(balance, expected):
    assert max_seconds(PLAIN, BASE, D(balance)) == expected


def test_max_seconds_when_the_connect_fee_is_more_than_the_balance():
    terms = TariffTerms(connect_fee=D("1.00"))
    assert max_seconds(terms, BASE, D("0.50")) == 0
    assert call_cost(terms, BASE, 0) > D("0.50")


def test_max_seconds_is_at_least_the_grace_period():
    terms = TariffTerms(connect_fee=D("1.00"), grace_period=10)
    assert max_seconds(terms, GRACE, D("0")) == 10
    assert max_seconds(terms, BASE, D("0")) == 0


def test_max_seconds_covers_free_seconds_when_only_the_fee_is_affordable():
    terms = TariffTerms(connect_fee=D("0.10"), free_seconds=20)
    assert max_seconds(terms, BASE, D("0.20")) == 20
    assert max_seconds(terms, BASE, D("0.40")) == 50


def test_max_seconds_with_surcharge_and_rounding():
    for round_up in (False, True):
        terms = TariffTerms(post_call_surcharge=D("0.18"), round_up=round_up)
        longest = max_seconds(terms, BASE, D("1.00"))
        assert longest is not None
        assert call_cost(terms, BASE, longest) <= D("1.00") < call_cost(terms, BASE, longest + 1)


def test_max_seconds_unbounded_when_time_costs_nothing():
    free_time = RateRow("800", "Toll free", D("0"), D("0"))
    assert max_seconds(PLAIN, free_time, D("0")) is None
    flat = RateRow("1", "Flat", D("0.60"), D("0"), interval_1=60, interval_n=60)
    assert max_seconds(PLAIN, flat, D("0.60")) is None
    # The flat first interval must still be affordable.
    assert max_seconds(PLAIN, flat, D("0.59")) == 0
    # And a negative balance buys nothing, not even free time.
    assert max_seconds(PLAIN, free_time, D("-0.01")) == 0


def test_max_seconds_accepts_int_and_refuses_float():
    assert max_seconds(PLAIN, BASE, 1) == max_seconds(PLAIN, BASE, D(1))
    with pytest.raises(ValueError):
        max_seconds(PLAIN, BASE, 1.0)
    with pytest.raises(ValueError):
        max_seconds(PLAIN, BASE, D("NaN"))


def test_max_seconds_on_a_huge_balance_is_instant_and_exact():
    balance = D("1000000000")
    longest = max_seconds(PLAIN, BASE, balance)
    assert longest is not None
    assert call_cost(PLAIN, BASE, longest) <= balance < call_cost(PLAIN, BASE, longest + 1)
