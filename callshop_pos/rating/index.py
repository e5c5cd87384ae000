"""Longest-prefix rate lookup in memory, and the price quote built on it (ARCHITECTURE.md §4.1).

A rate deck has up to a few hundred thousand prefixes and the PBX asks for a rate on every
call attempt, so a lookup never scans the table: the index is a dict keyed by prefix and a
number is matched by trying its own leading digits, longest first, only at the prefix lengths
the deck actually has (numbers are at most ~20 digits, so that is at most ~20 dict probes).

Several rows may share a prefix (a price change uploaded ahead of time, a promotion with an
expiration). Among the rows of one prefix that are active at ``t`` the one activated last
wins; if none is active the lookup falls back to shorter prefixes, exactly as if the prefix
were absent at that moment.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from operator import attrgetter
from typing import Literal, NamedTuple

from callshop_pos.rating.numbers import NumberPlan
from callshop_pos.rating.rule import price_call
from callshop_pos.rating.terms import RateRow, TariffTerms

Refusal = Literal["no_rate", "forbidden"]

# One row or several: most prefixes have a single row, and storing it bare instead of in a
# one-element tuple saves ~60 bytes per prefix (15 MB on a 250,000-prefix deck).
_Entry = RateRow | tuple[RateRow, ...]


class PrefixIndex:
    """Rate rows by prefix, answering "which row prices number N at time t"."""

    __slots__ = ("_areas", "_by_prefix", "_lengths", "_size")

    def __init__(self, rows: Iterable[RateRow]) -> None:
        grouped: dict[str, list[RateRow]] = {}
        size = 0
        for row in rows:
            grouped.setdefault(row.prefix, []).append(row)
            size += 1
        by_prefix: dict[str, _Entry] = {}
        for prefix, group in grouped.items():
            if len(group) == 1:
                by_prefix[prefix] = group[0]
            else:
                # Latest activation first: the first active one found is the one in force.
                group.sort(key=attrgetter("activation"), reverse=True)
                by_prefix[prefix] = tuple(group)
        self._by_prefix = by_prefix
        self._size = size
        # Only lengths that occur are probed, longest first.
        self._lengths = tuple(sorted({len(p) for p in by_prefix}, reverse=True))
        self._areas: dict[str, tuple[str, ...]] | None = None  # see areas()

    def __len__(self) -> int:
        """The number of rows (not prefixes) in the index."""
        return self._size

    @property
    def prefix_count(self) -> int:
        return len(self._by_prefix)

    def areas(self) -> dict[str, tuple[str, ...]]:
        """Area name -> its prefixes (sorted), built on first use: what a search by name
        walks, so it looks at each distinct name once instead of at every row."""
        areas = self._areas
        if areas is None:
            grouped: dict[str, list[str]] = {}
            for prefix, entry in self._by_prefix.items():
                for row in (entry,) if isinstance(entry, RateRow) else entry:
                    found = grouped.setdefault(row.area_name, [])
                    if not found or found[-1] != prefix:
                        found.append(prefix)
            # Built whole, then published: a concurrent first use builds an equal copy.
            areas = self._areas = {name: tuple(sorted(set(p))) for name, p in grouped.items()}
        return areas

    def row_at(self, prefix: str, at: datetime) -> RateRow | None:
        """The row of exactly ``prefix`` in force at ``at`` (what lookup picks for it)."""
        entry = self._by_prefix.get(prefix)
        if entry is None:
            return None
        for row in (entry,) if isinstance(entry, RateRow) else entry:
            if row.is_active(at):
                return row
        return None

    def lookup(self, digits: str, at: datetime) -> RateRow | None:
        """The active row with the longest prefix of ``digits`` at ``at``, or None.

        ``digits`` is a normalized number (see :class:`NumberPlan`); ``at`` is tz-aware.
        """
        by_prefix = self._by_prefix
        size = len(digits)
        for length in self._lengths:
            if length > size:
                continue
            entry = by_prefix.get(digits[:length])
            if entry is None:
                continue
            # RateRow.is_active, inlined: this loop is the hot path of every call attempt.
            if isinstance(entry, RateRow):
                if entry.activation <= at and (entry.expiration is None or at < entry.expiration):
                    return entry
                continue
            for row in entry:
                if row.activation <= at and (row.expiration is None or at < row.expiration):
                    return row
        return None


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
    row = index.lookup(normalized, at)
    if row is None:
        return Quote(number, normalized, None, None, None, None, None, None, 0, "no_rate")
    if row.forbidden:
        # The longest active match decides: a forbidden row shadows allowed shorter prefixes.
        return Quote(
            number, normalized, row.prefix, row.area_name, None, None, None, None, 0, "forbidden"
        )
    billed, cost, longest, cut = price_call(terms, row, seconds, balance, limit)
    # tuple.__new__ directly: the NamedTuple's own __new__ is a Python function that only
    # packs its arguments, and skipping it is a tenth of a quote's time.
    return _new_tuple(
        Quote,
        (
            number,
            normalized,
            row.prefix,
            row.area_name,
            row.price_1,
            row.price_n,
            billed,
            cost,
            longest,
            None,
            cut,
        ),
    )
