"""DEVELOPMENT FAKE: an in-memory CounterBackend with 8 booths and random calls.

Only for ``python -m ui.app`` without a real backend (and for trying the UI). It is not the
core's CounterService: no database, no PBX, nothing is kept. Calls are priced with the same
rating rule as the real thing (through ``callshop_pos.board``).
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from callshop_pos.board import live_cost, rate_row_of, terms_of
from callshop_pos.counter import (
    BoardListener,
    BoothMode,
    BoothView,
    CallPhase,
    CallRow,
    CounterError,
    DayTotals,
    ExtraLine,
    LiveCallView,
    PbxLink,
    QuoteView,
    RateSnapshot,
    SessionSummary,
    StartDefaults,
    StopResult,
    SummaryLine,
)
from callshop_pos.rating.rule import max_seconds

CURRENCY = "EUR"


def _rate(prefix: str, area: str, price: str) -> RateSnapshot:
    return RateSnapshot(
        prefix=prefix,
        area_name=area,
        price_1=Decimal(price),
        price_n=Decimal(price),
        interval_1=60,
        interval_n=30,
        grace_enabled=True,
        connect_fee=Decimal(0),
        free_seconds=0,
        grace_period=3,
        post_call_surcharge=Decimal(0),
        precision=2,
        round_up=False,
    )


RATES = [
    _rate("44", "United Kingdom", "0.10"),
    _rate("447", "United Kingdom mobile", "0.18"),
    _rate("49", "Germany", "0.08"),
    _rate("7", "Russia", "0.15"),
    _rate("7495", "Russia Moscow", "0.09"),
    _rate("380", "Ukraine", "0.20"),
    _rate("1", "USA and Canada", "0.05"),
    _rate("90", "Turkey", "0.12"),
    _rate("234", "Nigeria", "0.35"),
    _rate("91", "India", "0.09"),
    _rate("63", "Philippines", "0.22"),
]
NUMBERS = [
    "442079460000",
    "4915112345678",
    "74951234567",
    "380441234567",
    "12125551234",
    "902121234567",
    "2348031234567",
    "919812345678",
    "639171234567",
    "447700900123",
]


def find_rate(number: str) -> RateSnapshot | None:
    digits = number.lstrip("+")
    if digits.startswith("00"):
        digits = digits[2:]
    best = None
    for rate in RATES:
        if digits.startswith(rate.prefix) and (best is None or len(rate.prefix) > len(best.prefix)):
            best = rate
    return best


class DevCounterBackend:
    """Development fake implementing CounterBackend; ``attach`` starts the call generator."""

    def __init__(self, booths: int = 8, *, calls: bool = True, seed: int | None = None) -> None:
        self._lock = threading.RLock()
        self._random = random.Random(seed)
        self._views = {
            i: BoothView(
                account_id=i,
                name=f"Booth {i}",
                position=i,
                login=f"booth{i}",
                mode=None,
                registered=True,
                currency=CURRENCY,
            )
            for i in range(1, booths + 1)
        }
        self._started: dict[int, datetime] = {}
        self._calls: dict[int, list[SummaryLine]] = {}
        self._extras: dict[int, list[ExtraLine]] = {}
        self._cdrs: list[CallRow] = []
        self._receipt = 1000
        self._listener: BoardListener | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._calls_enabled = calls

    # -- the fake PBX -----------------------------------------------------------------------

    def attach(self, listener: BoardListener) -> None:
        self._listener = listener
        listener.pbx_state(PbxLink.CONNECTED, "development fake")
        listener.printer_state("Printer: ready (fake)", 0)
        if self._calls_enabled:
            self._thread = threading.Thread(target=self._run, name="dev-calls", daemon=True)
            self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)

    def _push(self, view: BoothView) -> None:
        if self._listener is not None:
            self._listener.booth_changed(view)

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            now = time.time()
            with self._lock:
                changed = [v for v in (self._step(v, now) for v in self._views.values()) if v]
            for view in changed:
                self._push(view)

    def _step(self, view: BoothView, now: float) -> BoothView | None:
        rnd = self._random
        call = view.call
        if view.mode is None:
            return None
        if call is None:
            if rnd.random() < 0.08:
                number = rnd.choice(NUMBERS)
                new = LiveCallView(number, CallPhase.RINGING, now, None, find_rate(number), None)
                return self._set(replace(view, call=new))
            return None
        if call.answered_at is None:
            if now - call.started_at > rnd.uniform(2, 7):
                return self._set(
                    replace(view, call=replace(call, phase=CallPhase.ANSWERED, answered_at=now))
                )
            return None
        if rnd.random() < 0.02 or (
            view.mode is BoothMode.PREPAID and live_cost(view, now) >= view.balance
        ):
            return self._hang_up(view, now)
        return None

    def _hang_up(self, view: BoothView, now: float) -> BoothView:
        call = view.call
        assert call is not None
        cost = live_cost(view, now)
        seconds = max(0, int(now - (call.answered_at or now)))
        rate = call.rate
        started = datetime.fromtimestamp(call.started_at)
        self._calls[view.account_id].append(
            SummaryLine(started, call.number, rate.area_name if rate else "", seconds, cost)
        )
        self._cdrs.append(
            CallRow(
                len(self._cdrs) + 1,
                view.name,
                call.number,
                rate.prefix if rate else None,
                rate.area_name if rate else None,
                started,
                datetime.fromtimestamp(call.answered_at) if call.answered_at else None,
                seconds,
                "ANSWERED",
                cost,
            )
        )
        return self._set(replace(view, call=None, session_total=view.session_total + cost))

    def _set(self, view: BoothView) -> BoothView:
        self._views[view.account_id] = view
        return view

    # -- CounterBackend -------------------------------------------------------------------

    def board(self) -> list[BoothView]:
        with self._lock:
            return list(self._views.values())

    def booth(self, account_id: int) -> BoothView:
        with self._lock:
            if account_id not in self._views:
                raise CounterError(f"No booth {account_id}")
            return self._views[account_id]

    def start_defaults(self) -> StartDefaults:
        return StartDefaults(
            BoothMode.PREPAID, Decimal("10.00"), Decimal(0), CURRENCY, 2, Decimal("50.00")
        )

    def start(
        self, account_id: int, mode: BoothMode, prepaid: Decimal, credit_limit: Decimal
    ) -> BoothView:
        with self._lock:
            view = self.booth(account_id)
            if view.mode is not None:
                raise CounterError(f"{view.name} is already started")
            self._started[account_id] = datetime.now()
            self._calls[account_id] = []
            self._extras[account_id] = []
            view = self._set(
                replace(
                    view,
                    mode=mode,
                    session_id=account_id,
                    prepaid=prepaid,
                    credit_limit=credit_limit,
                    session_total=Decimal(0),
                )
            )
        self._push(view)
        return view

    def summary(self, account_id: int) -> SessionSummary:
        with self._lock:
            view = self.booth(account_id)
            if view.mode is None:
                raise CounterError(f"{view.name} is not started")
            total = view.session_total
            prepaid = view.prepaid
            return SessionSummary(
                account_id,
                view.name,
                view.mode,
                self._started[account_id],
                list(self._calls[account_id]),
                list(self._extras[account_id]),
                total,
                prepaid,
                due=max(Decimal(0), total - prepaid),
                refund=max(Decimal(0), prepaid - total),
                currency=view.currency,
                call_in_progress=view.call is not None,
            )

    def stop(self, account_id: int, cash_received: Decimal | None = None) -> StopResult:
        time.sleep(0.3)  # pretend to print, so the busy state can be seen
        with self._lock:
            view = self.booth(account_id)
            if view.call is not None:
                view = self._hang_up(view, time.time())
            summary = self.summary(account_id)
            cash = cash_received if cash_received is not None else summary.due
            self._receipt += 1
            view = self._set(
                replace(
                    view,
                    mode=None,
                    session_id=None,
                    prepaid=Decimal(0),
                    credit_limit=Decimal(0),
                    session_total=Decimal(0),
                    call=None,
                )
            )
        self._push(view)
        pdf = _invoice_pdf(summary) if summary.mode is BoothMode.POSTPAID else None
        return StopResult(summary, cash, cash - summary.due, self._receipt, pdf)

    def topup(self, account_id: int, amount: Decimal) -> BoothView:
        with self._lock:
            view = self.booth(account_id)
            if view.mode is not BoothMode.PREPAID:
                raise CounterError(f"{view.name} is not a running prepaid booth")
            view = self._set(replace(view, prepaid=view.prepaid + amount))
        self._push(view)
        return view

    def add_extra(
        self, account_id: int, description: str, unit_price: Decimal, quantity: int = 1
    ) -> BoothView:
        with self._lock:
            view = self.booth(account_id)
            if view.mode is None:
                raise CounterError(f"{view.name} is not started")
            amount = unit_price * quantity
            self._extras[account_id].append(ExtraLine(description, quantity, unit_price, amount))
            view = self._set(replace(view, session_total=view.session_total + amount))
        self._push(view)
        return view

    def quote(self, number: str, amount: Decimal | None = None) -> QuoteView:
        time.sleep(0.05)
        rate = find_rate(number)
        normalized = number.lstrip("+")
        if rate is None:
            return QuoteView(number, normalized, None, None, None, None, "no_rate", amount)
        seconds = None
        if amount is not None:
            seconds = max_seconds(terms_of(rate, CURRENCY), rate_row_of(rate), amount)
        return QuoteView(
            number,
            normalized,
            rate.prefix,
            rate.area_name,
            rate.price_1,
            rate.price_n,
            None,
            amount,
            seconds,
            CURRENCY,
        )

    def calls_on(self, day: date, account_id: int | None = None) -> list[CallRow]:
        with self._lock:
            name = self._views[account_id].name if account_id in self._views else None
            return [
                c
                for c in self._cdrs
                if c.started_at.date() == day and (account_id is None or c.booth_name == name)
            ]

    def day_totals(self, day: date) -> DayTotals:
        rows = self.calls_on(day)
        by_booth: dict[str, Decimal] = {}
        for row in rows:
            by_booth[row.booth_name] = by_booth.get(row.booth_name, Decimal(0)) + row.cost
        return DayTotals(
            day,
            len(rows),
            sum(1 for r in rows if r.answered_at),
            sum(r.billable_seconds for r in rows),
            sum((r.cost for r in rows), Decimal(0)),
            CURRENCY,
            by_booth,
        )


def _invoice_pdf(summary: SessionSummary) -> bytes:
    from io import BytesIO

    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 800, f"DEVELOPMENT INVOICE - {summary.booth_name}")
    pdf.drawString(72, 780, f"Total: {summary.total} {summary.currency}")
    pdf.save()
    return buffer.getvalue()
