"""rating.search: destinations by name, case-insensitive, substring, Unicode-aware."""

from datetime import UTC, datetime
from decimal import Decimal as D

import pytest

from callshop_pos.rating.index import PrefixIndex
from callshop_pos.rating.search import Destination, SearchError, fold, search
from callshop_pos.rating.terms import RateRow

T0 = datetime(2024, 1, 1, tzinfo=UTC)
T1 = datetime(2024, 6, 1, tzinfo=UTC)
T2 = datetime(2024, 9, 1, tzinfo=UTC)


def row(prefix, area, price="0.80", **kw):
    kw.setdefault("activation", T0)
    return RateRow(prefix, area, D(price), D(price), **kw)


INDEX = PrefixIndex(
    [
        row("53", "Cuba"),
        row("535", "Cuba Mobile", "1.10"),
        row("5399", "Cuba Satellite", forbidden=True),
        row("5999", "Curaçao", "0.40"),
        row("7495", "Россия Москва", "0.15"),
        row("49", "Deutschland Straße"),
        row("1", "USA (incl. Guantanamo, Cuba)", "0.02"),
        row("49", "Germany", "0.10", activation=T2),  # a price change uploaded ahead
    ]
)


def names(found):
    return [(d.area_name, d.prefix) for d in found.matches]


def test_a_name_finds_every_prefix_with_its_price_best_matches_first():
    found = search(INDEX, "cuba", T1)
    assert names(found) == [
        ("Cuba", "53"),
        ("Cuba Mobile", "535"),
        ("Cuba Satellite", "5399"),
        ("USA (incl. Guantanamo, Cuba)", "1"),
    ]
    assert found.total == 4
    assert found.matches[1] == Destination("Cuba Mobile", "535", D("1.10"), D("1.10"), False)
    assert found.matches[2].forbidden


def test_case_accents_and_scripts_are_ignored_as_a_cashier_expects():
    assert names(search(INDEX, "  CURACAO ", T1)) == [("Curaçao", "5999")]
    assert names(search(INDEX, "москва", T1)) == [("Россия Москва", "7495")]
    assert names(search(INDEX, "strasse", T1)) == [("Deutschland Straße", "49")]
    assert names(search(INDEX, "ssia", T1)) == []
    assert fold("ÉCOLE  Straße") == "ecole strasse"


def test_the_row_in_force_decides_name_and_price():
    assert names(search(INDEX, "germany", T1)) == []  # not active yet
    assert names(search(INDEX, "germany", T2)) == [("Germany", "49")]
    assert names(search(INDEX, "straße", T2)) == []  # the prefix has another name by then


def test_the_limit_keeps_the_best_and_counts_the_rest():
    found = search(INDEX, "cu", T1, limit=2)
    assert names(found) == [("Cuba", "53"), ("Cuba Mobile", "535")]
    assert found.total == 5


def test_an_empty_search_is_a_clear_error():
    with pytest.raises(SearchError, match="destination's name"):
        search(INDEX, "  ", T1)
