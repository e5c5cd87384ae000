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
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from callshop_pos.counter import (
    BoardListener,
    BoothMode,
    BoothView,
    CallRow,
    CounterError,
    DayTotals,
    ExtraLine,
    LiveCallView,
    PbxLink,
    QuoteView,
    SessionSummary,
    StartDefaults,
    StopResult,
    SummaryLine,
)
from callshop_pos.db.engine import Database
from callshop_pos.db.models import Account, BoothSession, Call, ServicePlan, Tariff
from callshop_pos.pbx.tracker import CallRecord
from callshop_pos.rating.offer import offer
from callshop_pos.rating.rule import talk_time
from callshop_pos.rating.search import Destinations, SearchError
from callshop_pos.rating.search import search as search_rates
from callshop_pos.services import sessions
from callshop_pos.services.billing import rate_number
from callshop_pos.services.rating_cache import RatingCache

log = logging.getLogger(__name__)
ZERO = Decimal(0)


class PbxControl(Protocol):
    def hangup(self, login: str) -> bool:
        """Hang up the booth's live call; False when the PBX shows it none."""
        ...


class ReceiptDesk(Protocol):
    """Makes receipts and print jobs inside the sale's transaction (printing glue)."""

    def session_closed(
        self, session: Session, closed: sessions.Closed, cashier: str
    ) -> int | None: ...

    def call_billed(self, session: Session, call: Call, cashier: str) -> int | None: ...

    def invoice_pdf(self, session: Session, booth: BoothSession, cashier: str) -> bytes: ...


def local(dt: datetime | None) -> datetime | None:
    return dt.astimezone() if dt is not None else None


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
        self.cache = cache or RatingCache()
        self.receipts = receipts
        self.pbx: PbxControl | None = None
        self.clock = clock
        self.hangup_wait = hangup_wait
        self._lock = threading.Lock()
        self._live: dict[str, LiveCallView] = {}
        self._registered: dict[str, bool] = {}
        self._listeners: list[BoardListener] = []
        self.pbx_link = PbxLink.DISCONNECTED
        self.pbx_detail = ""
        self._call_done = threading.Condition(self._lock)
        self._awaiting_bill: set[str] = set()  # booths whose hung-up call is not billed yet

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
        except Exception:  # a listener must never break the engine's thread
            log.exception("cannot refresh booth %s", login)
            return
        for listener in self._listeners:
            listener.booth_changed(view)

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
        self._push(login)

    def call_recorded(self, login: str, record: CallRecord, is_new: bool) -> None:
        with self._lock:
            self._live.pop(login, None)
            self._awaiting_bill.discard(login)
            self._call_done.notify_all()
        if is_new and self.receipts is not None:
            self._call_receipt(record)
        self._push(login)

    def registration(self, login: str, registered: bool) -> None:
        with self._lock:
            self._registered[login] = registered
        self._push(login)

    def log(self, line: str) -> None:
        log.info("%s", line)

    def _call_receipt(self, record: CallRecord) -> None:
        try:
            with self.db.session() as s:
                if not sessions.preferences(s).print_call_receipts:
                    return
                call = s.scalar(select(Call).where(Call.booth_uniqueid == record.booth_uniqueid))
                if call is not None and call.disposition == "answered" and self.receipts:
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
            registered=registered,
            call=call,
            currency=tariff.currency or prefs.currency,
            precision=tariff.precision,
        )

    def board(self) -> list[BoothView]:
        with self.db.read() as s:
            accounts = s.scalars(select(Account).order_by(Account.position, Account.id))
            return [self._view(s, a) for a in accounts]

    def booth(self, account_id: int) -> BoothView:
        with self.db.read() as s:
            return self._view(s, self._account(s, account_id))

    @staticmethod
    def _account(s: Session, account_id: int) -> Account:
        account = s.get(Account, account_id)
        if account is None:
            raise CounterError(f"no booth #{account_id}")
        return account

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

    def start(
        self, account_id: int, mode: BoothMode, prepaid: Decimal, credit_limit: Decimal
    ) -> BoothView:
        with self.db.session() as s:
            sessions.start(s, self._account(s, account_id), mode, prepaid, credit_limit)
        return self._after(account_id)

    def topup(self, account_id: int, amount: Decimal) -> BoothView:
        with self.db.session() as s:
            sessions.topup(s, self._account(s, account_id), amount)
        return self._after(account_id)

    def add_extra(
        self, account_id: int, description: str, unit_price: Decimal, quantity: int = 1
    ) -> BoothView:
        with self.db.session() as s:
            sessions.add_extra(s, self._account(s, account_id), description, unit_price, quantity)
        return self._after(account_id)

    def _summary(self, s: Session, account: Account, booth: BoothSession) -> SessionSummary:
        totals = sessions.bill(s, booth)
        with self._lock:
            in_call = account.voip_login in self._live
        return SessionSummary(
            account_id=account.id,
            booth_name=account.name,
            mode=BoothMode(booth.mode),
            started_at=local(booth.started_at) or booth.started_at,
            calls=[
                SummaryLine(local(c.answered_at or c.started_at) or c.started_at, c.number,
                            c.area_name or "", c.billable_seconds, c.cost)
                for c in booth.calls
                if c.disposition == "answered"
            ],
            extras=[ExtraLine(e.description, e.quantity, e.unit_price, e.amount)
                    for e in booth.extras],
            total=totals.total,
            prepaid=totals.deposit,
            due=max(ZERO, totals.total - totals.deposit),
            refund=totals.refund if sessions.preferences(s).stop_refunds_unused else ZERO,
            currency=account.service_plan.tariff.currency,
            call_in_progress=in_call,
        )

    def summary(self, account_id: int) -> SessionSummary:
        with self.db.read() as s:
            account = self._account(s, account_id)
            return self._summary(s, account, sessions.require_open(s, account))

    def _hang_up_first(self, login: str) -> None:
        """Stop hangs a live call up first and waits for its bill, so it is on the receipt."""
        if self.pbx is None:
            return
        # The engine, not the mirror of live calls kept here for the board, knows whether a
        # call is up right now; the bill may even land before hangup() returns.
        with self._lock:
            self._awaiting_bill.add(login)
        try:
            hung_up = self.pbx.hangup(login)
        except Exception:  # PBX link down: Stop goes on, the call's bill comes after a resync
            log.warning("could not hang up %s before Stop", login, exc_info=True)
            hung_up = False
        if not hung_up:
            with self._lock:
                self._awaiting_bill.discard(login)
            return
        deadline = time.monotonic() + self.hangup_wait
        with self._lock:
            while login in self._awaiting_bill and time.monotonic() < deadline:
                self._call_done.wait(0.1)
            self._awaiting_bill.discard(login)

    def stop(self, account_id: int, cash_received: Decimal | None = None) -> StopResult:
        with self.db.read() as s:
            account = self._account(s, account_id)
            login = account.voip_login
            hang_up = sessions.preferences(s).stop_hangs_up
        if hang_up:
            self._hang_up_first(login)
        receipt_no = None
        invoice = None
        with self.db.session() as s:
            account = self._account(s, account_id)
            booth = sessions.require_open(s, account)
            summary = self._summary(s, account, booth)
            closed = sessions.stop(s, account, cash_received)
            prefs = sessions.preferences(s)
            if self.receipts is not None:
                if prefs.stop_prints_receipt:
                    receipt_no = self.receipts.session_closed(s, closed, self.user)
                if prefs.stop_opens_invoice and booth.mode == BoothMode.POSTPAID.value:
                    invoice = self.receipts.invoice_pdf(s, booth, self.user)
        self._after(account_id)
        return StopResult(
            summary=summary,
            cash_received=closed.booth.paid or ZERO,
            change=closed.totals.change,
            receipt_number=receipt_no,
            invoice_pdf=invoice,
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
            longest, cut = (None, False) if amount is None else talk_time(
                terms, rate, amount, limit)
            # Offer's fields are QuoteView's names for the same terms.
            return replace(view, max_seconds=longest, cut=cut, **asdict(offer(terms, rate)))

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
                )
                for c, name, mode in s.execute(query)
            ]

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
            answered=sum(1 for r in rows if r.disposition == "answered"),
            seconds=sum(r.billable_seconds for r in rows),
            revenue=sum((r.cost for r in rows), ZERO),
            currency=currency,
            by_booth=by_booth,
        )

    def search(self, text: str) -> Destinations:
        """The counter tariff's destinations whose name contains ``text`` (the price check's
        "how much is a call to Cuba?")."""
        with self.db.read() as s:
            tariff = self._counter_tariff(s)
            price_list = self.cache.tariff(s, tariff.id) if tariff is not None else None
            if tariff is None or price_list is None:
                raise CounterError("no tariff to search: no booth has a service plan")
            try:
                return search_rates(price_list.index, text, datetime.now(UTC),
                              currency=tariff.currency)
            except SearchError as exc:
                raise CounterError(str(exc)) from None
