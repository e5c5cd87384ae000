"""Validation of tariff terms and rate rows, and the activation window."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest

from callshop_pos.rating.terms import BEGINNING_OF_TIME, RateRow, TariffTerms

T0 = datetime(2024, 3, 1, tzinfo=UTC)


def test_defaults():
    terms = TariffTerms()
    assert (terms.currency, terms.connect_fee, terms.precision, terms.round_up) == (
        "EUR",
        0,
        2,
        False,
    )
    row = RateRow("44", "UK", D("0.1"), D("0.1"))
    assert (row.interval_1, row.interval_n, row.forbidden, row.grace_enabled) == (
        60,
        60,
        False,
        False,
    )
    assert row.activation == BEGINNING_OF_TIME
    assert row.expiration is None


def test_whole_numbers_become_decimals():
    terms = TariffTerms(connect_fee=1)
    assert isinstance(terms.connect_fee, D)
    row = RateRow("1", "US", 1, 0)
    assert isinstance(row.price_1, D) and isinstance(row.price_n, D)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"connect_fee": 0.1},
        {"connect_fee": D("-0.01")},
        {"connect_fee": D("NaN")},
        {"post_call_surcharge": D("-0.1")},
        {"free_seconds": -1},
        {"grace_period": -1},
        {"precision": -1},
        {"precision": 11},
        {"precision": 2.0},
    ],
)
def test_bad_terms_are_refused(kwargs):
    with pytest.raises((ValueError, TypeError)):
        TariffTerms(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"price_1": 0.1},
        {"price_1": D("-1")},
        {"price_n": D("Infinity")},
        {"interval_1": 0},
        {"interval_n": 0},
        {"interval_n": -6},
        {"interval_1": True},
    ],
)
def test_bad_rows_are_refused(kwargs):
    fields = {"prefix": "1", "area_name": "x", "price_1": D(1), "price_n": D(1)} | kwargs
    with pytest.raises((ValueError, TypeError)):
        RateRow(**fields)


def test_activation_window_is_half_open():
    row = RateRow("1", "x", D(1), D(1), activation=T0, expiration=T0 + timedelta(days=1))
    assert not row.is_active(T0 - timedelta(microseconds=1))
    assert row.is_active(T0)
    assert row.is_active(T0 + timedelta(days=1, microseconds=-1))
    assert not row.is_active(T0 + timedelta(days=1))


def test_open_ended_row_stays_active():
    row = RateRow("1", "x", D(1), D(1), activation=T0)
    assert row.is_active(datetime(2999, 1, 1, tzinfo=UTC))


def test_rows_are_frozen_and_slotted():
    row = RateRow("1", "x", D(1), D(1))
    with pytest.raises(AttributeError):
        row.price_1 = D(0)  # type: ignore[misc]
    assert not hasattr(row, "__dict__")
