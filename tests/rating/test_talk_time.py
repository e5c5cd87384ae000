"""rule.talk_time: what money buys, cut at the shop's maximum call length (ARCHITECTURE.md §4.3)."""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callshop_pos.rating.rule import TalkTime, max_seconds, talk_time
from callshop_pos.rating.terms import RateRow, TariffTerms
from tests.rating.test_rule_properties import balance_st, rate_st, terms_st

# 0.05 per minute in whole minutes: 10.00 buys 200 minutes = 3:20:00 = 12000 s.
NICKEL = RateRow("53", "Cuba", D("0.05"), D("0.05"))
PLAIN = TariffTerms()


def test_the_shop_limit_cuts_what_the_money_would_buy():
    assert max_seconds(PLAIN, NICKEL, D(10)) == 12_000
    assert talk_time(PLAIN, NICKEL, D(10), 7200) == TalkTime(7200, True)
    assert talk_time(PLAIN, NICKEL, D(10)) == TalkTime(12_000, False)  # no limit
    assert talk_time(PLAIN, NICKEL, D(10), 12_000) == TalkTime(12_000, False)  # money ends it
    assert talk_time(PLAIN, NICKEL, D(10), 12_001) == TalkTime(12_000, False)


def test_free_time_is_cut_at_the_limit_and_unbounded_without_one():
    free = RateRow("800", "Freephone", D(0), D(0))
    assert talk_time(PLAIN, free, D(0), 7200) == TalkTime(7200, True)
    assert talk_time(PLAIN, free, D(0)) == TalkTime(None, False)


def test_a_debt_or_a_zero_limit_buys_nothing():
    assert talk_time(PLAIN, NICKEL, D("-0.01"), 7200) == TalkTime(0, False)
    assert talk_time(PLAIN, NICKEL, D(10), 0) == TalkTime(0, True)


def test_bad_limits_and_budgets_are_refused():
    for bad in (-1, 1.5, True):
        with pytest.raises(ValueError, match="limit"):
            talk_time(PLAIN, NICKEL, D(1), bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not an amount of money"):
        talk_time(PLAIN, NICKEL, 1.0, 60)  # type: ignore[arg-type]


@settings(max_examples=300)
@given(terms_st, rate_st, balance_st, st.none() | st.integers(0, 20_000))
def test_talk_time_is_the_longest_affordable_call_within_the_limit(terms, rate, budget, limit):
    longest = max_seconds(terms, rate, budget)
    seconds, cut = talk_time(terms, rate, budget, limit)
    if limit is None:
        assert (seconds, cut) == (longest, False)
    elif longest is None or longest > limit:
        assert (seconds, cut) == (limit, True)
    else:
        assert (seconds, cut) == (longest, False)
