"""Rating a booth's call and billing a finished one: retail, wholesale and vendor legs.

The same rating rule prices all three legs: the booth's tariff (what the customer pays), the
callshop customer's tariff (what the shop owes the system owner) and the route's destination
set (what the vendor charges). A call is billed once: the booth leg's Uniqueid is unique.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from callshop_pos.counter import BoothMode, RateSnapshot
from callshop_pos.db.models import Account, BoothSession, Call, Connection, RoutingGroup
from callshop_pos.pbx.tracker import CallRecord, endpoint_of
from callshop_pos.rating.numbers import NumberError
from callshop_pos.rating.rule import billed_seconds, call_cost
from callshop_pos.rating.terms import RateRow, TariffTerms
from callshop_pos.services import sessions
from callshop_pos.services.rating_cache import PriceList, RatingCache, number_plan

ZERO = Decimal(0)


@dataclass(frozen=True)
class Rated:
    """A number matched against a booth's tariff."""

    normalized: str
    price_list: PriceList | None
    rate: RateRow | None
    refused: str | None  # None, "no_rate", "forbidden", "bad_number", "no_tariff"

    @property
    def terms(self) -> TariffTerms | None:
        return self.price_list.terms if self.price_list else None


def snapshot(terms: TariffTerms, rate: RateRow) -> RateSnapshot:
    return RateSnapshot(
        prefix=rate.prefix,
        area_name=rate.area_name,
        price_1=rate.price_1,
        price_n=rate.price_n,
        interval_1=rate.interval_1,
        interval_n=rate.interval_n,
        grace_enabled=rate.grace_enabled,
        connect_fee=terms.connect_fee,
        free_seconds=terms.free_seconds,
        grace_period=terms.grace_period,
        post_call_surcharge=terms.post_call_surcharge,
        precision=terms.precision,
        round_up=terms.round_up,
    )


def rate_number(
    session: Session, cache: RatingCache, tariff_id: int | None, number: str, at: datetime
) -> Rated:
    try:
        normalized = number_plan(sessions.preferences(session)).normalize(number)
    except NumberError:
        return Rated(number, None, None, "bad_number")
    price_list = cache.tariff(session, tariff_id) if tariff_id is not None else None
    if price_list is None:
        return Rated(normalized, None, None, "no_tariff")
    rate = price_list.lookup(normalized, at)
    if rate is None:
        return Rated(normalized, price_list, None, "no_rate")
    if rate.forbidden:
        return Rated(normalized, price_list, rate, "forbidden")
    return Rated(normalized, price_list, rate, None)


def account_for_endpoint(session: Session, endpoint: str) -> Account | None:
    return session.scalar(select(Account).where(Account.voip_login == endpoint))


def routing_group_of(account: Account) -> RoutingGroup | None:
    if account.routing_group is not None:
        return account.routing_group
    return account.customer.routing_group if account.customer else None


def _epoch(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(value, UTC) if value is not None else None


def _session_for_call(session: Session, account: Account, started: datetime) -> BoothSession | None:
    """The session the call belongs to: open now, or the one that was open when the call
    started (a call hung up by Stop is billed after the Stop committed)."""
    booth = sessions.open_session(session, account.id)
    if booth is not None and booth.started_at <= started:
        return booth
    return session.scalar(
        select(BoothSession)
        .where(
            BoothSession.account_id == account.id,
            BoothSession.started_at <= started,
            (BoothSession.stopped_at.is_(None)) | (BoothSession.stopped_at >= started),
        )
        .order_by(BoothSession.started_at.desc())
        .limit(1)
    )


def _vendor_leg(
    session: Session, cache: RatingCache, account: Account, peer: str, normalized: str,
    at: datetime, seconds: int,
) -> tuple[int | None, int | None, Decimal | None]:
    """(vendor id, connection id, vendor cost) from the connection the call went out on."""
    if not peer:
        return None, None, None
    connection = session.scalar(select(Connection).where(Connection.name == endpoint_of(peer)))
    if connection is None:
        return None, None, None
    cost = None
    group = routing_group_of(account)
    for entry in group.entries if group else ():
        if entry.connection_id != connection.id:
            continue
        price_list = cache.destination_set(session, entry.destination_set_id)
        rate = price_list.lookup(normalized, at) if price_list else None
        if price_list and rate and not rate.forbidden:
            cost = call_cost(price_list.terms, rate, seconds)
            break
    return connection.vendor_id, connection.id, cost


def record_call(session: Session, cache: RatingCache, record: CallRecord) -> Call | None:
    """Bill a finished call. None when it was billed before (any process) or is no booth's."""
    existing = session.scalar(select(Call.id).where(Call.booth_uniqueid == record.booth_uniqueid))
    if existing is not None:
        return None
    account = account_for_endpoint(session, record.booth)
    started = _epoch(record.started_at) or _epoch(record.ended_at) or datetime.now(UTC)
    answered = _epoch(record.answered_at)
    call = Call(
        account_id=account.id if account else None,
        booth_uniqueid=record.booth_uniqueid,
        linkedid=record.linkedid,
        channel=record.channel,
        endpoint=record.booth,
        number=record.number,
        started_at=started,
        answered_at=answered,
        ended_at=_epoch(record.ended_at),
        billable_seconds=record.billable_seconds,
        disposition=record.disposition,
        hangup_cause=record.hangup_cause,
        refusal_reason=record.refusal_reason,
        billing_source=record.billing_source,
        peer=record.peer,
    )
    if account is not None:
        booth = _session_for_call(session, account, started)
        call.session_id = booth.id if booth else None
        rated = rate_number(
            session, cache, account.service_plan.tariff_id, record.number, answered or started
        )
        call.normalized = rated.normalized
        if rated.rate is not None and rated.terms is not None:
            rate = rated.rate
            call.prefix, call.area_name = rate.prefix, rate.area_name
            call.rate_price_1, call.rate_price_n = rate.price_1, rate.price_n
            call.rate_interval_1, call.rate_interval_n = rate.interval_1, rate.interval_n
            call.tariff_id = account.service_plan.tariff_id
        answered_call = record.disposition == "answered" and rated.refused is None
        if answered_call and rated.rate is not None and rated.terms is not None:
            seconds = record.billable_seconds
            call.billed_seconds = billed_seconds(rated.terms, rated.rate, seconds)
            call.cost = call_cost(rated.terms, rated.rate, seconds)
            call.wholesale_cost = _wholesale(session, cache, account, rated.normalized,
                                             answered or started, seconds)
            call.vendor_id, call.connection_id, call.vendor_cost = _vendor_leg(
                session, cache, account, record.peer, rated.normalized, answered or started,
                seconds)
            if booth is not None:
                booth.calls_total += call.cost
                if booth.stopped_at is None:
                    account.balance -= call.cost
    session.add(call)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:  # billed by another process between our check and our insert
        return None
    return call


def _wholesale(
    session: Session, cache: RatingCache, account: Account, normalized: str, at: datetime,
    seconds: int,
) -> Decimal | None:
    customer = account.customer
    if customer is None or customer.tariff_id is None:
        return None
    price_list = cache.tariff(session, customer.tariff_id)
    rate = price_list.lookup(normalized, at) if price_list else None
    if price_list is None or rate is None or rate.forbidden:
        return None
    return call_cost(price_list.terms, rate, seconds)


def ensure_walk_in(session: Session, account: Account) -> BoothSession | None:
    """Postpaid booths take walk-in customers: a call from a free, unlocked booth on a
    postpaid plan starts a postpaid session by itself (the source document's postpaid flow)."""
    booth = sessions.open_session(session, account.id)
    if booth is not None or account.blocked or account.locked:
        return booth
    if account.service_plan.billing_type != BoothMode.POSTPAID.value:
        return None
    prefs = sessions.preferences(session)
    return sessions.start(session, account, BoothMode.POSTPAID, ZERO, prefs.postpaid_credit_limit)
