"""NumberPlan.normalize's memo of what a number's first digits decide (access code, national
prefix): the same answers as the rule written out plainly, and a bounded memo."""

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callshop_pos.rating import numbers
from callshop_pos.rating.numbers import NumberError, NumberPlan


def plain_normalize(plan: NumberPlan, dialed: str) -> str:
    """The module docstring's rule, step by step, with no fast path and no memo."""
    text = re.sub(r"[\s\-.()/]+", "", dialed)
    international = text.startswith("+")
    if international:
        text = text[1:]
    if not text or not (text.isascii() and text.isdigit()):
        raise NumberError(dialed)
    if international:
        return text
    for code in sorted(plan.access_codes, key=len, reverse=True):
        if text.startswith(code):
            if text == code:
                raise NumberError(dialed)
            return text[len(code) :]
    national = plan.national_prefix
    if plan.country_code and national and text.startswith(national):
        if text == national:
            raise NumberError(dialed)
        return plan.country_code + text[len(national) :]
    return text


def outcome(plan: NumberPlan, dialed: str) -> str | None:
    """What the rule gives, or None for a refusal."""
    try:
        return plain_normalize(plan, dialed)
    except NumberError:
        return None


plans = st.builds(
    NumberPlan,
    access_codes=st.lists(st.text("0189", min_size=1, max_size=4), max_size=3).map(tuple),
    country_code=st.text("0123456789", max_size=3),
    national_prefix=st.text("018", max_size=2),
)
dialed = st.one_of(
    st.text("0123456789", max_size=14),
    st.text("0123456789 +-()./", max_size=16),
    st.tuples(st.sampled_from(["0", "00", "011", "810", "8", "+", "+0", "1"]), st.text("0189")).map(
        "".join
    ),
)


@settings(max_examples=400)
@given(plans, st.lists(dialed, min_size=1, max_size=30))
def test_normalize_is_the_rule_whatever_the_plan_and_number(plan, numbers_dialed):
    # One plan for many numbers: later numbers are decided by the memo the first ones filled.
    for number in numbers_dialed * 2:
        expected = outcome(plan, number)
        if expected is None:
            with pytest.raises(NumberError):
                plan.normalize(number)
        else:
            assert plan.normalize(number) == expected


def test_the_memo_holds_one_entry_per_leading_digits_at_most():
    plan = NumberPlan(access_codes=("00", "011", "810"), country_code="49", national_prefix="0")
    rng = random.Random(13)
    for _ in range(20_000):
        number = "".join(rng.choices("0123456789", k=rng.randint(1, 15)))
        if outcome(plan, number) is not None:
            assert plan.normalize(number) == outcome(plan, number)
    # Heads are the first 3 digits (the longest code): at most 10 + 100 + 1000 of them.
    assert 0 < len(plan._leads) <= 1_110
    assert all(len(head) <= 3 for head in plan._leads)


def test_past_its_bound_the_memo_stops_growing_and_answers_stay_right(monkeypatch):
    monkeypatch.setattr(numbers, "_LEADS_LIMIT", 5)
    plan = NumberPlan(access_codes=("00", "011"), country_code="7", national_prefix="8")
    rng = random.Random(5)
    for _ in range(2_000):
        number = "".join(rng.choices("0189", k=rng.randint(1, 12)))
        if outcome(plan, number) is None:
            with pytest.raises(NumberError):
                plan.normalize(number)
        else:
            assert plan.normalize(number) == outcome(plan, number)
    assert len(plan._leads) == 5


def test_the_memo_is_not_part_of_the_plans_value():
    used = NumberPlan(access_codes=("00",), country_code="49", national_prefix="0")
    used.normalize("0049301234")
    fresh = NumberPlan(access_codes=("00",), country_code="49", national_prefix="0")
    assert used._leads and not fresh._leads
    assert used == fresh and hash(used) == hash(fresh) and repr(used) == repr(fresh)
    assert "_leads" not in repr(used)
