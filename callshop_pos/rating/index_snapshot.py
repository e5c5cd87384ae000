"""A built PrefixIndex as bytes and back, so a big deck loads without being built again.

``services/index_snapshots.py`` stores what ``dump`` gives beside the owner's revision and
``load`` turns it back into an index equal to the one dumped. The arrays travel as their raw
machine bytes (``array.tobytes``); the small tables of distinct values (area names, prices as
exact decimal text, intervals, dates in ISO form, the rare prefixes longer than 18 digits) as
a JSON header. Never pickle: a shared database is no trusted source of code.

``load`` trusts nothing: the format version, this machine's byte order and item sizes, a
CRC-32 of header and bytes, every section's size, the dates' order and the pricings' values
are checked, and anything wrong raises ``SnapshotError`` (the caller then builds the index
from the rows, as if there were no snapshot).
"""

from __future__ import annotations

import json
import sys
import zlib
from array import array
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from itertools import accumulate, islice
from typing import Any

from callshop_pos.rating.index import _RECORD, PrefixIndex, bucket_digits, checked_pricings

# Bump when the layout of the header, the sections or the row codes changes: a snapshot of
# another format is never read. 2: up to 6 digits pick a bucket (bucket_digits), not 5.
FORMAT = 2
# (name, array type code) of the sections, in the order their bytes follow one another.
_SECTIONS = (
    ("keys", "q"),
    ("records", "Q"),
    ("starts", "i"),
    ("multi_sizes", "i"),
    ("multi_codes", "Q"),
)
_ITEM_SIZES = {code: array(code).itemsize for _name, code in _SECTIONS}


class SnapshotError(ValueError):
    """The stored bytes are not a snapshot this program can use."""


@dataclass(frozen=True)
class Snapshot:
    header: str  # JSON
    data: bytes
    checksum: int  # CRC-32 of the header's UTF-8 bytes, then the data


def checksum(header: str, data: bytes) -> int:
    return zlib.crc32(data, zlib.crc32(header.encode()))


def dump(index: PrefixIndex) -> Snapshot | None:
    """The index as a snapshot; None when its codes are too wide for machine arrays (a deck
    with millions of distinct values: never seen, and then it is simply built each time)."""
    records = index._records
    if not isinstance(records, array):
        return None
    multi = index._multi
    sections = (
        index._keys,
        records,
        index._starts,
        array("i", map(len, multi)),
        array("Q", (code for codes in multi for code in codes)),
    )
    header = json.dumps(
        {
            "format": FORMAT,
            "byteorder": sys.byteorder,
            "itemsizes": _ITEM_SIZES,
            "rows": len(index),
            "sections": [len(section) for section in sections],
            "areas": index._areas,
            "pricings": [
                [str(p.price_1), str(p.price_n), p.interval_1, p.interval_n, p.grace_enabled]
                for p in index._pricings
            ],
            "dates": [date.isoformat() for date in index._sorted_dates],
            "long": index._long,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    data = b"".join(section.tobytes() for section in sections)
    return Snapshot(header, data, checksum(header, data))


def load(snapshot: Snapshot) -> PrefixIndex:
    """The index dumped into ``snapshot``; raises SnapshotError when it cannot be used."""
    if checksum(snapshot.header, snapshot.data) != snapshot.checksum:
        raise SnapshotError("the snapshot's checksum does not match its bytes")
    try:
        header = json.loads(snapshot.header)
        return _load(header, memoryview(snapshot.data))
    except SnapshotError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, InvalidOperation) as error:
        raise SnapshotError(f"the snapshot is malformed: {error}") from error


def _load(header: dict[str, Any], data: memoryview) -> PrefixIndex:
    if header["format"] != FORMAT:
        raise SnapshotError(f"snapshot format {header['format']!r}, this program reads {FORMAT}")
    if header["byteorder"] != sys.byteorder or header["itemsizes"] != _ITEM_SIZES:
        raise SnapshotError("the snapshot was written on a machine of another kind")
    counts = header["sections"]
    sizes = [count * _ITEM_SIZES[code] for count, (_n, code) in zip(counts, _SECTIONS, strict=True)]
    if sum(sizes) != len(data) or min(counts) < 0:
        raise SnapshotError("the snapshot's sections do not add up to its bytes")
    keys, records, starts, multi_sizes, multi_codes = (
        _array(code, data[end - size : end])
        for (_name, code), size, end in zip(_SECTIONS, sizes, accumulate(sizes), strict=True)
    )
    prefixes = len(keys)
    digits = bucket_digits(prefixes)
    if len(records) != _RECORD * (prefixes + 1) or len(starts) != 10**digits + 1:
        raise SnapshotError("the snapshot's arrays disagree in length")
    if sum(multi_sizes) != len(multi_codes) or (multi_sizes and min(multi_sizes) < 2):
        raise SnapshotError("the snapshot's rows of several-row prefixes do not add up")
    dates = tuple(map(datetime.fromisoformat, header["dates"]))
    if any(date.tzinfo is None for date in dates) or sorted(set(dates)) != list(dates):
        raise SnapshotError("the snapshot's dates are not in time order")
    money = {text: Decimal(text) for row in header["pricings"] for text in row[:2]}
    pricings = checked_pricings(
        [(money[p1], money[pn], i1, i_n, g) for p1, pn, i1, i_n, g in header["pricings"]]
    )
    areas = tuple(header["areas"])
    if not all(isinstance(area, str) for area in areas):
        raise SnapshotError("the snapshot's area names are not text")
    long = header["long"]
    if not all(isinstance(slot, int) and p.isdigit() and p.isascii() for p, slot in long.items()):
        raise SnapshotError("the snapshot's long prefixes are not digits")
    index = PrefixIndex.__new__(PrefixIndex)
    index._tables(pricings, areas, dates, int(header["rows"]))
    codes = iter(multi_codes)
    index._multi = [tuple(islice(codes, size)) for size in multi_sizes]
    index._set_long(long)
    index._arrays(keys, records, starts, digits)
    return index


def _array(code: str, data: memoryview) -> array[int]:
    items = array(code)
    items.frombytes(data)
    return items
