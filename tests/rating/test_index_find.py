"""PrefixIndex.find: the quote's packed lookup answers exactly what match does."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from callshop_pos.rating.index import PrefixIndex
from callshop_pos.rating.terms import RateRow

AT = datetime(2024, 6, 1, tzinfo=UTC)
OLD = datetime(2024, 1, 1, tzinfo=UTC)
LATER = datetime(2024, 9, 1, tzinfo=UTC)


def _row(prefix: str, activation: datetime = OLD, forbidden: bool = False) -> RateRow:
    return RateRow(
        prefix,
        f"Area {prefix}",
        Decimal("0.10"),
        Decimal("0.10"),
        60,
        60,
        forbidden=forbidden,
        activation=activation,
    )


def test_find_packs_what_match_returns() -> None:
    long = "4" * 25
    index = PrefixIndex(
        [
            _row("49"),
            _row("4930"),
            _row("4930", LATER),
            _row("49301", LATER),
            _row("1", forbidden=True),
            _row(long),
        ]
    )
    numbers = ["4930123", "49301", "4940", "1555", "33", "4", long + "1", "4" * 30, "9" * 19]
    for number in numbers:
        found, matched = index.find(number, AT), index.match(number, AT)
        if found > 0:
            assert (found & 31, found >> 5) == matched, number
        elif found == -1:  # a prefix over 18 digits: match says which
            assert matched is not None and matched[0] == len(long), number
        else:
            assert found == 0 and matched is None, number
    assert index.find(long + "1", AT) == -1
    assert index.find("33", AT) == 0
