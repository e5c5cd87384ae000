"""Longest-prefix rate lookup in memory, and the price quote built on it (ARCHITECTURE.md §4.1).

A rate deck has up to a million prefixes and the PBX asks for a rate on every call attempt,
so a lookup never scans the table. The prefixes are held in one sorted array: each prefix is
a key made of its digits padded with zeros to 18 digits (``"4930"`` -> 493000000000000000),
prefixes with equal keys ordered shorter first, which is exactly the prefixes' own
(character) order. A number is matched by one binary search for its own padded digits: the
prefix just before it is either a prefix of the number, or every prefix of the number that
the deck has is one of that prefix's own prefixes ("parents", each kept as the position of
its longest proper prefix). So a lookup is one ``bisect`` and a short walk up the parents,
whatever the number of prefix lengths. Prefixes longer than 18 digits (never seen in a real
deck, but allowed) are kept aside in a dict by prefix and tried first.

Several rows may share a prefix (a price change uploaded ahead of time, a promotion with an
expiration). Among the rows of one prefix that are active at ``t`` the one activated last
wins; if none is active the lookup falls back to shorter prefixes, exactly as if the prefix
were absent at that moment.

Compact: the keys and each prefix's record (where its keys end, its row code and length, its
parent) are machine arrays (32 bytes a prefix; a record's three integers side by side, so a
lookup reads them together). A row is one integer code, the ids of its values in the
index's tables of distinct values (area names, pricings, dates), each field only as wide as
its table needs;
a prefix with several rows holds the position of their codes in a side table instead. A deck
repeats a few hundred names, prices and dates, so the tables are small. The prices stay the
exact Decimal objects of the tables; a RateRow is made only for the row a lookup returns.

Fast: the dates table is in time order and the activation is the code's highest field, so
"active at t" is two integer comparisons against thresholds computed once per ``t`` (how
many dates are <= t), with no field unpacked and no datetime compared per probe.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from functools import partial
from itertools import accumulate, compress, islice, repeat
from operator import add, eq, floordiv, gt, le, lshift, not_, sub
from typing import Any, Literal, NamedTuple

from callshop_pos.rating.numbers import NumberPlan
from callshop_pos.rating.rule import Form, form_for, price_form
from callshop_pos.rating.terms import (
    Pricing,
    RateRow,
    RowValues,
    TariffTerms,
    row_values,
    trusted_rate_row,
)

Refusal = Literal["no_rate", "forbidden"]

# A slot of the sorted array: a row code (bit 0 clear), or (position in the index's table
# of several-row prefixes << 1) | 1.
_MULTI = 1
# Prefix i's record, at _RECORD * (i + 1) in the index's records: its end (a prefix covers
# the keys from its own up to its own plus 10^(18 - length)), its slot and its parent's
# position + 1 (0: none), side by side so that a lookup reads them together. The record at
# 0 stands for no prefix.
_RECORD = 3
# Digits a key holds: 10**18 - 1 fits a signed 64-bit integer (PostgreSQL's BIGINT too).
KEY_DIGITS = _WIDTH = 18
# Padding a number of n digits (n <= _WIDTH) to a key: its value times _SCALE[n].
_SCALE = tuple(10 ** (_WIDTH - n) for n in range(_WIDTH + 1))
# A prefix's slot holds its length in its low bits (prefixes here have at most 18 digits).
_LENGTH_BITS = 5
_LENGTH_MASK = (1 << _LENGTH_BITS) - 1
# At most this many leading digits pick a bucket of the number line (10**6 buckets: a table
# of 4 MB, quick to fill; a bucket of a dense country's numbers then holds ~140 prefixes of
# the bench's 250k, not ~550, and its binary search makes 2 comparisons fewer), and at most
# this many buckets per prefix (4 bytes each: at most 16 bytes a prefix).
_BUCKET_DIGITS = 6
_BUCKETS_PER_PREFIX = 4
# Codes wider than this are held in a list instead of a machine array (see _codes_array).
_CODE_BITS = 64
# A prefix longer than _WIDTH digits: one code, or several (latest activation first).
_Entry = int | tuple[int, ...]


def _same(value: Any) -> Any:
    return value


def _width(count: int) -> int:
    """Bits for ids 0 .. count - 1."""
    return max(1, (count - 1).bit_length())


def _prefix_key(prefix: str) -> int:
    return int(prefix) * _SCALE[len(prefix)]


def bucket_digits(prefixes: int) -> int:
    """How many leading digits pick a key's bucket in an index of ``prefixes`` prefixes: the
    most (up to 6) that make at most 4 buckets a prefix."""
    return min(_BUCKET_DIGITS, max(1, len(str(_BUCKETS_PER_PREFIX * prefixes)) - 1))


def _fields(pricings: int, areas: int, dates: int) -> tuple[int, int, int, int]:
    """A row code's layout for tables of these sizes: (area shift, expiration shift,
    activation shift, bits in all). Fields, low to high: 0 (see _MULTI), forbidden,
    pricing, area, expiration (a date id, 0: none), activation (a date id from 1)."""
    area_shift = 2 + _width(pricings)
    exp_shift = area_shift + _width(areas)
    act_shift = exp_shift + _width(dates + 1)
    return area_shift, exp_shift, act_shift, act_shift + _width(dates + 1)


def _ties(keys: Sequence[int]) -> list[int]:
    """The positions whose key is the one before's: "490" after "49" (prefixes that pad
    alike), or a prefix's next row."""
    return list(compress(range(1, len(keys)), map(eq, keys, islice(keys, 1, None))))


class PrefixIndex:
    """Rate rows by prefix, answering "which row prices number N at time t"."""

    __slots__ = (
        "_act_shift",
        "_area_mask",
        "_area_shift",
        "_areas",
        "_bucket",
        "_by_area",
        "_dates",
        "_exp_mask",
        "_exp_shift",
        "_forms",
        "_forms_terms",
        "_keys",
        "_long",
        "_long_lengths",
        "_multi",
        "_pricing_mask",
        "_pricings",
        "_records",
        "_size",
        "_sorted_dates",
        "_starts",
        "_window",
    )

    def __init__(self, rows: Iterable[RateRow] = ()) -> None:
        self._build_rows([row_values(row) for row in rows], _same, _same)

    @classmethod
    def from_values(cls, values: Iterable[RowValues]) -> PrefixIndex:
        """An index of rows given as value tuples (RateRow's field order) that were
        validated as RateRow would (e.g. stored rows read back): no RateRow is made."""
        index = cls.__new__(cls)
        index._build_rows(values if isinstance(values, list) else list(values), _same, _same)
        return index

    @classmethod
    def from_stored(
        cls,
        rows: Sequence[Sequence[Any]],
        price: Callable[[Any], Decimal],
        date: Callable[[Any], datetime],
    ) -> PrefixIndex:
        """An index of rows as a database returns them (RateRow's field order, prices and
        dates in their stored form): ``price`` and ``date`` convert one stored value, and
        are called once per distinct value, not per row. A pricing that could never have
        been stored valid (a negative price, an interval under a second) raises as RateRow
        does."""
        index = cls.__new__(cls)
        index._build_rows(rows, price, date)
        return index

    @classmethod
    def from_keyed(
        cls,
        rows: Sequence[Sequence[Any]],
        price: Callable[[Any], Decimal],
        date: Callable[[Any], datetime],
    ) -> PrefixIndex:
        """from_stored for rows whose prefix the database gave as its key and its length:
        ``rows`` are (key, length, the prefix if longer than 18 digits else None, then
        RateRow's fields after the prefix), the key being the prefix's first 18 digits
        padded with zeros to 18 (services.rating_cache.stored_index has the database
        compute it), best in prefix order (``ORDER BY prefix``: no sort is needed then).
        No prefix string of 18 digits or fewer is made at all."""
        index = cls.__new__(cls)
        columns: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [()] * 12
        long_rows: list[tuple[Any, ...]] = []
        if max(columns[1], default=0) > _WIDTH:  # rare: kept aside from the arrays
            short = [length <= _WIDTH for length in columns[1]]
            longer = list(map(not_, short))
            long_rows = list(zip(*(compress(c, longer) for c in columns[2:]), strict=True))
            columns = [list(compress(column, short)) for column in columns]
        del columns[2]
        index._build(columns, long_rows, price, date)
        return index

    def _build_rows(
        self,
        rows: Sequence[Sequence[Any]],
        price: Callable[[Any], Decimal],
        date: Callable[[Any], datetime],
    ) -> None:
        long_rows = [row for row in rows if len(row[0]) > _WIDTH]
        if long_rows:
            rows = [row for row in rows if len(row[0]) <= _WIDTH]
        columns: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [()] * 10
        prefixes = columns[0]
        if not all(map(str.isdigit, prefixes)) or not all(map(str.isascii, prefixes)):
            raise ValueError("a rate's prefix must be digits")
        keys = list(map(int, map(str.ljust, prefixes, repeat(_WIDTH), repeat("0"))))
        self._build([keys, list(map(len, prefixes)), *columns[1:]], long_rows, price, date)

    def _build(
        self,
        columns: list[Sequence[Any]],
        long_rows: Sequence[Sequence[Any]],
        price: Callable[[Any], Decimal],
        date: Callable[[Any], datetime],
    ) -> None:
        # Column-wise, with C-level map/zip wherever possible: each distinct value is seen
        # once through a dict, and a row's code is summed from its pre-shifted ids.
        keys, lengths = columns[0], columns[1]
        # Prefix order is (key, length): "49" and "490" have one key, the shorter first.
        ties = _ties(keys)
        if not all(map(le, keys, islice(keys, 1, None))) or any(
            map(
                gt,
                map(lengths.__getitem__, map(sub, ties, repeat(1))),
                map(lengths.__getitem__, ties),
            )
        ):
            order = list(map(add, map(lshift, keys, repeat(_LENGTH_BITS)), lengths))
            moved = sorted(range(len(order)), key=order.__getitem__)
            columns = [list(map(column.__getitem__, moved)) for column in columns]
            keys, lengths = columns[0], columns[1]
            ties = _ties(keys)
        values = columns[2:]
        if long_rows:  # their values are coded with the others', then kept aside
            extra = list(zip(*long_rows, strict=True))[1:]
            values = [(*column, *more) for column, more in zip(values, extra, strict=True)]
        names, p1s, pns, i1s, ins, forbidden, grace, acts, exps = values
        del values, columns
        areas = list(dict.fromkeys(names))
        # One hash per row: a pricing's id is found through the first row that has it.
        first: dict[tuple[Any, ...], int] = {}
        firsts = list(
            map(
                first.setdefault,
                zip(p1s, pns, i1s, ins, grace, forbidden, strict=True),
                range(len(names)),
            )
        )
        pricings = list(dict.fromkeys(key[:5] for key in first))
        raw_dates = dict.fromkeys(acts)
        raw_dates.update(dict.fromkeys(exps))
        raw_dates.pop(None, None)
        decoded = {raw: date(raw) for raw in raw_dates}
        in_order = sorted(decoded, key=decoded.__getitem__)
        area_shift, exp_shift, act_shift, bits = _fields(len(pricings), len(areas), len(in_order))
        pricing_ids = {key: i << 2 for i, key in enumerate(pricings)}
        # The first row of each (pricing, forbidden) -> its pricing and forbidden fields.
        kinds = {row: pricing_ids[key[:5]] | (2 if key[5] else 0) for key, row in first.items()}
        area_ids = {name: i << area_shift for i, name in enumerate(areas)}
        # Date ids from 1, in time order (0: no expiration).
        act_ids = {raw: (i + 1) << act_shift for i, raw in enumerate(in_order)}
        exp_ids: dict[Any, int] = {raw: (i + 1) << exp_shift for i, raw in enumerate(in_order)}
        exp_ids[None] = 0
        codes = list(
            map(
                add,
                map(add, map(kinds.__getitem__, firsts), map(area_ids.__getitem__, names)),
                map(add, map(exp_ids.__getitem__, exps), map(act_ids.__getitem__, acts)),
            )
        )
        del first, firsts, kinds, pricing_ids, area_ids, act_ids, exp_ids
        del names, p1s, pns, i1s, ins, forbidden, grace, acts, exps
        # Each distinct stored price converted once (a deck repeats a few hundred).
        money = {raw: price(raw) for raw in dict.fromkeys(p for key in pricings for p in key[:2])}
        p1s, pns, i1s, ins, grace = zip(*pricings, strict=True) if pricings else ((),) * 5
        get = money.__getitem__
        self._tables(
            checked_pricings(
                list(zip(map(get, p1s), map(get, pns), i1s, ins, map(bool, grace), strict=True))
            ),
            tuple(areas),
            tuple(decoded[r] for r in in_order),
            len(codes),
        )
        self._multi: list[tuple[int, ...]] = []
        self._set_long(self._group_long([row[0] for row in long_rows], codes[len(keys) :]))
        del codes[len(keys) :]
        self._place(list(keys), list(lengths), ties, codes, bits)

    def _tables(
        self,
        pricings: tuple[Pricing, ...],
        areas: tuple[str, ...],
        dates: tuple[datetime, ...],
        size: int,
    ) -> None:
        """Set the tables of distinct values the codes point into (dates in time order),
        the codes' field layout they give (see _fields), and empty caches."""
        area_shift, exp_shift, act_shift, _bits = _fields(len(pricings), len(areas), len(dates))
        self._pricings = pricings
        self._areas = areas
        self._dates: tuple[datetime | None, ...] = (None, *dates)
        self._sorted_dates = dates
        self._pricing_mask = (1 << (area_shift - 2)) - 1
        self._area_shift = area_shift
        self._area_mask = (1 << (exp_shift - area_shift)) - 1
        self._exp_shift = exp_shift
        self._exp_mask = ((1 << (act_shift - exp_shift)) - 1) << exp_shift
        self._act_shift = act_shift
        self._size = size
        self._window: tuple[datetime | None, int, int] = (None, 0, 0)
        self._by_area: dict[str, tuple[str, ...]] | None = None  # see areas()
        self._forms_terms: TariffTerms | None = None
        self._forms: list[Offer | None] = []

    def _group_long(self, prefixes: list[str], codes: list[int]) -> dict[str, int]:
        """Prefixes longer than 18 digits -> their slot (a code, or several's, see _MULTI)."""
        grouped: dict[str, list[int]] = {}
        for prefix, code in zip(prefixes, codes, strict=True):
            if not (prefix.isdigit() and prefix.isascii()):
                raise ValueError(f"a rate's prefix must be digits, not {prefix!r}")
            grouped.setdefault(prefix, []).append(code)
        return {prefix: self._slot_of(many) for prefix, many in grouped.items()}

    def _set_long(self, slots: dict[str, int]) -> None:
        self._long = slots
        self._long_lengths = tuple(sorted({len(p) for p in slots}, reverse=True))

    def _slot_of(self, codes: list[int]) -> int:
        if len(codes) == 1:
            return codes[0]
        # Highest code first is latest activation first (the activation is the top field,
        # its ids in time order): the first active one found is in force.
        self._multi.append(tuple(sorted(codes, reverse=True)))
        return (len(self._multi) - 1) << 1 | _MULTI

    def _place(
        self, keys: list[int], lengths: list[int], ties: list[int], codes: list[int], bits: int
    ) -> None:
        """Fill the arrays from the rows' keys, lengths and codes, in prefix order; ``ties``
        are the rows whose key is the row before's. Rows of one prefix are adjacent (a tie
        of equal length too): they share one slot (see _slot_of)."""
        before = map(lengths.__getitem__, map(sub, ties, repeat(1)))
        repeats = list(compress(ties, map(eq, map(lengths.__getitem__, ties), before)))
        if repeats:
            keep = [True] * len(keys)
            start = end = 0  # the run of rows start .. end - 1 being gathered
            for i in repeats:  # row i repeats row i - 1's prefix
                keep[i] = False
                if i != end:
                    if end:
                        codes[start] = self._slot_of(codes[start:end])
                    start = i - 1
                end = i + 1
            codes[start] = self._slot_of(codes[start:end])
            keys = list(compress(keys, keep))
            lengths = list(compress(lengths, keep))
            codes = list(compress(codes, keep))
        # A prefix's slot: its code (or several's) and its length, in one integer.
        slots = list(map(add, map(lshift, codes, repeat(_LENGTH_BITS)), lengths))
        wide = bits + _LENGTH_BITS > _CODE_BITS  # codes too wide for a machine array
        # Where each bucket of keys (their first few digits) starts: a binary search then
        # only looks inside the number's bucket.
        digits = bucket_digits(len(keys))
        counts = Counter(map(floordiv, keys, repeat(_SCALE[digits])))
        firsts = accumulate(map(counts.get, range(10**digits), repeat(0)), initial=0)
        ends = list(map(add, keys, map(_SCALE.__getitem__, lengths)))
        records = [0] * (_RECORD * (len(keys) + 1))  # the first stands for no prefix
        records[_RECORD::_RECORD] = ends
        records[_RECORD + 1 :: _RECORD] = slots
        records[_RECORD + 2 :: _RECORD] = _parent_links(keys, ends)
        self._arrays(
            array("q", keys),
            records if wide else array("Q", records),
            array("i", firsts),
            digits,
        )

    def _arrays(
        self,
        keys: array[int],
        records: array[int] | list[int],
        starts: array[int],
        digits: int,
    ) -> None:
        """Set the sorted keys, the prefixes' records in the same order (see _RECORD) and
        ``starts``: where each of the 10^digits buckets of keys (their first ``digits``
        digits) starts, and where the last ends."""
        self._keys = keys
        self._records = records
        self._starts = starts
        self._bucket = _SCALE[digits]

    def __len__(self) -> int:
        """The number of rows (not prefixes) in the index."""
        return self._size

    @property
    def prefix_count(self) -> int:
        return len(self._keys) + len(self._long)

    def _codes_of(self, slot: int) -> tuple[int, ...]:
        return self._multi[slot >> 1] if slot & _MULTI else (slot,)

    def _entries(self) -> Iterator[tuple[str, tuple[int, ...]]]:
        for prefix, slot in self._long.items():
            yield prefix, self._codes_of(slot)
        slots = islice(self._records, _RECORD + 1, None, _RECORD)
        for key, slot in zip(self._keys, slots, strict=True):
            yield f"{key:0{_WIDTH}d}"[: slot & _LENGTH_MASK], self._codes_of(slot >> _LENGTH_BITS)

    def _area(self, code: int) -> str:
        return self._areas[code >> self._area_shift & self._area_mask]

    def areas(self) -> dict[str, tuple[str, ...]]:
        """Area name -> its prefixes (sorted), built on first use: what a search by name
        walks, so it looks at each distinct name once instead of at every row."""
        by_area = self._by_area
        if by_area is None:
            grouped: dict[str, set[str]] = {}
            for prefix, codes in self._entries():
                for code in codes:
                    grouped.setdefault(self._area(code), set()).add(prefix)
            # Built whole, then published: a concurrent first use builds an equal copy.
            by_area = self._by_area = {name: tuple(sorted(p)) for name, p in grouped.items()}
        return by_area

    def _row(self, prefix: str, code: int) -> RateRow:
        pricing = self._pricings[code >> 2 & self._pricing_mask]
        return trusted_rate_row(
            prefix,
            self._area(code),
            pricing.price_1,
            pricing.price_n,
            pricing.interval_1,
            pricing.interval_n,
            bool(code & 2),
            pricing.grace_enabled,
            self._dates[code >> self._act_shift],  # type: ignore[arg-type]
            self._dates[(code & self._exp_mask) >> self._exp_shift],
        )

    def rows(self) -> Iterator[RateRow]:
        """Every row, prefixes longer than 18 digits first, then in prefix order."""
        for prefix, codes in self._entries():
            for code in codes:
                yield self._row(prefix, code)

    def _thresholds(self, at: datetime) -> tuple[int, int]:
        """(limit, expired) for ``at``: a code is active at ``at`` iff ``code < limit`` (its
        activation is one of the dates <= at) and its expiration field is 0 (none) or above
        ``expired`` (a date > at). Remembered for the last ``at`` asked (a burst of calls
        asks at the same moment)."""
        window = self._window
        if window[0] is at:
            return window[1], window[2]
        cut = bisect_right(self._sorted_dates, at)  # date ids 1 .. cut are <= at
        limit, expired = (cut + 1) << self._act_shift, cut << self._exp_shift
        self._window = (at, limit, expired)  # one assignment: safe for concurrent readers
        return limit, expired

    def _active(self, slot: int | None, at: datetime) -> int | None:
        """The code of ``slot`` (a prefix's) in force at ``at``, or None."""
        if slot is None:
            return None
        limit, expired = self._thresholds(at)
        mask = self._exp_mask
        for code in self._codes_of(slot):
            if code < limit:
                end = code & mask
                if not end or end > expired:
                    return code
        return None

    def _slot(self, prefix: str) -> int | None:
        """The slot of exactly ``prefix`` (digits), or None."""
        if len(prefix) > _WIDTH:
            return self._long.get(prefix)
        key = _prefix_key(prefix)
        keys, records = self._keys, self._records
        i = bisect_left(keys, key)
        # Equal keys are adjacent, shorter prefixes first ("49" and "490" pad alike).
        while i < len(keys) and keys[i] == key:
            slot = records[_RECORD * (i + 1) + 1]
            if slot & _LENGTH_MASK == len(prefix):
                return slot >> _LENGTH_BITS
            i += 1
        return None

    def row_at(self, prefix: str, at: datetime) -> RateRow | None:
        """The row of exactly ``prefix`` in force at ``at`` (what lookup picks for it)."""
        if not (prefix.isascii() and prefix.isdigit()):
            return None
        code = self._active(self._slot(prefix), at)
        return None if code is None else self._row(prefix, code)

    def match(self, digits: str, at: datetime) -> tuple[int, int] | None:
        """(prefix length, row code) of the active row with the longest prefix of
        ``digits`` at ``at``, or None: the lookup without making a RateRow."""
        if not (digits.isdigit() and digits.isascii()):  # "" or not a normalized number
            return None
        found = self.find(digits, at)
        if found > 0:
            return found & _LENGTH_MASK, found >> _LENGTH_BITS
        if not found:
            return None
        return self.long_match(digits, at)

    def long_match(self, digits: str, at: datetime) -> tuple[int, int] | None:
        """:meth:`match` among the prefixes over 18 digits only: what :meth:`find`'s -1
        leaves to ask."""
        return self._match_long(digits, *self._thresholds(at))

    def find(self, digits: str, at: datetime) -> int:
        """:meth:`match` packed in one integer, for ``digits`` known to be a normalized
        number (what NumberPlan.normalize returns: ASCII digits, not empty; not checked
        again): ``code << 5 | length`` (a prefix's slot, see _place), 0 for no match, and
        -1 when a prefix longer than 18 digits matches (ask :meth:`match`). The quote's
        path: no tuple is made, and the common case reads each array once."""
        # _thresholds, inlined for the common case: this is the hot path of every call.
        stamp, limit, expired = self._window
        if stamp is not at:
            limit, expired = self._thresholds(at)
        size = len(digits)
        if size > _WIDTH:
            if self._long and self._match_long(digits, limit, expired) is not None:
                return -1
            key = int(digits[:_WIDTH])
            high = key + 1
        else:
            scale = _SCALE[size]
            key = int(digits) * scale
            high = key + scale
        # The number's keys are key .. high - 1: a prefix is a prefix of the number iff its
        # own keys hold them all (its key <= key, high <= its end).
        # The last prefix whose key is at most the number's: it is either a prefix of the
        # number, or every prefix of the number the index has is one of its parents. The
        # longest of them is most often the answer; otherwise (it is inactive, or it has
        # several rows) _walk goes on up from it.
        starts, records = self._starts, self._records
        bucket = key // self._bucket
        # The record of the last prefix whose key is at most the number's (see _RECORD).
        rec = 3 * bisect_right(self._keys, key, starts[bucket], starts[bucket + 1])
        if not rec:
            return 0
        if high > records[rec]:
            # Not a prefix of the number: the longest one is the first parent that is.
            rec = 3 * records[rec + 2]
            while rec and high > records[rec]:
                rec = 3 * records[rec + 2]
            if not rec:
                return 0
        slot = records[rec + 1]
        code = slot >> _LENGTH_BITS
        if not code & _MULTI and code < limit:
            end = code & self._exp_mask
            if not end or end > expired:
                return slot
        return self._walk(rec, high, limit, expired)

    def _walk(self, rec: int, high: int, limit: int, expired: int) -> int:
        """The packed match (see :meth:`find`) of the longest active prefix among the one
        whose record is at ``rec`` and its parents whose keys go up to ``high`` (a number's
        last key + 1) at least: a prefix of the number."""
        records, mask = self._records, self._exp_mask
        while rec:
            if high <= records[rec]:
                slot = records[rec + 1]
                for code in self._codes_of(slot >> _LENGTH_BITS):
                    if code < limit:
                        end = code & mask
                        if not end or end > expired:
                            return code << _LENGTH_BITS | slot & _LENGTH_MASK
            rec = 3 * records[rec + 2]
        return 0

    def _match_long(self, digits: str, limit: int, expired: int) -> tuple[int, int] | None:
        mask = self._exp_mask
        get = self._long.get
        for length in self._long_lengths:
            if length <= len(digits):
                slot = get(digits[:length])
                if slot is not None:
                    for code in self._codes_of(slot):
                        if code < limit:
                            end = code & mask
                            if not end or end > expired:
                                return length, code
        return None

    def lookup(self, digits: str, at: datetime) -> RateRow | None:
        """The active row with the longest prefix of ``digits`` at ``at``, or None.

        ``digits`` is a normalized number (see :class:`NumberPlan`); ``at`` is tz-aware.
        """
        found = self.match(digits, at)
        return None if found is None else self._row(digits[: found[0]], found[1])

    def offers(self, terms: TariffTerms) -> list[Offer | None]:
        """(price_1, price_n, integer form under ``terms``) of each pricing, by pricing id,
        filled on first use (a price list always comes with the same terms)."""
        if self._forms_terms is not terms:
            self._forms = [None] * len(self._pricings)
            self._forms_terms = terms
        return self._forms

    def _offer(self, terms: TariffTerms, pricing_id: int) -> Offer:
        pricing = self._pricings[pricing_id]
        offer = (pricing.price_1, pricing.price_n, form_for(terms, pricing))
        self.offers(terms)[pricing_id] = offer
        return offer


def _parent_links(keys: list[int], ends: list[int]) -> list[int]:
    """For prefixes in prefix order (prefix j covers the keys from ``keys[j]`` up to
    ``ends[j]``), the position + 1 of each one's longest proper prefix (0: none). The
    longest proper prefix of prefix i is the prefix before it when that one covers it (the
    common case: a range's first sub-range), else the first of that one's own parents that
    covers it."""
    parents = list(range(-1, len(keys) - 1))
    for i in compress(range(1, len(keys)), map(le, ends, islice(keys, 1, None))):
        key = keys[i]
        j = parents[i - 1]
        while j >= 0 and ends[j] <= key:
            j = parents[j]
        parents[i] = j
    return list(map(add, parents, repeat(1)))


# What a quote needs of a matched row's pricing: its prices and its rule form.
Offer = tuple[Decimal, Decimal, Form]


_new_pricing = partial(tuple.__new__, Pricing)  # Pricing's own __new__ is a Python function


def checked_pricings(values: list[tuple[Decimal, Decimal, int, int, bool]]) -> tuple[Pricing, ...]:
    """The Pricings of (price_1, price_n, interval_1, interval_n, grace) values, all checked
    at once; a value that could never have been stored valid raises as RateRow does."""
    if values:
        p1s, pns, i1s, ins, grace = zip(*values, strict=True)
        prices, intervals = p1s + pns, i1s + ins
        if not (
            set(map(type, prices)) == {Decimal}
            and set(map(type, intervals)) == {int}
            and set(map(type, grace)) <= {bool}
            and min(prices) >= 0
            and min(intervals) >= 1
        ):
            for value in values:
                _checked_pricing(*value)
    return tuple(map(_new_pricing, values))


def _checked_pricing(
    price_1: Decimal, price_n: Decimal, interval_1: int, interval_n: int, grace: bool
) -> Pricing:
    if not (
        type(interval_1) is int
        and type(interval_n) is int
        and interval_1 >= 1
        and interval_n >= 1
        and type(price_1) is Decimal
        and type(price_n) is Decimal
        and price_1 >= 0
        and price_n >= 0
    ):  # never stored so, but be sure: RateRow's checks say what is wrong
        RateRow("", "", price_1, price_n, interval_1, interval_n)
    return Pricing(price_1, price_n, interval_1, interval_n, grace)


class Quote(NamedTuple):
    """The answer to "how much is a call to this number?" and what the PBX needs to allow it.

    Immutable like the frozen dataclass it used to be, but a named tuple is built several
    times faster, and building it is a large part of a quote's time.

    ``prefix``/``area`` name the matched row even when it is forbidden, so the cashier can say
    why. ``billed_seconds``/``cost`` are None unless a duration was asked and the call is
    allowed. ``max_seconds`` is 0 for a refused call, None when no balance was given or the
    balance buys unlimited time (and no limit was given), otherwise the longest call the
    balance buys cut at the limit (``rule.talk_time``); ``cut`` says the limit cut it.
    """

    number: str
    normalized: str
    prefix: str | None
    area: str | None
    price_1: Decimal | None
    price_n: Decimal | None
    billed_seconds: int | None
    cost: Decimal | None
    max_seconds: int | None
    refused: Refusal | None
    cut: bool = False

    @property
    def allowed(self) -> bool:
        return self.refused is None


# tuple.__new__ directly: the NamedTuple's own __new__ is a Python function that only packs
# its arguments, and skipping it is a tenth of a quote's time.
_new_tuple = tuple.__new__
_NO_RATE = (None, None, None, None, None, None, 0, "no_rate", False)


def quote(
    index: PrefixIndex,
    terms: TariffTerms,
    plan: NumberPlan,
    number: str,
    seconds: int | None,
    balance: Decimal | None,
    at: datetime,
    limit: int | None = None,
) -> Quote:
    """Price ``number`` at ``at``; raises ``NumberError`` when it is not a phone number.

    ``limit``: the longest call allowed whatever the balance (the shop's maximum call length).
    """
    normalized = plan.normalize(number)
    found = index.find(normalized, at)  # normalize made it ASCII digits
    if found > 0:
        length, code = found & _LENGTH_MASK, found >> _LENGTH_BITS
    else:
        long = index.long_match(normalized, at) if found else None  # over 18 digits
        if long is None:
            return _new_tuple(Quote, (number, normalized, *_NO_RATE))
        length, code = long
    area = index._areas[code >> index._area_shift & index._area_mask]
    if code & 2:
        # The longest active match decides: a forbidden row shadows allowed shorter prefixes.
        refused = (None, None, None, None, 0, "forbidden", False)
        return _new_tuple(Quote, (number, normalized, normalized[:length], area, *refused))
    pricing_id = code >> 2 & index._pricing_mask
    offers = index._forms if index._forms_terms is terms else index.offers(terms)
    price_1, price_n, form = offers[pricing_id] or index._offer(terms, pricing_id)
    billed, cost, longest, cut = price_form(form, seconds, balance, limit)
    return _new_tuple(
        Quote,
        (
            number,
            normalized,
            normalized[:length],
            area,
            price_1,
            price_n,
            billed,
            cost,
            longest,
            None,
            cut,
        ),
    )
