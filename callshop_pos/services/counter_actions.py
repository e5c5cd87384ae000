"""The counter's use cases: Start, top-up, extra item and Stop, the same for every front end.

The GUI (through :class:`~callshop_pos.services.counter.CounterService`) and the CLI call
these, so a Stop follows one rule wherever it is made:

1. the session is marked *stopping* (the booth takes no new call; the engine of this or any
   other process sees the change and hangs the live call up), and this process's engine, if
   any, is asked to hang up at once;
2. Asterisk's bill of every call the session authorized is awaited for a while;
3. a call whose bill has not come by then (PBX link down, engine dead, a slow PBX) is billed
   *provisionally* from what is known — its answer time and its rate, the live meter's own
   number — and when Asterisk's record arrives the difference is settled as a visible
   adjustment (:func:`callshop_pos.services.billing.settle`);
4. then the session is closed with its bill, payment, change or refund, receipt, print job and
   audit row, all in one transaction.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from callshop_pos.counter import (
    BoothMode,
    CounterError,
    Disposition,
    ExtraLine,
    SessionSummary,
    SummaryLine,
)
from callshop_pos.db.engine import Database
from callshop_pos.db.models import Account, BoothSession, Call, CallAuthorization
from callshop_pos.db.outage import outage_as_counter_error
from callshop_pos.services import authorizations, sessions, shift_stamp
from callshop_pos.services.billing import METER, book_metered, charge

log = logging.getLogger(__name__)
ZERO = Decimal(0)


class HangupPort(Protocol):
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


@dataclass(frozen=True)
class Stopped:
    """What a Stop did: the bill as closed, and what the customer was given."""

    summary: SessionSummary
    closed: sessions.Closed
    receipt_number: int | None
    invoice_pdf: bytes | None
    provisional: int  # calls billed from the live meter (their bill had not come)


def local(dt: datetime | None) -> datetime | None:
    return dt.astimezone() if dt is not None else None


def _live_line(auth: CallAuthorization, currency: str, now: datetime) -> SummaryLine | None:
    """A call still owed: priced like the live meter, from its answer to ``now``."""
    meter = authorizations.metered(auth, currency, now)
    if meter is None or auth.answered_at is None:
        return None
    return SummaryLine(
        local(auth.answered_at) or auth.answered_at,
        auth.number,
        meter.rate.area_name,
        meter.seconds,
        meter.cost,
        provisional=True,
    )


class CounterActions:
    def __init__(
        self,
        db: Database,
        *,
        receipts: ReceiptDesk | None = None,
        hangup: HangupPort | None = None,
        bill_wait: float = 10.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.db = db
        self.receipts = receipts
        self.hangup = hangup  # this process's PBX engine, when it has one
        self.bill_wait = bill_wait  # the bill normally follows the hang-up within a second
        self.clock = clock
        self._billed = threading.Condition()

    # --- what the engine of this process tells us -------------------------------------------

    def call_billed(self) -> None:
        """A call was billed (or settled): a Stop waiting for it looks again at once."""
        with self._billed:
            self._billed.notify_all()

    # --- the use cases ------------------------------------------------------------------------

    @staticmethod
    def account(s: Session, account_id: int) -> Account:
        account = s.get(Account, account_id)
        if account is None:
            raise CounterError(f"no booth #{account_id}")
        return account

    @outage_as_counter_error
    def start(
        self,
        account_id: int,
        mode: BoothMode,
        prepaid: Decimal,
        credit_limit: Decimal,
        *,
        user_id: int | None = None,
        owner_approved: bool = False,
    ) -> int:
        try:
            with self.db.session() as s:
                account = self.account(s, account_id)
                name = account.name
                booth = sessions.start(
                    s,
                    account,
                    mode,
                    prepaid,
                    credit_limit,
                    user_id=user_id,
                    owner_approved=owner_approved,
                    at=self.clock(),
                )
                session_id = booth.id
            log.info(
                "start %s %s: prepaid %s, credit limit %s, session %s, user #%s",
                name,
                mode.value,
                prepaid,
                credit_limit,
                session_id,
                user_id,
            )
            return session_id
        except IntegrityError:  # the one-open-session index: another counter was first
            raise CounterError(f"{name} was just started at another counter") from None

    @outage_as_counter_error
    def topup(self, account_id: int, amount: Decimal, *, user_id: int | None = None) -> None:
        with self.db.session() as s:
            account = self.account(s, account_id)
            sessions.topup(s, account, amount, user_id=user_id)
            name = account.name
        log.info("top-up %s: %s, user #%s", name, amount, user_id)

    @outage_as_counter_error
    def add_extra(
        self,
        account_id: int,
        description: str,
        unit_price: Decimal,
        quantity: int = 1,
        *,
        user_id: int | None = None,
    ) -> None:
        with self.db.session() as s:
            account = self.account(s, account_id)
            sessions.add_extra(s, account, description, unit_price, quantity, user_id=user_id)
            name = account.name
        log.info(
            "extra %s: %s × %s at %s, user #%s", name, quantity, description, unit_price, user_id
        )

    @outage_as_counter_error
    def summary(self, account_id: int) -> SessionSummary:
        """The bill so far, the running call included at the live meter's price."""
        with self.db.read() as s:
            account = self.account(s, account_id)
            booth = sessions.require_open(s, account)
            return self._summary(s, account, booth, self.clock())

    def _summary(
        self, s: Session, account: Account, booth: BoothSession, now: datetime
    ) -> SessionSummary:
        currency = account.service_plan.tariff.currency
        live = [
            line
            for auth in authorizations.unbilled(s, booth.id)
            if (line := _live_line(auth, currency, now)) is not None
        ]
        totals = sessions.bill(s, booth, extra_amounts=[line.amount for line in live])
        refund = totals.refund if sessions.preferences(s).stop_refunds_unused else ZERO
        return SessionSummary(
            account_id=account.id,
            booth_name=account.name,
            mode=BoothMode(booth.mode),
            started_at=local(booth.started_at) or booth.started_at,
            calls=sorted(
                [
                    SummaryLine(
                        local(c.answered_at or c.started_at) or c.started_at,
                        c.number,
                        c.area_name or "",
                        c.billable_seconds,
                        c.cost,
                        provisional=c.billing_source == METER,
                    )
                    for c in booth.calls
                    if c.disposition == Disposition.ANSWERED
                ]
                + live,
                key=lambda line: line.started_at,
            ),
            extras=[
                ExtraLine(e.description, e.quantity, e.unit_price, e.amount) for e in booth.extras
            ],
            total=totals.total,
            prepaid=totals.deposit,
            due=max(ZERO, totals.total - totals.deposit),
            refund=refund,
            currency=currency,
            call_in_progress=bool(live),
        )

    @outage_as_counter_error
    def stop(
        self,
        account_id: int,
        cash_received: Decimal | None = None,
        *,
        cashier: str = "",
        user_id: int | None = None,
        wait: float | None = None,
    ) -> Stopped:
        if user_id is not None:  # refused before any call is hung up
            with self.db.read() as s:
                shift_stamp.shift_of(s, user_id)
        login, booth_id, owed, hang_up = self._begin_stop(account_id)
        try:
            if owed:
                wait = self.bill_wait if wait is None else wait
                if hang_up and self.hangup is not None and not self._hang_up(login):
                    wait = 0  # this process's engine has no PBX link: no bill can come
                self._await_bills(booth_id, wait)
            stopped = self._close(account_id, cash_received, cashier=cashier, user_id=user_id)
        except BaseException:
            self._abandon_stop(booth_id)
            raise
        t, summary = stopped.closed.totals, stopped.summary
        log.info(
            "stop %s: total %s %s, paid %s, change %s, refund %s, receipt %s, "
            "%d provisional, cashier %s, user #%s",
            summary.booth_name,
            t.total,
            summary.currency,
            t.paid,
            t.change,
            t.refund,
            stopped.receipt_number,
            stopped.provisional,
            cashier or "?",
            user_id,
        )
        return stopped

    def _begin_stop(self, account_id: int) -> tuple[str, int, bool, bool]:
        """Mark the session stopping: (login, session id, calls owed, hang them up)."""
        with self.db.session() as s:
            account = self.account(s, account_id)
            booth = sessions.require_open(s, account)
            hang_up = sessions.preferences(s).stop_hangs_up
            if hang_up and booth.stopping_at is None:
                booth.stopping_at = self.clock()
                # the session's row before the account's, as every writer takes them (a
                # Stop closing at another counter holds the session's row, then the account)
                s.flush()
                sessions.bump(s, account)  # the engines hang up
            owed = bool(authorizations.unbilled(s, booth.id))
            return account.voip_login, booth.id, owed, hang_up

    def _abandon_stop(self, booth_id: int) -> None:
        """The Stop failed (cash short, database error): the booth is open again."""
        try:
            with self.db.session() as s:
                booth = s.get(BoothSession, booth_id)
                if booth is not None and booth.stopped_at is None and booth.stopping_at:
                    booth.stopping_at = None
                    s.flush()
                    sessions.bump(s, booth.account)
        except Exception:
            log.exception("could not reopen booth session %s after a failed Stop", booth_id)

    def _hang_up(self, login: str) -> bool:
        """False when the PBX cannot be reached (the bill is provisional, settled later)."""
        assert self.hangup is not None
        try:
            self.hangup.hangup(login)
        except Exception as exc:
            log.warning("could not hang up %s before Stop: %s", login, exc)
            return False
        return True

    def _await_bills(self, booth_id: int, wait: float) -> None:
        deadline = time.monotonic() + wait
        while True:
            with self.db.read() as s:
                if not authorizations.unbilled(s, booth_id):
                    return
            left = deadline - time.monotonic()
            if left <= 0:
                return
            with self._billed:
                self._billed.wait(min(0.1, left))

    def _close(
        self, account_id: int, cash_received: Decimal | None, *, cashier: str, user_id: int | None
    ) -> Stopped:
        with self.db.session() as s:
            account = self.account(s, account_id)
            booth = sessions.require_open(s, account)
            sessions.lock_open(s, account, booth)  # before anything is read for the bill
            now = self.clock()
            provisional = self._bill_owed_calls(s, account, booth, now)
            s.expire(booth)
            summary = self._summary(s, account, booth, now)
            closed = sessions.stop(s, account, cash_received, user_id=user_id, at=now)
            prefs = sessions.preferences(s)
            receipt_no = invoice = None
            if self.receipts is not None:
                if prefs.stop_prints_receipt:
                    receipt_no = self.receipts.session_closed(s, closed, cashier)
                    shift_stamp.stamp_receipt(s, receipt_no, user_id)
                if prefs.stop_opens_invoice and booth.mode == BoothMode.POSTPAID.value:
                    invoice = self.receipts.invoice_pdf(s, booth, cashier)
            return Stopped(summary, closed, receipt_no, invoice, provisional)

    @staticmethod
    def _bill_owed_calls(s: Session, account: Account, booth: BoothSession, now: datetime) -> int:
        """Bill every answered call whose record has not come, from the live meter."""
        currency = account.service_plan.tariff.currency
        billed = 0
        for auth in authorizations.unbilled(s, booth.id):
            meter = authorizations.metered(auth, currency, now)
            if meter is None:
                continue  # never answered (as far as we know): costs nothing until a record
            rate, seconds, billed_s, cost = meter
            call = Call(
                account_id=account.id,
                session_id=booth.id,
                booth_uniqueid=auth.booth_uniqueid,
                endpoint=account.voip_login,
                number=auth.number,
                started_at=auth.authorized_at,
                answered_at=auth.answered_at,
                ended_at=now,
                billable_seconds=seconds,
                disposition=Disposition.ANSWERED,
                billing_source=METER,
                prefix=rate.prefix,
                area_name=rate.area_name,
                rate_price_1=rate.price_1,
                rate_price_n=rate.price_n,
                rate_interval_1=rate.interval_1,
                rate_interval_n=rate.interval_n,
                rate_connect_fee=rate.connect_fee,
                rate_surcharge=rate.post_call_surcharge,
                rate_free_seconds=rate.free_seconds,
                tariff_id=account.service_plan.tariff_id,
                billed_seconds=billed_s,
                cost=cost,
                evidence="billed at Stop by the live meter; Asterisk's record settles it",
            )
            s.add(call)
            s.flush()
            charge(s, call.id, booth.id, account.id, cost, seconds)
            book_metered(s, account, call)
            billed += 1
        return billed
