"""What every PBX decision reads and hardly ever changes, kept for a moment in memory.

An authorization must answer within milliseconds while 50 booths dial at once, so the
preferences' numbering and limits and the routing groups are read once every few seconds
(a change made in the settings or by ``setup apply`` is in force within ``ttl`` seconds),
and a booth's own row is one query.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection as SqlConnection
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, aliased

from callshop_pos.counter import BoothMode
from callshop_pos.db.models import (
    Account,
    BoothSession,
    Connection,
    Customer,
    RoutingGroup,
    ServicePlan,
)
from callshop_pos.rating.numbers import NumberPlan
from callshop_pos.services import sessions
from callshop_pos.services.rating_cache import RatingCache, number_plan


@dataclass(frozen=True)
class RouteChoice:
    entry_id: int
    preference: int
    destination_set_id: int
    connection: Connection  # detached copy: only its name and dial target are used


@dataclass(frozen=True)
class ShopConfig:
    plan: NumberPlan
    max_call_seconds: int
    stop_hangs_up: bool
    refuse_past_shop_credit: bool  # the shop's credit checked at each authorization
    groups: dict[int, tuple[str, tuple[RouteChoice, ...]]]  # id -> (policy, usable entries)

    def routes(
        self,
        session: Session,
        cache: RatingCache,
        group_id: int | None,
        number: str,
        at: datetime,
    ) -> list[str]:
        """Dial strings in the group's order: cheapest buy price first, or by preference."""
        if group_id is None or group_id not in self.groups:
            return []
        policy, entries = self.groups[group_id]
        ranked: list[tuple[tuple[object, ...], str]] = []
        for entry in entries:
            price_list = cache.destination_set(session, entry.destination_set_id)
            route = price_list.lookup(number, at) if price_list else None
            if route is None or route.forbidden:
                continue
            if policy == "lowest_cost":
                key: tuple[object, ...] = (
                    route.price_n,
                    route.price_1,
                    entry.preference,
                    entry.entry_id,
                )
            else:
                key = (entry.preference, entry.entry_id)
            ranked.append((key, entry.connection.dial_string(number)))
        ranked.sort(key=lambda item: item[0])
        dials: list[str] = []
        for _, dial in ranked:
            if dial not in dials:
                dials.append(dial)
        return dials


def load_config(session: Session) -> ShopConfig:
    prefs = sessions.preferences(session)
    groups: dict[int, tuple[str, tuple[RouteChoice, ...]]] = {}
    for group in session.scalars(select(RoutingGroup)):
        usable = []
        for entry in group.entries:
            connection = entry.connection
            if not connection.active or not connection.vendor.active:
                continue
            copy = Connection(
                name=connection.name, dial_target=connection.dial_target, host=connection.host
            )
            usable.append(RouteChoice(entry.id, entry.preference, entry.destination_set_id, copy))
        groups[group.id] = (group.policy, tuple(usable))
    return ShopConfig(
        number_plan(prefs),
        prefs.max_call_seconds,
        prefs.stop_hangs_up,
        prefs.refuse_past_shop_credit,
        groups,
    )


class ConfigCache:
    def __init__(self, ttl: float = 3.0) -> None:
        self.ttl = ttl
        self._config: ShopConfig | None = None
        self._loaded = 0.0
        self._lock = threading.Lock()

    def get(self, session: Session) -> ShopConfig:
        with self._lock:
            if self._config is None or time.monotonic() - self._loaded > self.ttl:
                self._config = load_config(session)
                self._loaded = time.monotonic()
            return self._config

    def invalidate(self) -> None:
        with self._lock:
            self._config = None


@dataclass(frozen=True)
class BoothRow:
    account_id: int
    blocked: bool  # out of order, or locked by Stop
    balance: Decimal
    credit_limit: Decimal
    routing_group_id: int | None  # the booth's own, else the callshop customer's
    tariff_id: int
    postpaid_plan: bool
    session_id: int | None  # the open session
    stopping: bool  # its Stop is in progress: no new call

    @property
    def session_open(self) -> bool:
        return self.session_id is not None and not self.stopping


def _booth_select() -> Select[*tuple[Any, ...]]:
    """A booth's state for a decision: the columns :func:`_booth_of` reads, then its login."""
    open_session = aliased(BoothSession)
    return (
        select(
            Account.id,
            Account.blocked | Account.locked,
            Account.balance,
            Account.credit_limit,
            Account.routing_group_id,
            Customer.routing_group_id,
            ServicePlan.tariff_id,
            ServicePlan.billing_type,
            open_session.id,
            open_session.stopping_at,
            Account.voip_login,
        )
        .join(ServicePlan, ServicePlan.id == Account.service_plan_id)
        .outerjoin(Customer, Customer.id == Account.customer_id)
        .outerjoin(
            open_session,
            (open_session.account_id == Account.id) & open_session.stopped_at.is_(None),
        )
    )


# built once: constructing them costs more than running them
_BOOTH = _booth_select().where(Account.voip_login == bindparam("login"))
_BOOTHS = _booth_select().where(Account.voip_login.in_(bindparam("logins", expanding=True)))


def _booth_of(row: Sequence[Any]) -> BoothRow:
    (
        account_id,
        blocked,
        balance,
        credit,
        own_group,
        customer_group,
        tariff_id,
        billing,
        session_id,
        stopping_at,
        _login,
    ) = row
    return BoothRow(
        account_id,
        blocked,
        balance,
        credit,
        own_group or customer_group,
        tariff_id,
        billing == BoothMode.POSTPAID,
        session_id,
        stopping_at is not None,
    )


def booth_row(session: Session, login: str) -> BoothRow | None:
    """A booth's state for a decision, in one query."""
    row = session.execute(_BOOTH, {"login": login}).first()
    return None if row is None else _booth_of(row)


def booth_rows(reader: Session | SqlConnection, logins: Sequence[str]) -> dict[str, BoothRow]:
    """:func:`booth_row` of several booths in one query (a burst of calls); a login with no
    booth is left out."""
    found: dict[str, BoothRow] = {}
    if logins:
        for row in reader.execute(_BOOTHS, {"logins": list(logins)}):
            found.setdefault(row[-1], _booth_of(row))  # the first row wins, as booth_row's
    return found


def _states_statement() -> Select[*tuple[Any, ...]]:
    open_session = aliased(BoothSession)
    return (
        select(
            Account.voip_login,
            Account.revision,
            Account.blocked | Account.locked,
            ServicePlan.billing_type,
            open_session.id,
            open_session.stopping_at,
        )
        .join(ServicePlan, ServicePlan.id == Account.service_plan_id)
        .outerjoin(
            open_session,
            (open_session.account_id == Account.id) & open_session.stopped_at.is_(None),
        )
    )


_STATES = _states_statement()


def booth_states(session: Session) -> dict[str, tuple[int, bool]]:
    """login -> (revision, open) for every booth, in one query. Open: unlocked and started,
    or a postpaid plan taking walk-in customers; a booth whose Stop is in progress is closed."""
    return {
        login: (
            revision,
            not blocked
            and stopping is None
            and (session_id is not None or billing == BoothMode.POSTPAID),
        )
        for login, revision, blocked, billing, session_id, stopping in session.execute(_STATES)
    }
