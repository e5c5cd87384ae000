"""rating.offer: every term a call is charged for, as the price check and quote show it."""

from decimal import Decimal as D

from callshop_pos.rating.offer import Offer, offer
from callshop_pos.rating.rule import call_cost
from callshop_pos.rating.terms import RateRow, TariffTerms


def test_offer_names_fee_increments_free_seconds_grace_and_surcharge():
    terms = TariffTerms(
        connect_fee=D("0.10"), free_seconds=5, grace_period=8, post_call_surcharge=D("0.18")
    )
    rate = RateRow(
        "53", "Cuba", D("0.60"), D("0.30"), interval_1=60, interval_n=6, grace_enabled=True
    )
    got = offer(terms, rate)
    # 60 s: 5 free, 55 billable -> the first 60 s interval: (0.10 + 0.60) x 1.18 = 0.826
    assert got == Offer(D("0.60"), D("0.30"), 60, 6, D("0.10"), 5, 8, D("0.18"), D("0.83"))
    assert got.minute_cost == call_cost(terms, rate, 60)


def test_grace_is_zero_on_a_rate_without_it():
    terms = TariffTerms(grace_period=8)
    got = offer(terms, RateRow("53", "Cuba", D("0.60"), D("0.60")))
    assert got.grace_seconds == 0 and got.minute_cost == D("0.60")
