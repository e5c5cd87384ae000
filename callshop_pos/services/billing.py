"""Rating a booth's call and billing a finished one: retail, wholesale and vendor legs.

The same rating rule prices all three legs: the booth's tariff (what the customer pays), the
callshop customer's tariff (what the shop owes the system owner) and the route's destination
set (what the vendor charges). A call is billed once: the booth leg's Uniqueid is unique.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from callshop_pos.counter import BoothMode, Disposition, RateSnapshot
from callshop_pos.db.models import (
    Account,
    Adjustment,
    BoothSession,
    Call,
    CallAuthorization,
    Connection,
    Customer,
    RoutingGroup,
    Vendor,
)
from callshop_pos.db.rowcount import rows_changed
from callshop_pos.errors import CallshopError
from callshop_pos.pbx.tracker import CallRecord, endpoint_of
from callshop_pos.rating.numbers import NumberError
from callshop_pos.rating.rule import call_cost
from callshop_pos.rating.terms import RateRow, TariffTerms
from callshop_pos.services import authorizations, sessions
from callshop_pos.services.rate_lookup import price_list_for
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


def normalized_number(session: Session, number: str) -> str | None:
    """The dialed number as the rates are keyed (the shop's number plan); None if invalid."""
    try:
        return number_plan(sessions.preferences(session)).normalize(number)
    except NumberError:
        return None


def rate_number(
    session: Session, cache: RatingCache, tariff_id: int | None, number: str, at: datetime
) -> Rated:
    normalized = normalized_number(session, number)
    if normalized is None:
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


TOLERANCE = 2  # seconds Asterisk's count may run over the answer-to-hangup time we saw
METER = "meter"  # billing_source of a provisional bill from the live meter (Stop)


class BillingError(CallshopError, ValueError):
    """A PBX record that cannot be billed (kept aside for the owner after a few tries)."""


def _epoch(value: float | None) -> datetime | None:
    """A PBX epoch as a datetime; None when absent or absurd (nan, inf, out of range)."""
    if value is None or not math.isfinite(value):
        return None
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def bounded_seconds(record: CallRecord, max_call_seconds: int) -> tuple[int, str]:
    """(seconds to bill, evidence): Asterisk's count, unless it is beyond what was seen
    (answer to hangup, with a small tolerance) or beyond the longest call the shop allows."""
    reported = record.billable_seconds
    seconds, notes = reported, []
    if seconds < 0:
        seconds = 0
        notes.append(f"Asterisk reported {reported} s")
    answered, ended = _epoch(record.answered_at), _epoch(record.ended_at)
    if answered is not None and ended is not None and ended >= answered:
        observed = (ended - answered).total_seconds()
        if seconds > observed + TOLERANCE:
            seconds = int(observed)
            notes.append(f"Asterisk reported {reported} s, answer to hangup {observed:.1f} s")
    if seconds > max_call_seconds + TOLERANCE:
        seconds = max_call_seconds
        notes.append(
            f"Asterisk reported {reported} s, over the maximum call length {max_call_seconds} s"
        )
    evidence = "; ".join(notes)
    return seconds, (f"{evidence}: billed {seconds} s" if evidence else "")


def _account_of(
    session: Session, record: CallRecord, auth: CallAuthorization | None
) -> Account | None:
    if auth is not None:
        return session.get(Account, auth.account_id)
    return account_for_endpoint(session, record.booth)


def _snapshot_terms(rate: RateSnapshot) -> dict[str, object]:
    return {
        "prefix": rate.prefix,
        "area_name": rate.area_name,
        "rate_price_1": rate.price_1,
        "rate_price_n": rate.price_n,
        "rate_interval_1": rate.interval_1,
        "rate_interval_n": rate.interval_n,
        "rate_connect_fee": rate.connect_fee,
        "rate_surcharge": rate.post_call_surcharge,
        "rate_free_seconds": rate.free_seconds,
    }


def _rate_for(
    session: Session,
    cache: RatingCache,
    account: Account,
    auth: CallAuthorization | None,
    number: str,
    at: datetime,
) -> tuple[str, RateSnapshot | None]:
    """(normalized number, the sell rate): the one the call was authorized with (a live call
    keeps the rate it started with), else the booth's tariff now."""
    rated = rate_number(session, cache, account.service_plan.tariff_id, number, at)
    if auth is not None and auth.rate_json:
        return rated.normalized, authorizations.load_rate(auth.rate_json)
    if rated.refused is None and rated.rate is not None and rated.terms is not None:
        return rated.normalized, snapshot(rated.terms, rated.rate)
    return rated.normalized, None


def _talked(record: CallRecord) -> bool:
    """Answered, and not refused: the only calls that cost anything."""
    return record.disposition == Disposition.ANSWERED and not record.refusal_reason


@dataclass(frozen=True)
class Priced:
    """An answered call priced on its three legs, for the seconds :func:`bounded_seconds`
    allows: retail (the sell rate), wholesale (the callshop customer's tariff), vendor."""

    seconds: int
    evidence: str  # why the seconds differ from Asterisk's count ("" when they do not)
    billed_seconds: int
    cost: Decimal  # retail: what the booth's session is charged
    wholesale_cost: Decimal | None
    vendor_id: int | None
    connection_id: int | None
    vendor_cost: Decimal | None


def price_answered(
    session: Session,
    cache: RatingCache,
    account: Account,
    rate: RateSnapshot,
    record: CallRecord,
    normalized: str,
    at: datetime,
) -> Priced:
    """The one pricing of an answered call, for the bill (:func:`record_call`) and for the
    settling of a provisional one (:func:`settle`)."""
    seconds, evidence = bounded_seconds(record, sessions.preferences(session).max_call_seconds)
    billed, cost = authorizations.meter_cost(rate, account.service_plan.tariff.currency, seconds)
    wholesale = _wholesale(session, cache, account, normalized, at, seconds)
    vendor_id, connection_id, vendor_cost = _vendor_leg(
        session, cache, account, record.peer, normalized, at, seconds
    )
    return Priced(seconds, evidence, billed, cost, wholesale, vendor_id, connection_id, vendor_cost)


def charge(
    session: Session,
    call_id: int,
    booth_id: int | None,
    account_id: int,
    cost: Decimal,
    seconds: int,
) -> None:
    """Into the running session, atomically; a session already closed keeps its payments and
    the call becomes a visible adjustment instead."""
    if booth_id is None or not cost:
        return
    charged = rows_changed(
        session,
        update(BoothSession)
        .where(BoothSession.id == booth_id, BoothSession.stopped_at.is_(None))
        .values(calls_total=BoothSession.calls_total + cost)
        .execution_options(synchronize_session=False),
    )
    if charged:
        session.execute(
            update(Account)
            .where(Account.id == account_id)
            .values(balance=Account.balance - cost, revision=Account.revision + 1)
            .execution_options(synchronize_session=False)
        )
        return
    session.add(
        Adjustment(
            session_id=booth_id,
            call_id=call_id,
            kind="after_stop",
            charged=ZERO,
            actual=cost,
            amount=cost,
            charged_seconds=0,
            actual_seconds=seconds,
        )
    )


def record_call(session: Session, cache: RatingCache, record: CallRecord) -> Call | None:
    """Bill a finished call into the session that authorized it. None when it was billed
    before (by any process; a provisional bill is settled instead) or is no booth's."""
    uid = record.booth_uniqueid
    if not uid or len(uid) > 64:
        raise BillingError(f"a call record with a bad Uniqueid {uid!r}")
    existing = session.scalar(select(Call).where(Call.booth_uniqueid == uid))
    if existing is not None:
        if existing.billing_source == METER:
            settle(session, cache, existing, record)
        return None
    auth = session.get(CallAuthorization, uid)
    if auth is not None and auth.session_id is not None:
        # the session row first, as Stop takes it: the two wait for each other, never deadlock
        session.execute(
            select(BoothSession.id).where(BoothSession.id == auth.session_id).with_for_update()
        )
    account = _account_of(session, record, auth)
    ended = _epoch(record.ended_at)
    answered = _epoch(record.answered_at)
    started = (
        _epoch(record.started_at)
        or (auth.authorized_at if auth else None)
        or answered
        or ended
        or datetime.now(UTC)
    )
    values: dict[str, object] = {
        "account_id": account.id if account else None,
        "booth_uniqueid": uid,
        "linkedid": record.linkedid[:64],
        "channel": record.channel[:120],
        "endpoint": record.booth[:80],
        "number": record.number[:40],
        "started_at": started,
        "answered_at": answered,
        "ended_at": ended,
        "billable_seconds": max(0, record.billable_seconds),
        "disposition": record.disposition,
        "hangup_cause": record.hangup_cause,
        "refusal_reason": record.refusal_reason,
        "billing_source": record.billing_source,
        "peer": record.peer[:120],
        "session_id": auth.session_id if auth else None,
    }
    cost = ZERO
    seconds = 0
    if account is not None:
        normalized, rate = _rate_for(
            session, cache, account, auth, record.number, answered or started
        )
        values["normalized"] = normalized
        if rate is not None:
            values.update(_snapshot_terms(rate), tariff_id=account.service_plan.tariff_id)
        if _talked(record) and rate is not None:
            priced = price_answered(
                session, cache, account, rate, record, normalized, answered or started
            )
            seconds, cost = priced.seconds, priced.cost
            values.update(
                billable_seconds=priced.seconds,
                billed_seconds=priced.billed_seconds,
                cost=priced.cost,
                evidence=priced.evidence,
                wholesale_cost=priced.wholesale_cost,
                vendor_id=priced.vendor_id,
                connection_id=priced.connection_id,
                vendor_cost=priced.vendor_cost,
            )
    if not authorizations.insert_ignoring_conflict(session, Call, values, "booth_uniqueid"):
        # another engine billed it a moment ago, or a Stop billed it from the live meter
        existing = session.scalar(select(Call).where(Call.booth_uniqueid == uid))
        if existing is not None and existing.billing_source == METER:
            settle(session, cache, existing, record)
        return None
    call = session.scalar(select(Call).where(Call.booth_uniqueid == uid))
    assert call is not None
    if account is not None:
        charge(session, call.id, call.session_id, account.id, cost, seconds)
        move_levels(session, account.customer_id, NO_LEGS, legs_of(call))
    return call


def settle(session: Session, cache: RatingCache, call: Call, record: CallRecord) -> None:
    """Asterisk's record of a call billed provisionally at Stop: the call takes Asterisk's
    numbers, and any difference from what the session charged is a visible adjustment."""
    account = session.get(Account, call.account_id) if call.account_id else None
    auth = session.get(CallAuthorization, call.booth_uniqueid)
    charged, charged_seconds = call.cost, call.billable_seconds
    booked = legs_of(call)  # what the provisional bill moved: only the difference moves now
    actual, seconds, billed, evidence = ZERO, 0, 0, ""
    rate = authorizations.load_rate(auth.rate_json) if auth is not None else None
    # A bill from the live meter has no normalized number: the legs need one.
    call.normalized = call.normalized or normalized_number(session, call.number) or call.number
    if account is not None and rate is not None and _talked(record):
        at = _epoch(record.answered_at) or call.started_at
        priced = price_answered(session, cache, account, rate, record, call.normalized, at)
        seconds, evidence = priced.seconds, priced.evidence
        billed, actual = priced.billed_seconds, priced.cost
        call.wholesale_cost = priced.wholesale_cost
        call.vendor_id, call.connection_id = priced.vendor_id, priced.connection_id
        call.vendor_cost = priced.vendor_cost
    else:  # Asterisk says it cost nothing (not answered, refused): nobody is owed anything
        call.wholesale_cost = call.vendor_id = call.connection_id = call.vendor_cost = None
    move_levels(session, account.customer_id if account else None, booked, legs_of(call))
    call.answered_at = _epoch(record.answered_at) or call.answered_at
    call.ended_at = _epoch(record.ended_at) or call.ended_at
    call.billable_seconds, call.billed_seconds, call.cost = seconds, billed, actual
    call.disposition, call.hangup_cause = record.disposition, record.hangup_cause
    call.billing_source = record.billing_source
    call.evidence = "; ".join(
        x for x in ("billed at Stop by the live meter, settled by Asterisk's record", evidence) if x
    )
    call.peer = record.peer[:120]
    if actual != charged or seconds != charged_seconds:
        session.add(
            Adjustment(
                session_id=call.session_id,
                call_id=call.id,
                kind="settled",
                charged=charged,
                actual=actual,
                amount=actual - charged,
                charged_seconds=charged_seconds,
                actual_seconds=seconds,
            )
        )


def _vendor_leg(
    session: Session,
    cache: RatingCache,
    account: Account,
    peer: str,
    normalized: str,
    at: datetime,
    seconds: int,
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


def _wholesale(
    session: Session,
    cache: RatingCache,
    account: Account,
    normalized: str,
    at: datetime,
    seconds: int,
) -> Decimal | None:
    customer = account.customer
    if customer is None or customer.tariff_id is None:
        return None
    return wholesale_cost(cache.tariff(session, customer.tariff_id), normalized, at, seconds)


def wholesale_cost(
    price_list: PriceList | None, normalized: str, at: datetime, seconds: int
) -> Decimal | None:
    """The shop's cost of ``seconds`` to ``normalized`` by the callshop customer's tariff;
    None when that tariff has no (or a forbidden) rate for it."""
    rate = price_list.lookup(normalized, at) if price_list else None
    if price_list is None or rate is None or rate.forbidden:
        return None
    return call_cost(price_list.terms, rate, seconds)


# --- the three levels' balances ------------------------------------------------------------


@dataclass(frozen=True)
class Legs:
    """What one billed call moves beyond the booth's session: the callshop customer's
    wholesale cost and the vendor's cost (None: unknown, nothing moves)."""

    wholesale_cost: Decimal | None
    vendor_id: int | None
    vendor_cost: Decimal | None


NO_LEGS = Legs(None, None, None)


def legs_of(call: Call) -> Legs:
    return Legs(call.wholesale_cost, call.vendor_id, call.vendor_cost)


def move_levels(session: Session, customer_id: int | None, before: Legs, after: Legs) -> None:
    """The callshop customer's balance down by the wholesale cost, the vendor's up by its
    cost, by the difference between what a call had booked (``before``) and what it costs now
    (``after``): atomic SQL updates in the bill's own transaction, never read-modify-write."""
    owed = (after.wholesale_cost or ZERO) - (before.wholesale_cost or ZERO)
    if customer_id is not None and owed:
        session.execute(
            update(Customer)
            .where(Customer.id == customer_id)
            .values(balance=Customer.balance - owed)
            .execution_options(synchronize_session=False)
        )
    vendors: dict[int, Decimal] = {}
    if before.vendor_id is not None and before.vendor_cost:
        vendors[before.vendor_id] = -before.vendor_cost
    if after.vendor_id is not None and after.vendor_cost:
        vendors[after.vendor_id] = vendors.get(after.vendor_id, ZERO) + after.vendor_cost
    for vendor_id, amount in sorted(vendors.items()):  # one order: no deadlock between two
        if amount:
            session.execute(
                update(Vendor)
                .where(Vendor.id == vendor_id)
                .values(balance=Vendor.balance + amount)
                .execution_options(synchronize_session=False)
            )


def book_metered(session: Session, account: Account, call: Call) -> None:
    """A call billed at Stop from the live meter: its wholesale cost is known (the callshop
    customer's tariff, read by an indexed query: no deck is loaded at the counter) and moves
    the customer's balance now; its vendor is not known until Asterisk's record says which
    route carried it (``vendor_id`` None), and :func:`settle` moves the rest then."""
    customer = account.customer
    if customer is None or customer.tariff is None:
        return
    at = call.answered_at or call.started_at
    digits = call.normalized or normalized_number(session, call.number) or ""
    call.normalized = digits
    price_list = price_list_for(session, customer.tariff, digits, at)
    call.wholesale_cost = wholesale_cost(price_list, digits, at, call.billable_seconds)
    move_levels(session, customer.id, NO_LEGS, legs_of(call))


def ensure_walk_in(
    session: Session, account: Account, *, at: datetime | None = None
) -> BoothSession | None:
    """Postpaid booths take walk-in customers: a call from a free, unlocked booth on a
    postpaid plan starts a postpaid session by itself (the source document's postpaid flow).
    ``at``: when (now by default; the demo history's past)."""
    booth = sessions.open_session(session, account.id)
    if booth is not None or account.blocked or account.locked:
        return booth
    if account.service_plan.billing_type != BoothMode.POSTPAID.value:
        return None
    prefs = sessions.preferences(session)
    return sessions.start(
        session, account, BoothMode.POSTPAID, ZERO, prefs.postpaid_credit_limit, at=at
    )
