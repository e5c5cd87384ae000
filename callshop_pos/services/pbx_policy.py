"""The shop's answers to the PBX engine, over the database (implements CallPolicy).

One unit of work per PBX event. Authorization checks the booth's session, the number's rate
and the money left, and returns the routes in the routing group's order with the cap the
balance buys; the PBX enforces the cap by itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from callshop_pos.db.engine import Database
from callshop_pos.db.models import Account, Call
from callshop_pos.pbx.authorizer import AuthRequest
from callshop_pos.pbx.policy import BoothChange, Decision
from callshop_pos.pbx.tracker import CallRecord
from callshop_pos.rating.numbers import NumberError
from callshop_pos.rating.rule import talk_time
from callshop_pos.rating.terms import RateRow, TariffTerms
from callshop_pos.services import authorizations, problems, shop_credit
from callshop_pos.services.billing import (
    account_for_endpoint,
    ensure_walk_in,
    record_call,
    snapshot,
)
from callshop_pos.services.booth_rows import BoothRows
from callshop_pos.services.rating_cache import PriceList, RatingCache
from callshop_pos.services.shop_config import (
    BoothRow,
    ConfigCache,
    ShopConfig,
    booth_row,
    booth_states,
)

log = logging.getLogger(__name__)
ZERO = Decimal(0)


def _at(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


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
        self.config = ConfigCache()
        self.booths = BoothRows()
        self.records = authorizations.GroupWriter(db.engine)
        self.on_billed = on_billed

    def booth_logins(self) -> list[str]:
        with self.db.read() as s:
            return list(s.scalars(select(Account.voip_login).order_by(Account.position)))

    def booth_states(self) -> dict[str, bool]:
        with self.db.read() as s:
            return {login: is_open for login, (_, is_open) in booth_states(s).items()}

    def _rate(
        self, s: Session, booth: BoothRow, config: ShopConfig, number: str, when: datetime
    ) -> tuple[str, PriceList | None, RateRow | None, str | None]:
        """(normalized number, price list, rate, refusal) for the booth's tariff."""
        try:
            normalized = config.plan.normalize(number)
        except NumberError:
            return number, None, None, "bad_number"
        price_list = self.cache.tariff(s, booth.tariff_id)
        rate = price_list.lookup(normalized, when) if price_list else None
        if price_list is None or rate is None:
            return normalized, price_list, None, "no_rate"
        if rate.forbidden:
            return normalized, price_list, rate, "forbidden"
        return normalized, price_list, rate, None

    def _cap(self, terms: TariffTerms, rate: RateRow, booth: BoothRow, limit: int) -> int:
        # The same answer as the price check, the quote and the tiles' talk time.
        return talk_time(terms, rate, booth.balance + booth.credit_limit, limit).seconds or 0

    def authorize(self, login: str, number: str, at: float, uid: str = "") -> Decision:
        """The decision, recorded by the call's Uniqueid with the session it is taken for
        before it is returned: the bill goes to that session, whatever the clocks say.

        The hot path builds no ORM object: the booth's row is held at its revision
        (:class:`BoothRows`), the prices and routes are in memory, and the one write is a
        Core INSERT of the record. Only a walk-in's first call opens its session (ORM, in
        the same transaction as the record)."""
        return self._authorize(login, number, at, uid, walk_in=True)

    def authorize_many(self, requests: Sequence[AuthRequest]) -> list[Decision]:
        """:meth:`authorize` for a burst of calls, the decisions in the requests' order:
        one read of the booths' revisions, one read transaction, one commit of all the
        records; each decision is exactly the one :meth:`authorize` would take. A walk-in
        (it opens a session) and a second call of one booth in the burst are decided one
        by one after the others, so each sees what the one before it did."""
        decisions: list[Decision | None] = [None] * len(requests)
        rows: list[dict[str, object]] = []
        later: list[int] = []
        seen: set[str] = set()
        with self.db.engine.connect() as connection, Session(bind=connection) as s:
            booths = self.booths.get_many(s, (r.login for r in requests), connection)
            for i, request in enumerate(requests):
                if request.login in seen:
                    later.append(i)
                    continue
                seen.add(request.login)
                booth = booths.get(request.login)
                decision = self._for_booth(s, booth, request.number, request.at)
                if decision is None:
                    later.append(i)  # a walk-in
                    continue
                decisions[i] = decision
                if request.uid and booth is not None:
                    rows.append(
                        self._row(
                            request.uid,
                            booth.account_id,
                            booth.session_id,
                            request.number,
                            decision,
                        )
                    )
        if rows:
            self.records.write_all(rows)
        for i in later:
            r = requests[i]
            decisions[i] = self.authorize(r.login, r.number, r.at, r.uid)
        return [d if d is not None else Decision(False, "error") for d in decisions]

    def _for_booth(
        self, s: Session, booth: BoothRow | None, number: str, at: float
    ) -> Decision | None:
        """The decision on a booth's call from its row; None: a free postpaid booth, which
        takes a walk-in (its session is to be opened first)."""
        if booth is None:
            return Decision(False, "unknown_booth")
        if booth.blocked:
            return Decision(False, "blocked")
        if booth.session_open:
            return self._decision(s, booth, number, at)
        if booth.stopping or not booth.postpaid_plan:
            return Decision(False, "closed")
        return None

    def _authorize(self, login: str, number: str, at: float, uid: str, walk_in: bool) -> Decision:
        # A pooled connection for the read; the ORM session on it is only there for the
        # price lists' and the preferences' rare reloads.
        with self.db.engine.connect() as connection, Session(bind=connection) as s:
            booth = self.booths.get(s, login, connection)
            decision = self._for_booth(s, booth, number, at)
        if booth is None:
            return Decision(False, "unknown_booth")
        if decision is None and walk_in:
            return self._walk_in(login, number, at, uid)
        if decision is None:  # a walk-in that could not be opened: still free, so refused
            decision = Decision(False, "closed")
        if uid:  # committed with the other decisions of the moment (one commit for a burst)
            self.records.write(self._row(uid, booth.account_id, booth.session_id, number, decision))
        return decision

    def _row(
        self, uid: str, account_id: int, session_id: int | None, number: str, decision: Decision
    ) -> dict[str, object]:
        return authorizations.values(
            uid,
            account_id,
            session_id if decision.allowed else None,
            number,
            allowed=decision.allowed,
            reason=decision.reason,
            cap_seconds=decision.cap_seconds,
            rate=decision.rate,
            at=datetime.now(UTC),
        )

    def _walk_in(self, login: str, number: str, at: float, uid: str) -> Decision:
        """A free postpaid booth takes a walk-in customer: its session is opened, the call
        decided for it and the decision recorded, in one transaction."""
        try:
            with self.db.session() as s:
                account = account_for_endpoint(s, login)
                if account is None:
                    return Decision(False, "unknown_booth")
                started = ensure_walk_in(s, account)
                booth = booth_row(s, login) if started is not None else None
                session_id = booth.session_id if booth is not None else None
                if booth is None or not booth.session_open:
                    decision = Decision(False, "closed")
                else:
                    decision = self._decision(s, booth, number, at)
                if uid:
                    authorizations.record(
                        s, self._row(uid, account.id, session_id, number, decision)
                    )
        except IntegrityError:
            # Another counter's engine started it a moment ago: the same walk-in, whose
            # session is open now, so the ordinary path decides.
            self.booths.forget(login)
            return self._authorize(login, number, at, uid, walk_in=False)
        self.booths.forget(login)
        return decision

    def _decision(self, s: Session, booth: BoothRow, number: str, at: float) -> Decision:
        config = self.config.get(s)
        when = _at(at)
        normalized, price_list, rate, refused = self._rate(s, booth, config, number, when)
        if refused or price_list is None or rate is None:
            return Decision(False, refused or "no_rate")
        cap = self._cap(price_list.terms, rate, booth, config.max_call_seconds)
        if cap < 1:
            return Decision(False, "no_funds", area_name=rate.area_name)
        routes = config.routes(s, self.cache, booth.routing_group_id, normalized, when)
        if not routes:
            return Decision(False, "no_route", area_name=rate.area_name)
        # the shop's credit costs a query per call only when the owner turned it on
        if config.refuse_past_shop_credit and (
            short := shop_credit.refusal(s, self.cache, booth.account_id, normalized, when, cap)
        ):
            return Decision(False, short, area_name=rate.area_name)
        return Decision(
            True,
            routes=routes,
            cap_seconds=cap,
            rate=snapshot(price_list.terms, rate),
            area_name=rate.area_name,
        )

    def call_answered(self, uid: str, answered_at: float) -> None:
        """The PBX answered the call (``answered_at`` on this PC's clock): what a provisional
        bill at Stop counts from, in any process."""
        with self.db.session() as s:
            authorizations.mark_answered(s, uid, _at(answered_at))

    def live_cap(self, login: str, number: str, answered_at: float, now: float) -> float | None:
        """Seconds (to the millisecond) the answered call may still last from ``now``."""
        with self.db.read() as s:
            booth = self.booths.get(s, login)
            if booth is None:
                return None
            config = self.config.get(s)
            _, price_list, rate, refused = self._rate(s, booth, config, number, _at(answered_at))
            if refused or price_list is None or rate is None:
                return None
            total = self._cap(price_list.terms, rate, booth, config.max_call_seconds)
            return max(0.0, round(total - (now - answered_at), 3))

    def record_call(self, record: CallRecord) -> bool:
        with self.db.session() as s:
            call = record_call(s, self.cache, record)
        if call is not None and self.on_billed is not None:
            self.on_billed(call)
        return call is not None

    def set_aside(self, record: CallRecord, error: str, tries: int) -> None:
        """A record that could not be billed after ``tries``: kept whole for the owner."""
        with self.db.session() as s:
            problems.set_aside(s, record, error, tries)

    def changes_since(self, token: object) -> tuple[object, list[BoothChange]]:
        with self.db.read() as s:
            states = booth_states(s)
            current = {login: revision for login, (revision, _) in states.items()}
            if not isinstance(token, dict):
                return current, []
            changed = [login for login, revision in current.items() if token.get(login) != revision]
            if not changed:
                return current, []
            hang_up = self.config.get(s).stop_hangs_up
            return current, [
                BoothChange(
                    login, states[login][1], hang_up_live_call=not states[login][1] and hang_up
                )
                for login in changed
            ]
