"""A built index dumped to bytes and read back answers exactly as the index dumped, and bytes
that are not a good snapshot of this format, for this machine, are refused, never used."""

import json
import sys
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal as D

import pytest
from hypothesis import given, settings

from callshop_pos.rating.index import PrefixIndex
from callshop_pos.rating.index_snapshot import (
    FORMAT,
    Snapshot,
    SnapshotError,
    checksum,
    dump,
    load,
)
from callshop_pos.rating.terms import RateRow
from tests.rating.test_index_properties import MOMENTS, decks

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def _numbers(rows: list[RateRow]) -> list[str]:
    return ["", "0", "4", "44", "0" * 25, *(r.prefix + t for r in rows for t in ("", "0", "44"))]


@settings(max_examples=200, deadline=None)
@given(decks())
def test_a_snapshot_reads_back_as_the_index_it_was_made_of(rows: list[RateRow]) -> None:
    built = PrefixIndex(rows)
    snapshot = dump(built)
    assert snapshot is not None
    read = load(snapshot)
    assert list(read.rows()) == list(built.rows())
    assert (len(read), read.prefix_count, read.areas()) == (
        len(built),
        built.prefix_count,
        built.areas(),
    )
    for at in MOMENTS:
        for number in _numbers(rows):
            assert read.match(number, at) == built.match(number, at), (number, at)
            assert read.lookup(number, at) == built.lookup(number, at)
        for row in rows:
            assert read.row_at(row.prefix, at) == built.row_at(row.prefix, at)


def _deck() -> PrefixIndex:
    return PrefixIndex(
        [
            RateRow("49", "Germany", D("0.10"), D("0.05"), 60, 6, activation=T0),
            RateRow("4930", "Berlin", D("0.02"), D("0.02"), activation=T0),
            RateRow("4930", "Berlin new", D("0.01"), D("0.01"), activation=MOMENTS[2]),
            RateRow("9" * 20, "long", D("1"), D("1"), forbidden=True, activation=T0),
        ]
    )


def _resealed(snapshot: Snapshot, header: str | None = None, data: bytes | None = None) -> Snapshot:
    """``snapshot`` changed, with a checksum that matches the change (so that only the
    checks after the checksum can refuse it)."""
    header = snapshot.header if header is None else header
    data = snapshot.data if data is None else data
    return Snapshot(header, data, checksum(header, data))


def _edited(snapshot: Snapshot, **fields: object) -> Snapshot:
    header = json.loads(snapshot.header)
    header.update(fields)
    return _resealed(snapshot, header=json.dumps(header))


def test_a_changed_byte_is_caught_by_the_checksum() -> None:
    snapshot = dump(_deck())
    assert snapshot is not None
    data = bytearray(snapshot.data)
    data[len(data) // 2] ^= 1
    with pytest.raises(SnapshotError, match="checksum"):
        load(replace(snapshot, data=bytes(data)))
    with pytest.raises(SnapshotError, match="checksum"):
        load(replace(snapshot, header=snapshot.header.replace("Berlin", "Bremen")))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"format": FORMAT + 1}, "format"),
        ({"byteorder": "big" if sys.byteorder == "little" else "little"}, "another kind"),
        ({"itemsizes": {"q": 4, "Q": 8, "i": 4}}, "another kind"),
        ({"sections": [2, 9, 11, 1, 3]}, "add up"),
        ({"dates": ["2024-06-01T00:00:00+00:00", "2024-01-01T00:00:00+00:00"]}, "time order"),
        ({"dates": ["2024-01-01T00:00:00", "2024-01-03T00:00:00"]}, "time order"),
        ({"pricings": [["-0.10", "0.05", 60, 6, False]] * 3}, "malformed"),
        ({"pricings": [["0.10", "0.05", 0, 6, False]] * 3}, "malformed"),
        ({"pricings": [["ten", "0.05", 60, 6, False]] * 3}, "malformed"),
        ({"areas": [1, 2, 3, 4]}, "not text"),
        ({"long": {"9x": 5}}, "not digits"),
        ({"rows": None}, "malformed"),
    ],
)
def test_a_header_that_does_not_fit_is_refused(fields: dict[str, object], message: str) -> None:
    snapshot = dump(_deck())
    assert snapshot is not None
    with pytest.raises(SnapshotError, match=message):
        load(_edited(snapshot, **fields))


def test_bytes_cut_short_or_not_json_are_refused() -> None:
    snapshot = dump(_deck())
    assert snapshot is not None
    with pytest.raises(SnapshotError, match="add up"):
        load(_resealed(snapshot, data=snapshot.data[:-8]))
    with pytest.raises(SnapshotError, match="malformed"):
        load(_resealed(snapshot, header=snapshot.header[:-1]))
    with pytest.raises(SnapshotError, match="malformed"):
        load(_resealed(snapshot, header="[]"))
