"""The counter's questions (implements ``CounterQueryPort``): the price check's quote and
destination search, the calls list, the day's totals and the Start dialog's defaults.

Each is one read-only unit of work; none changes the board (``services/board_state.py``) or
the database. The prices come from the one rating rule (``rating/rule.py``) and the one
quote offer (``rating/offer.py``), never computed here.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callshop_pos.counter import (
    BoothMode,
    CallRow,
    CounterError,
    DayTotals,
    Disposition,
    QuoteView,
    StartDefaults,
    refusal_code,
)
from callshop_pos.db.engine import Database
from callshop_pos.db.models import Account, BoothSession, Call, ServicePlan, Tariff
from callshop_pos.db.outage import outage_as_counter_error
from callshop_pos.rating.offer import offer
from callshop_pos.rating.rule import talk_time
from callshop_pos.rating.search import Destinations, SearchError
from callshop_pos.rating.search import search as search_rates
from callshop_pos.services import sessions
from callshop_pos.services.billing import rate_number
from callshop_pos.services.counter_actions import local
from callshop_pos.services.rating_cache import RatingCache

ZERO = Decimal(0)


def counter_tariff(s: Session) -> Tariff | None:
    """The tariff the price check quotes: the one most booths sell with."""
    row = s.execute(
        select(ServicePlan.tariff_id, func.count(Account.id))
        .join(Account, Account.service_plan_id == ServicePlan.id)
        .group_by(ServicePlan.tariff_id)
        .order_by(func.count(Account.id).desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    plan = s.scalar(select(ServicePlan).where(ServicePlan.tariff_id == row[0]).limit(1))
    return plan.tariff if plan else None


class CounterQueries:
    def __init__(self, db: Database, cache: RatingCache) -> None:
        self.db = db
        self.cache = cache

    @outage_as_counter_error
    def start_defaults(self) -> StartDefaults:
        with self.db.session() as s:
            prefs = sessions.preferences(s)
            tariff = counter_tariff(s)
            return StartDefaults(
                mode=BoothMode(prefs.default_mode),
                prepaid_amount=prefs.default_prepaid_amount,
                credit_limit=prefs.default_credit_limit,
                currency=tariff.currency if tariff else prefs.currency,
                precision=tariff.precision if tariff else 2,
                postpaid_credit_limit=prefs.postpaid_credit_limit,
            )

    @outage_as_counter_error
    def quote(self, number: str, amount: Decimal | None = None) -> QuoteView:
        with self.db.session() as s:
            tariff = counter_tariff(s)
            tariff_id = tariff.id if tariff is not None else None
            rated = rate_number(s, self.cache, tariff_id, number, datetime.now(UTC))
            currency = tariff.currency if tariff is not None else "EUR"
            limit = sessions.preferences(s).max_call_seconds
            rate, terms = rated.rate, rated.terms
            view = QuoteView(
                number=number,
                normalized=rated.normalized,
                prefix=rate.prefix if rate else None,
                area_name=rate.area_name if rate else None,
                price_1=rate.price_1 if rate else None,
                price_n=rate.price_n if rate else None,
                refused=rated.refused,
                amount=amount,
                currency=currency,
                max_call_seconds=limit,
            )
            if rate is None or terms is None or rated.refused:
                return view
            longest, cut = (
                (None, False) if amount is None else talk_time(terms, rate, amount, limit)
            )
            # Offer's fields are QuoteView's names for the same terms.
            return replace(view, max_seconds=longest, cut=cut, **asdict(offer(terms, rate)))

    @outage_as_counter_error
    def calls_on(self, day: date, account_id: int | None = None) -> list[CallRow]:
        start = datetime.combine(day, datetime.min.time()).astimezone()
        end = start + timedelta(days=1)
        with self.db.read() as s:
            query = (
                select(Call, Account.name, BoothSession.mode)
                .outerjoin(Account, Account.id == Call.account_id)
                .outerjoin(BoothSession, BoothSession.id == Call.session_id)
                .where(Call.started_at >= start, Call.started_at < end)
                .order_by(Call.started_at)
            )
            if account_id is not None:
                query = query.where(Call.account_id == account_id)
            return [
                CallRow(
                    call_id=c.id,
                    booth_name=name or c.endpoint,
                    number=c.number,
                    prefix=c.prefix,
                    area_name=c.area_name,
                    started_at=local(c.started_at) or c.started_at,
                    answered_at=local(c.answered_at),
                    billable_seconds=c.billable_seconds,
                    disposition=c.disposition,
                    cost=c.cost,
                    session_id=c.session_id,
                    session_mode=BoothMode(mode) if mode else None,
                    refusal_reason=refusal_code(c.refusal_reason),
                )
                for c, name, mode in s.execute(query)
            ]

    @outage_as_counter_error
    def day_totals(self, day: date) -> DayTotals:
        rows = self.calls_on(day)
        by_booth: dict[str, Decimal] = {}
        for row in rows:
            by_booth[row.booth_name] = by_booth.get(row.booth_name, ZERO) + row.cost
        with self.db.read() as s:
            tariff = counter_tariff(s)
            currency = tariff.currency if tariff is not None else "EUR"
        return DayTotals(
            day=day,
            calls=len(rows),
            answered=sum(1 for r in rows if r.disposition == Disposition.ANSWERED),
            seconds=sum(r.billable_seconds for r in rows),
            revenue=sum((r.cost for r in rows), ZERO),
            currency=currency,
            by_booth=by_booth,
        )

    @outage_as_counter_error
    def search(self, text: str) -> Destinations:
        """The counter tariff's destinations whose name contains ``text`` (the price check's
        "how much is a call to Cuba?")."""
        with self.db.read() as s:
            tariff = counter_tariff(s)
            price_list = self.cache.tariff(s, tariff.id) if tariff is not None else None
            if tariff is None or price_list is None:
                raise CounterError("no tariff to search: no booth has a service plan")
            try:
                return search_rates(
                    price_list.index, text, datetime.now(UTC), currency=tariff.currency
                )
            except SearchError as exc:
                raise CounterError(str(exc)) from None
