"""The rule's integer forms and memos: what price_form holds per tariff and per pricing."""

from decimal import Decimal as D
from math import gcd

import pytest

from callshop_pos.money import MoneyError
from callshop_pos.rating.rule import form_for, price_call, price_form
from callshop_pos.rating.terms import Pricing, RateRow, TariffTerms

TERMS = TariffTerms(connect_fee=D("0.05"), post_call_surcharge=D("0.18"))
RATE = RateRow("49", "Germany", D("0.1234"), D("0.1234"), 60, 6)


def test_a_float_or_nan_is_refused_even_when_an_equal_balance_is_memoised():
    # The balance memo is probed before a balance is checked: a float equal to a memoised
    # Decimal (equal hash, equal value) must still be refused, never priced.
    terms = TariffTerms(connect_fee=D("0.05"))
    assert price_call(terms, RATE, None, D("12.5"))[2] == 6054  # memoised now
    for bad in (12.5, D("NaN"), D("sNaN"), D("Infinity"), True):
        with pytest.raises(MoneyError):
            price_call(terms, RATE, None, bad)


def test_an_int_balance_is_priced_as_its_decimal():
    terms = TariffTerms(post_call_surcharge=D("0.18"))
    assert price_call(terms, RATE, 95, 7) == price_call(terms, RATE, 95, D(7))


def test_a_forms_integers_are_reduced_and_shared_between_the_tariffs_forms():
    terms = TariffTerms(connect_fee=D("0.05"), post_call_surcharge=D("0.18"))
    one = form_for(terms, Pricing(D("0.1234"), D("0.0975"), 60, 6, False))
    two = form_for(terms, Pricing(D("0.1234"), D("0.0975"), 60, 6, True))  # grace differs
    # Divided by their common divisor: D = 60·10^6 (4 decimals, +18 %) by 3000 here.
    assert gcd(one.a, one.b, one.d) == 1 and one.d == 20_000
    assert (one.a, one.b, one.d) == (two.a, two.b, two.d)
    assert one.a is two.a and one.b is two.b and one.d is two.d  # one object each
    # Same answers as the rule written out (cost of 95 s, and what 2.00 buys).
    assert price_form(one, 95, D(2)) == price_call(
        terms, RateRow("1", "x", D("0.1234"), D("0.0975"), 60, 6), 95, D(2)
    )
