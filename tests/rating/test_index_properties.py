"""The compact index against the rule it implements, written out the slow way: among the rows
active at t whose prefix starts the number, the longest prefix wins, then the latest
activation. Prefixes are drawn from few digits so that they nest, share padded keys ("4",
"40", "400"), start with 0 and run past 18 digits (kept aside from the arrays)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from callshop_pos.rating.index import PrefixIndex
from callshop_pos.rating.terms import RateRow

T0 = datetime(2024, 1, 1, tzinfo=UTC)
MOMENTS = [T0 + timedelta(days=d) for d in range(5)]

prefixes = st.one_of(
    st.text("04", min_size=1, max_size=6),
    st.text("40", min_size=17, max_size=22),  # around the 18 digits a key holds
)


@st.composite
def decks(draw: st.DrawFn) -> list[RateRow]:
    rows = []
    seen = set()
    for prefix in draw(st.lists(prefixes, max_size=30)):
        activation = draw(st.sampled_from(MOMENTS[:4]))
        if (prefix, activation) in seen:
            continue
        seen.add((prefix, activation))
        expiration = draw(st.sampled_from([None, *MOMENTS]))
        if expiration is not None and expiration <= activation:
            expiration = None
        rows.append(
            RateRow(
                prefix,
                draw(st.sampled_from(["A", "B", "C"])),
                D(draw(st.sampled_from(["0.10", "0.2", "1"]))),
                D("0.10"),
                draw(st.sampled_from([1, 60])),
                forbidden=draw(st.booleans()),
                activation=activation,
                expiration=expiration,
            )
        )
    return rows


def expected(rows: list[RateRow], number: str, at: datetime) -> RateRow | None:
    active = [r for r in rows if number.startswith(r.prefix) and r.is_active(at)]
    return max(active, key=lambda r: (len(r.prefix), r.activation), default=None)


@settings(max_examples=300, deadline=None)
@given(decks(), st.lists(st.text("0124", min_size=1, max_size=24), max_size=20))
def test_lookup_is_the_longest_active_prefix(rows: list[RateRow], numbers: list[str]) -> None:
    index = PrefixIndex(rows)
    numbers += [r.prefix + tail for r in rows for tail in ("", "0", "4", "00")]
    for at in MOMENTS:
        for number in numbers:
            assert index.lookup(number, at) == expected(rows, number, at), (number, at)
        for row in rows:
            found = index.row_at(row.prefix, at)
            active = [r for r in rows if r.prefix == row.prefix and r.is_active(at)]
            assert found == max(active, key=lambda r: r.activation, default=None)


@settings(max_examples=100, deadline=None)
@given(decks())
def test_every_row_is_kept_once(rows: list[RateRow]) -> None:
    index = PrefixIndex(reversed(rows))  # not in prefix order: the index sorts
    assert sorted(index.rows(), key=repr) == sorted(rows, key=repr)
    assert len(index) == len(rows)
    assert index.prefix_count == len({r.prefix for r in rows})
    by_area: dict[str, set[str]] = {}
    for r in rows:
        by_area.setdefault(r.area_name, set()).add(r.prefix)
    assert index.areas() == {name: tuple(sorted(p)) for name, p in by_area.items()}
