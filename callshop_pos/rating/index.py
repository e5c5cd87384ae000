"""Longest-prefix rate lookup in memory, and the price quote built on it (ARCHITECTURE.md §4.1).

A rate deck has up to a million prefixes and the PBX asks for a rate on every call attempt,
so a lookup never scans the table: the prefixes are dict keys, one dict per prefix length
the deck has, and a number is matched by trying its own leading digits, longest first (at
most ~20 dict probes; numbers are at most ~20 digits).

Several rows may share a prefix (a price change uploaded ahead of time, a promotion with an
expiration). Among the rows of one prefix that are active at ``t`` the one activated last
wins; if none is active the lookup falls back to shorter prefixes, exactly as if the prefix
were absent at that moment.

Compact: a row is held as one integer code, the ids of its values in the index's tables of
distinct values (area names, pricings, dates), each field only as wide as its table needs,
and the key is the prefix's digits as an integer. A deck repeats a few hundred names, prices
and dates, so the tables are small, and a prefix costs its key, its code and its dict slot
instead of a RateRow object (~220 bytes with its dict entry). The prices stay the exact
Decimal objects of the tables; a RateRow is made only for the row a lookup returns.

Fast: the dates table is in time order and the activation is the code's highest field, so
"active at t" is two integer comparisons against thresholds computed once per ``t`` (how
many dates are <= t), with no field unpacked and no datetime compared per probe.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal
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

# One code, or several (latest activation first) when a prefix has several rows.
_Entry = int | tuple[int, ...]
# Numbers up to this many digits have their probe list made at build time.
_PROBED_SIZES = 40


def _same(value: Any) -> Any:
    return value


def _width(count: int) -> int:
    """Bits for ids 0 .. count - 1."""
    return max(1, (count - 1).bit_length())


class PrefixIndex:
    """Rate rows by prefix, answering "which row prices number N at time t"."""

    __slots__ = (
        "_act_shift",
        "_area_mask",
        "_area_shift",
        "_areas",
        "_by_area",
        "_dates",
        "_exp_mask",
        "_exp_shift",
        "_forms",
        "_forms_terms",
        "_pricing_mask",
        "_pricings",
        "_probes",
        "_size",
        "_sorted_dates",
        "_tables",
        "_window",
    )

    def __init__(self, rows: Iterable[RateRow] = ()) -> None:
        self._build([row_values(row) for row in rows], _same, _same)

    @classmethod
    def from_values(cls, values: Iterable[RowValues]) -> PrefixIndex:
        """An index of rows given as value tuples (RateRow's field order) that were
        validated as RateRow would (e.g. stored rows read back): no RateRow is made."""
        index = cls.__new__(cls)
        index._build(values if isinstance(values, list) else list(values), _same, _same)
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
        index._build(rows, price, date)
        return index

    def _build(
        self,
        rows: Sequence[Sequence[Any]],
        price: Callable[[Any], Decimal],
        date: Callable[[Any], datetime],
    ) -> None:
        # Column-wise: each distinct value is seen once through a dict; per row there is one
        # comprehension that adds the (pre-shifted) ids, and one insertion into its table.
        columns = list(zip(*rows, strict=True)) if rows else [()] * 10
        prefixes, names, p1s, pns, i1s, ins, forbidden, grace, acts, exps = columns
        areas = list(dict.fromkeys(names))
        pricing_keys = list(zip(p1s, pns, i1s, ins, grace, strict=True))
        pricings = list(dict.fromkeys(pricing_keys))
        raw_dates = dict.fromkeys(acts)
        raw_dates.update(dict.fromkeys(exps))
        raw_dates.pop(None, None)
        decoded = {raw: date(raw) for raw in raw_dates}
        in_order = sorted(decoded, key=decoded.__getitem__)
        # Fields, low to high: forbidden (bit 0), pricing, area, expiration, activation.
        area_shift = 1 + _width(len(pricings))
        exp_shift = area_shift + _width(len(areas))
        act_shift = exp_shift + _width(len(in_order) + 1)
        pricing_ids = {key: i << 1 for i, key in enumerate(pricings)}
        area_ids = {name: i << area_shift for i, name in enumerate(areas)}
        # Date ids from 1, in time order (0: no expiration).
        act_ids = {raw: (i + 1) << act_shift for i, raw in enumerate(in_order)}
        exp_ids: dict[Any, int] = {raw: (i + 1) << exp_shift for i, raw in enumerate(in_order)}
        exp_ids[None] = 0
        codes = [
            (1 if f else 0) + p + a + e + t
            for f, p, a, e, t in zip(
                forbidden,
                map(pricing_ids.__getitem__, pricing_keys),
                map(area_ids.__getitem__, names),
                map(exp_ids.__getitem__, exps),
                map(act_ids.__getitem__, acts),
                strict=True,
            )
        ]
        del pricing_keys, pricing_ids, area_ids, act_ids, exp_ids, columns
        tables: dict[int, dict[int, _Entry]] = {}
        shared: dict[tuple[int, int], list[int]] = {}  # prefixes with several rows
        for prefix, code in zip(prefixes, codes, strict=True):
            length = len(prefix)
            table = tables.get(length)
            if table is None:
                table = tables[length] = {}
            key = int(prefix)
            found = table.setdefault(key, code)
            if found is not code:
                many = shared.get((length, key))
                if many is None:
                    many = shared[length, key] = [found]  # type: ignore[list-item]
                many.append(code)
        for (length, key), many in shared.items():
            # Highest code first is latest activation first (the activation is the top
            # field, its ids in time order): the first active one found is in force.
            tables[length][key] = tuple(sorted(many, reverse=True))
        self._pricings = tuple(
            _checked_pricing(price(p1), price(pn), i1, i_n, bool(g))
            for p1, pn, i1, i_n, g in pricings
        )
        self._areas = tuple(areas)
        self._dates: tuple[datetime | None, ...] = (None, *(decoded[r] for r in in_order))
        self._sorted_dates: tuple[datetime, ...] = self._dates[1:]  # type: ignore[assignment]
        self._pricing_mask = (1 << (area_shift - 1)) - 1
        self._area_shift = area_shift
        self._area_mask = (1 << (exp_shift - area_shift)) - 1
        self._exp_shift = exp_shift
        self._exp_mask = ((1 << (act_shift - exp_shift)) - 1) << exp_shift
        self._act_shift = act_shift
        # Longest first; each dict copied into one sized for it (a dict grown key by key
        # may hold up to twice the slots it needs).
        self._tables = tuple(
            (length, _sized(tables.pop(length))) for length in sorted(tables, reverse=True)
        )
        self._probes = tuple(self._probes_for(size) for size in range(_PROBED_SIZES + 1))
        self._window: tuple[datetime | None, int, int] = (None, 0, 0)
        self._size = len(codes)
        self._by_area: dict[str, tuple[str, ...]] | None = None  # see areas()
        self._forms_terms: TariffTerms | None = None
        self._forms: list[Offer | None] = []

    def _probes_for(self, size: int) -> tuple[tuple[int, Callable[[int], _Entry | None], int], ...]:
        """What a number of ``size`` digits is matched by: (length, its table's get, the
        divisor that cuts the number to that length), longest first."""
        return tuple(
            (length, table.get, 10 ** (size - length))
            for length, table in self._tables
            if length <= size
        )

    def __len__(self) -> int:
        """The number of rows (not prefixes) in the index."""
        return self._size

    @property
    def prefix_count(self) -> int:
        return sum(len(table) for _length, table in self._tables)

    def _entries(self) -> Iterator[tuple[str, tuple[int, ...]]]:
        for length, table in self._tables:
            for key, entry in table.items():
                yield f"{key:0{length}d}", entry if type(entry) is tuple else (entry,)  # type: ignore[misc]

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
        pricing = self._pricings[code >> 1 & self._pricing_mask]
        return trusted_rate_row(
            prefix,
            self._area(code),
            pricing.price_1,
            pricing.price_n,
            pricing.interval_1,
            pricing.interval_n,
            bool(code & 1),
            pricing.grace_enabled,
            self._dates[code >> self._act_shift],  # type: ignore[arg-type]
            self._dates[(code & self._exp_mask) >> self._exp_shift],
        )

    def rows(self) -> Iterator[RateRow]:
        """Every row, by prefix length (longest first), then in no given order."""
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

    def _active(self, entry: _Entry | None, at: datetime) -> int | None:
        if entry is None:
            return None
        limit, expired = self._thresholds(at)
        mask = self._exp_mask
        for code in (entry,) if type(entry) is int else entry:  # type: ignore[union-attr]
            if code < limit:
                end = code & mask
                if not end or end > expired:
                    return code
        return None

    def row_at(self, prefix: str, at: datetime) -> RateRow | None:
        """The row of exactly ``prefix`` in force at ``at`` (what lookup picks for it)."""
        if not (prefix.isascii() and prefix.isdigit()):
            return None
        for length, table in self._tables:
            if length == len(prefix):
                code = self._active(table.get(int(prefix)), at)
                return None if code is None else self._row(prefix, code)
        return None

    def match(self, digits: str, at: datetime) -> tuple[int, int] | None:
        """(prefix length, row code) of the active row with the longest prefix of
        ``digits`` at ``at``, or None: the lookup without making a RateRow."""
        if not (digits.isdigit() and digits.isascii()):  # "" or not a normalized number
            return None
        size = len(digits)
        probes = self._probes[size] if size <= _PROBED_SIZES else self._probes_for(size)
        number = int(digits)
        # _thresholds, inlined for the common case: this is the hot path of every call.
        window = self._window
        if window[0] is at:
            limit, expired = window[1], window[2]
        else:
            limit, expired = self._thresholds(at)
        mask = self._exp_mask
        for length, get, divisor in probes:
            entry = get(number // divisor)
            if entry is None:
                continue
            if type(entry) is int:
                if entry < limit:
                    end = entry & mask
                    if not end or end > expired:
                        return length, entry
                continue
            for code in entry:  # type: ignore[union-attr]
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


# What a quote needs of a matched row's pricing: its prices and its rule form.
Offer = tuple[Decimal, Decimal, Form]


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


def _sized(table: dict[int, _Entry]) -> dict[int, _Entry]:
    sized: dict[int, _Entry] = {}
    sized.update(table)  # sized for its keys before they are copied in
    return sized


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


_new_tuple = tuple.__new__


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
    found = index.match(normalized, at)
    if found is None:
        return Quote(number, normalized, None, None, None, None, None, None, 0, "no_rate")
    length, code = found
    prefix = normalized[:length]
    area = index._areas[code >> index._area_shift & index._area_mask]
    if code & 1:
        # The longest active match decides: a forbidden row shadows allowed shorter prefixes.
        return Quote(number, normalized, prefix, area, None, None, None, None, 0, "forbidden")
    pricing_id = code >> 1 & index._pricing_mask
    offers = index._forms if index._forms_terms is terms else index.offers(terms)
    offer = offers[pricing_id] or index._offer(terms, pricing_id)
    price_1, price_n, form = offer
    billed, cost, longest, cut = price_form(form, seconds, balance, limit)
    # tuple.__new__ directly: the NamedTuple's own __new__ is a Python function that only
    # packs its arguments, and skipping it is a tenth of a quote's time.
    return _new_tuple(
        Quote,
        (
            number,
            normalized,
            prefix,
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
