"""The counter's facade (implements CounterBackend): its actions, its board, its questions.

- The actions (Start, top-up, extra item, Stop) are :class:`CounterActions`'; after each,
  the booth it changed is read again (one booth) and told to the board listeners.
- The board is a :class:`BoardState` in memory. The PBX engine's events (``live_call``,
  ``call_recorded``, ``registration``, the ``EngineListener`` methods below) update it
  without touching the database, except that a billed call re-reads its booth; the board
  watcher (``services/board_watch.py``) reports the booths whose revision moved, and only
  those whose revision differs from the one held are read.
- The questions (quote, search, calls list, day totals, Start defaults) are
  :class:`CounterQueries`'.

Thread model: the methods are called from worker threads of the UI (never its GUI thread for
slow work) or from the CLI; PBX events arrive on the engine's threads. The board state has
its own lock; views are told to the listeners under a delivery lock, in the order the state
took them, so a tile never shows an older view after a newer one. The database is used one
unit of work per action, outside both locks.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from callshop_pos.counter import (
    BoardListener,
    BoothMode,
    BoothView,
    CallRow,
    DayTotals,
    Disposition,
    LiveCallView,
    PbxLink,
    QuoteView,
    SessionSummary,
    StartDefaults,
    StopResult,
    refusal_code,
)
from callshop_pos.db.engine import Database
from callshop_pos.db.models import Call
from callshop_pos.db.outage import is_outage, outage_as_counter_error
from callshop_pos.pbx.tracker import CallRecord
from callshop_pos.rating.search import Destinations
from callshop_pos.services import sessions
from callshop_pos.services.board_state import BoardState, Stored, read_booths
from callshop_pos.services.counter_actions import CounterActions, HangupPort, ReceiptDesk
from callshop_pos.services.counter_queries import CounterQueries
from callshop_pos.services.rating_cache import RatingCache

log = logging.getLogger(__name__)
ZERO = Decimal(0)


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
        self.queries = CounterQueries(db, self.cache)
        self.board_state = BoardState()
        self._deliver = threading.RLock()  # a listener may act on the counter (same thread)
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

    def _tell(self, change: Callable[[], list[BoothView]]) -> list[BoothView]:
        """Apply ``change`` to the board state and tell its views, in the state's order."""
        with self._deliver:
            views = change()
            for view in views:
                for listener in self._listeners:
                    listener.booth_changed(view)
        return views

    def _read(self, logins: list[str] | None = None) -> dict[str, Stored]:
        with self.db.read() as s:
            return read_booths(s, logins=logins)

    def refresh(self, revisions: Mapping[str, int]) -> None:
        """The board watcher saw these booths' revisions move: read those not already held at
        that revision, in one read; an outage propagates to the watcher, which reports it."""
        if not self._listeners:
            return
        stale = self.board_state.stale(revisions)
        if stale:
            rows = self._read(stale)
            self._tell(lambda: self.board_state.apply(rows))

    def database_state(self, ok: bool, detail: str) -> None:
        self.database_ok, self.database_detail = ok, detail
        for listener in self._listeners:
            listener.database_state(ok, detail)

    def push_all(self) -> None:
        rows = self._read()
        self._tell(lambda: self.board_state.replace_all(rows))

    # --- EngineListener (called on the PBX engine's threads): memory only ----------------------

    def pbx_state(self, state: PbxLink, detail: str) -> None:
        self.pbx_link, self.pbx_detail = state, detail
        for listener in self._listeners:
            listener.pbx_state(state, detail)

    def live_call(self, login: str, call: LiveCallView | None) -> None:
        self._tell(lambda: _one(self.board_state.live_call(login, call)))

    def call_recorded(self, login: str, record: CallRecord, is_new: bool) -> None:
        reason = refusal_code(record.refusal_reason)
        refusal = (reason, record.number) if reason is not None else None
        ended = self.board_state.call_ended(login, refusal)
        self.actions.call_billed()
        if is_new and self.receipts is not None:
            self._call_receipt(record)
        rows = self._read_billed(login) if ended is not None and self._listeners else {}
        self._tell(lambda: self.board_state.apply(rows) or _one(self.board_state.view(login)))

    def _read_billed(self, login: str) -> dict[str, Stored]:
        """The booth's totals after its call's bill (the bill bumped its revision)."""
        try:
            return self._read([login])
        except Exception as exc:  # a listener must never break the engine's thread
            if is_outage(exc):  # the board watcher reports it, once
                log.debug("cannot refresh booth %s: database unreachable", login)
            else:
                log.exception("cannot refresh booth %s", login)
            return {}

    def registration(self, login: str, registered: bool) -> None:
        self._tell(lambda: _one(self.board_state.registration(login, registered)))

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

    # --- CounterBackend: the board ------------------------------------------------------------

    @outage_as_counter_error
    def board(self) -> list[BoothView]:
        """Every booth, read at once (the board's start, or a reload after the set-up)."""
        rows = self._read()
        return self.board_state.replace_all(rows)

    @outage_as_counter_error
    def booth(self, account_id: int) -> BoothView:
        """One booth, read again (the tile's own refresh after an action)."""
        return self._after(account_id)

    def _after(self, account_id: int, *, forget_refusal: bool = False) -> BoothView:
        """Read the booth an action changed and tell it (a CounterError when there is none)."""
        with self.db.read() as s:
            rows = read_booths(s, account_id=account_id)
            if not rows:
                CounterActions.account(s, account_id)  # raises: no such booth
        (login,) = rows

        def change() -> list[BoothView]:
            self.board_state.apply(rows)  # or a newer read of it is held already
            if forget_refusal:
                self.board_state.forget_refusal(login)
            return _one(self.board_state.view(login))

        (view,) = self._tell(change)
        return view

    @outage_as_counter_error
    def start(
        self,
        account_id: int,
        mode: BoothMode,
        prepaid: Decimal,
        credit_limit: Decimal,
        *,
        owner_approved: bool = False,
    ) -> BoothView:
        self.actions.start(
            account_id,
            mode,
            prepaid,
            credit_limit,
            user_id=self.user_id,
            owner_approved=owner_approved,
        )
        return self._after(account_id, forget_refusal=True)

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
        self._after(account_id, forget_refusal=True)
        return StopResult(
            summary=done.summary,
            cash_received=done.closed.booth.paid or ZERO,
            change=done.closed.totals.change,
            receipt_number=done.receipt_number,
            invoice_pdf=done.invoice_pdf,
        )

    # --- CounterQueryPort: CounterQueries' --------------------------------------------------

    def start_defaults(self) -> StartDefaults:
        return self.queries.start_defaults()

    def quote(self, number: str, amount: Decimal | None = None) -> QuoteView:
        return self.queries.quote(number, amount)

    def search(self, text: str) -> Destinations:
        return self.queries.search(text)

    def calls_on(self, day: date, account_id: int | None = None) -> list[CallRow]:
        return self.queries.calls_on(day, account_id)

    def day_totals(self, day: date) -> DayTotals:
        return self.queries.day_totals(day)


def _one(view: BoothView | None) -> list[BoothView]:
    return [view] if view is not None else []
