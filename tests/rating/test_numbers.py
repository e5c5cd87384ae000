"""Dialed number normalization (docs/ARCHITECTURE.md §4.4)."""

import pytest

from callshop_pos.rating.numbers import NumberError, NumberPlan

GERMANY = NumberPlan(access_codes=("00",), country_code="49", national_prefix="0")
RUSSIA = NumberPlan(access_codes=("810",), country_code="7", national_prefix="8")
NANP = NumberPlan(access_codes=("011",), country_code="1", national_prefix="1")
MANY = NumberPlan(access_codes=("0", "00", "011"))


@pytest.mark.parametrize(
    ("plan", "dialed", "expected"),
    [
        (GERMANY, "+44 20 7946 0958", "442079460958"),
        (GERMANY, "0044 (20) 7946-0958", "442079460958"),
        (GERMANY, "030 1234567", "49301234567"),  # national: 0 -> 49
        (GERMANY, "+49 (0)30", "49030"),  # "+" means international as dialed
        (GERMANY, "442079460958", "442079460958"),  # bare international stays
        (GERMANY, "1.212.555.0100", "12125550100"),
        (RUSSIA, "8 10 49 30 123", "4930123"),  # access code 810
        (RUSSIA, "8 495 123-45-67", "74951234567"),  # national prefix 8
        (NANP, "011 44 20", "4420"),
        (NANP, "1 212 555 0100", "12125550100"),  # 1 + national = country 1 + rest
        (MANY, "0114420", "4420"),  # longest access code first
        (MANY, "004420", "4420"),
        (MANY, "04420", "4420"),
        (NumberPlan(), "0301234", "0301234"),  # no country code: nothing national
        (NumberPlan(), "\t+7 495\n", "7495"),
    ],
)
def test_normalize(plan, dialed, expected):
    assert plan.normalize(dialed) == expected


def test_national_prefix_needs_a_country_code():
    plan = NumberPlan(access_codes=("00",), country_code="", national_prefix="0")
    assert plan.normalize("0301234") == "0301234"


def test_access_codes_are_tried_longest_first_whatever_the_order_given():
    assert MANY.access_codes == ("011", "00", "0")


@pytest.mark.parametrize(
    "dialed", ["", "   ", "+", "-()", "00", "+-", "12a4", "*100#", "+4+4", "٤٤", "²"]
)
def test_unusable_numbers_are_refused(dialed):
    with pytest.raises(NumberError) as info:
        GERMANY.normalize(dialed)
    assert repr(dialed) in str(info.value)
    assert isinstance(info.value, ValueError)


def test_a_national_prefix_alone_is_refused():
    with pytest.raises(NumberError):
        RUSSIA.normalize("8")


@pytest.mark.parametrize(
    "kwargs",
    [{"access_codes": ("",)}, {"access_codes": ("+00",)}, {"country_code": "+49"}],
)
def test_bad_plans_are_refused(kwargs):
    with pytest.raises(ValueError):
        NumberPlan(**kwargs)
