"""Exact money parsing, rounding and display."""

from decimal import Decimal, localcontext
from decimal import Decimal as D

import pytest

from callshop_pos.money import (
    ZERO,
    MoneyError,
    format_money,
    parse_money,
    quantize,
    quantize_quotient,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.50", "1.50"),
        ("1,50", "1.50"),
        (" 2 ", "2"),
        ("-0.5", "-0.5"),
        ("+3", "3"),
        (".5", "0.5"),
        ("5.", "5"),
        ("-0.00", "0"),
        (7, "7"),
        (Decimal("0.015"), "0.015"),
    ],
)
def test_parse_money_accepts(text, expected):
    value = parse_money(text)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)


def test_parse_money_negative_zero_loses_its_sign():
    assert not parse_money("-0.00").is_signed()
    assert not parse_money(Decimal("-0")).is_signed()


@pytest.mark.parametrize(
    "text", ["", "abc", "NaN", "nan", "inf", "-Infinity", "1e3", "1,234.50", "1.2.3", "1 000", "€5"]
)
def test_parse_money_rejects_and_names_the_text(text):
    with pytest.raises(MoneyError) as info:
        parse_money(text)
    assert repr(text) in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_parse_money_rejects_non_finite_decimals(value):
    with pytest.raises(MoneyError):
        parse_money(value)


@pytest.mark.parametrize("value", [1.5, True, None])
def test_parse_money_rejects_floats_bools_and_others(value):
    with pytest.raises(MoneyError):
        parse_money(value)


@pytest.mark.parametrize(
    ("amount", "precision", "round_up", "expected"),
    [
        ("1.005", 2, False, "1.01"),  # half-up, not banker's rounding
        ("1.0049", 2, False, "1.00"),
        ("1.001", 2, True, "1.01"),
        ("1.000", 2, True, "1.00"),
        ("2.5", 0, False, "3"),
        ("2.1", 0, True, "3"),
        ("0.12345", 4, False, "0.1235"),
        ("-1.005", 2, False, "-1.01"),  # away from zero
        ("-1.009", 2, True, "-1.00"),  # ceiling is toward +infinity
    ],
)
def test_quantize(amount, precision, round_up, expected):
    result = quantize(Decimal(amount), precision, round_up)
    assert result == Decimal(expected)
    assert result.as_tuple().exponent == -precision


@pytest.mark.parametrize("precision", [-1, 11])
def test_quantize_refuses_odd_precisions(precision):
    with pytest.raises(ValueError):
        quantize(ZERO, precision)


@pytest.mark.parametrize(
    ("numerator", "denominator", "precision", "round_up", "expected"),
    [
        ("1", 60, 2, False, "0.02"),  # 0.01666…
        ("1", 60, 2, True, "0.02"),
        ("0.3", 60, 2, False, "0.01"),  # exactly 0.005: half-up
        ("0.29", 60, 3, False, "0.005"),  # 0.0048333…
        ("0.29", 60, 4, True, "0.0049"),
        ("60", 60, 0, True, "1"),  # exact: no rounding up
        ("0.0000000000000000000000000001", 60, 2, True, "0.01"),  # any excess rounds up
        ("-1", 60, 2, False, "-0.02"),
        ("-1", 60, 2, True, "-0.01"),
    ],
)
def test_quantize_quotient_is_exact(numerator, denominator, precision, round_up, expected):
    result = quantize_quotient(Decimal(numerator), denominator, precision, round_up)
    assert result == Decimal(expected)
    assert result.as_tuple().exponent == -precision


def test_quantize_quotient_agrees_with_quantize_on_exact_quotients():
    for cents in range(-300, 300):
        value = Decimal(cents).scaleb(-3)
        for round_up in (False, True):
            assert quantize_quotient(value * 60, 60, 2, round_up) == quantize(value, 2, round_up)


@pytest.mark.parametrize(
    ("amount", "precision", "currency", "expected"),
    [
        (Decimal("12.5"), 2, None, "12.50"),
        (Decimal("12.5"), 2, "EUR", "12.50 EUR"),
        (Decimal("0.125"), 2, None, "0.13"),
        (Decimal("-0.001"), 2, None, "0.00"),
        (Decimal("1E+3"), 0, "USD", "1000 USD"),
        (3, 3, None, "3.000"),
    ],
)
def test_format_money(amount, precision, currency, expected):
    assert format_money(amount, precision, currency) == expected


def test_quantize_quotient_never_rounds_silently_past_28_digits():
    # 40 significant digits: the default Decimal context would round this.
    numerator = D("1234567890123456789012345678901234567.891")
    with localcontext(prec=80):
        sixty_times = numerator * 60
        a_bit_more = sixty_times + D("0.03")
        next_unit = numerator + D("0.001")
    assert quantize_quotient(sixty_times, 60, 3) == numerator
    assert quantize_quotient(a_bit_more, 60, 3, round_up=True) == next_unit
