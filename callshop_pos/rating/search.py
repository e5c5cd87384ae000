"""Prices by destination name: "how much is a call to Cuba?" without knowing the prefix.

The search is over a tariff's rates in force at a moment: case-insensitive, a substring of
the area name, and Unicode-aware (``casefold``, and accents ignored: "curacao" finds
"Curaçao", "москва" finds "Москва", "strasse" finds "Straße").
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from callshop_pos.errors import CallshopError
from callshop_pos.rating.index import PrefixIndex

DEFAULT_LIMIT = 50  # a list the cashier can read; type more letters for fewer


class SearchError(CallshopError, ValueError):
    """A search that cannot be run (nothing to search for)."""


@dataclass(frozen=True, slots=True)
class Destination:
    area_name: str
    prefix: str
    price_1: Decimal  # per minute, first interval
    price_n: Decimal  # per minute, next intervals
    forbidden: bool  # calls there are refused


@dataclass(frozen=True, slots=True)
class Destinations:
    """The answer to a search: the best ``matches`` of ``total`` found."""

    text: str
    matches: tuple[Destination, ...]
    total: int  # more than len(matches) when the limit cut the list
    currency: str = "EUR"


_FOLDED: dict[str, str] = {}
_FOLD_CACHE_LIMIT = 500_000


def fold(text: str) -> str:
    """``text`` for matching: case folded, accents dropped, spaces collapsed."""
    found = _FOLDED.get(text)
    if found is None:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        found = " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())
        if len(_FOLDED) < _FOLD_CACHE_LIMIT:
            _FOLDED[text] = found
    return found


def search(
    index: PrefixIndex,
    text: str,
    at: datetime,
    limit: int | None = DEFAULT_LIMIT,
    currency: str = "EUR",
) -> Destinations:
    """The destinations whose area name contains ``text``, with prefix and price at ``at``.

    Names starting with ``text`` come first, then names with a word starting with it, then
    the rest; each group by name, then prefix. Raises :class:`SearchError` on empty text.
    """
    needle = fold(text)
    if not needle:
        raise SearchError("type part of a destination's name to search for")
    ranked: list[tuple[int, str, str, Destination]] = []
    for name, prefixes in index.areas().items():
        folded = fold(name)
        where = folded.find(needle)
        if where < 0:
            continue
        rank = 0 if where == 0 else 1 if f" {needle}" in f" {folded}" else 2
        for prefix in prefixes:
            row = index.row_at(prefix, at)
            # The row in force may be another name's (a renamed prefix): list it under that.
            if row is None or row.area_name != name:
                continue
            found = Destination(name, prefix, row.price_1, row.price_n, row.forbidden)
            ranked.append((rank, folded, prefix, found))
    ranked.sort(key=lambda item: item[:3])
    shown = ranked if limit is None else ranked[:limit]
    return Destinations(text, tuple(item[3] for item in shown), len(ranked), currency)
