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
distinct values (area names, pricings, dates), and the key is the prefix's digits as an
integer. A deck repeats a few hundred names, prices and dates, so the tables are small, and
a prefix costs its key, its code and its dict slot (well under 100 bytes) instead of a
RateRow object (~220 bytes with its dict entry). The prices stay the exact Decimal objects
of the tables; a RateRow is made only for the row a lookup returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import Literal, NamedTuple

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

# A row's code: ids in the index's tables, packed into one int (bit 0: forbidden). The field
# whose ids are rarely non-zero (the expiration, 0 = none) is the highest, so most codes
# stay within 60 bits: a two-digit int.
_BITS = 22
_MASK = (1 << _BITS) - 1
_PRICING = 1
_AREA = _PRICING + _BITS
_ACTIVATION = _AREA + _BITS
_EXPIRATION = _ACTIVATION + _BITS
_MAX_IDS = 1 << _BITS
_POW10 = tuple(10**n for n in range(64))

# One code, or several (latest activation first) when a prefix has several rows.
_Entry = int | tuple[int, ...]


class PrefixIndex:
    """Rate rows by prefix, answering "which row prices number N at time t"."""

    __slots__ = (
        "_areas",
        "_by_area",
        "_dates",
        "_forms",
        "_forms_terms",
        "_pricings",
        "_size",
        "_tables",
    )

    def __init__(self, rows: Iterable[RateRow] = ()) -> None:
        self._build(map(row_values, rows))

    @classmethod
    def from_values(cls, values: Iterable[RowValues]) -> PrefixIndex:
        """An index of rows given as value tuples (RateRow's field order) that were
        validated as RateRow would (e.g. stored rows read back): no RateRow is made."""
        index = cls.__new__(cls)
        index._build(values)
        return index

    def _build(self, values: Iterable[RowValues]) -> None:
        areas: dict[str, int] = {}
        pricings: dict[tuple[Decimal, Decimal, int, int, bool], int] = {}
        dates: dict[datetime | None, int] = {None: 0}
        codes: dict[int, int] = {}  # equal codes share one int object
        by_prefix: dict[str, _Entry] = {}
        size = 0
        for prefix, area, p1, pn, i1, i_n, forbidden, grace, act, exp in values:
            a = areas.get(area)
            if a is None:
                a = areas[area] = len(areas)
            key = (p1, pn, i1, i_n, grace)
            p = pricings.get(key)
            if p is None:
                p = pricings[key] = len(pricings)
            t = dates.get(act)
            if t is None:
                t = dates[act] = len(dates)
            e = dates.get(exp)
            if e is None:
                e = dates[exp] = len(dates)
            code = (
                (1 if forbidden else 0)
                | p << _PRICING
                | a << _AREA
                | t << _ACTIVATION
                | e << _EXPIRATION
            )
            code = codes.setdefault(code, code)
            found = by_prefix.setdefault(prefix, code)
            if found is not code:
                by_prefix[prefix] = (*found, code) if isinstance(found, tuple) else (found, code)
            size += 1
        if max(len(areas), len(pricings), len(dates)) >= _MAX_IDS:
            raise ValueError(f"a deck of more than {_MAX_IDS - 1} distinct values of one kind")
        del codes
        self._areas = tuple(areas)
        self._pricings = tuple(Pricing(*key) for key in pricings)
        self._dates: tuple[datetime | None, ...] = tuple(dates)
        day = self._dates
        tables: dict[int, dict[int, _Entry]] = {}
        for prefix, entry in by_prefix.items():
            if type(entry) is tuple:
                # Latest activation first: the first active one found is the one in force.
                entry = tuple(
                    sorted(entry, key=lambda c: day[c >> _ACTIVATION & _MASK], reverse=True)  # type: ignore[arg-type,return-value]
                )
            table = tables.get(len(prefix))
            if table is None:
                table = tables[len(prefix)] = {}
            table[int(prefix)] = entry
        del by_prefix
        # Longest first; each dict copied into one sized for it (a dict grown key by key
        # may hold up to twice the slots it needs).
        self._tables = tuple(
            (length, _sized(tables.pop(length))) for length in sorted(tables, reverse=True)
        )
        self._size = size
        self._by_area: dict[str, tuple[str, ...]] | None = None  # see areas()
        self._forms_terms: TariffTerms | None = None
        self._forms: list[Form | None] = []

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

    def areas(self) -> dict[str, tuple[str, ...]]:
        """Area name -> its prefixes (sorted), built on first use: what a search by name
        walks, so it looks at each distinct name once instead of at every row."""
        by_area = self._by_area
        if by_area is None:
            names = self._areas
            grouped: dict[str, set[str]] = {}
            for prefix, codes in self._entries():
                for code in codes:
                    grouped.setdefault(names[code >> _AREA & _MASK], set()).add(prefix)
            # Built whole, then published: a concurrent first use builds an equal copy.
            by_area = self._by_area = {name: tuple(sorted(p)) for name, p in grouped.items()}
        return by_area

    def _row(self, prefix: str, code: int) -> RateRow:
        pricing = self._pricings[code >> _PRICING & _MASK]
        return trusted_rate_row(
            prefix,
            self._areas[code >> _AREA & _MASK],
            pricing.price_1,
            pricing.price_n,
            pricing.interval_1,
            pricing.interval_n,
            bool(code & 1),
            pricing.grace_enabled,
            self._dates[code >> _ACTIVATION & _MASK],  # type: ignore[arg-type]
            self._dates[code >> _EXPIRATION],
        )

    def rows(self) -> Iterator[RateRow]:
        """Every row, by prefix length (longest first), then in no given order."""
        for prefix, codes in self._entries():
            for code in codes:
                yield self._row(prefix, code)

    def row_at(self, prefix: str, at: datetime) -> RateRow | None:
        """The row of exactly ``prefix`` in force at ``at`` (what lookup picks for it)."""
        if not (prefix.isascii() and prefix.isdigit()):
            return None
        for length, table in self._tables:
            if length == len(prefix):
                code = self._active(table.get(int(prefix)), at)
                return None if code is None else self._row(prefix, code)
        return None

    def _active(self, entry: _Entry | None, at: datetime) -> int | None:
        if entry is None:
            return None
        dates = self._dates
        for code in (entry,) if type(entry) is int else entry:  # type: ignore[union-attr]
            if dates[code >> _ACTIVATION & _MASK] <= at:  # type: ignore[operator]
                end = code >> _EXPIRATION
                if not end or at < dates[end]:  # type: ignore[operator]
                    return code
        return None

    def match(self, digits: str, at: datetime) -> tuple[int, int] | None:
        """(prefix length, row code) of the active row with the longest prefix of
        ``digits`` at ``at``, or None: the lookup without making a RateRow."""
        if not digits.isdigit():  # "" or not a normalized number: nothing matches
            return None
        number = int(digits)
        size = len(digits)
        dates = self._dates
        for length, table in self._tables:
            if length > size:
                continue
            entry = table.get(number // _POW10[size - length])
            if entry is None:
                continue
            # _active, inlined: this loop is the hot path of every call attempt.
            if type(entry) is int:
                if dates[entry >> _ACTIVATION & _MASK] <= at:  # type: ignore[operator]
                    end = entry >> _EXPIRATION
                    if not end or at < dates[end]:  # type: ignore[operator]
                        return length, entry
                continue
            code = self._active(entry, at)
            if code is not None:
                return length, code
        return None

    def lookup(self, digits: str, at: datetime) -> RateRow | None:
        """The active row with the longest prefix of ``digits`` at ``at``, or None.

        ``digits`` is a normalized number (see :class:`NumberPlan`); ``at`` is tz-aware.
        """
        found = self.match(digits, at)
        return None if found is None else self._row(digits[: found[0]], found[1])

    def forms(self, terms: TariffTerms) -> list[Form | None]:
        """The integer forms of the pricings under ``terms``, by pricing id, filled on
        first use (a price list always comes with the same terms)."""
        if self._forms_terms is not terms:
            self._forms = [None] * len(self._pricings)
            self._forms_terms = terms
        return self._forms


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
    area = index._areas[code >> _AREA & _MASK]
    if code & 1:
        # The longest active match decides: a forbidden row shadows allowed shorter prefixes.
        return Quote(number, normalized, prefix, area, None, None, None, None, 0, "forbidden")
    pricing_id = code >> _PRICING & _MASK
    forms = index._forms if index._forms_terms is terms else index.forms(terms)
    form = forms[pricing_id]
    pricing = index._pricings[pricing_id]
    if form is None:
        form = forms[pricing_id] = form_for(terms, pricing)
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
            pricing.price_1,
            pricing.price_n,
            billed,
            cost,
            longest,
            None,
            cut,
        ),
    )
