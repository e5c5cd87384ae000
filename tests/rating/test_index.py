"""Longest-prefix lookup with activation windows, and quotes through the index."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest

from callshop_pos.rating.index import PrefixIndex, Quote, quote
from callshop_pos.rating.numbers import NumberError, NumberPlan
from callshop_pos.rating.terms import RateRow, TariffTerms

T0 = datetime(2024, 1, 1, tzinfo=UTC)
T1 = datetime(2024, 6, 1, tzinfo=UTC)
T2 = datetime(2024, 9, 1, tzinfo=UTC)
DAY = timedelta(days=1)


def row(prefix, price="0.10", area=None, **kwargs):
    kwargs.setdefault("activation", T0)
    return RateRow(prefix, area or f"area {prefix}", D(price), D(price), **kwargs)


def test_longest_prefix_wins():
    index = PrefixIndex([row("4"), row("49"), row("4930"), row("493")])
    assert index.lookup("4930123", T1).prefix == "4930"
    assert index.lookup("4931", T1).prefix == "493"
    assert index.lookup("4912", T1).prefix == "49"
    assert index.lookup("44", T1).prefix == "4"
    assert index.lookup("1", T1) is None
    assert index.lookup("", T1) is None


def test_prefix_equal_to_the_whole_number_matches():
    index = PrefixIndex([row("112")])
    assert index.lookup("112", T1).prefix == "112"
    assert index.lookup("11", T1) is None


def test_activation_and_expiration_boundaries():
    index = PrefixIndex([row("49", activation=T1, expiration=T2)])
    assert index.lookup("49", T1 - timedelta(microseconds=1)) is None
    assert index.lookup("49", T1).prefix == "49"
    assert index.lookup("49", T2 - timedelta(microseconds=1)).prefix == "49"
    assert index.lookup("49", T2) is None


def test_latest_activated_active_row_of_a_prefix_wins():
    old = row("49", "0.10", activation=T0)
    new = row("49", "0.08", activation=T1)
    promo = row("49", "0.05", activation=T1 + DAY, expiration=T1 + 2 * DAY)
    index = PrefixIndex([promo, old, new])
    assert len(index) == 3 and index.prefix_count == 1
    assert index.lookup("49", T0) == old
    assert index.lookup("49", T1) == new
    assert index.lookup("49", T1 + DAY) == promo
    assert index.lookup("49", T1 + 2 * DAY) == new  # the promotion is over
    assert index.lookup("49", T0 - DAY) is None


def test_an_inactive_longer_prefix_falls_back_to_a_shorter_one():
    index = PrefixIndex([row("49"), row("4930", activation=T1)])
    assert index.lookup("4930123", T0).prefix == "49"
    assert index.lookup("4930123", T1).prefix == "4930"


TERMS = TariffTerms(connect_fee=D("0.05"))
PLAN = NumberPlan(access_codes=("00",), country_code="49", national_prefix="0")


def test_quote_prices_an_allowed_call():
    index = PrefixIndex([row("44", "0.60", area="UK", interval_1=30, interval_n=6)])
    got = quote(index, TERMS, PLAN, "+44 20 7946", 37, D("1.00"), T1)
    assert got == Quote(
        number="+44 20 7946",
        normalized="44207946",
        prefix="44",
        area="UK",
        price_1=D("0.60"),
        price_n=D("0.60"),
        billed_seconds=42,
        cost=D("0.47"),  # 0.05 + 0.30 + 2 × 0.06
        max_seconds=90,  # 0.05 + 0.30 + 10 × 0.06 = 0.95; an 11th interval makes 1.01
        refused=None,
    )
    assert got.allowed


def test_quote_without_duration_or_balance():
    index = PrefixIndex([row("44")])
    got = quote(index, TERMS, PLAN, "0044", None, None, T1)
    assert (got.billed_seconds, got.cost, got.max_seconds, got.refused) == (None, None, None, None)


def test_quote_refuses_unknown_destinations():
    got = quote(PrefixIndex([row("44")]), TERMS, PLAN, "0033 1", 60, D(10), T1)
    assert got.refused == "no_rate"
    assert not got.allowed
    assert (got.prefix, got.cost, got.max_seconds) == (None, None, 0)


def test_forbidden_longest_match_refuses_even_if_a_shorter_prefix_is_allowed():
    index = PrefixIndex([row("44"), row("4470", area="UK premium", forbidden=True)])
    got = quote(index, TERMS, PLAN, "+44 70 1234", 60, D(10), T1)
    assert (got.refused, got.prefix, got.area) == ("forbidden", "4470", "UK premium")
    assert (got.cost, got.max_seconds) == (None, 0)
    assert quote(index, TERMS, PLAN, "+44 20 1234", 60, D(10), T1).refused is None


def test_an_expired_forbidden_row_no_longer_refuses():
    index = PrefixIndex([row("44"), row("4470", forbidden=True, expiration=T1)])
    assert quote(index, TERMS, PLAN, "004470", None, None, T0).refused == "forbidden"
    assert quote(index, TERMS, PLAN, "004470", None, None, T1).prefix == "44"


def test_quote_unbounded_free_destination():
    index = PrefixIndex([row("800", "0")])
    got = quote(index, TariffTerms(), PLAN, "+800 123", 600, D(0), T1)
    assert (got.cost, got.max_seconds, got.refused) == (D("0.00"), None, None)


def test_quote_with_a_national_number():
    index = PrefixIndex([row("4930", area="Berlin")])
    assert quote(index, TERMS, PLAN, "030 123", None, None, T1).area == "Berlin"


def test_quote_raises_on_garbage_numbers():
    with pytest.raises(NumberError):
        quote(PrefixIndex([row("44")]), TERMS, PLAN, "call me", 60, None, T1)


def test_quote_cuts_what_a_balance_buys_at_the_limit():
    index = PrefixIndex([row("53", "0.05", area="Cuba")])
    plain = TariffTerms()
    buys = quote(index, plain, PLAN, "0053 7 123", 60, D(10), T1)
    assert (buys.max_seconds, buys.cut) == (12_000, False)  # 200 minutes
    capped = quote(index, plain, PLAN, "0053 7 123", 60, D(10), T1, limit=7200)
    assert (capped.max_seconds, capped.cut, capped.cost) == (7200, True, D("0.05"))
    assert quote(index, plain, PLAN, "0053", None, None, T1, limit=7200).max_seconds is None


@pytest.mark.parametrize(
    ("price_1", "interval_1", "error", "message"),
    [
        (D("-0.01"), 60, ValueError, "price_1 must not be negative"),
        (D("0.01"), 0, ValueError, "interval_1 must be at least 1"),
        (0.01, 60, TypeError, "price_1 must be a Decimal"),
    ],
)
def test_stored_values_that_could_never_be_valid_raise_as_rate_row_does(
    price_1, interval_1, error, message
):
    good = ("4", "a", D("0.1"), D("0.1"), 60, 60, False, False, T0, None)
    bad = ("49", "b", price_1, D("0.1"), interval_1, 60, False, False, T0, None)
    with pytest.raises(error, match=message):
        PrefixIndex.from_stored([good, bad], lambda raw: raw, lambda raw: raw)
