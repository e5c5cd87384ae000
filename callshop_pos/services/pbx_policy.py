"""The shop's answers to the PBX engine, over the database (implements CallPolicy).

One unit of work per PBX event. Authorization checks the booth's session, the number's rate
and the money left, and returns the routes in the routing group's order with the cap the
balance buys; the PBX enforces the cap by itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal

from callshop_pos.rating.rule import max_seconds
from callshop_pos.rating.terms import RateRow
from sqlalchemy import select
from sqlalchemy.orm import Session

from callshop_pos.db.engine import Database
from callshop_pos.db.models import Account, BoothSession, Call
from callshop_pos.pbx.policy import BoothChange, Decision
from callshop_pos.pbx.tracker import CallRecord
from callshop_pos.services import sessions
from callshop_pos.services.billing import (
    account_for_endpoint,
    ensure_walk_in,
    rate_number,
    record_call,
    routing_group_of,
    snapshot,
)
from callshop_pos.services.rating_cache import RatingCache

log = logging.getLogger(__name__)
ZERO = Decimal(0)


def _at(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def booth_is_open(session: Session, account: Account) -> bool:
    """Calls are allowed: unlocked and started, or a postpaid plan taking walk-ins."""
    if account.blocked:
        return False
    if sessions.open_session(session, account.id) is not None:
        return True
    return account.service_plan.billing_type == "postpaid"


def route_list(
    session: Session, cache: RatingCache, account: Account, normalized: str, at: datetime
) -> list[str]:
    """Dial strings of the connections that may carry the call, in the group's order."""
    group = routing_group_of(account)
    if group is None:
        return []
    candidates: list[tuple[tuple[object, ...], str]] = []
    for entry in group.entries:
        connection = entry.connection
        if not connection.active or not connection.vendor.active:
            continue
        price_list = cache.destination_set(session, entry.destination_set_id)
        route: RateRow | None = price_list.lookup(normalized, at) if price_list else None
        if route is None or route.forbidden:
            continue
        if group.policy == "lowest_cost":
            key: tuple[object, ...] = (route.price_n, route.price_1, entry.preference, entry.id)
        else:
            key = (entry.preference, entry.id)
        candidates.append((key, connection.dial_string(normalized)))
    candidates.sort(key=lambda item: item[0])
    seen: list[str] = []
    for _, dial in candidates:
        if dial not in seen:
            seen.append(dial)
    return seen


class DatabasePolicy:
    """CallPolicy over the shop's database. ``on_billed`` is told of each new call."""

    def __init__(
        self,
        db: Database,
        cache: RatingCache | None = None,
        on_billed: Callable[[Call], None] | None = None,
    ) -> None:
        self.db = db
        self.cache = cache or RatingCache()
        self.on_billed = on_billed

    def booth_logins(self) -> list[str]:
        with self.db.read() as s:
            return list(s.scalars(select(Account.voip_login).order_by(Account.position)))

    def booth_states(self) -> dict[str, bool]:
        with self.db.read() as s:
            return {a.voip_login: booth_is_open(s, a) for a in s.scalars(select(Account))}

    def authorize(self, login: str, number: str, at: float) -> Decision:
        with self.db.session() as s:
            account = account_for_endpoint(s, login)
            if account is None:
                return Decision(False, "unknown_booth")
            if account.blocked:
                return Decision(False, "blocked")
            booth = ensure_walk_in(s, account)
            if booth is None:
                return Decision(False, "closed")
            when = _at(at)
            rated = rate_number(s, self.cache, account.service_plan.tariff_id, number, when)
            if rated.refused or rated.rate is None or rated.terms is None:
                return Decision(False, rated.refused or "no_rate")
            prefs = sessions.preferences(s)
            money = account.balance + account.credit_limit
            longest = max_seconds(rated.terms, rated.rate, money) if money >= 0 else 0
            cap = prefs.max_call_seconds if longest is None else min(longest,
                                                                     prefs.max_call_seconds)
            if cap < 1:
                return Decision(False, "no_funds", area_name=rated.rate.area_name)
            routes = route_list(s, self.cache, account, rated.normalized, when)
            if not routes:
                return Decision(False, "no_route", area_name=rated.rate.area_name)
            return Decision(
                True,
                routes=routes,
                cap_seconds=cap,
                rate=snapshot(rated.terms, rated.rate),
                area_name=rated.rate.area_name,
            )

    def live_cap(self, login: str, number: str, answered_at: float, now: float) -> int | None:
        with self.db.read() as s:
            account = account_for_endpoint(s, login)
            if account is None:
                return None
            rated = rate_number(
                s, self.cache, account.service_plan.tariff_id, number, _at(answered_at)
            )
            if rated.rate is None or rated.terms is None or rated.refused:
                return None
            prefs = sessions.preferences(s)
            money = account.balance + account.credit_limit
            longest = max_seconds(rated.terms, rated.rate, money) if money >= 0 else 0
            total = prefs.max_call_seconds if longest is None else min(longest,
                                                                       prefs.max_call_seconds)
            return max(0, int(total - (now - answered_at)))

    def record_call(self, record: CallRecord) -> bool:
        with self.db.session() as s:
            call = record_call(s, self.cache, record)
        if call is not None and self.on_billed is not None:
            self.on_billed(call)
        return call is not None

    def changes_since(self, token: object) -> tuple[object, list[BoothChange]]:
        with self.db.read() as s:
            hang_up = sessions.preferences(s).stop_hangs_up
            rows = s.execute(select(Account.voip_login, Account.revision)).all()
            current = {login: revision for login, revision in rows}
            if not isinstance(token, dict):
                return current, []
            changes = []
            for login, revision in current.items():
                if token.get(login) == revision:
                    continue
                account = account_for_endpoint(s, login)
                assert account is not None
                is_open = booth_is_open(s, account)
                changes.append(BoothChange(login, is_open, hang_up_live_call=not is_open
                                           and hang_up))
            return current, changes


def open_sessions(session: Session) -> list[BoothSession]:
    return list(session.scalars(select(BoothSession).where(BoothSession.stopped_at.is_(None))))
