"""What ticks on a booth tile: the call timer, live cost, balance and talk time left.

Pure functions of a :class:`BoothView` and a clock reading, no Qt. The UI calls them once a
second for every tile instead of asking the backend, so they must price exactly like the
billing does: they build the rating rule's own ``TariffTerms``/``RateRow`` from the call's
:class:`RateSnapshot` and use ``callshop_pos.rating.rule`` (ARCHITECTURE.md §4), never a copy of it.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from callshop_pos.counter import BoothMode, BoothView, CallPhase, PbxLink, RateSnapshot
from callshop_pos.rating.rule import call_cost, talk_time
from callshop_pos.rating.terms import RateRow, TariffTerms

ZERO = Decimal(0)


class TileState(StrEnum):
    FREE = "free"
    LOCKED = "locked"  # locked by Stop until the next Start: no walk-in calls
    PREPAID = "prepaid"
    POSTPAID = "postpaid"
    RINGING = "ringing"
    IN_CALL = "in_call"
    BLOCKED = "blocked"
    UNREGISTERED = "unregistered"
    PBX_OFFLINE = "pbx_offline"


def tile_state(view: BoothView, pbx: PbxLink) -> TileState:
    """The one state a tile shows; the most actionable problem wins over the session mode."""
    if view.blocked:
        return TileState.BLOCKED
    # Without the PBX link nothing on the tile can be trusted to be live.
    if pbx is not PbxLink.CONNECTED:
        return TileState.PBX_OFFLINE
    if view.registered is False:
        return TileState.UNREGISTERED
    call = view.call
    if call is not None:
        if call.phase is CallPhase.ANSWERED and call.answered_at is not None:
            return TileState.IN_CALL
        return TileState.RINGING
    if view.mode is BoothMode.PREPAID:
        return TileState.PREPAID
    if view.mode is BoothMode.POSTPAID:
        return TileState.POSTPAID
    if view.locked:
        return TileState.LOCKED
    return TileState.FREE


def terms_of(rate: RateSnapshot, currency: str) -> TariffTerms:
    return TariffTerms(
        currency=currency,
        connect_fee=rate.connect_fee,
        free_seconds=rate.free_seconds,
        grace_period=rate.grace_period,
        post_call_surcharge=rate.post_call_surcharge,
        precision=rate.precision,
        round_up=rate.round_up,
    )


def rate_row_of(rate: RateSnapshot) -> RateRow:
    # The snapshot was taken from an active, allowed row at authorization: the dates (left at
    # "always active") and the forbidden flag no longer matter for metering this call.
    return RateRow(
        prefix=rate.prefix,
        area_name=rate.area_name,
        price_1=rate.price_1,
        price_n=rate.price_n,
        interval_1=rate.interval_1,
        interval_n=rate.interval_n,
        forbidden=False,
        grace_enabled=rate.grace_enabled,
    )


def call_elapsed(view: BoothView, now: float) -> int:
    """Whole seconds since the PBX answered the current call (0 when none is answered)."""
    call = view.call
    if call is None or call.answered_at is None:
        return 0
    # Floor, like Asterisk's billsec: a call is billed for the seconds it has completed.
    return max(0, int(now - call.answered_at))


def live_cost(view: BoothView, now: float) -> Decimal:
    """What the current call costs so far, as the bill would say if it ended now."""
    call = view.call
    if call is None or call.rate is None or call.answered_at is None:
        return ZERO
    rate = call.rate
    return call_cost(
        terms_of(rate, view.currency), rate_row_of(rate), call_elapsed(view, now), answered=True
    )


def running_total(view: BoothView, now: float) -> Decimal:
    """The session's total including the call in progress."""
    return view.session_total + live_cost(view, now)


def balance_left(view: BoothView, now: float) -> Decimal:
    """Prepaid money left after the call in progress (negative once into the credit limit)."""
    return view.balance - live_cost(view, now)


def talk_time_left(view: BoothView, now: float) -> int | None:
    """Seconds of talk the current call still has on a prepaid booth.

    What the engine allows (``rule.talk_time``, the PBX cap's own function): what balance plus
    credit limit buys, never more than the cap the PBX enforces on the call (counted from the
    answer), so the shop's longest call shows too. None when it cannot be said (postpaid, no
    call, unknown rate) or is unbounded (free time, no cap known).
    """
    call = view.call
    if view.mode is not BoothMode.PREPAID or call is None or call.rate is None:
        return None
    rate = call.rate
    budget = view.balance + view.credit_limit
    # Whole seconds, never more than the PBX allows (a cap may come to the millisecond).
    cap = None if call.cap_seconds is None else max(0, int(call.cap_seconds))
    seconds = talk_time(terms_of(rate, view.currency), rate_row_of(rate), budget, cap).seconds
    if seconds is None:
        return None
    return max(0, seconds - call_elapsed(view, now))
