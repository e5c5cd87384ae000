"""One number's rate straight from the database: the rows whose prefix starts the number.

For a single quote (``callshop-pos quote NUMBER``) loading a whole 250,000-row deck into a
:class:`~callshop_pos.services.rating_cache.RatingCache` costs seconds; the rows that can
price one number are the few whose prefix is one of the number's leading digit strings,
which one indexed query (``tariff_id = ? AND prefix IN (...)``, the ``uq_rates_prefix``
index) finds in a millisecond. They become a small :class:`PrefixIndex`, so the longest
prefix, the activation order and the price are decided by exactly the code that decides them
for the in-memory index (rating/index.py, rating/rule.py): nothing is priced here.

The tables are read through SQLAlchemy Core descriptions of just the columns needed, typed
as the models type them (exact money, UTC times): :func:`one_number` imports neither the
ORM nor the models, which is most of a one-number quote's time.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Connection, Integer, Select, String, column, or_, select, table

from callshop_pos.db.types import Money, UTCDateTime
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

_TYPES: dict[str, Any] = {
    "price_1": Money(),
    "price_n": Money(),
    "connect_fee": Money(),
    "post_call_surcharge": Money(),
    "interval_1": Integer(),
    "interval_n": Integer(),
    "free_seconds": Integer(),
    "grace_period": Integer(),
    "precision": Integer(),
    "forbidden": Boolean(),
    "grace_enabled": Boolean(),
    "round_up": Boolean(),
    "activation": UTCDateTime(),
    "expiration": UTCDateTime(),
}


def _columns(*names: str) -> list[Any]:
    return [column(name, _TYPES.get(name, String())) for name in names]


RATES = table("rates", column("tariff_id", Integer()), *_columns(*RATE_FIELDS))
TARIFFS = table(
    "tariffs",
    column("id", Integer()),
    column("revision", Integer()),
    *_columns("name", *TERMS_FIELDS),
)
PREFERENCES = table(
    "preferences",
    column("id", Integer()),
    column("max_call_seconds", Integer()),
    *_columns("access_codes", "country_code", "national_prefix"),
)


def candidate_query(tariff_id: int, digits: str, at: datetime) -> Select[*tuple[Any, ...]]:
    """The tariff's rows active at ``at`` whose prefix is a leading part of ``digits``."""
    prefixes = [digits[:length] for length in range(1, len(digits) + 1)]
    rate = RATES.c
    return select(*(rate[name] for name in RATE_FIELDS)).where(
        rate.tariff_id == tariff_id,
        rate.prefix.in_(prefixes),
        rate.activation <= at,
        or_(rate.expiration.is_(None), rate.expiration > at),
    )


def candidate_rows(
    session: Session | Connection, tariff_id: int, digits: str, at: datetime
) -> list[RateRow]:
    """:func:`candidate_query`'s rows (``digits``: normalized, see NumberPlan), through the
    validating RateRow constructor."""
    if not digits:
        return []
    return [RateRow(*row) for row in session.execute(candidate_query(tariff_id, digits, at))]


def price_list_for(session: Session, tariff: Tariff, digits: str, at: datetime) -> PriceList:
    """``tariff``'s terms with an index of only the rows that can price ``digits`` at
    ``at``: quotes from it equal quotes from the whole deck's index, for that number."""
    from callshop_pos.services.rating_cache import PriceList, tariff_terms

    rows = candidate_rows(session, tariff.id, digits, at)
    return PriceList(tariff.id, tariff.revision, tariff_terms(tariff), PrefixIndex(rows))


@dataclass(frozen=True)
class OneNumber:
    """What pricing one number takes: the tariff's terms, the index of its candidate rows,
    the shop's number plan and maximum call length."""

    index: PrefixIndex
    terms: TariffTerms
    plan: NumberPlan
    max_call_seconds: int


def one_number(conn: Connection, tariff: str, dialed: str, at: datetime) -> OneNumber | None:
    """:class:`OneNumber` for ``dialed`` under the tariff named ``tariff`` (NotFound if none;
    NumberError for a number that cannot be normalized), read with three indexed queries.
    None when the shop has no preferences row yet: its defaults are the models' (the
    caller takes the ORM path, which makes the row)."""
    found = conn.execute(
        select(TARIFFS.c.id, *(TARIFFS.c[name] for name in TERMS_FIELDS)).where(
            TARIFFS.c.name == tariff
        )
    ).first()
    if found is None:
        raise NotFound(f"no tariff named {tariff!r}")
    prefs = conn.execute(select(PREFERENCES).where(PREFERENCES.c.id == 1)).first()
    if prefs is None:
        return None
    plan = NumberPlan.of_settings(prefs.access_codes, prefs.country_code, prefs.national_prefix)
    rows = candidate_rows(conn, found.id, plan.normalize(dialed), at)
    terms = TariffTerms(**{name: found._mapping[name] for name in TERMS_FIELDS})
    return OneNumber(PrefixIndex(rows), terms, plan, prefs.max_call_seconds)
