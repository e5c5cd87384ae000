"""One number's rate straight from the database: the rows whose prefix starts the number.

For a single quote (``callshop-pos quote NUMBER``) loading a whole 250,000-row deck into a
:class:`~callshop_pos.services.rating_cache.RatingCache` costs seconds; the rows that can
price one number are the few whose prefix is one of the number's leading digit strings,
which one indexed query (``tariff_id = ? AND prefix IN (...)``, the ``uq_rates_prefix``
index) finds in a millisecond. They become a small :class:`PrefixIndex`, so the longest
prefix, the activation order and the price are decided by exactly the code that decides them
for the in-memory index (rating/index.py, rating/rule.py): nothing is priced here.

The queries are db/query.py's: one SQL text each over typed columns (exact money, UTC
times), run by SQLAlchemy (:class:`~callshop_pos.db.core_read.CoreReader`: billing, and any
backend) or by ``sqlite3`` alone (db/sqlite_read.py: ``quote NUMBER`` on a SQLite file, which
then imports no SQLAlchemy at all). This module imports neither.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from callshop_pos.db.codecs import BOOL, INT, MONEY, TEXT, UTC_TIME
from callshop_pos.db.query import Query, Reader, Table, first, select
from callshop_pos.errors import NotFound
from callshop_pos.rating.index import PrefixIndex
from callshop_pos.rating.numbers import NumberPlan
from callshop_pos.rating.terms import RATE_FIELDS, RateRow, TariffTerms

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from callshop_pos.db.models import Tariff
    from callshop_pos.services.rating_cache import PriceList

# the tariff columns a quote is charged by: TariffTerms' fields, named as the columns are
TERMS_FIELDS = tuple(f.name for f in fields(TariffTerms) if not f.name.startswith("_"))

_CODECS: dict[str, str] = {
    "price_1": MONEY,
    "price_n": MONEY,
    "connect_fee": MONEY,
    "post_call_surcharge": MONEY,
    "interval_1": INT,
    "interval_n": INT,
    "free_seconds": INT,
    "grace_period": INT,
    "precision": INT,
    "forbidden": BOOL,
    "grace_enabled": BOOL,
    "round_up": BOOL,
    "activation": UTC_TIME,
    "expiration": UTC_TIME,
}


def _codecs(*names: str) -> dict[str, str]:
    return {name: _CODECS.get(name, TEXT) for name in names}


RATES = Table.of("rates", {"tariff_id": INT, **_codecs(*RATE_FIELDS)})
TARIFFS = Table.of("tariffs", {"id": INT, "revision": INT, **_codecs("name", *TERMS_FIELDS)})
PREFERENCES = Table.of(
    "preferences",
    {
        "id": INT,
        "max_call_seconds": INT,
        **_codecs("access_codes", "country_code", "national_prefix"),
    },
)

TARIFF_QUERY = select(
    [TARIFFS["id"], *(TARIFFS[name] for name in TERMS_FIELDS)],
    "FROM tariffs WHERE tariffs.name = :name",
    {"name": TEXT},
)
PREFERENCES_QUERY = select(
    [PREFERENCES[name] for name, _codec in PREFERENCES.codecs],
    "FROM preferences WHERE preferences.id = 1",
)


@lru_cache(maxsize=64)
def candidate_query(length: int) -> Query:
    """The tariff's rows active at ``:at`` whose prefix is one of ``:p1``...``:p<length>``
    (a number's leading digit strings, see :func:`candidate_params`)."""
    prefixes = ", ".join(f":p{n}" for n in range(1, length + 1))
    return select(
        [RATES[name] for name in RATE_FIELDS],
        "FROM rates WHERE rates.tariff_id = :tariff_id"
        f" AND rates.prefix IN ({prefixes}) AND rates.activation <= :at"
        " AND (rates.expiration IS NULL OR rates.expiration > :at)",
        {"tariff_id": INT, "at": UTC_TIME, **{f"p{n}": TEXT for n in range(1, length + 1)}},
    )


def candidate_params(tariff_id: int, digits: str, at: datetime) -> dict[str, Any]:
    """:func:`candidate_query`'s parameters for ``digits`` (its ``length``: ``len(digits)``)."""
    prefixes = {f"p{n}": digits[:n] for n in range(1, len(digits) + 1)}
    return {"tariff_id": tariff_id, "at": at, **prefixes}


def candidate_rows(reader: Reader, tariff_id: int, digits: str, at: datetime) -> list[RateRow]:
    """:func:`candidate_query`'s rows (``digits``: normalized, see NumberPlan), through the
    validating RateRow constructor."""
    if not digits:
        return []
    query = candidate_query(len(digits))
    return [RateRow(*row) for row in reader.rows(query, candidate_params(tariff_id, digits, at))]


def price_list_for(session: Session, tariff: Tariff, digits: str, at: datetime) -> PriceList:
    """``tariff``'s terms with an index of only the rows that can price ``digits`` at
    ``at``: quotes from it equal quotes from the whole deck's index, for that number."""
    from callshop_pos.db.core_read import CoreReader
    from callshop_pos.services.rating_cache import PriceList, tariff_terms

    rows = candidate_rows(CoreReader(session), tariff.id, digits, at)
    return PriceList(tariff.id, tariff.revision, tariff_terms(tariff), PrefixIndex(rows))


@dataclass(frozen=True)
class OneNumber:
    """What pricing one number takes: the tariff's terms, the index of its candidate rows,
    the shop's number plan and maximum call length."""

    index: PrefixIndex
    terms: TariffTerms
    plan: NumberPlan
    max_call_seconds: int


def one_number(reader: Reader, tariff: str, dialed: str, at: datetime) -> OneNumber | None:
    """:class:`OneNumber` for ``dialed`` under the tariff named ``tariff`` (NotFound if none;
    NumberError for a number that cannot be normalized), read with three indexed queries.
    None when the shop has no preferences row yet: its defaults are the models' (the
    caller takes the ORM path, which makes the row)."""
    found = first(reader, TARIFF_QUERY, {"name": tariff})
    if found is None:
        raise NotFound(f"no tariff named {tariff!r}")
    prefs = first(reader, PREFERENCES_QUERY, {})
    if prefs is None:
        return None
    plan = NumberPlan.of_settings(prefs.access_codes, prefs.country_code, prefs.national_prefix)
    rows = candidate_rows(reader, found.id, plan.normalize(dialed), at)
    terms = TariffTerms(**{name: getattr(found, name) for name in TERMS_FIELDS})
    return OneNumber(PrefixIndex(rows), terms, plan, prefs.max_call_seconds)
