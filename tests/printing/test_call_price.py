"""A call's price parts, as printed, give its cost by the rating rule itself."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal as D

import pytest

from callshop_pos.rating.rule import billed_seconds, call_cost
from callshop_pos.rating.terms import RateRow, TariffTerms
from printing.call_price import billed_time, price_recipe
from printing.labels import ENGLISH, RUSSIAN
from printing.layout import Text, render_text
from printing.receipt_data import CallLine


def billed_call(terms: TariffTerms, row: RateRow, talk: int) -> CallLine:
    """A call billed exactly as the core bills it."""
    return CallLine(
        started_at=datetime(2024, 5, 1, 14, 0),
        number="4917012345",
        area=row.area_name,
        duration_seconds=talk,
        billed_seconds=billed_seconds(terms, row, talk),
        cost=call_cost(terms, row, talk),
        price_1=row.price_1,
        price_n=row.price_n,
        interval_1=row.interval_1,
        interval_n=row.interval_n,
        connect_fee=terms.connect_fee,
        surcharge=terms.post_call_surcharge,
    )


def plain(text: str) -> str:
    return text.replace("\N{NO-BREAK SPACE}", " ")


FLAT = RateRow("49", "Germany", D("0.10"), D("0.10"))
SPLIT = RateRow("4917", "Germany Mobile", D("0.40"), D("0.20"), interval_1=60, interval_n=30)
STEPS = RateRow("4915", "Germany Mobile", D("0.30"), D("0.30"), interval_1=30, interval_n=6)


@pytest.mark.parametrize(
    ("terms", "row", "talk", "recipe", "billed", "cost"),
    [
        (TariffTerms(), FLAT, 125, "3:00 x 0.10/min", "3:00", "0.30"),
        (TariffTerms(), STEPS, 95, "1:36 x 0.30/min", "1:36 (30/6 s)", "0.48"),
        (TariffTerms(), SPLIT, 95, "1:00 x 0.40/min + 1:00 x 0.20/min", "2:00 (60/30 s)", "0.60"),
        (TariffTerms(), SPLIT, 40, "1:00 x 0.40/min", "1:00 (60/30 s)", "0.40"),
        (
            TariffTerms(connect_fee=D("0.05")),
            FLAT,
            61,
            "2:00 x 0.10/min + 0.05 connect fee",
            "2:00",
            "0.25",
        ),
        (
            TariffTerms(connect_fee=D("0.05"), post_call_surcharge=D("0.18")),
            SPLIT,
            95,
            "(1:00 x 0.40/min + 1:00 x 0.20/min + 0.05 connect fee) + 18% surcharge",
            "2:00 (60/30 s)",
            "0.77",
        ),
        (
            TariffTerms(post_call_surcharge=D("0.18")),
            FLAT,
            125,
            "3:00 x 0.10/min + 18% surcharge",
            "3:00",
            "0.35",
        ),
        # free seconds cover the call: only the connect fee is due
        (
            TariffTerms(connect_fee=D("0.05"), free_seconds=30),
            FLAT,
            20,
            "0.05 connect fee",
            "0:00",
            "0.05",
        ),
        # the grace period: nothing at all, not even the fee
        (
            TariffTerms(connect_fee=D("0.05"), grace_period=5),
            dataclasses.replace(FLAT, grace_enabled=True),
            4,
            "free",
            "0:00",
            "0.00",
        ),
    ],
)
def test_recipe_gives_the_billed_cost(terms, row, talk, recipe, billed, cost) -> None:
    line = billed_call(terms, row, talk)
    assert line.cost == D(cost)
    assert plain(price_recipe(line, ENGLISH)) == recipe
    assert plain(billed_time(line, ENGLISH)) == billed
    if line.billed_seconds:  # recompute from the printed parts alone
        again = call_cost(
            TariffTerms(connect_fee=line.connect_fee, post_call_surcharge=line.surcharge),
            RateRow("", "", line.price_1, line.price_n, line.interval_1, line.interval_n),
            line.billed_seconds,
        )
        assert again == line.cost


def test_recipe_in_russian() -> None:
    terms = TariffTerms(connect_fee=D("0.05"), post_call_surcharge=D("0.18"))
    line = billed_call(terms, SPLIT, 95)
    assert plain(price_recipe(line, RUSSIAN)) == (
        "(1:00 x 0,40/мин + 1:00 x 0,20/мин + 0,05 за соединение) + 18% надбавка"
    )
    assert plain(billed_time(line, RUSSIAN)) == "2:00 (60/30 с)"


@pytest.mark.parametrize("labels", [ENGLISH, RUSSIAN], ids=["en", "ru"])
def test_a_wrapped_recipe_breaks_between_its_parts(labels) -> None:
    terms = TariffTerms(connect_fee=D("0.05"), post_call_surcharge=D("0.18"))
    recipe = price_recipe(billed_call(terms, SPLIT, 95), labels)
    lines = render_text([Text(recipe)], 24).splitlines()
    assert len(lines) > 1
    assert all(line.startswith("+ ") for line in lines[1:]), lines
    assert " ".join(lines) == plain(recipe)
