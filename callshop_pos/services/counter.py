"""The counter's actions over the database and the PBX engine (implements CounterBackend).

Thread model: the methods are called from worker threads of the UI (never its GUI thread for
slow work) or from the CLI; PBX events arrive on the engine's threads through the
``EngineListener`` methods below. The live-call table is guarded by a lock; the database is
used one unit of work per action.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callshop_pos.counter import (
    BoardListener,
    BoothMode,
    BoothView,
    CallRow,
    CounterError,
    DayTotals,
    Disposition,
    LiveCallView,
    PbxLink,
    QuoteView,
    SessionSummary,
    StartDefaults,
    StopResult,
)
from callshop_pos.db.engine import Database
from callshop_pos.db.models import Account, BoothSession, Call, ServicePlan, Tariff
from callshop_pos.db.outage import is_outage, outage_as_counter_error
from callshop_pos.pbx.tracker import CallRecord
from callshop_pos.rating.offer import offer
from callshop_pos.rating.rule import talk_time
from callshop_pos.rating.search import Destinations, SearchError
from callshop_pos.rating.search import search as search_rates
from callshop_pos.services import sessions
from callshop_pos.services.billing import rate_number
from callshop_pos.services.counter_actions import (
    CounterActions,
    HangupPort,
    ReceiptDesk,
    local,
)
from callshop_pos.services.rating_cache import RatingCache

log = logging.getLogger(__name__)
ZERO = Decimal(0)


def refusal_code(reason: str | None) -> str | None:
    """The dialplan's refusal (``denied:no_funds``, ``booth-not-open``, ``auth-timeout``) as
    the one code the board and the calls list translate (``no_funds``, ``closed``, ...)."""
    if not reason:
        return None
    kind, _, detail = reason.partition(":")
    if kind == "denied":
        return detail or "denied"
    return {"booth-not-open": "closed", "auth-timeout": "auth_timeout"}.get(kind, kind)


class CounterService:
    def __init__(
        self,
        db: Database,
        *,
        user: str = "cashier",
        cache: RatingCache | None = None,
        receipts: ReceiptDesk | None = None,
        clock: Callable[[], float] = time.time,
        hangup_wait: float = 10.0,  # the bill normally follows the hang-up within a second
    ) -> None:
        self.db = db
        self.user = user
        self.user_id: int | None = None  # the logged-in user (sessions, payments)
        self.cache = cache or RatingCache()
        self.receipts = receipts
        self.clock = clock
        self.actions = CounterActions(db, receipts=receipts, bill_wait=hangup_wait)
        self._lock = threading.Lock()
        self._live: dict[str, LiveCallView] = {}
        self._registered: dict[str, bool] = {}
        self._refused: dict[str, tuple[str, str]] = {}  # login -> (reason, number), last call
        self._listeners: list[BoardListener] = []
        self.pbx_link = PbxLink.DISCONNECTED
        self.pbx_detail = ""
        self.database_ok: bool | None = None  # None: not known yet (no watcher has looked)
        self.database_detail = ""

    @property
    def pbx(self) -> HangupPort | None:
        """This process's PBX engine: Stop asks it to hang up at once."""
        return self.actions.hangup

    @pbx.setter
    def pbx(self, engine: HangupPort | None) -> None:
        self.actions.hangup = engine

    # --- listeners ---------------------------------------------------------------------------

    def add_listener(self, listener: BoardListener) -> None:
        self._listeners.append(listener)

    def _push(self, login: str) -> None:
        if not self._listeners:
            return
        try:
            with self.db.read() as s:
                account = s.scalar(select(Account).where(Account.voip_login == login))
                if account is None:
                    return
                view = self._view(s, account)
        except Exception as exc:  # a listener must never break the engine's thread
            if is_outage(exc):  # the board watcher reports it, once
                log.debug("cannot refresh booth %s: database unreachable", login)
            else:
                log.exception("cannot refresh booth %s", login)
            return
        for listener in self._listeners:
            listener.booth_changed(view)

    def refresh(self, logins: list[str]) -> None:
        """Push these booths' views (the board watcher saw them change), in one read; an
        outage propagates to the watcher, which reports it."""
        if not self._listeners or not logins:
            return
        with self.db.read() as s:
            accounts = s.scalars(select(Account).where(Account.voip_login.in_(logins)))
            views = [self._view(s, account) for account in accounts]
        for view in views:
            for listener in self._listeners:
                listener.booth_changed(view)

    def database_state(self, ok: bool, detail: str) -> None:
        self.database_ok, self.database_detail = ok, detail
        for listener in self._listeners:
            listener.database_state(ok, detail)

    def push_all(self) -> None:
        for view in self.board():
            for listener in self._listeners:
                listener.booth_changed(view)

    # --- EngineListener (called on the PBX engine's threads) ----------------------------------

    def pbx_state(self, state: PbxLink, detail: str) -> None:
        self.pbx_link, self.pbx_detail = state, detail
        for listener in self._listeners:
            listener.pbx_state(state, detail)

    def live_call(self, login: str, call: LiveCallView | None) -> None:
        with self._lock:
            if call is None:
                self._live.pop(login, None)
            else:
                self._live[login] = call
                self._refused.pop(login, None)
        self._push(login)

    def call_recorded(self, login: str, record: CallRecord, is_new: bool) -> None:
        with self._lock:
            self._live.pop(login, None)
            reason = refusal_code(record.refusal_reason)
            if reason is not None:
                self._refused[login] = (reason, record.number)
        self.actions.call_billed()
        if is_new and self.receipts is not None:
            self._call_receipt(record)
        self._push(login)

    def registration(self, login: str, registered: bool) -> None:
        with self._lock:
            self._registered[login] = registered
        self._push(login)

    def log(self, line: str) -> None:
        """The engine's own line: the engine has logged it already."""

    def _call_receipt(self, record: CallRecord) -> None:
        try:
            with self.db.session() as s:
                if not sessions.preferences(s).print_call_receipts:
                    return
                call = s.scalar(select(Call).where(Call.booth_uniqueid == record.booth_uniqueid))
                if call is not None and call.disposition == Disposition.ANSWERED and self.receipts:
                    self.receipts.call_billed(s, call, self.user)
        except Exception:  # printing never loses a bill; the call is already committed
            log.exception("call receipt for %s failed", record.booth_uniqueid)

    # --- CounterBackend ---------------------------------------------------------------------

    def _view(self, s: Session, account: Account) -> BoothView:
        booth = sessions.open_session(s, account.id)
        prefs = sessions.preferences(s)
        with self._lock:
            call = self._live.get(account.voip_login)
            registered = self._registered.get(account.voip_login)
            refused = self._refused.get(account.voip_login)
        tariff = account.service_plan.tariff
        prepaid = ZERO
        total = ZERO
        if booth is not None:
            deposit = sessions.deposit(booth)
            prepaid = deposit[0] + deposit[1]
            total = booth.calls_total + booth.extras_total
        return BoothView(
            account_id=account.id,
            name=account.name,
            position=account.position,
            login=account.voip_login,
            mode=BoothMode(booth.mode) if booth else None,
            session_id=booth.id if booth else None,
            session_total=total,
            prepaid=prepaid,
            credit_limit=account.credit_limit,
            blocked=account.blocked,
            locked=account.locked and booth is None,
            registered=registered,
            call=call,
            currency=tariff.currency or prefs.currency,
            precision=tariff.precision,
            last_refusal=refused[0] if refused else None,
            last_refused_number=refused[1] if refused else "",
        )

    @outage_as_counter_error
    def board(self) -> list[BoothView]:
        with self.db.read() as s:
            accounts = s.scalars(select(Account).order_by(Account.position, Account.id))
            return [self._view(s, a) for a in accounts]

    @outage_as_counter_error
    def booth(self, account_id: int) -> BoothView:
        with self.db.read() as s:
            return self._view(s, CounterActions.account(s, account_id))

    @outage_as_counter_error
    def start_defaults(self) -> StartDefaults:
        with self.db.session() as s:
            prefs = sessions.preferences(s)
            tariff = self._counter_tariff(s)
            return StartDefaults(
                mode=BoothMode(prefs.default_mode),
                prepaid_amount=prefs.default_prepaid_amount,
                credit_limit=prefs.default_credit_limit,
                currency=tariff.currency if tariff else prefs.currency,
                precision=tariff.precision if tariff else 2,
                postpaid_credit_limit=prefs.postpaid_credit_limit,
            )

    def _after(self, account_id: int) -> BoothView:
        view = self.booth(account_id)
        for listener in self._listeners:
            listener.booth_changed(view)
        return view

    def _forget_refusal(self, account_id: int) -> None:
        with self.db.read() as s:
            login = CounterActions.account(s, account_id).voip_login
        with self._lock:
            self._refused.pop(login, None)

    @outage_as_counter_error
    def start(
        self, account_id: int, mode: BoothMode, prepaid: Decimal, credit_limit: Decimal
    ) -> BoothView:
        self.actions.start(account_id, mode, prepaid, credit_limit, user_id=self.user_id)
        self._forget_refusal(account_id)
        return self._after(account_id)

    @outage_as_counter_error
    def topup(self, account_id: int, amount: Decimal) -> BoothView:
        self.actions.topup(account_id, amount, user_id=self.user_id)
        return self._after(account_id)

    @outage_as_counter_error
    def add_extra(
        self, account_id: int, description: str, unit_price: Decimal, quantity: int = 1
    ) -> BoothView:
        self.actions.add_extra(account_id, description, unit_price, quantity, user_id=self.user_id)
        return self._after(account_id)

    @outage_as_counter_error
    def summary(self, account_id: int) -> SessionSummary:
        return self.actions.summary(account_id)

    @outage_as_counter_error
    def stop(self, account_id: int, cash_received: Decimal | None = None) -> StopResult:
        try:
            done = self.actions.stop(
                account_id, cash_received, cashier=self.user, user_id=self.user_id
            )
        except Exception:
            self._after(account_id)  # open again after a refused Stop
            raise
        self._forget_refusal(account_id)
        self._after(account_id)
        return StopResult(
            summary=done.summary,
            cash_received=done.closed.booth.paid or ZERO,
            change=done.closed.totals.change,
            receipt_number=done.receipt_number,
            invoice_pdf=done.invoice_pdf,
        )

    def _counter_tariff(self, s: Session) -> Tariff | None:
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

    @outage_as_counter_error
    def quote(self, number: str, amount: Decimal | None = None) -> QuoteView:
        with self.db.session() as s:
            tariff = self._counter_tariff(s)
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
            tariff = self._counter_tariff(s)
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
            tariff = self._counter_tariff(s)
            price_list = self.cache.tariff(s, tariff.id) if tariff is not None else None
            if tariff is None or price_list is None:
                raise CounterError("no tariff to search: no booth has a service plan")
            try:
                return search_rates(
                    price_list.index, text, datetime.now(UTC), currency=tariff.currency
                )
            except SearchError as exc:
                raise CounterError(str(exc)) from None
