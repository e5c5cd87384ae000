"""A small CounterBackend for the UI tests: records what the UI asked, answers from memory."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from callshop_pos.counter import (
    BoothMode,
    BoothView,
    CallPhase,
    CallRow,
    CounterError,
    DayTotals,
    ExtraLine,
    LiveCallView,
    QuoteView,
    RateSnapshot,
    SessionSummary,
    StartDefaults,
    StopResult,
    SummaryLine,
)
from callshop_pos.rating.search import Destination, Destinations

T0 = 1_700_000_000.0


class FakeClock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def rate(price: str = "0.60", area: str = "Germany", prefix: str = "49") -> RateSnapshot:
    return RateSnapshot(
        prefix=prefix,
        area_name=area,
        price_1=Decimal(price),
        price_n=Decimal(price),
        interval_1=60,
        interval_n=60,
        grace_enabled=False,
        connect_fee=Decimal(0),
        free_seconds=0,
        grace_period=0,
        post_call_surcharge=Decimal(0),
        precision=2,
        round_up=False,
    )


def in_call(view: BoothView, answered_at: float, price: str = "0.60") -> BoothView:
    call = LiveCallView(
        "4930123456", CallPhase.ANSWERED, answered_at - 5, answered_at, rate(price), None
    )
    return replace(view, call=call)


def ringing(view: BoothView, started_at: float) -> BoothView:
    call = LiveCallView("4930123456", CallPhase.RINGING, started_at, None, rate(), None)
    return replace(view, call=call)


def booth(i: int, **kw: object) -> BoothView:
    return BoothView(
        account_id=100 + i,
        name=f"Booth {i}",
        position=i,
        login=f"b{i}",
        mode=None,
        registered=True,
        **kw,
    )  # type: ignore[arg-type]


SUMMARY_CALLS = [
    SummaryLine(datetime(2024, 5, 1, 10, 0, 5), "4930123456", "Germany", 125, Decimal("1.80")),
    SummaryLine(
        datetime(2024, 5, 1, 10, 9, 0), "442071234567", "United Kingdom", 61, Decimal("1.20")
    ),
]


class TestBackend:
    __test__ = False  # not a pytest class

    def __init__(self, booths: int = 8) -> None:
        self.views = {100 + i: booth(i) for i in range(1, booths + 1)}
        self.log: list[tuple[object, ...]] = []
        self.owner_approved: list[int] = []  # Starts given an owner's PIN
        self.fail_next: str | None = None
        self.invoice: bytes | None = None
        self.rows: list[CallRow] = [
            CallRow(
                1,
                "Booth 1",
                "4930123456",
                "49",
                "Germany",
                datetime(2024, 5, 1, 10, 0),
                datetime(2024, 5, 1, 10, 0, 5),
                125,
                "ANSWERED",
                Decimal("1.80"),
            ),
            CallRow(
                2,
                "Booth 2",
                "442071234567",
                "44",
                "United Kingdom",
                datetime(2024, 5, 1, 11, 0),
                None,
                0,
                "NO ANSWER",
                Decimal(0),
            ),
        ]

    def _maybe_fail(self, action: str) -> None:
        if self.fail_next == action:
            self.fail_next = None
            raise CounterError(f"{action} refused by the test backend")

    def board(self) -> list[BoothView]:
        return list(self.views.values())

    def booth(self, account_id: int) -> BoothView:
        return self.views[account_id]

    def start_defaults(self) -> StartDefaults:
        return StartDefaults(
            BoothMode.PREPAID, Decimal("10.00"), Decimal("0.00"), "EUR", 2, Decimal("50.00")
        )

    def start(
        self,
        account_id: int,
        mode: BoothMode,
        prepaid: Decimal,
        credit_limit: Decimal,
        *,
        owner_approved: bool = False,
    ) -> BoothView:
        self.log.append(("start", account_id, mode, prepaid, credit_limit))
        if owner_approved:
            self.owner_approved.append(account_id)
        self._maybe_fail("start")
        view = replace(
            self.views[account_id],
            mode=mode,
            prepaid=prepaid,
            credit_limit=credit_limit,
            session_id=1,
        )
        self.views[account_id] = view
        return view

    def summary(self, account_id: int) -> SessionSummary:
        view = self.views[account_id]
        total = Decimal("3.50")
        prepaid = view.prepaid
        return SessionSummary(
            account_id,
            view.name,
            view.mode or BoothMode.POSTPAID,
            datetime(2024, 5, 1, 10, 0),
            SUMMARY_CALLS,
            [ExtraLine("Water", 1, Decimal("0.50"), Decimal("0.50"))],
            total,
            prepaid,
            due=max(Decimal(0), total - prepaid),
            refund=max(Decimal(0), prepaid - total),
            currency="EUR",
            call_in_progress=view.call is not None,
        )

    def stop(self, account_id: int, cash_received: Decimal | None = None) -> StopResult:
        self.log.append(("stop", account_id, cash_received))
        self._maybe_fail("stop")
        summary = self.summary(account_id)
        self.views[account_id] = replace(
            self.views[account_id], mode=None, prepaid=Decimal(0), call=None, session_id=None
        )
        cash = cash_received if cash_received is not None else summary.due
        return StopResult(summary, cash, cash - summary.due, 42, self.invoice)

    def topup(self, account_id: int, amount: Decimal) -> BoothView:
        self.log.append(("topup", account_id, amount))
        view = replace(self.views[account_id], prepaid=self.views[account_id].prepaid + amount)
        self.views[account_id] = view
        return view

    def add_extra(
        self, account_id: int, description: str, unit_price: Decimal, quantity: int = 1
    ) -> BoothView:
        self.log.append(("extra", account_id, description, unit_price, quantity))
        view = self.views[account_id]
        view = replace(view, session_total=view.session_total + unit_price * quantity)
        self.views[account_id] = view
        return view

    def quote(self, number: str, amount: Decimal | None = None) -> QuoteView:
        self.log.append(("quote", number, amount))
        if number.startswith("49"):
            return QuoteView(
                number,
                number,
                "49",
                "Germany",
                Decimal("0.60"),
                Decimal("0.60"),
                None,
                amount,
                600 if amount is not None else None,
                "EUR",
            )
        return QuoteView(number, number, None, None, None, None, "no_rate", amount)

    def search(self, text: str) -> Destinations:
        self.log.append(("search", text))
        known = (Destination("Germany", "49", Decimal("0.60"), Decimal("0.60"), False),)
        matches = tuple(d for d in known if text.casefold() in d.area_name.casefold())
        return Destinations(text, matches, len(matches), "EUR")

    def calls_on(self, day: date, account_id: int | None = None) -> list[CallRow]:
        self.log.append(("calls_on", day, account_id))
        if account_id is None:
            return list(self.rows)
        name = self.views[account_id].name
        return [r for r in self.rows if r.booth_name == name]

    def day_totals(self, day: date) -> DayTotals:
        return DayTotals(day, 2, 1, 125, Decimal("1.80"), "EUR", {"Booth 1": Decimal("1.80")})
