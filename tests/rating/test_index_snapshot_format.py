"""A snapshot written by an older program (format 1: at most 5 digits picked a bucket) is
refused, so the caller builds the index from its rows again: never misread by this one."""

import json
from pathlib import Path

import pytest

from callshop_pos.rating.index import PrefixIndex, bucket_digits
from callshop_pos.rating.index_snapshot import FORMAT, Snapshot, SnapshotError, checksum, load

# Dumped by the program of main at dd3fff2 (format 1) from a 40-prefix deck.
OLD = json.loads((Path(__file__).parent / "data" / "index_snapshot_format1.json").read_text())


def _old() -> Snapshot:
    return Snapshot(OLD["header"], bytes.fromhex(OLD["data"]), OLD["checksum"])


def test_a_format_1_snapshot_is_refused() -> None:
    assert FORMAT == 2
    with pytest.raises(SnapshotError, match="format 1, this program reads 2"):
        load(_old())


def test_its_bucket_table_does_not_fit_this_format_either() -> None:
    # Relabelled as this format (checksum made to match), its buckets are still caught: 40
    # prefixes are 10 buckets there and 100 here.
    old = _old()
    header = json.loads(old.header)
    header["format"] = FORMAT
    text = json.dumps(header)
    assert header["sections"][2] == 11 and bucket_digits(40) == 2
    with pytest.raises(SnapshotError, match="disagree in length"):
        load(Snapshot(text, old.data, checksum(text, old.data)))


def test_buckets_grow_to_six_digits_and_stay_within_four_a_prefix() -> None:
    assert [bucket_digits(n) for n in (0, 1, 3, 40, 24_999, 25_000, 250_000, 10**6)] == [
        1,
        1,
        1,
        2,
        4,
        5,
        6,
        6,
    ]
    for n in (1, 3, 40, 2_500, 25_000, 250_000, 10**6, 10**7):
        assert n < 3 or 10 ** bucket_digits(n) <= 4 * n
    assert PrefixIndex()._starts.tolist() == [0] * 11
