"""In-memory prefix indexes of tariffs and destination sets, rebuilt when their revision moves.

Every lookup asks the database only for the owner's revision (one indexed row), so a deck
changed by another process or another counter is picked up at the next call, and a lookup
never scans the rates table.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from callshop_pos.db.models import DestinationSet, Preferences, Rate, Route, Tariff
from callshop_pos.rating.index import PrefixIndex
from callshop_pos.rating.numbers import NumberPlan
from callshop_pos.rating.terms import RateRow, TariffTerms, trusted_rate_row
from callshop_pos.services.rates import RATE_FIELDS


def tariff_terms(tariff: Tariff | DestinationSet) -> TariffTerms:
    if isinstance(tariff, DestinationSet):
        return TariffTerms(
            currency=tariff.currency,
            connect_fee=tariff.connect_fee,
            free_seconds=tariff.free_seconds,
            precision=tariff.precision,
        )
    return TariffTerms(
        currency=tariff.currency,
        connect_fee=tariff.connect_fee,
        free_seconds=tariff.free_seconds,
        grace_period=tariff.grace_period,
        post_call_surcharge=tariff.post_call_surcharge,
        precision=tariff.precision,
        round_up=tariff.round_up,
    )


def number_plan(prefs: Preferences) -> NumberPlan:
    codes = tuple(c.strip() for c in prefs.access_codes.split(",") if c.strip())
    return NumberPlan(
        access_codes=codes, country_code=prefs.country_code, national_prefix=prefs.national_prefix
    )


@dataclass(frozen=True)
class PriceList:
    """A tariff's (or destination set's) terms and its index, at one revision."""

    owner_id: int
    revision: int
    terms: TariffTerms
    index: PrefixIndex

    def lookup(self, digits: str, at: datetime) -> RateRow | None:
        return self.index.lookup(digits, at)


def _load_rows(session: Session, model: type[Rate] | type[Route], owner_id: int) -> list[RateRow]:
    """The owner's rows, built without re-validating each one (the database took them through
    the same checks), with equal prices, names and dates shared: a 250,000-row deck has a few
    hundred distinct values, and one object each keeps the index small and quick to build."""
    owner_column = Rate.tariff_id if model is Rate else Route.destination_set_id
    columns = [getattr(model, name) for name in RATE_FIELDS]
    result = session.execute(select(*columns).where(owner_column == owner_id))
    shared: dict[Any, Any] = {}  # each value maps to itself
    intern = shared.setdefault
    rows = []
    for prefix, area, price_1, price_n, i_1, i_n, forbidden, grace, start, end in result:
        if price_1 < 0 or price_n < 0 or i_1 <= 0 or i_n <= 0:  # never stored, but be sure
            rows.append(
                RateRow(prefix, area, price_1, price_n, i_1, i_n, forbidden, grace, start, end)
            )
            continue
        rows.append(
            trusted_rate_row(
                prefix,
                intern(area, area),
                intern(price_1, price_1),
                intern(price_n, price_n),
                i_1,
                i_n,
                forbidden,
                grace,
                intern(start, start),
                None if end is None else intern(end, end),
            )
        )
    return rows


_REVISION = {
    model: select(model.revision).where(model.id == bindparam("id"))
    for model in (Tariff, DestinationSet)
}


class RatingCache:
    """Thread-safe: the GUI thread and the PBX engine's threads share one cache."""

    def __init__(self, recheck: float = 0.5) -> None:
        # A deck changed elsewhere is picked up within ``recheck`` seconds.
        self.recheck = recheck
        self._checked: dict[tuple[str, int], float] = {}
        self._lists: dict[tuple[str, int], PriceList] = {}
        self._lock = threading.Lock()

    def tariff(self, session: Session, tariff_id: int) -> PriceList | None:
        return self._get(session, Tariff, Rate, tariff_id)

    def destination_set(self, session: Session, set_id: int) -> PriceList | None:
        return self._get(session, DestinationSet, Route, set_id)

    def _get(
        self,
        session: Session,
        owner_model: type[Tariff] | type[DestinationSet],
        rate_model: type[Rate] | type[Route],
        owner_id: int,
    ) -> PriceList | None:
        key = (owner_model.__tablename__, owner_id)
        now = time.monotonic()
        with self._lock:
            cached = self._lists.get(key)
            if cached is not None and now - self._checked.get(key, 0.0) < self.recheck:
                return cached  # checked a moment ago: spare the query in a burst of calls
        # one indexed read of the revision (a plain query: cheaper than loading the object)
        revision = session.execute(_REVISION[owner_model], {"id": owner_id}).scalar()
        if revision is None:
            return None
        with self._lock:
            self._checked[key] = now
            cached = self._lists.get(key)
            if cached is not None and cached.revision == revision:
                return cached
            owner = session.get(owner_model, owner_id)
            if not isinstance(owner, (Tariff, DestinationSet)):  # None: deleted meanwhile
                return None
            rows = _load_rows(session, rate_model, owner_id)
            price_list = PriceList(owner_id, revision, tariff_terms(owner), PrefixIndex(rows))
            self._lists[key] = price_list
            return price_list
