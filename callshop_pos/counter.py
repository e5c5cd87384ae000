"""What the counter (the UI, or any front end) sees and asks of the core.

Plain dataclasses and Protocols: no Qt, no SQLAlchemy. The core's :class:`CounterService`
(``callshop_pos.services.counter``) implements :class:`CounterBackend`: the counter's actions
and board, and the questions of :class:`CounterQueryPort` (``services/counter_queries.py``
answers those). The UI's view-models consume it, and tests may use any object with the same
methods.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from callshop_pos.errors import CallshopError
from callshop_pos.rating.search import Destinations
from printing.printer_state import PrinterViews


class BoothMode(StrEnum):
    PREPAID = "prepaid"
    POSTPAID = "postpaid"


class CallPhase(StrEnum):
    """A booth call as it goes: dialing -> ringing -> answered -> ended."""

    DIALING = "dialing"
    RINGING = "ringing"
    ANSWERED = "answered"
    ENDED = "ended"


class Disposition(StrEnum):
    """How a finished call ended (stored as its value in ``calls.disposition``)."""

    ANSWERED = "answered"
    BUSY = "busy"
    NO_ANSWER = "no_answer"
    CONGESTION = "congestion"
    CANCELLED = "cancelled"
    FAILED = "failed"
    REFUSED = "refused"


class PbxLink(StrEnum):
    """The AMI link to the PBX: the client's state, the status bar's and the tiles'."""

    CONNECTING = "connecting"
    CONNECTED = "connected"
    AUTH_FAILED = "auth_failed"
    UNREACHABLE = "unreachable"
    DISCONNECTED = "disconnected"


@dataclass(frozen=True)
class RateSnapshot:
    """The sell rate a live call is metered with (copied from the tariff at authorization)."""

    prefix: str
    area_name: str
    price_1: Decimal  # per minute
    price_n: Decimal  # per minute
    interval_1: int
    interval_n: int
    grace_enabled: bool
    # tariff terms that the rule needs
    connect_fee: Decimal
    free_seconds: int
    grace_period: int
    post_call_surcharge: Decimal
    precision: int
    round_up: bool


@dataclass(frozen=True)
class LiveCallView:
    """A booth's call in progress. ``answered_at`` is the PBX's answer time (epoch seconds)."""

    number: str
    phase: CallPhase
    started_at: float
    answered_at: float | None
    rate: RateSnapshot | None  # None while not yet authorized / unknown destination
    cap_seconds: int | None  # the cap the PBX enforces, counted from the answer


@dataclass(frozen=True)
class BoothView:
    """Everything one booth tile shows, except what ticks (see ``callshop_pos.board``)."""

    account_id: int
    name: str
    position: int  # 1-based order on the board; keys 1-9 / F-keys follow it
    login: str  # the VoIP login (the PBX endpoint)
    mode: BoothMode | None  # None: the booth is free (no session)
    session_id: int | None = None
    session_total: Decimal = Decimal(0)  # billed calls + extras of the running session
    prepaid: Decimal = Decimal(0)  # prepayment + top-ups of the running session
    credit_limit: Decimal = Decimal(0)
    blocked: bool = False  # out of order (set by the owner): cannot be started
    locked: bool = False  # locked by Stop until the next Start (no walk-in calls)
    registered: bool | None = None  # phone registered on the PBX; None = unknown
    call: LiveCallView | None = None
    currency: str = "EUR"
    precision: int = 2
    # The last call refused on this booth and why ("no_funds", "forbidden", "no_rate", ...),
    # so the tile can say it; cleared by the next call or Start/Stop.
    last_refusal: str | None = None
    last_refused_number: str = ""

    @property
    def balance(self) -> Decimal:
        """Money left before the current call (prepaid booths)."""
        return self.prepaid - self.session_total


@dataclass(frozen=True)
class StartDefaults:
    """The callshop preferences that prefill the Start dialog."""

    mode: BoothMode
    prepaid_amount: Decimal
    credit_limit: Decimal
    currency: str
    precision: int
    postpaid_credit_limit: Decimal


@dataclass(frozen=True)
class SummaryLine:
    started_at: datetime  # local time for display
    number: str
    area_name: str
    seconds: int
    amount: Decimal
    # A call still running (or whose bill has not come yet), priced by the live meter from its
    # answer time and rate; Asterisk's own record settles any difference as an adjustment.
    provisional: bool = False


@dataclass(frozen=True)
class ExtraLine:
    description: str
    quantity: int
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class SessionSummary:
    """What the Stop dialog shows before the cashier confirms."""

    account_id: int
    booth_name: str
    mode: BoothMode
    started_at: datetime
    calls: Sequence[SummaryLine]
    extras: Sequence[ExtraLine]
    total: Decimal  # what the customer owes for the session (after tax and cash rounding)
    prepaid: Decimal  # prepayment + top-ups already taken
    due: Decimal  # still to pay (postpaid or over-spent prepaid), else 0
    refund: Decimal  # unused prepayment given back, else 0
    currency: str
    call_in_progress: bool = False


@dataclass(frozen=True)
class StopResult:
    summary: SessionSummary
    cash_received: Decimal
    change: Decimal
    receipt_number: int | None
    invoice_pdf: bytes | None = None  # postpaid invoice when the preferences ask for one


@dataclass(frozen=True)
class QuoteView:
    number: str
    normalized: str
    prefix: str | None
    area_name: str | None
    price_1: Decimal | None
    price_n: Decimal | None
    refused: str | None  # None, "no_rate" or "forbidden"
    amount: Decimal | None = None
    max_seconds: int | None = None  # what ``amount`` buys; None = unbounded or no amount
    currency: str = "EUR"
    # Every term the call is charged for (rating.offer), and the talk time the engine will
    # really allow for ``amount`` (rule.talk_time): ``max_seconds`` is cut at the shop's
    # longest call, and ``cut`` says so.
    connect_fee: Decimal = Decimal(0)
    interval_1: int | None = None  # seconds charged whole at the start
    interval_n: int | None = None  # then charged in steps of this many seconds
    free_seconds: int = 0
    grace_seconds: int = 0  # a call this short is free; 0: no grace on this rate
    surcharge: Decimal = Decimal(0)  # a fraction: 0.18 is +18 %
    minute_cost: Decimal | None = None  # an answered 60 s call, everything included
    max_call_seconds: int | None = None  # the shop's longest call
    cut: bool = False  # ``max_seconds`` is the shop's longest call: the amount buys more


@dataclass(frozen=True)
class CallRow:
    """One billed (or refused/unanswered) call in the calls list."""

    call_id: int
    booth_name: str
    number: str
    prefix: str | None
    area_name: str | None
    started_at: datetime
    answered_at: datetime | None
    billable_seconds: int
    disposition: str
    cost: Decimal
    # The booth session the call was billed to, so the calls list can print its report or
    # invoice again; None for calls outside a session (refused on a free booth).
    session_id: int | None = None
    session_mode: BoothMode | None = None
    refusal_reason: str | None = None  # why a refused call was refused ("no_funds", ...)


@dataclass(frozen=True)
class DayTotals:
    day: date
    calls: int
    answered: int
    seconds: int
    revenue: Decimal
    currency: str
    by_booth: dict[str, Decimal] = field(default_factory=dict)


def refusal_code(reason: str | None) -> str | None:
    """The dialplan's refusal (``denied:no_funds``, ``booth-not-open``, ``auth-timeout``) as
    the one code the board and the calls list translate (``no_funds``, ``closed``, ...)."""
    if not reason:
        return None
    kind, _, detail = reason.partition(":")
    if kind == "denied":
        return detail or "denied"
    return {"booth-not-open": "closed", "auth-timeout": "auth_timeout"}.get(kind, kind)


class CounterError(CallshopError):
    """A user action that cannot be done, with a message for the cashier."""


class CounterQueryPort(Protocol):
    """The counter's questions, which change nothing: the Start dialog's defaults, the price
    check, the calls list and the day's totals. Errors raise CounterError."""

    def start_defaults(self) -> StartDefaults: ...

    def quote(self, number: str, amount: Decimal | None = None) -> QuoteView: ...

    def search(self, text: str) -> Destinations: ...

    def calls_on(self, day: date, account_id: int | None = None) -> list[CallRow]: ...

    def day_totals(self, day: date) -> DayTotals: ...


class CounterBackend(CounterQueryPort, Protocol):
    """The board and the actions of the counter, and its questions. Each call is one unit of
    work; errors raise CounterError."""

    def board(self) -> list[BoothView]: ...

    def booth(self, account_id: int) -> BoothView: ...

    def start(
        self,
        account_id: int,
        mode: BoothMode,
        prepaid: Decimal,
        credit_limit: Decimal,
        *,
        owner_approved: bool = False,  # an owner's PIN typed for a credit above the preference
    ) -> BoothView: ...

    def summary(self, account_id: int) -> SessionSummary: ...

    def stop(self, account_id: int, cash_received: Decimal | None = None) -> StopResult: ...

    def topup(self, account_id: int, amount: Decimal) -> BoothView: ...

    def add_extra(
        self, account_id: int, description: str, unit_price: Decimal, quantity: int = 1
    ) -> BoothView: ...


class BoardListener(Protocol):
    """Pushed by the engine, from its own threads: the UI bridges these to Qt signals."""

    def booth_changed(self, view: BoothView) -> None: ...

    def pbx_state(self, state: PbxLink, detail: str) -> None: ...

    def printer_state(self, printers: PrinterViews, waiting: int) -> None:
        """Each printer's state (``printing.printer_state``) and the receipts not printed."""
        ...

    def database_state(self, ok: bool, detail: str) -> None:
        """The database link: lost (``ok`` False, the driver's reason) or back."""
        ...
