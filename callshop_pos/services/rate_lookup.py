"""One number's rate straight from the database: the rows whose prefix starts the number.

For a single quote (``callshop-pos quote NUMBER``) loading a whole 250,000-row deck into a
:class:`~callshop_pos.services.rating_cache.RatingCache` costs seconds; the rows that can
price one number are the few whose prefix is one of the number's leading digit strings,
which one indexed query (``tariff_id = ? AND prefix IN (...)``, the ``uq_rates_prefix``
index) finds in a millisecond. They become a small :class:`PrefixIndex`, so the longest
prefix, the activation order and the price are decided by exactly the code that decides them
for the in-memory index (rating/index.py, rating/rule.py): nothing is priced here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from callshop_pos.db.models import Rate, Tariff
from callshop_pos.rating.index import PrefixIndex
from callshop_pos.rating.terms import RateRow
from callshop_pos.services.rates import RATE_FIELDS
from callshop_pos.services.rating_cache import PriceList, tariff_terms

_COLUMNS = tuple(getattr(Rate, name) for name in RATE_FIELDS)


def candidate_query(tariff_id: int, digits: str, at: datetime) -> Select[*tuple[Any, ...]]:
    """The tariff's rows active at ``at`` whose prefix is a leading part of ``digits``."""
    prefixes = [digits[:length] for length in range(1, len(digits) + 1)]
    return select(*_COLUMNS).where(
        Rate.tariff_id == tariff_id,
        Rate.prefix.in_(prefixes),
        Rate.activation <= at,
        or_(Rate.expiration.is_(None), Rate.expiration > at),
    )


def candidate_rows(session: Session, tariff_id: int, digits: str, at: datetime) -> list[RateRow]:
    """:func:`candidate_query`'s rows (``digits``: normalized, see NumberPlan), through the
    validating RateRow constructor."""
    if not digits:
        return []
    return [RateRow(*row) for row in session.execute(candidate_query(tariff_id, digits, at))]


def price_list_for(session: Session, tariff: Tariff, digits: str, at: datetime) -> PriceList:
    """``tariff``'s terms with an index of only the rows that can price ``digits`` at
    ``at``: quotes from it equal quotes from the whole deck's index, for that number."""
    rows = candidate_rows(session, tariff.id, digits, at)
    return PriceList(tariff.id, tariff.revision, tariff_terms(tariff), PrefixIndex(rows))
