"""The whole quote against the rule written out the slow way: the row by the longest active
prefix (test_index_properties.expected), its price by ARCHITECTURE.md §4.2 in Fractions
(test_rule_reference), the longest call by binary search, cut at the limit. Random decks,
tariffs, numbers, durations, balances and limits: every field, to the Decimal's digits."""

from datetime import datetime
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from callshop_pos.rating.index import PrefixIndex, Quote, quote
from callshop_pos.rating.numbers import NumberPlan
from callshop_pos.rating.terms import RateRow, TariffTerms
from tests.rating.test_index_properties import MOMENTS, expected, prefixes
from tests.rating.test_rule_reference import (
    HUGE,
    balance_st,
    rate_st,
    ref_billed,
    ref_cost,
    ref_max_seconds,
    terms_st,
)

PLAN = NumberPlan(access_codes=("00",))


@st.composite
def priced_decks(draw: st.DrawFn) -> list[RateRow]:
    rows: list[RateRow] = []
    seen = set()
    for prefix in draw(st.lists(prefixes, max_size=12)):
        activation = draw(st.sampled_from(MOMENTS[:4]))
        if (prefix, activation) in seen:
            continue
        seen.add((prefix, activation))
        pricing = draw(rate_st)
        expiration = draw(st.sampled_from([None, *MOMENTS]))
        rows.append(
            RateRow(
                prefix,
                draw(st.sampled_from(["A", "B"])),
                pricing.price_1,
                pricing.price_n,
                pricing.interval_1,
                pricing.interval_n,
                forbidden=draw(st.booleans()) and draw(st.booleans()),
                grace_enabled=pricing.grace_enabled,
                activation=activation,
                expiration=expiration if expiration and expiration > activation else None,
            )
        )
    return rows


def reference(
    rows: list[RateRow],
    terms: TariffTerms,
    number: str,
    seconds: int | None,
    balance: D | None,
    at: datetime,
    limit: int | None,
) -> Quote:
    row = expected(rows, number, at)
    if row is None:
        return Quote(number, number, None, None, None, None, None, None, 0, "no_rate")
    if row.forbidden:
        return Quote(number, number, row.prefix, row.area_name, *[None] * 4, 0, "forbidden")
    billed = cost = longest = None
    cut = False
    if seconds is not None:
        billed, cost = ref_billed(terms, row, seconds), ref_cost(terms, row, seconds)
    if balance is not None:
        longest = ref_max_seconds(terms, row, balance)
        if limit is not None and (longest is None or longest > limit):
            longest, cut = limit, True
    return Quote(
        number, number, row.prefix, row.area_name, row.price_1, row.price_n, billed, cost, longest,
        None, cut,
    )  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    priced_decks(),
    terms_st,
    st.lists(st.text("0124", min_size=1, max_size=22), max_size=6),
    st.data(),
)
def test_a_quote_is_the_rule_applied_to_the_longest_active_prefix(
    rows: list[RateRow], terms: TariffTerms, numbers: list[str], data: st.DataObject
) -> None:
    index = PrefixIndex(rows)
    numbers += [r.prefix + tail for r in rows for tail in ("", "1")]
    for number in numbers:
        if number.startswith("00"):
            continue  # an access code: the plan strips it (test_numbers)
        seconds = data.draw(st.none() | st.integers(0, 5_000))
        balance = data.draw(st.none() | balance_st)
        limit = data.draw(st.none() | st.integers(0, 5_000))
        at = data.draw(st.sampled_from(MOMENTS))
        got = quote(index, terms, PLAN, number, seconds, balance, at, limit)
        want = reference(rows, terms, number, seconds, balance, at, limit)
        if want.max_seconds is None and got.max_seconds is not None:
            # The reference cannot search forever: "unbounded" must mean time is free.
            assert got.max_seconds >= HUGE and limit is None
            got = got._replace(max_seconds=None)
        assert got == want, (number, seconds, balance, at, limit)
        # The cost to the same digits and exponent, not just an equal value (what a receipt
        # prints). The prices are the index's own: equal prices written alike across a deck
        # ("0" and "0.0000") are held once, by the build, as before this test.
        if got.cost is not None and want.cost is not None:
            assert got.cost.as_tuple() == want.cost.as_tuple()
        held = index.lookup(number, at)
        if held is not None and got.price_1 is not None:
            assert (got.price_1, got.price_n) == (held.price_1, held.price_n)
            assert got.price_1 is held.price_1 and got.price_n is held.price_n
